"""The checks of a column's cells are declared once (``tracker.inputs.rules``), and the
update's inspection and the workbook's checks sheet are both built from that list."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from tracker.i18n import TEXTS
from tracker.inputs import normal_form, rules
from tracker.inputs.checks import inspect
from tracker.model import RegisterRow, new_book
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template
from tracker.template.spec import Column, Label
from tracker.workbook.checks_sheet import sheet_checks
from tracker.workbook.layout import build_layout, written_places

ROOT = Path(__file__).parent.parent


def test_every_check_has_its_words_and_its_line_in_the_docs() -> None:
    documented = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    for check in rules.COLUMN_CHECKS:
        assert f"input.{check.code}" in TEXTS, check.code
        assert f"| `{check.code}` |" in documented, check.code
        if check.label is not None:
            assert check.label in TEXTS and check.formula.startswith("="), check.code


@pytest.mark.parametrize(
    ("column", "typed"),
    [
        (Column("n", Label("数", "N"), "number"), "约5"),
        (Column("d", Label("日", "D"), "date"), "下个月"),
        (Column("c", Label("选", "C"), "choice", choices=(Label("甲", "A"),)), "乙"),
    ],
)
def test_a_check_by_normal_form_is_what_the_normal_form_reports(column: Column, typed: str) -> None:
    """The update finds the checks of a type by a cell's normal form; the code it reports
    is the check's, and the check's own test agrees on the cell as typed."""
    (check,) = rules.checks_of(column, rules.Stage.NORMAL_FORM)
    assert normal_form.normaliser(column, "zh")(typed).problem == check.code
    assert check.breaks(column, typed, typed, "zh")


def test_a_new_check_reaches_the_update_and_the_checks_sheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One entry added to the list, and nothing else: the update names the cells that
    break it, and the checks sheet counts them with its formula, cached by the same test."""
    at_most = rules.ColumnCheck(
        "below_minimum",  # words of an existing check: the point is where it is made
        rules.Stage.VALUE,
        lambda column: column.id == "output",
        lambda column, value, typed, lang: isinstance(value, float) and value > 100,
        "checks.minimum",
        '=COUNTIF({cells},">"&' + rules.LIMIT + ")",
        lambda column: 100,
        lambda column, value, typed: {"value": str(value), "minimum": "100"},
    )
    monkeypatch.setattr(rules, "COLUMN_CHECKS", (*rules.COLUMN_CHECKS, at_most))
    template = builtin_template(DEFAULT_TEMPLATE)
    book = new_book(template, "zh", date(2025, 6, 30))
    book.registers["firms"] = [
        RegisterRow(f"ENT-00{n}", {"name": f"企业{n}", "stage": "已落地", "output": output})
        for n, output in enumerate([50.0, 150.0, 250.0], start=1)
    ]
    layout = build_layout(template, "zh")

    inspection = inspect(book, written_places(layout, book))

    assert [(p.where, p.code) for p in inspection.problems] == [
        ("企业!G3", "below_minimum"),
        ("企业!G4", "below_minimum"),
    ]
    lines = [c for c in sheet_checks(layout, book) if '">"&' in c.formula]
    assert [(c.formula, c.problems, c.limit) for c in lines] == [
        ("=COUNTIF('企业'!$G$2:$G$1048576,\">\"&{limit})", 2, 100)
    ]


def test_a_new_check_of_empty_cells_reaches_both(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check made on empty cells (as 'required' is): the update names each empty cell
    of a row that has something; the sheet counts those of rows whose key is filled."""
    needs_code = dataclasses.replace(rules.REQUIRED, applies=lambda column: column.id == "uscc")
    monkeypatch.setattr(rules, "COLUMN_CHECKS", (*rules.COLUMN_CHECKS, needs_code))
    template = builtin_template(DEFAULT_TEMPLATE)
    book = new_book(template, "zh", date(2025, 6, 30))
    book.registers["firms"] = [
        RegisterRow("ENT-001", {"name": "甲", "stage": "已签约", "uscc": "91440300MA5F00001A"}),
        RegisterRow("ENT-002", {"name": "乙", "stage": "已签约"}),
    ]
    layout = build_layout(template, "zh")

    inspection = inspect(book, written_places(layout, book))

    assert [(p.where, p.code) for p in inspection.problems] == [("企业!C3", "required")]
    lines = [c for c in sheet_checks(layout, book) if "'企业'!$C$2:$C$1048576,\"\")" in c.formula]
    assert [(c.formula, c.problems) for c in lines] == [
        ("=COUNTIFS('企业'!$B$2:$B$1048576,\"<>\",'企业'!$C$2:$C$1048576,\"\")", 1)
    ]
