"""Workbooks the tests share: the hand-made edge cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.excel import CellValue
from tracker.i18n import Lang
from tracker.model import Book, MilestoneEntry, MonthlyEntry, RegisterRow, new_book
from tracker.template.file import load_template
from tracker.template.spec import Template

DATA = Path(__file__).parent / "data"
EDGE_AS_OF = date(2025, 6, 30)


def edge_template() -> Template:
    return load_template(DATA / "edge.toml")


def _choice(template: Template, register: str, column: str, value: str, lang: Lang) -> str:
    """The label people see for a choice; text that is no choice is kept as it is."""
    choices = template.register(register).column(column).choices
    for choice in choices:
        if choice.zh == value:
            return choice.get(lang)
    return value


# name, stage, kind, size, opened: every row sits on some boundary.
EDGE_ITEMS: list[tuple[str | None, str, str, float, date | None]] = [
    ("建成一号", "建成", "甲", 1, date(2025, 1, 1)),  # first day of the range counts
    ("=1+1", "投用", "甲", 2, date(2025, 12, 31)),  # past the counting stage; last day counts
    ("+86 755", "建成", "甲", 3, date(2024, 12, 31)),  # opened the day before the range
    ("@x", "在建", "甲", 4, date(2025, 6, 1)),  # not yet at the counting stage
    (None, "投用", "甲", 5, None),  # no name: not an item
    ("-5", "投用", "乙", 2.3, None),  # 2.3 + 6.1 + 7.6 = 15.999999999999998 in binary
    ("A*", "投用", "乙", 6.1, None),
    ('=HYPERLINK("http://example.com","x")', "投用", "乙", 7.6, None),
    ("在建乙", "在建", "乙", 100, None),
    ("stray space", "投用 ", "乙", 50, None),  # not the choice 投用: a space too many
    ("half-a", "投用", "丙", 9.386, None),  # 9.386 + 2.839 rounds to 12.23 everywhere
    ("half-b", "在建", "丙", 2.839, None),
]


def edge_book(lang: Lang = "zh") -> Book:
    """The edge-case template filled so that every goal sits on a boundary."""
    template = edge_template()
    book = new_book(template, lang, EDGE_AS_OF)
    rows = []
    for number, (name, stage, kind, size, opened) in enumerate(EDGE_ITEMS, start=1):
        values: dict[str, CellValue] = {
            "name": name,
            "stage": _choice(template, "items", "stage", stage, lang),
            "kind": _choice(template, "items", "kind", kind, lang),
            "size": size,
            "opened": opened,
            "note": None,
        }
        rows.append(RegisterRow(f"IT-{number:03d}", values))
    book.registers["items"] = rows
    book.next_ids["items"] = len(rows) + 1  # the numbers above were the tool's to give
    stages = {"m1": "立项", "m2": "建设", "m3": "试运行", "m4": "投用"}
    for goal_id, stage in stages.items():
        goal = template.goal(goal_id)
        label = next(s.name.get(lang) for s in goal.stages if s.name.zh == stage)
        book.milestones[goal_id] = MilestoneEntry(stage=label)
    monthly: dict[tuple[str, int], CellValue] = {
        ("over", 5): 15,
        ("gap-5", 6): 9,
        ("gap-20", 6): 3,
        ("gap-21", 6): 29,
        ("text-value", 6): "约5",
    }
    for (goal_id, month), value in monthly.items():
        book.monthly[(goal_id, date(2025, month, 1))] = MonthlyEntry(value=value)
    return book
