"""Whatever text people paste into whatever cell, the update either keeps it (in its
normal form) in a workbook every reader opens, or refuses it with a problem naming the
cell; it never writes a broken file and never fails inside.

Text is stored the way Excel stores it: characters XML cannot hold as ``_xHHHH_``, a
literal ``_xHHHH_`` as ``_x005F_xHHHH_``. It is planted in the file's XML directly, since
openpyxl itself would cut text at a cell's 32,767 characters.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from tests.editing import add_lab, edit, monthly_cell, put, replace_in_parts
from tests.helpers import run_quiet
from tracker.commands.update import check_workbook
from tracker.excel import CellValue
from tracker.model import Book
from tracker.workbook.reader import read_book

MARK = "QQPLACEHOLDERQQ"
_LITERAL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def as_excel_stores(text: str) -> str:
    """``text`` as Excel writes it into a part: literal escapes escaped, then what XML
    cannot hold as ``_xHHHH_``."""
    text = _LITERAL_ESCAPE.sub(lambda m: "_x005F" + m[0], text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m[0]):04X}_", text)


@dataclass(frozen=True)
class Spot:
    """An input cell: where it is, and how to find its value in a book."""

    name: str
    sheet: str
    cell: str
    value: Callable[[Book], CellValue]


def _lab(book: Book) -> Any:
    return book.registers["labs"][0]


SPOTS = [
    Spot("register text", "实验室", "G2", lambda b: _lab(b).values.get("note")),
    Spot("register key", "实验室", "B2", lambda b: _lab(b).values.get("name")),
    Spot("register choice", "实验室", "E2", lambda b: _lab(b).values.get("stage")),
    Spot("register date", "实验室", "F2", lambda b: _lab(b).values.get("unveiled")),
    Spot("register number", "企业", "G2", lambda b: b.registers["firms"][0].values.get("output")),
    Spot("item number", "实验室", "A2", lambda b: _lab(b).item_id),
    Spot("own column", "实验室", "H2", lambda b: _lab(b).extra[0]),
    Spot("own header", "实验室", "H1", lambda b: b.extra_columns["labs"][0]),
    Spot("milestone note", "里程碑", "G2", lambda b: b.milestone("ai4s").note),
    Spot("milestone stage", "里程碑", "D2", lambda b: b.milestone("ai4s").stage),
    Spot("lead unit", "指标", "M2", lambda b: b.assignment("compute").lead),
    Spot("partner units", "指标", "N2", lambda b: b.assignment("compute").partners),
]

_BASE: dict[str, Path] = {}
_MONTHLY: dict[str, str] = {}  # the cells of output's 2025-02 line on the monthly sheet


def base() -> Path:
    """A workbook after its first update: a lab, a firm, a column of one's own."""
    if "path" not in _BASE:
        folder = Path(tempfile.mkdtemp(prefix="tracker-any-text-"))
        path = folder / "w.xlsx"
        assert run_quiet("init", str(path), "--as-of", "2025-01-31").code == 0

        def fill(book: Any) -> None:
            add_lab(book, "甲实验室", "已揭牌")
            put(book["实验室"], "H1", "自定")
            put(book["实验室"], "H2", "x")
            put(book["企业"], "B2", "某公司")
            put(book["企业"], "E2", "已落地")

        edit(path, fill)
        assert run_quiet("update", str(path), "--month", "2025-01").code == 0
        book = openpyxl.load_workbook(path)
        for key, header in (("progress", "进展情况"), ("value", "本月累计值")):
            _MONTHLY[key] = monthly_cell(book, "output", "2025-02", header).coordinate
        _BASE["path"] = path
    return _BASE["path"]


def spots() -> list[Spot]:
    base()
    monthly = [
        Spot(
            "monthly note",
            "月度填报",
            _MONTHLY["progress"],
            lambda b: b.entry("output", b.template.period.months[1]).progress,
        ),
        Spot(
            "monthly value",
            "月度填报",
            _MONTHLY["value"],
            lambda b: b.entry("output", b.template.period.months[1]).value,
        ),
    ]
    return SPOTS + monthly


ODD = list("\x00\x01\x08\x0b\x0c\x0e\x1f\r\t\n\ufffe\uffff\ud800\udbff\udc00\udfff\u200b\u3000")
texts = st.one_of(
    st.text(st.one_of(st.characters(), st.sampled_from(ODD)), max_size=40),
    st.lists(
        st.one_of(
            st.from_regex(r"_x[0-9A-Fa-f]{4}_", fullmatch=True),
            st.sampled_from(["_x000B_", "_x005F_", "_xD83D__xDE00_", "区科技创新局", "\x0b"]),
        ),
        max_size=4,
    ).map("".join),
    st.sampled_from(
        [
            "=1+1",
            '=HYPERLINK("http://example.com","x")',
            "=cmd|' /C calc'!A0",
            "+86 755",
            "-5",
            "@SUM(A1)",
            "#N/A",
            "2025/7/31",
            "12%",
            "已揭牌",
        ]
    ),
    st.integers(32_760, 32_775).map(lambda n: "长" * n),
)


@settings(
    # TRACKER_EXAMPLES=500 for a longer hunt than a test run can afford.
    max_examples=int(os.environ.get("TRACKER_EXAMPLES", "45")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spot=st.sampled_from(range(14)), text=texts)
def test_any_text_in_any_input_cell(spot: int, text: str) -> None:
    where = spots()[spot]
    folder = Path(tempfile.mkdtemp(prefix="tracker-any-text-"))
    try:
        path = Path(shutil.copy(base(), folder / "w.xlsx"))
        edit(path, lambda book: put(book[where.sheet], where.cell, MARK))
        replace_in_parts(path, MARK, as_excel_stores(text))
        place = f"{where.sheet}!{where.cell}"
        _, inspection = check_workbook(path)  # what the update will keep, in normal form
        run = run_quiet("update", str(path), "--month", "2025-02")
        assert run.code in (0, 1), run.err
        if run.code == 1:
            assert place in run.err, (text, run.err)
            return
        openpyxl.load_workbook(path).close()
        CalamineWorkbook.from_path(str(path))
        assert where.value(read_book(path)) == where.value(inspection.book)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
