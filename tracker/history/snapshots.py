"""Each month's snapshot as a file in its report folder (``reports/2025-06/snapshot.json``;
the caller names the file: ``tracker.report.folder`` holds the folder's file names).

The workbook carries the whole history on hidden sheets; these files keep it a second
time, outside the workbook, so the next update can rebuild it if the sheets are deleted or
mangled. A file is written whole to a temporary name and then moved into place.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tracker import jsontext
from tracker.errors import Problem
from tracker.excel import SURROGATE
from tracker.history.codec import Record, as_dict, from_dict
from tracker.history.records import Change, GoalRecord, History, ItemEvent
from tracker.safefile import write_atomically

FORMAT = "tracker-snapshot/1"
# A record a line, its keys sorted: one encoder for them all (json.dumps makes one a call),
# and one that escapes every character beyond ASCII, for text holding half a UTF-16 pair.
_RECORD = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_RECORD_ASCII = json.JSONEncoder(sort_keys=True).encode


def write_snapshot(
    path: Path,
    template_id: str,
    workbook_id: str,
    month: str,
    history: History,
    changes: list[Change],
    dropped: list[dict[str, object]] | None = None,
) -> Path:
    """The snapshot of ``month`` at ``path``, written atomically. ``dropped`` holds what
    the entries of goals a revised template removed were, so nothing typed is lost."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        "template": template_id,
        "workbook": workbook_id,
        "month": month,
        "goals": [as_dict(r) for r in history.goals.get(month, [])],
        "items": [as_dict(e) for e in history.items.get(month, [])],
        "changes": [as_dict(c) for c in changes],
        "dropped": dropped or [],
    }
    text = _lines(data, _RECORD)
    if SURROGATE.search(text) is not None:  # from a snapshot edited by hand: kept, escaped
        text = _lines(data, _RECORD_ASCII)
    return write_atomically(path, text.encode("utf-8"))


def _lines(data: dict[str, Any], encode: Callable[[Any], str]) -> str:
    """JSON a person can read and diff: one record per line. (Indented output goes
    through Python's own encoder, ten times slower than the C one a line at a time.)"""
    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            records = ",\n  ".join([encode(record) for record in value])
            parts.append(f" {json.dumps(key)}: [\n  {records}\n ]")
        else:
            parts.append(f" {json.dumps(key)}: {encode(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def read_snapshots(
    paths: Iterable[Path], template_id: str, workbook_id: str
) -> tuple[History, list[Problem]]:
    """Every month the snapshot files at ``paths`` hold for this workbook, and what could
    not be read of them, said: a file of a later format, or damaged, and fields this
    version does not know (the rest of such a record is read)."""
    history = History()
    notes: list[Problem] = []
    for path in paths:
        data, why = _load_or_why(path)
        if data is None:
            notes.append(Problem(str(path), "history.snapshot_unread", {"why": why}, "warning"))
            continue
        if data.get("template") != template_id or data.get("workbook") != workbook_id:
            continue  # another workbook's, sharing the folder
        unknown: dict[str, None] = {}
        try:
            month = str(data["month"])
            goals = [_record(GoalRecord, r, unknown) for r in _listed(data["goals"])]
            items = [_record(ItemEvent, e, unknown) for e in _listed(data["items"])]
        except (KeyError, ValueError, TypeError) as error:
            why = f"{type(error).__name__}: {error}"
            notes.append(Problem(str(path), "history.snapshot_unread", {"why": why}, "warning"))
            continue
        for name in unknown:
            notes.append(Problem(str(path), "history.unknown_field", {"field": name}, "warning"))
        history.record(month, goals, items)
    return history, notes


def _record(kind: type[Record], data: Any, unknown: dict[str, None]) -> Record:
    record, names = from_dict(kind, data)
    unknown.update(dict.fromkeys(names))
    return record


def _listed(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"not a list: {value!r}")
    return value


def owner(path: Path) -> str:
    """The id of the workbook whose snapshot is at ``path`` ("" when none)."""
    data = _load(path)
    return str(data.get("workbook", "")) if data is not None else ""


def _load(path: Path) -> dict[str, Any] | None:
    return _load_or_why(path)[0]


def _load_or_why(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The snapshot ``path`` holds, or why there is none to read."""
    try:
        data = jsontext.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as error:
        return None, f"{type(error).__name__}: {error}"
    if not isinstance(data, dict):
        return None, "not a JSON object"
    if data.get("format") != FORMAT:
        return None, f"format {data.get('format')!r}, not {FORMAT}"
    return data, ""


def merge(workbook: History | None, files: History) -> History:
    """One history from the workbook's own copy and this workbook's report files: each
    month as the workbook has it; the files fill in months it lacks (all of them when its
    hidden sheets were deleted or mangled)."""
    merged = History()
    for source in (files, workbook or History()):  # the workbook's months come last: they win
        for month in source.months:
            merged.record(month, source.goals[month], source.items.get(month, []))
    return merged
