"""The record of the letters sent to the lead units for a month: ``sent.json`` in the
month's returns folder (``returns/2025-07/``), beside the forms.

For each kind of letter (``form``: a unit's form, by ``tracker forms --send``;
``reminder``: by ``tracker remind --send``) and each unit, a record as ``report.sends``
keeps a report's: the sends, the attempt under way or left unresolved, and attempts
never known; each send with the digest of what it said, so the same letter is not sent
twice. Units are told apart by their names compared loosely (``returns.units.unit_key``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker import jsontext
from tracker.errors import UsageError
from tracker.report.folder import SENT
from tracker.report.sends import (
    BAD_RECORD,
    Record,
    Send,
    record_data,
    record_from,
    with_attempt,
    with_send,
    without_attempt,
)
from tracker.returns.units import unit_key
from tracker.safefile import write_atomically

FORMAT = "tracker-unit-sent/1"
KINDS = ("form", "reminder")

Records = dict[str, dict[str, Record]]  # kind → unit → its record


def read_records(folder: Path) -> Records:
    """Every unit's records in ``folder``; none when nothing was sent. A file that cannot
    be read is refused: guessing could send a letter twice."""
    path = folder / SENT
    if not path.exists():
        return {kind: {} for kind in KINDS}
    try:
        data: Any = jsontext.loads(path.read_text(encoding="utf-8-sig"))
        if data.get("format") != FORMAT:
            raise ValueError(f"not {FORMAT}")
        return {
            kind: {str(unit): record_from(entry) for unit, entry in dict(data[kind]).items()}
            for kind in KINDS
        }
    except BAD_RECORD as error:
        raise UsageError("unitmail.bad_record", path=str(path), detail=str(error)) from None


def _write(folder: Path, records: Records) -> None:
    data = {
        "format": FORMAT,
        **{
            kind: {unit: record_data(record) for unit, record in records[kind].items()}
            for kind in KINDS
        },
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    write_atomically(folder / SENT, (text + "\n").encode("utf-8"))  # flushed to the disk


@dataclass(frozen=True)
class UnitLedger:
    """One unit's record of one kind of letter, read and written in ``folder``'s file
    (the ledger ``commands.delivery`` keeps a send in)."""

    folder: Path
    kind: str
    unit: str

    @property
    def where(self) -> Path:
        return self.folder / SENT

    def read(self) -> Record:
        return _find(read_records(self.folder)[self.kind], self.unit) or Record()

    def begin(self, attempt: Send) -> None:
        self._change(lambda record: with_attempt(record, attempt))

    def abandon(self) -> None:
        self._change(without_attempt)

    def done(self, send: Send) -> None:
        self._change(lambda record: with_send(record, send))

    def _change(self, change: Callable[[Record], Record]) -> None:
        records = read_records(self.folder)
        mine = records[self.kind]
        record = _find(mine, self.unit) or Record()
        for name in [name for name in mine if unit_key(name) == unit_key(self.unit)]:
            del mine[name]  # kept under the name the unit has now
        mine[self.unit] = change(record)
        _write(self.folder, records)


def _find(records: dict[str, Record], unit: str) -> Record | None:
    wanted = unit_key(unit)
    return next((r for name, r in records.items() if unit_key(name) == wanted), None)
