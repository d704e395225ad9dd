"""How a unit's answer is merged into the master, cell by cell: a three-way comparison.

A form carries, hidden, a fingerprint of every cell it was sent with (``cell_digest``).
When the answer comes back, each cell is compared three ways: as it was sent (the
digest), as the master holds it now, and as the unit returned it.

* unchanged by the unit: the master's value stands (``KEPT``, whether or not the office
  changed it meanwhile);
* changed by the unit, and the master's cell still as sent: the unit's value is taken
  (``TAKEN``);
* changed by the unit and by the office, to the same value: nothing to do (``AGREED``);
* changed by both, differently: a conflict, left for a person (``CONFLICT``).

Across returns, two units that took the same cell to different values conflict too
(``settle``); nothing of a conflict is merged.

A digest names a value with its type, as a cell holds it: the number 12 and the text
``12`` differ, a date is a date, a number is taken to the 15 digits a spreadsheet keeps
(a form saved by another program is not "changed" in its last bits), and an empty cell
is empty however it was left (``None``, ``""``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from tracker.excel import CellValue, is_blank

DIGEST_LENGTH = 16  # hex characters: 64 bits, plenty for telling one cell's values apart


def cell_digest(value: CellValue) -> str:
    """A short digest of a cell's value with its type; "" for an empty cell."""
    if is_blank(value):
        return ""
    text = _typed(value)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:DIGEST_LENGTH]


def _typed(value: CellValue) -> str:
    if isinstance(value, bool):
        return f"b:{value}"
    if isinstance(value, int | float):  # to the 15 digits a spreadsheet keeps
        return f"n:{float(value) + 0.0:.15g}"
    if isinstance(value, datetime):
        return f"t:{value.isoformat()}"
    if isinstance(value, date):
        return f"d:{value.isoformat()}"
    if isinstance(value, time):
        return f"h:{value.isoformat()}"
    if isinstance(value, timedelta):
        return f"p:{value.total_seconds()!r}"
    return f"s:{value}"


class Verdict(Enum):
    """What becomes of one cell of one return."""

    KEPT = "kept"  # the unit left it as sent: the master's value stands
    TAKEN = "taken"  # the unit changed it, the master did not: the unit's value
    AGREED = "agreed"  # both changed it, to the same value
    CONFLICT = "conflict"  # both changed it, differently: left for a person


def compare(sent: str, master: CellValue, returned: CellValue) -> Verdict:
    """The three-way verdict on one cell: ``sent`` is its digest as the form went out."""
    unit_changed = cell_digest(returned) != sent
    if not unit_changed:
        return Verdict.KEPT
    if cell_digest(master) == sent:
        return Verdict.TAKEN
    if cell_digest(master) == cell_digest(returned):
        return Verdict.AGREED
    return Verdict.CONFLICT


@dataclass(frozen=True)
class Answer:
    """One unit's verdict on a cell, with the value it returned."""

    unit: str
    verdict: Verdict
    value: CellValue


@dataclass(frozen=True)
class Settled:
    """A cell after every return: the value to write (the master's when nothing is taken),
    and, for a conflict, the answers that disagree."""

    value: CellValue
    conflict: tuple[Answer, ...] = ()

    @property
    def is_conflict(self) -> bool:
        return bool(self.conflict)


def settle(master: CellValue, answers: Sequence[Answer]) -> Settled:
    """One cell, given every unit's answer on it: the value taken, or a conflict (a unit
    against the office, or two units against each other) naming every unit that changed
    the cell, so no one's change goes unseen."""
    changed = tuple(a for a in answers if a.verdict is not Verdict.KEPT)
    taken = [a for a in changed if a.verdict is Verdict.TAKEN]
    clash = any(a.verdict is Verdict.CONFLICT for a in changed)
    if clash or len({cell_digest(a.value) for a in taken}) > 1:
        return Settled(master, changed)
    return Settled(taken[0].value if taken else master)
