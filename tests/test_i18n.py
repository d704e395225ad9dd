"""Every text exists in both languages with the same parameters."""

from __future__ import annotations

import importlib.resources
import re
import string
from pathlib import Path

import pytest

from tracker.i18n import TEXTS, Lang, t


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

    expected: tuple[tuple[Lang, str], ...] = (("zh", "另见 B1、C1）"), ("en", "also B1, C1)"))
    for lang, also in expected:
        assert also in t(lang, "input.repeated_header", header="阶段", others=Joined(("B1", "C1")))


def test_no_english_text_holds_chinese_words() -> None:
    for key, (_, en) in TEXTS.items():
        # quoted names are the user's, or examples of what the user writes
        words = re.sub(r"“[^”]*”|\"[^\"]*\"|\{[^}]*\}", "", en)
        assert not re.search(r"[\u4e00-\u9fff、，。：；（）]", words), key


CJK_RUN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def test_the_english_demo_shows_no_chinese_but_the_templates_and_the_users(
    demo_built: dict[str, Path],
) -> None:
    """Every text of the English demo people see (its visible sheets, their input prompts
    and validation messages, the brief in both parts) is English, but what the template
    or a user wrote in Chinese: the article's own words, quoted on the goals sheet."""
    import openpyxl

    from tracker.template.catalog import DEFAULT_TEMPLATE

    resource = importlib.resources.files("tracker.templates") / f"{DEFAULT_TEMPLATE}.toml"
    template_text = resource.read_text(encoding="utf-8")
    book = openpyxl.load_workbook(demo_built["en"])
    texts: list[tuple[str, str]] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue  # the tool's own records, in the form it stores them
        for row in sheet.iter_rows():
            texts += [
                (f"{sheet.title}!{c.coordinate}", c.value) for c in row if type(c.value) is str
            ]
        for rule in sheet.data_validations.dataValidation:
            for text in (rule.prompt, rule.promptTitle, rule.error, rule.errorTitle):
                texts += [(f"{sheet.title} {rule.sqref}", text)] if text else []
    folder = demo_built["en"].parent / "reports" / "2025-06"
    texts += [(name, (folder / name).read_text("utf-8")) for name in ("report.html", "report.txt")]
    assert len(texts) > 500
    # every run of Chinese in them must be one the template wrote
    runs = [(where, run) for where, text in texts for run in CJK_RUN.findall(text)]
    assert [(where, run) for where, run in runs if run not in template_text] == []
    assert runs  # the article's quotes are there, and found


def test_a_quoted_value_shows_its_control_characters() -> None:
    """A line break would split a message's line, an escape be taken by the terminal as a
    command; and "ab\\x1b[31m" → "ab[31m" read as no change at all."""
    from tracker.errors import shown

    assert shown("ab\x1b[31mred") == '"ab␛[31mred"'
    assert shown("第一行\n第二行\t\x7f\x85") == '"第一行␊第二行␉␡\\x85"'
    assert shown("普通文字 plain") == '"普通文字 plain"'


def test_a_count_of_one_is_said_in_the_singular() -> None:
    """English texts that counted "1 goals", "1 more items", "whose 1 items do not",
    "a target of 1 decimals"."""
    assert t("en", "close.summary", goals=1, met=1, missed=0, open="") == (
        "1 goal: 1 met, 0 missed"
    )
    assert t("en", "close.summary", goals=5, met=2, missed=3, open="") == (
        "5 goals: 2 met, 3 missed"
    )
    pipeline = t("en", "forecast.pipeline", count=1)
    assert pipeline.startswith("pipeline: 1 more item at an earlier stage"), pipeline
    assert "whose 1 item does not have it yet" in t(
        "en", "update.new_required_column", register="Labs", column="X", count=1, place="H1"
    )
    assert "whose 4 items do not have it yet" in t(
        "en", "update.new_required_column", register="Labs", column="X", count=4, place="H1"
    )
    precision = t("en", "template.target_precision", actual="3.25", precision=1, needed=2)
    assert precision.endswith("or give a target of 1 decimal"), precision
