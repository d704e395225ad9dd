"""Each month's snapshot as a file in its report folder (``reports/2025-06/snapshot.json``).

The workbook carries the whole history on hidden sheets; these files keep it a second
time, outside the workbook, so the next update can rebuild it if the sheets are deleted or
mangled. A file is written whole to a temporary name and then moved into place.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from tracker.history.records import Change, GoalRecord, History, ItemEvent
from tracker.safefile import write_atomically

SNAPSHOT = "snapshot.json"
FORMAT = "tracker-snapshot/1"


def write_snapshot(
    folder: Path,
    template_id: str,
    workbook_id: str,
    month: str,
    history: History,
    changes: list[Change],
    dropped: list[dict[str, object]] | None = None,
) -> Path:
    """``folder/snapshot.json`` for ``month``, written atomically. ``dropped`` holds what
    the entries of goals a revised template removed were, so nothing typed is lost."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        "template": template_id,
        "workbook": workbook_id,
        "month": month,
        "goals": [_fields(r) for r in history.goals.get(month, [])],
        "items": [_fields(e) for e in history.items.get(month, [])],
        "changes": [_fields(c) for c in changes],
        "dropped": dropped or [],
    }
    return write_atomically(folder / SNAPSHOT, _lines(data).encode("utf-8"))


def _lines(data: dict[str, Any]) -> str:
    """JSON a person can read and diff: one record per line. (Indented output goes
    through Python's own encoder, ten times slower than the C one a line at a time.)"""
    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            records = ",\n  ".join(
                json.dumps(record, ensure_ascii=False, sort_keys=True) for record in value
            )
            parts.append(f" {json.dumps(key)}: [\n  {records}\n ]")
        else:
            parts.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _fields(record: Any) -> dict[str, Any]:
    """A flat record's fields (``dataclasses.asdict`` copies deeply, and slowly)."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def read_snapshots(reports: Path, template_id: str, workbook_id: str) -> History:
    """Every month a snapshot file holds under ``reports`` for this workbook."""
    history = History()
    if not reports.is_dir():
        return history
    for path in sorted(reports.glob(f"*/{SNAPSHOT}")):
        data = _load(path)
        if data is None or data.get("template") != template_id:
            continue
        if data.get("workbook") != workbook_id:  # another workbook sharing the folder
            continue
        try:
            month = str(data["month"])
            goals = [GoalRecord(**record) for record in data["goals"]]
            items = [ItemEvent(**event) for event in data["items"]]
        except (KeyError, TypeError):
            continue
        history.record(month, goals, items)
    return history


def owner(folder: Path) -> str:
    """The id of the workbook whose snapshot ``folder`` holds ("" when none)."""
    data = _load(folder / SNAPSHOT)
    return str(data.get("workbook", "")) if data is not None else ""


def _load(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def merge(workbook: History | None, files: History) -> History:
    """One history from the workbook's own copy and this workbook's report files: each
    month as the workbook has it; the files fill in months it lacks (all of them when its
    hidden sheets were deleted or mangled)."""
    merged = History()
    for source in (files, workbook or History()):  # the workbook's months come last: they win
        for month in source.months:
            merged.record(month, source.goals[month], source.items.get(month, []))
    return merged
