"""Every text exists in both languages with the same parameters."""

from __future__ import annotations

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
