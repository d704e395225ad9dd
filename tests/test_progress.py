"""The pure core: plan fraction, rounding, counting and status, one rule at a time."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.books import edge_book, edge_template
from tracker.excel import excel_round, number, same_text, serial
from tracker.model import MonthlyEntry, RegisterRow, new_book
from tracker.progress import Status, carried_values, compute, months_done
from tracker.template.spec import Period

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("as_of", "done"),
    [
        (date(2024, 12, 31), 0),  # before the period
        (date(2025, 1, 30), 0),  # January not over yet
        (date(2025, 1, 31), 1),
        (date(2025, 6, 15), 5),  # mid-month counts up to the month before
        (date(2025, 6, 30), 6),
        (date(2025, 2, 28), 2),
        (date(2025, 12, 31), 12),
        (date(2026, 3, 31), 12),  # after the period
        (date.max, 12),  # no day after it to tell the month ended
    ],
)
def test_months_done(as_of: date, done: int) -> None:
    assert months_done(YEAR, as_of) == done


def test_leap_year_month_end() -> None:
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    assert months_done(period, date(2024, 2, 28)) == 1
    assert months_done(period, date(2024, 2, 29)) == 2


@pytest.mark.parametrize(
    ("value", "digits", "rounded"),
    [
        (2.675, 2, 2.68),  # binary 2.67499999… still rounds up, as ROUND does
        (1.5, 0, 2),
        (2.5, 0, 3),  # half away from zero, not to even
        (-2.5, 0, -3),
        (15.999999999999998, 2, 16.0),
        (29.16665, 2, 29.17),
        (0.04999999999999993, 4, 0.05),
    ],
)
def test_excel_round(value: float, digits: int, rounded: float) -> None:
    assert excel_round(value, digits) == rounded


def test_numbers_as_sumifs_sees_them() -> None:
    assert number(3) == 3.0
    assert number("3") is None  # text is skipped
    assert number(True) is None  # so are booleans
    assert number(date(2025, 1, 1)) == serial(date(2025, 1, 1)) == 45658
    assert number(datetime(2025, 1, 1, 12)) == 45658.5


def test_text_criteria_ignore_case_but_not_spaces() -> None:
    assert same_text("in service", "In service")
    assert not same_text("投用 ", "投用")
    assert not same_text(1.0, "1")


def test_at_least_counts_items_past_the_counting_stage() -> None:
    progress = compute(edge_book())
    assert progress.goal("ge-exact").actual == 3  # 建成, 投用, 建成; 在建 does not count


def test_the_deadline_caps_the_plan() -> None:
    progress = compute(edge_book())
    overdue = progress.goal("overdue")
    assert overdue.plan == 1.0
    assert overdue.overdue
    assert overdue.status is Status.CRITICAL
    assert progress.goal("overdue-met").status is Status.DONE


def test_strict_and_inclusive_targets_at_the_boundary() -> None:
    progress = compute(edge_book())
    assert progress.goal("gt-exact").raw_actual == 2.3 + 6.1 + 7.6 != 16
    assert progress.goal("gt-exact").actual == 16
    assert not progress.goal("gt-exact").met
    assert progress.goal("ge-sum").met


def test_a_month_left_empty_keeps_the_last_figure() -> None:
    template = edge_template()
    book = new_book(template, "zh", date(2025, 8, 31))
    book.monthly[("over", date(2025, 3, 1))] = MonthlyEntry(value=4)
    book.monthly[("over", date(2025, 6, 1))] = MonthlyEntry(value=9)
    used = carried_values(template.goal("over"), book)
    assert used[:8] == [0.0, 0.0, 4, 4, 4, 9, 9, 9]
    assert compute(book).goal("over").actual == 9
    assert compute(book, date(2025, 5, 31)).goal("over").actual == 4


def test_rows_without_a_name_are_not_items() -> None:
    template = edge_template()
    book = new_book(template, "zh", date(2025, 6, 30))
    book.registers["items"] = [
        RegisterRow("", {"name": None, "stage": "投用", "kind": "甲"}),
        RegisterRow("", {"name": " ", "stage": "投用", "kind": "甲"}),  # a space is text
    ]
    assert compute(book).goal("ge-exact").actual == 1


def test_english_workbooks_compare_english_labels() -> None:
    progress = compute(edge_book("en"))
    assert progress.goal("ge-exact").actual == 3
    assert progress.goal("m3").actual == 0.7


def test_status_codes_follow_the_order_of_the_words() -> None:
    assert [s.code for s in Status] == [1, 2, 3, 4]
    assert Status.from_code(3) is Status.BEHIND
    assert Status.CRITICAL.label("zh") == "严重滞后"
    assert Status.ON_TRACK.label("en") == "On track"
