"""The history as the workbook carries it: two hidden sheets.

``_goal_history`` holds every goal's record for every month, one a row. ``_item_history``
holds every item event, a month a row: its events as one JSON array (each event an array
of the fields the header names after ``events``) cut into cells that Excel, LibreOffice,
gnumeric and openpyxl all save as they are (``cut``, ``_UNSAFE``). A first import of
20,000 items is then some 140 cells instead of 120,000, for the update to write and for
every command to read. Workbooks written before kept an event a row, with the fields'
names as the header; they read as they always did.

Both sheets are the workbook's copy; the report folders hold another
(``tracker.history.snapshots``), so a user deleting or mangling these sheets loses nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import re
from typing import Any

from tracker import jsontext
from tracker.excel import SURROGATE, as_text
from tracker.history.codec import Reader, Record, shape, values
from tracker.history.records import GoalRecord, History, ItemEvent
from tracker.workbook.cells import Sheet

GOAL_SHEET = "_goal_history"
ITEM_SHEET = "_item_history"
GOAL_FIELDS = shape(GoalRecord).names
ITEM_FIELDS = shape(ItemEvent).names
EVENTS = "events"  # the second header of the packed item history: a month a row
EVENT_FIELDS = ITEM_FIELDS[1:]  # an event's fields as packed: its month is its row's
# Characters of packed events a cell holds: at most 16,000 UTF-16 units even when each is
# a character beyond the Basic Multilingual Plane (an emoji) that takes two. Excel holds
# 32,767; LibreOffice, saving a cell of over 16,384 units again, breaks it at that point.
EVENTS_CELL = 8_000
# What packed events write as JSON's \uXXXX escape, so their cells hold only text every
# reader and writer keeps as it is: U+FFFE and U+FFFF, which XML cannot hold (JSON
# escapes the other such characters itself), and the underscore of text that reads as
# Excel's escape for one (``_x000B_``), which readers and writers disagree on when to
# unescape (openpyxl saves it as the character), however such texts chain.
_UNSAFE = re.compile("[\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
# How many fields an event must have: the ones after them (before, after) may be left out.
REQUIRED_FIELDS = sum(default is dataclasses.MISSING for default in shape(ItemEvent).defaults) - 1
assert ITEM_FIELDS[0] == "month"


def write_history(goals: Sheet, items: Sheet, history: History) -> None:
    """Both hidden sheets, month by month."""
    _write(goals, GOAL_FIELDS, [r for m in history.months for r in history.goals[m]])
    _write_events(items, history)
    for sheet in (goals, items):
        sheet.ws.very_hidden()
        sheet.ws.protect("", {})


def _write(sheet: Sheet, fields: tuple[str, ...], records: list[Any]) -> None:
    for col, name in enumerate(fields):
        sheet.text(0, col, name)
    text, number = sheet.text, sheet.number
    for row, record in enumerate(records, start=1):
        for col, value in enumerate(values(record)):
            if type(value) is float:
                number(row, col, value + 0.0)  # -0.0 as 0: a spreadsheet saves it so
            elif type(value) is str:
                if value:
                    text(row, col, value)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                number(row, col, float(value))  # a snapshot edited by hand: 3, not 3.0
            elif value is not None:
                text(row, col, as_text(value))


def _write_events(sheet: Sheet, history: History) -> None:
    """The item events, a month a row: the month, then its events packed. Each event is
    written under its own month, which is its row's: a snapshot edited by hand can file
    one under another month, and it reads back as it was written, as before."""
    for col, name in enumerate(("month", EVENTS, *EVENT_FIELDS)):
        sheet.text(0, col, name)
    events = [event for month in sorted(history.items) for event in history.items[month]]
    runs = itertools.groupby(events, key=lambda event: event.month)
    for row, (month, run) in enumerate(runs, start=1):
        packed = []
        for event in run:
            fields = values(event)[1:]
            while len(fields) > REQUIRED_FIELDS and fields[-1] == "":  # empty before, after
                fields.pop()
            packed.append(fields)
        text = json.dumps(packed, ensure_ascii=False, separators=(",", ":"))
        if SURROGATE.search(text) is not None:  # a lone one cannot be stored: escaped
            text = json.dumps(packed, separators=(",", ":"))
        text = _UNSAFE.sub(lambda match: f"\\u{ord(match[0]):04x}", text)
        sheet.text(row, 0, month)
        for col, piece in enumerate(cut(text), start=1):
            sheet.text(row, col, piece)


def cut(text: str) -> list[str]:
    """``text`` in pieces of at most ``EVENTS_CELL`` characters, none starting or ending
    with white space where it can be helped (gnumeric trims it from every cell it saves)."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > EVENTS_CELL:
        end = start + EVENTS_CELL
        while end > start + 1 and (text[end - 1].isspace() or text[end].isspace()):
            end -= 1
        if end == start + 1:  # white space all the way: cut where the cell is full
            end = start + EVENTS_CELL
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def history_digest(history: History) -> str:
    """A digest of everything the history holds, as the hidden sheets hold it (numbers to
    the 15 digits a spreadsheet keeps), so an edit to the sheets is noticed: each record's
    fields joined by U+001F and ended by U+001E, each kind of record ended by U+001D."""
    hasher = hashlib.sha256()
    for records in (history.goals, history.items):
        text = [
            "\x1f".join(
                [
                    value
                    if type(value) is str
                    else format(value + 0.0, ".15g")
                    if isinstance(value, float)
                    else as_text(value)
                    for value in values(record)
                ]
            )
            + "\x1e"
            for month in sorted(records)
            for record in records[month]
        ]
        hasher.update("".join(text).encode("utf-8", "surrogatepass") + b"\x1d")
    return hasher.hexdigest()


def read_history(
    goal_rows: list[list[Any]], item_rows: list[list[Any]]
) -> tuple[History | None, list[str]]:
    """The history the sheets hold, or None when they are missing or were mangled; and the
    fields found on them that this version does not know (``_goal_history.field``), left
    out. A sheet written by an earlier version has fewer columns: the fields it lacks
    take their defaults."""
    unknown: list[str] = []
    try:
        goals = _rows(goal_rows, GoalRecord, GOAL_SHEET, unknown)
        items = _events(item_rows, unknown)
    except ValueError:
        return None, unknown
    if goals is None or items is None:
        return None, unknown
    history = History()
    for record in goals:
        history.goals.setdefault(record.month, []).append(record)
    for event in items:
        history.items.setdefault(event.month, []).append(event)
    return history, unknown


def _rows(
    rows: list[list[Any]], kind: type[Record], sheet: str, unknown: list[str]
) -> list[Record] | None:
    """The records below the header row, read by the header's field names."""
    if not rows:
        return None
    reader = Reader(kind, [as_text(v) for v in rows[0]])
    unknown += [f"{sheet}.{name}" for name in reader.unknown]
    return [reader.row(row) for row in rows[1:] if any(v not in ("", None) for v in row)]


def _events(rows: list[list[Any]], unknown: list[str]) -> list[ItemEvent] | None:
    """The item events, packed a month a row, or an event a row as written before."""
    if not rows:
        return None
    header = [as_text(v) for v in rows[0]]
    if EVENTS not in header:
        return _rows(rows, ItemEvent, ITEM_SHEET, unknown)
    # Found by name, as the row format's fields are: a column inserted in the sheet moves
    # them, and an empty cell between the pieces of a month's events changes nothing.
    events_at = header.index(EVENTS)
    if "month" not in header[:events_at]:
        raise ValueError(f"{ITEM_SHEET}: no month before the events")
    month_at = header.index("month")
    names = [name for name in header[events_at + 1 :] if name]
    reader = Reader(ItemEvent, ["month", *names])
    unknown += [f"{ITEM_SHEET}.{name}" for name in reader.unknown]
    as_written = tuple(names) == EVENT_FIELDS  # then an event's fields are in their order
    events: list[ItemEvent] = []
    for row in rows[1:]:
        if not any(v not in ("", None) for v in row):
            continue
        if len(row) <= events_at:
            raise ValueError(f"{ITEM_SHEET}: a month with no events")
        text = "".join(as_text(v) for v in row[events_at:])
        packed = jsontext.loads(text)  # ValueError when mangled
        if not isinstance(packed, list) or not all(type(e) is list for e in packed):
            raise ValueError(f"{ITEM_SHEET}: not a list of events")
        month = as_text(row[month_at])
        if as_written:
            for fields in packed:
                if not REQUIRED_FIELDS <= len(fields) <= len(EVENT_FIELDS) or not all(
                    type(field) is str for field in fields
                ):
                    raise ValueError(f"{ITEM_SHEET}: not an event: {fields!r}")
                events.append(ItemEvent(month, *fields))
        else:  # a later version's fields, or an earlier one's: looked up by name
            events += [reader.row([month, *fields]) for fields in packed]
    return events
