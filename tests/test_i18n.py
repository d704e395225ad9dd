"""Every text exists in both languages with the same parameters."""

from __future__ import annotations

import re
import string

import pytest

from tracker.i18n import TEXTS, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_take_the_same_parameters() -> None:
    for key, (zh, en) in TEXTS.items():
        assert zh and en, key
        assert _fields(zh) == _fields(en), key


def test_lookup() -> None:
    assert t("zh", "status.behind") == "滞后"
    assert t("en", "cli.written", path="a.xlsx") == "Workbook written: a.xlsx"


def test_every_kind_of_change_has_its_words() -> None:
    from tracker.history.records import CHANGE_KINDS

    for kind in CHANGE_KINDS:
        assert f"change.{kind}" in TEXTS, kind


def test_a_text_defined_twice_is_refused() -> None:
    from tracker.i18n import merged

    assert merged({"a": ("甲", "A")}, {"b": ("乙", "B")}) == {"a": ("甲", "A"), "b": ("乙", "B")}
    with pytest.raises(ValueError, match="defined twice: a"):
        merged({"a": ("甲", "A")}, {"a": ("丙", "C")})


def test_an_english_count_says_its_noun_in_the_right_number() -> None:
    assert t("en", "input.summary", errors=1, warnings=1) == "1 error and 1 warning:"
    assert t("en", "input.summary", errors=2, warnings=0) == "2 errors and 0 warnings:"
    assert t("zh", "input.summary", errors=1, warnings=2) == "发现 1 个错误、2 个提醒："
    assert t("en", "changes.items", count=1).startswith("1 item ")


def test_words_are_listed_the_way_each_language_lists_them() -> None:
    from tracker.i18n import Joined

    for lang, also in (("zh", "另见 B1、C1）"), ("en", "also B1, C1)")):
        assert also in t(lang, "input.repeated_header", header="阶段", others=Joined(("B1", "C1")))


def test_no_english_text_holds_chinese_words() -> None:
    for key, (_, en) in TEXTS.items():
        # quoted names are the user's, or examples of what the user writes
        words = re.sub(r"“[^”]*”|\"[^\"]*\"|\{[^}]*\}", "", en)
        assert not re.search(r"[\u4e00-\u9fff、，。：；（）]", words), key
