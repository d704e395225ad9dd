"""One codec for the history (issue 9): the hidden sheets and the snapshots are read by
their fields' names, and what a version does not know is said, never skipped in silence."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.editing import add_lab, edit
from tests.helpers import Engines, run_cli
from tracker.excel import text_units
from tracker.history.codec import Reader, as_dict, from_dict
from tracker.history.records import GoalRecord, History, ItemEvent
from tracker.history.snapshots import read_snapshots, write_snapshot
from tracker.history.timeline import Timeline
from tracker.workbook.history_store import EVENTS_CELL, ITEM_SHEET, cut
from tracker.workbook.reader import read_workbook
from tracker.workbook.writer import write_book

RECORD = GoalRecord("2025-01", "ai-labs", "实验室", "个", 3.0, ">=", 1.0, 0.25, 0.33, 0.25, "正常")


def test_a_record_reads_back_by_name_in_any_order() -> None:
    names = list(reversed(as_dict(RECORD)))
    cells = [as_dict(RECORD)[name] for name in names]
    assert Reader(GoalRecord, names).row(cells) == RECORD
    assert from_dict(GoalRecord, as_dict(RECORD)) == (RECORD, [])


def test_fields_a_version_lacks_take_their_defaults_and_unknown_ones_are_named() -> None:
    data = {k: v for k, v in as_dict(RECORD).items() if k != "recomputed"}
    record, unknown = from_dict(GoalRecord, {**data, "weather": "fine"})
    assert record == RECORD and unknown == ["weather"]


@pytest.mark.parametrize(
    "change",
    [{"actual": "3"}, {"actual": True}, {"actual": None}, {"month": None, "goal_id": None}],
    ids=str,
)
def test_a_field_of_the_wrong_type_is_refused(change: dict[str, object]) -> None:
    data = as_dict(RECORD) | change
    if None in change.values() and "month" in change:
        del data["month"]  # a field with no default, missing
    with pytest.raises(ValueError):
        from_dict(GoalRecord, data)


def test_an_item_event_with_a_number_where_text_belongs_keeps_it_as_text() -> None:
    event, _ = from_dict(
        ItemEvent,
        {
            "month": "2025-01",
            "register": "labs",
            "item_id": "LAB-001",
            "kind": "added",
            "name": 360.0,
        },
    )
    assert event.name == "360"


@pytest.fixture
def updated(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A workbook updated for two months, with its report folders."""
    assert run_cli(capsys, "init", "w.xlsx", "--as-of", "2025-01-31").code == 0
    path = in_tmp / "w.xlsx"
    edit(path, lambda book: add_lab(book, "甲", "已揭牌"))
    for month in ("2025-01", "2025-02"):
        assert run_cli(capsys, "update", "w.xlsx", "--month", month).code == 0
    return path


def _snapshot(path: Path, month: str, change: Callable[[Any], Any]) -> str:
    """``month``'s snapshot changed by ``change``; its name as messages give it."""
    file = path.parent / "reports" / month / "snapshot.json"
    data = json.loads(file.read_text("utf-8"))
    file.write_text(json.dumps(change(data), ensure_ascii=False), "utf-8")
    return f"reports/{month}/snapshot.json"


def test_a_snapshot_field_this_version_does_not_know_is_said_and_the_rest_read(
    updated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It used to make the whole month's snapshot skipped without a word."""

    def add_field(data: dict[str, list[dict[str, object]]]) -> object:
        for record in data["goals"]:
            record["weather"] = "fine"
        return data

    file = _snapshot(updated, "2025-01", add_field)
    edit(updated, lambda book: book.remove(book["_goal_history"]))  # the snapshots must do
    run = run_cli(capsys, "update", "w.xlsx", "--month", "2025-03")
    assert run.code == 0, run.err
    said = f"{file}: 有本版本不认识的字段“weather”（多半由更新版本的 tracker 写入），已略过"
    assert said in run.err
    history = read_workbook(updated).history
    assert history is not None and "2025-01" in history.goals


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda data: data | {"format": "tracker-snapshot/2"}, "format 'tracker-snapshot/2'"),
        (lambda data: data | {"goals": {"a": 1}}, "not a list"),
        (lambda data: data | {"items": [{"month": 5}]}, "ValueError"),
    ],
    ids=["newer format", "goals not a list", "a bad item"],
)
def test_a_snapshot_that_cannot_be_read_is_said(
    updated: Path, capsys: pytest.CaptureFixture[str], change: Callable[[Any], Any], why: str
) -> None:
    file = _snapshot(updated, "2025-02", change)
    run = run_cli(capsys, "update", "w.xlsx", "--month", "2025-03")
    assert run.code == 0, run.err
    assert f"{file}: 无法读取这份月度快照（" in run.err and why in run.err
    checked = run_cli(capsys, "check", "w.xlsx")
    assert "无法读取这份月度快照" in checked.out + checked.err


def test_a_column_the_hidden_history_does_not_know_is_said(
    updated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A later version's field on the hidden sheet: named, and the history (rebuilt from
    the report folders, as the sheet no longer matches what was written) kept whole."""
    edit(updated, lambda book: book["_goal_history"].__setitem__("Z1", "weather"))
    run = run_cli(capsys, "update", "w.xlsx", "--month", "2025-03")
    assert run.code == 0, run.err
    assert "_goal_history: 有本版本不认识的字段“weather”" in run.err
    history = read_workbook(updated).history
    assert history is not None and history.months == ["2025-01", "2025-02", "2025-03"]


# The item events packed a month a row (issue 8's first import) --------------------------

AWKWARD_NAMES = [
    "甲" * 20_000,  # longer than a cell of packed events holds: cut across cells
    "🧪" * 12_000,  # beyond the Basic Multilingual Plane: two UTF-16 units each
    "区科技创新局_x000B__x000C_（牵头）",  # looks like Excel's escape for a control character
    "换\x0b行\x01",  # control characters XML cannot hold
    '引号"与\\反斜杠],["伪造的事件"]',  # JSON's own characters
    "=SUM(A1:A9)",
    "非字符\ufffe\uffff",  # the two characters XML cannot hold that JSON does not escape
    "  前后空格  " * 3_000,  # white space where a cell would be cut
    "",
]
SPACED = [f"Smart Factory Joint Lab {n} " for n in range(3000)]  # cut at a space, unless…


def _with_events(path: Path, events: list[ItemEvent]) -> tuple[History, Path]:
    """The workbook at ``path`` written again with ``events`` added to its last month."""
    reading = read_workbook(path)
    history = reading.history
    assert history is not None
    month = history.months[-1]
    history.items[month] = [*history.items.get(month, []), *events]
    written = path.with_name("packed.xlsx")
    write_book(str(written), reading.book, timeline=Timeline(history, month))
    return history, written


def _awkward(month: str) -> list[ItemEvent]:
    events = [
        ItemEvent(month, "labs", f"LAB-9{n:02d}", "added", name, after="已揭牌")
        for n, name in enumerate(AWKWARD_NAMES)
    ]
    return events + [
        ItemEvent(month, "labs", f"LAB-{n:05d}", "stage", name, "筹建中", "已揭牌")
        for n, name in enumerate(SPACED)
    ]


def test_item_events_are_a_month_a_row_and_read_back_exactly(updated: Path) -> None:
    history, written = _with_events(updated, _awkward("2025-02"))
    back = read_workbook(written)
    assert not back.history_damaged
    assert back.history == history
    rows = CalamineWorkbook.from_path(str(written)).get_sheet_by_name(ITEM_SHEET).to_python()
    assert rows[0][:3] == ["month", "events", "register"]
    assert [row[0] for row in rows[1:]] == history.months  # one row a month
    pieces = [cell for row in rows[1:] for cell in row[1:] if isinstance(cell, str) and cell]
    assert len(pieces) > 20
    assert max(map(text_units, pieces)) <= 16_000  # LibreOffice keeps no more, saved twice
    assert not [p for p in pieces if p != p.strip() and p.strip()]  # gnumeric would trim
    assert not [p for p in pieces if re.search("_x[0-9A-Fa-f]{4}_", p)]
    openpyxl.load_workbook(written)  # a well-formed file for openpyxl too


def test_a_month_is_cut_where_no_white_space_would_be_trimmed() -> None:
    text = json.dumps(SPACED + AWKWARD_NAMES[-2:], ensure_ascii=False)
    pieces = cut(text)
    assert "".join(pieces) == text and len(pieces) > 10
    assert all(piece == piece.strip() for piece in pieces[:-1])
    assert all(len(piece) <= EVENTS_CELL for piece in pieces)
    spaces = " " * (3 * EVENTS_CELL)  # none to be had: cut where the cell is full
    assert cut(spaces) == [" " * EVENTS_CELL] * 3


@pytest.mark.engines
@pytest.mark.slow
def test_packed_events_survive_the_office_suites_saving_them(
    updated: Path, engines: Engines
) -> None:
    """gnumeric trims white space at both ends of every cell; LibreOffice, saving a cell
    of more than 16,384 UTF-16 units a second time, breaks it; openpyxl saves text that
    reads as ``_x000B_`` as the character. None of them changes a month's events."""
    history, written = _with_events(updated, _awkward("2025-02"))
    saved = {
        "gnumeric": engines.gnumeric(written),
        "LibreOffice, twice": engines.libreoffice(engines.libreoffice([written]))[0],
    }
    openpyxl_copy = written.with_name("openpyxl.xlsx")
    openpyxl.load_workbook(written).save(openpyxl_copy)
    saved["openpyxl"] = openpyxl_copy
    for suite, path in saved.items():
        back = read_workbook(path)
        assert not back.history_damaged and back.history == history, suite


@pytest.mark.parametrize(
    "scribble",
    [
        lambda cell: "scribbled",  # no longer JSON
        lambda cell: cell.replace("甲", "丙"),  # JSON still, but not what was written
        lambda cell: "{}",  # JSON, not a list of events
        lambda cell: "[" * 15_000,  # nested deeper than Python's parser goes
    ],
    ids=["not JSON", "an edited name", "not a list", "nested too deep"],
)
def test_a_packed_cell_edited_is_noticed_and_the_history_rebuilt(
    updated: Path, capsys: pytest.CaptureFixture[str], scribble: Callable[[str], str]
) -> None:
    def mangle(book: Any) -> None:
        cell = book[ITEM_SHEET]["B2"]
        cell.value = scribble(cell.value)

    edit(updated, mangle)
    run = run_cli(capsys, "update", "w.xlsx", "--month", "2025-03")
    assert run.code == 0, run.err
    assert "工作簿中的历史页缺失或被改动，已从报告文件夹重建（2 个月）" in run.err
    history = read_workbook(updated).history
    assert history is not None and history.months == ["2025-01", "2025-02", "2025-03"]
    assert [e.name for e in history.items["2025-01"]] == ["甲"]


def test_a_field_the_packed_events_do_not_know_is_said(
    updated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_workbook(updated).history
    edit(updated, lambda book: book[ITEM_SHEET].cell(1, 10, "weather"))
    back = read_workbook(updated)  # the events read by their fields' names
    assert not back.history_damaged and back.history == before
    run = run_cli(capsys, "update", "w.xlsx", "--month", "2025-03")
    assert run.code == 0, run.err
    assert "_item_history: 有本版本不认识的字段“weather”" in run.err
    assert "已从报告文件夹重建" not in run.err


def test_an_event_filed_under_another_month_reads_back_under_its_own(updated: Path) -> None:
    """A snapshot edited by hand can file an event under a month not its own; the row
    format kept each event's month, and so does the packed one."""
    stray = ItemEvent("2025-01", "labs", "LAB-777", "added", "丁", after="已揭牌")
    _, written = _with_events(updated, [stray])  # filed under 2025-02
    back = read_workbook(written)
    assert not back.history_damaged
    assert back.history is not None and back.history.items["2025-01"][-1] == stray


def test_a_column_inserted_in_the_hidden_sheet_changes_nothing(
    updated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It used to read the sheet as an event a row, with a warning of a field "events"."""
    before = read_workbook(updated).history
    edit(updated, lambda book: book[ITEM_SHEET].insert_cols(1))
    back = read_workbook(updated)
    assert not back.history_damaged and back.history == before
    run = run_cli(capsys, "update", "w.xlsx", "--month", "2025-03")
    assert run.code == 0 and run.err == "", run.err


def test_a_snapshot_keeps_half_a_utf16_pair_and_reads_back(tmp_path: Path) -> None:
    """A name with a lone surrogate (a snapshot edited by hand, then rebuilt from) made the
    update stop with an internal error after the workbook was saved."""
    history = History()
    history.record(
        "2025-01", [RECORD], [ItemEvent("2025-01", "labs", "LAB-001", "added", "半\ud83d")]
    )
    path = write_snapshot(tmp_path / "snapshot.json", "t", "w", "2025-01", history, [])
    back, notes = read_snapshots([path], "t", "w")
    assert notes == [] and back == history
    assert path.read_bytes().isascii()


def test_a_snapshot_nested_too_deep_is_said(
    updated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (updated.parent / "reports" / "2025-02" / "snapshot.json").write_text("[" * 100_000)
    run = run_cli(capsys, "update", "w.xlsx", "--month", "2025-03")
    assert run.code == 0, run.err
    assert "reports/2025-02/snapshot.json: 无法读取这份月度快照（ValueError: JSON nested" in run.err
