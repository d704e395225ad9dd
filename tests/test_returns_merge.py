"""The three-way merge of a unit's answer, cell by cell (issue 10), worked by hand."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tracker.excel import CellValue
from tracker.returns.merge import Answer, Verdict, cell_digest, compare, settle


@pytest.mark.parametrize(
    ("sent", "master", "returned", "verdict"),
    [
        ("已签约", "已签约", "已签约", Verdict.KEPT),  # nobody touched it
        ("已签约", "已落地", "已签约", Verdict.KEPT),  # the office moved it; the unit did not
        ("已签约", "已签约", "已落地", Verdict.TAKEN),  # the unit moved it
        ("已签约", "已落地", "已落地", Verdict.AGREED),  # both, to the same stage
        ("已签约", "洽谈中", "已落地", Verdict.CONFLICT),  # both, differently
        (None, None, 12.5, Verdict.TAKEN),  # filled in by the unit
        (12.5, 12.5, None, Verdict.TAKEN),  # cleared by the unit
        (12.5, 12.5, "", Verdict.TAKEN),  # cleared, read as an empty text
        (None, "", None, Verdict.KEPT),  # empty is empty, however it was left
        (12.0, 12.0, "12", Verdict.TAKEN),  # a number become text is a change
        (0.1 + 0.2, 0.1 + 0.2, 0.3, Verdict.KEPT),  # the 15 digits a spreadsheet keeps
        (date(2025, 6, 30), date(2025, 6, 30), date(2025, 7, 1), Verdict.TAKEN),
        (date(2025, 6, 30), date(2025, 6, 30), datetime(2025, 6, 30, 9), Verdict.TAKEN),
    ],
)
def test_one_cell_three_ways(
    sent: CellValue, master: CellValue, returned: CellValue, verdict: Verdict
) -> None:
    assert compare(cell_digest(sent), master, returned) is verdict


def test_a_digest_is_short_and_typed() -> None:
    assert cell_digest(None) == cell_digest("") == ""
    assert len(cell_digest("光明")) == 16
    assert cell_digest(12.0) == cell_digest(12) != cell_digest("12")
    assert cell_digest(True) != cell_digest(1.0)


def test_two_units_that_take_a_cell_differently_conflict() -> None:
    industry = Answer("区工业和信息化局", Verdict.TAKEN, "已上线")
    data = Answer("区政务服务和数据管理局", Verdict.TAKEN, "建设中")
    same = Answer("区政务服务和数据管理局", Verdict.TAKEN, "已上线")
    kept = Answer("区科技创新局", Verdict.KEPT, "谋划")

    assert settle("谋划", [industry, kept]).value == "已上线"
    assert settle("谋划", [industry, same]) == settle("谋划", [industry])
    clash = settle("谋划", [industry, data, kept])
    assert clash.is_conflict and clash.value == "谋划"
    assert clash.conflict == (industry, data)


def test_a_unit_against_the_office_is_a_conflict_naming_every_unit_that_changed_it() -> None:
    """Two forms made at different times: one unit changed the cell as the office left
    it, the other against what the office has since typed. Nothing is merged, and both
    changes are shown, the one taken alone as well."""
    taken = Answer("区科技创新局", compare(cell_digest("规划中"), "规划中", "在建"), "在建")
    against = Answer("区交通运输局", compare(cell_digest("储备"), "规划中", "已建成"), "已建成")
    kept = Answer("区工业和信息化局", Verdict.KEPT, "规划中")
    assert (taken.verdict, against.verdict) == (Verdict.TAKEN, Verdict.CONFLICT)
    settled = settle("规划中", [taken, against, kept])
    assert settled.value == "规划中" and settled.conflict == (taken, against)
