"""A lead unit's part of the workbook and the fingerprint its form carries (issue 10)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl

from tests.test_returns_units import INDUSTRY, SCIENCE, small_book
from tracker.model import Book, MilestoneEntry, MonthlyEntry
from tracker.returns.merge import cell_digest
from tracker.returns.part import fingerprint, unit_part
from tracker.returns.units import Unit, divide
from tracker.workbook.writer import write_book

JULY = date(2025, 7, 1)


def industry_book() -> tuple[Book, Unit]:
    book = small_book()
    for number, row in enumerate(book.registers["scenarios"], start=1):
        row.item_id = f"SC-{number:03d}" if number != 4 else ""  # the 4th typed since
    book.monthly[("output", JULY)] = MonthlyEntry(value=24.9, progress="稳步增长")
    book.monthly[("output", date(2025, 6, 1))] = MonthlyEntry(value=20.5)
    book.monthly[("ai-labs", JULY)] = MonthlyEntry(progress="洽谈中")
    book.milestones["ai4s"] = MilestoneEntry(stage="谋划")
    division = divide(book)
    unit = division.unit(INDUSTRY)
    assert unit is not None
    return book, unit


def test_the_template_keeps_the_unit_s_goals_registers_and_categories() -> None:
    template = small_book().template
    part = template.part(["output", "industry-scenarios"])
    assert [g.id for g in part.goals] == ["industry-scenarios", "output"]
    assert [r.id for r in part.registers] == ["scenarios"]
    assert [c.id for c in part.categories] == ["applications", "ecosystem"]
    assert part.period == template.period and part.id == template.id


def test_the_part_holds_the_unit_s_items_lines_and_milestones_as_copies() -> None:
    book, unit = industry_book()
    part = unit_part(book, unit)

    assert [row.values["name"] for row in part.rows("scenarios")] == ["智能质检", "预测维护"]
    assert list(part.registers) == ["scenarios"]
    assert part.monthly == {
        ("output", JULY): MonthlyEntry(value=24.9, progress="稳步增长"),
        ("output", date(2025, 6, 1)): MonthlyEntry(value=20.5),
    }
    assert part.milestones == {}  # ai4s is the science bureau's
    assert {g: a.lead for g, a in part.assignments.items()} == {
        "industry-scenarios": INDUSTRY,
        "output": "区工业和信息化局 ",  # as typed; units compare it loosely
    }
    assert part.next_ids == {}  # the master has numbered nothing (the book was never updated)
    part.rows("scenarios")[0].values["stage"] = "谋划"
    part.monthly[("output", JULY)].value = 1.0
    assert book.rows("scenarios")[0].values["stage"] == "已上线"  # the master untouched
    assert book.monthly[("output", JULY)].value == 24.9


def test_the_part_is_a_workbook_the_writer_writes() -> None:
    book, unit = industry_book()
    target = io.BytesIO()
    write_book(target, unit_part(book, unit))
    sheets = openpyxl.load_workbook(target, read_only=True).sheetnames
    assert "应用场景" in sheets and "实验室" not in sheets and "企业" not in sheets


def test_the_fingerprint_names_every_cell_sent() -> None:
    book, unit = industry_book()
    part = unit_part(book, unit)

    sent = fingerprint(part, "f" * 32, JULY, unit.name)

    assert (sent.master, sent.month, sent.unit) == ("f" * 32, "2025-07", INDUSTRY)
    # Items by number; one typed since the last update has none yet and is not in it.
    assert list(sent.items) == ["scenarios"]
    assert list(sent.items["scenarios"]) == ["SC-001"]
    first = sent.items["scenarios"]["SC-001"]
    assert first["name"] == cell_digest("智能质检")
    assert first["stage"] == cell_digest("已上线")
    assert first["owner"] == ""  # empty
    assert sent.monthly == {
        "industry-scenarios": dict.fromkeys(("value", "progress", "problems", "next_steps"), ""),
        "output": {
            "value": cell_digest(24.9),
            "progress": cell_digest("稳步增长"),
            "problems": "",
            "next_steps": "",
        },
    }
    assert sent.milestones == {}
    assert sent.own_columns == {"scenarios": []}
    assert sent.states == {"scenarios": {"SC-001": ["智能质检", "已上线"]}}


def test_the_fingerprint_keeps_the_columns_people_added() -> None:
    book, unit = industry_book()
    book.extra_columns["scenarios"] = ["对接人", "备用"]
    for row in book.registers["scenarios"]:
        row.extra = ["王五", None]
    sent = fingerprint(unit_part(book, unit), "", JULY, unit.name)
    assert sent.own_columns == {"scenarios": ["对接人", "备用"]}
    first = sent.items["scenarios"]["SC-001"]
    assert (first["+0"], first["+1"]) == (cell_digest("王五"), "")


def test_a_unit_with_a_milestone_has_it_in_its_fingerprint() -> None:
    book, _ = industry_book()
    science = divide(book).unit(SCIENCE)
    assert science is not None
    sent = fingerprint(unit_part(book, science), "", JULY, science.name)
    assert sent.milestones == {
        "ai4s": {"stage": cell_digest("谋划"), "reached": "", "note": ""},
    }
    assert sent.monthly["ai-labs"]["progress"] == cell_digest("洽谈中")
