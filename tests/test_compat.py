"""Workbooks outlive the version that made them.

``tests/data/v0_1/`` holds workbooks written by tracker 0.1 as released (format 1): the
Chinese and English demos after six monthly updates, and a workbook a person edited by
hand (own columns, notes, a deleted lab) after three. ``tests/data/rows_history/`` holds
the demos as format 2 wrote them before the item history was packed a month a row (an
event a row, under the digest of what the hidden sheets hold; commit 07d68ce).
``expected.json`` in each folder is what the version that wrote them read from them.
Every later version must read the same entries and run the next month's update on them,
also after a message text (a header, a sheet name) is reworded.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_cli
from tracker.workbook.reader import Reading, read_workbook

DATA = Path(__file__).parent / "data"
EXPECTED: dict[str, Any] = {
    f"{folder}/{name}": recorded
    for folder in ("v0_1", "rows_history")
    for name, recorded in json.loads((DATA / folder / "expected.json").read_text("utf-8")).items()
}
NEXT_MONTH = {"demo-zh.xlsx": "2025-07", "demo-en.xlsx": "2025-07", "edited-zh.xlsx": "2025-04"}

# Texts a later version might word differently: each is a header or sheet name the
# reader must find in the fixtures.
REWORDED = {
    "col.unit": ("计量单位", "Units"),
    "col.item_id": ("条目编号", "No."),
    "col.lead": ("牵头部门", "Lead"),
    "col.value": ("累计完成", "Cumulative"),
    "sheet.goals": ("目标", "Targets"),
    "sheet.monthly": ("每月填报", "Monthly figures"),
    "sheet.params": ("设置", "Settings"),
}


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime | time):
        return {"date": value.isoformat()}
    return value


def _as_recorded(reading: Reading) -> dict[str, Any]:
    """A reading in the form expected.json records."""
    book = reading.book
    history = reading.history
    assert history is not None and not reading.history_damaged
    return {
        "lang": book.lang,
        "as_of": book.as_of.isoformat(),
        "workbook_id": book.workbook_id,
        "next_ids": book.next_ids,
        "registers": {
            register: [
                [
                    row.item_id,
                    {k: _plain(v) for k, v in row.values.items()},
                    list(map(_plain, row.extra)),
                ]
                for row in rows
            ]
            for register, rows in book.registers.items()
        },
        "extra_columns": book.extra_columns,
        "monthly": [
            [goal, month.isoformat(), _plain(e.value), e.progress, e.problems, e.next_steps]
            for (goal, month), e in sorted(book.monthly.items())
        ],
        "milestones": {
            goal: [_plain(e.stage), _plain(e.reached), e.note]
            for goal, e in book.milestones.items()
        },
        "assignments": {goal: [a.lead, a.partners] for goal, a in book.assignments.items()},
        "history_months": history.months,
        "goal_records": sum(len(records) for records in history.goals.values()),
        "item_events": sum(len(events) for events in history.items.values()),
    }


@pytest.fixture(params=[False, True], ids=["texts as released", "texts reworded"])
def reworded(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if request.param:
        from tracker import i18n

        for key, texts in REWORDED.items():
            monkeypatch.setitem(i18n.TEXTS, key, texts)
    return bool(request.param)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_workbook_of_an_earlier_version_reads_as_it_did(name: str, reworded: bool) -> None:
    assert _as_recorded(read_workbook(DATA / name)) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_workbook_of_an_earlier_version_takes_the_next_month(
    name: str, reworded: bool, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Path(shutil.copy(DATA / name, in_tmp / Path(name).name))
    month = NEXT_MONTH[path.name]
    run = run_cli(capsys, "update", path.name, "--month", month)
    assert run.code == 0, run.err
    before, reading = EXPECTED[name], read_workbook(path)
    after = _as_recorded(reading)
    assert after["history_months"] == [*before["history_months"], month]
    assert reading.history is not None  # every earlier month's item events, as they were
    found = read_workbook(DATA / name).history
    assert found is not None
    for key in before["history_months"]:
        assert reading.history.items.get(key, []) == found.items.get(key, []), key
    assert after["registers"] == before["registers"]
    assert after["monthly"] == before["monthly"]
    assert after["assignments"] == before["assignments"]
    assert after["extra_columns"] == before["extra_columns"]
    assert after["workbook_id"] == before["workbook_id"]
    # Written by this version, the workbook now carries its names: it reads back the same
    # whatever the texts are when it is read.
    rewritten = _as_recorded(read_workbook(path))
    assert rewritten == after


def test_a_workbook_of_this_version_reads_after_a_text_is_reworded(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = {}
    for name in EXPECTED:  # a folder each: two workbooks never share report folders
        folder = in_tmp / name.replace("/", "-")
        folder.mkdir()
        paths[name] = Path(shutil.copy(DATA / name, folder / Path(name).name))
        run = run_cli(capsys, "update", str(paths[name]), "--month", NEXT_MONTH[paths[name].name])
        assert run.code == 0, run.err
    written = {name: _as_recorded(read_workbook(path)) for name, path in paths.items()}
    from tracker import i18n

    for key, texts in REWORDED.items():
        monkeypatch.setitem(i18n.TEXTS, key, texts)
    for name, path in paths.items():
        assert _as_recorded(read_workbook(path)) == written[name], name
