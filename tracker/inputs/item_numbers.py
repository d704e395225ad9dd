"""Item numbers (编号): the tool's to give, never given twice, and never taken over.

A number identifies an item for good: its history (added, moved on, renamed, removed) is
kept under it. So a number is accepted only where the tool put it: on the item it was
given to. A number the tool never gave (``XYZ``, ``LAB-1``, a number past the last one
given), a number of a removed item typed on another, a number blanked or edited on an
item already numbered, and numbers that moved to other items' rows (a sort of some
columns only) are refused, each naming the old number and the new. Numbers the
tool gave are the register's prefix and at least three digits below the next number it
would give; the history tells which of them belong to removed items, and under which
name each was last seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.errors import Problem, clipped
from tracker.excel import CellValue, as_text, folded
from tracker.history.records import History, canonical, stage_column
from tracker.model import Book, RegisterRow
from tracker.places import Places
from tracker.template.spec import Column, Register

DIGITS = 9  # at most this many digits are read as a number (LAB-000000001)


def number_pattern(register: Register) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(register.prefix)}-(\d{{3,{DIGITS}}})")


def number_new_items(book: Book, history: History | None = None, month: str = "") -> None:
    """Give every item without a number the next one of its register (LAB-005, …).
    Numbers are never given twice: the next number is kept even after deletions, and
    passes every number ``history`` recorded (a copy older than the report folders, put
    back, does not know the numbers given since). A month run again (from ``month`` on,
    a backup put back, say) gives an item the number its earlier run gave an item of the
    same name, when no other row holds it."""
    recorded = _recorded_numbers(history)
    given_again = _given_again(history, month)
    for register in book.template.registers:
        pattern = number_pattern(register)
        rows = book.rows(register.id)
        held = {row.item_id for row in rows if row.item_id}
        given = given_again.get(register.id, {})
        numbers = [*held, *recorded.get(register.id, ())]
        used = [int(m[1]) for number in numbers if (m := pattern.fullmatch(number))]
        following = max([book.next_ids.get(register.id, 1), *(n + 1 for n in used)])
        for row in rows:
            if row.item_id:
                continue
            again = given.get(_comparable(row.values.get(register.key.id)), "")
            if again and again not in held:
                row.item_id = again
                held.add(again)
            else:
                row.item_id = f"{register.prefix}-{following:03d}"
                following += 1
        book.next_ids[register.id] = following


def _recorded_numbers(history: History | None) -> dict[str, set[str]]:
    """Every number ``history`` recorded in any month, by register."""
    recorded: dict[str, set[str]] = {}
    for events in history.items.values() if history is not None else ():
        for event in events:
            recorded.setdefault(event.register, set()).add(event.item_id)
    return recorded


def _given_again(history: History | None, month: str) -> dict[str, dict[str, str]]:
    """The numbers the runs of ``month`` and after gave new items, by register and the
    items' names as compared (``_comparable``): this run replaces their record."""
    given: dict[str, dict[str, str]] = {}
    for found, events in sorted(history.items.items()) if history is not None and month else ():
        if found < month:
            continue
        for event in events:
            if event.kind == "added":
                given.setdefault(event.register, {})[_comparable(event.name)] = event.item_id
    return given


@dataclass(frozen=True)
class Known:
    """An item number as the history knows it: the name and stage it had, and whether it
    was alive at the latest month recorded before the one being updated."""

    name: str
    alive: bool
    removed_in: str = ""
    stage: str = ""


def known_numbers(history: History | None, month: str) -> dict[tuple[str, str], Known]:
    """Every number the months before ``month`` recorded, by (register, number). An
    earlier run of ``month`` itself does not count: this run replaces it, and its
    workbook may be the one from before that run (a backup put back)."""
    known: dict[tuple[str, str], Known] = {}
    if history is None:
        return known
    for key in sorted(m for m in history.items if m < month):
        for event in history.items[key]:
            if event.kind == "removed":
                known[(event.register, event.item_id)] = Known(event.name, False, key)
    for item, state in history.items_before(month).items():
        known[item] = Known(state.name, alive=True, stage=state.stage)
    return known


def _moved_from(
    row: RegisterRow,
    state: Known,
    owners: list[str],
    known: dict[tuple[str, str], Known],
    register_id: str,
    stage: Column | None,
) -> str:
    """The number a row's item had, when its own number moved away and another's came:
    the row has the name and the stage of exactly one other numbered item (a sort of
    some columns only drags both), while the number's item was at another stage. A name
    given to another item (a swap, a merge) leaves the stage where it was: no match."""
    if len(owners) != 1 or stage is None:
        return ""
    other = known.get((register_id, owners[0]))
    here = canonical(row.values.get(stage.id), stage)
    if other is None or here != other.stage or here == state.stage:
        return ""
    return owners[0]


def _dragged(row: RegisterRow, owner: Known | None, stage: Column | None) -> bool:
    """Whether a row with no number that has a numbered item's former name came by a sort
    (which drags the stage along with the name) rather than as a new item given the name
    of one renamed (at a stage of its own). Without a stage to tell, it is taken for a
    sort: the message says how to tell the update otherwise."""
    if owner is None or stage is None:
        return True
    return canonical(row.values.get(stage.id), stage) == owner.stage


def _comparable(value: CellValue) -> str:
    return folded(as_text(value))


def number_problems(
    book: Book, places: Places, history: History | None, month: str, *, closed: bool = False
) -> list[Problem]:
    """The item numbers the tool did not give where they stand, each naming the cell.
    ``closed``: only the numbers ``history`` knows stand (a unit's form, whose new items
    the master numbers)."""
    problems: list[Problem] = []
    known = known_numbers(history, month)
    alive: dict[str, list[tuple[str, str]]] = {}  # by register: (number, its item's name)
    for (register_id, number), known_state in known.items():
        if known_state.alive:
            alive.setdefault(register_id, []).append((number, known_state.name))
    for register in book.template.registers:
        pattern = number_pattern(register)
        next_id = book.next_ids.get(register.id, 1)
        key = register.key.id
        rows = book.rows(register.id)
        names = _Names(alive.get(register.id, []), rows, key)
        stage = stage_column(register, book.template)
        for index, row in enumerate(rows):

            def where(index: int = index, register_id: str = register.id) -> str:
                return places.register(register_id, index, "_id")

            number = row.item_id
            if not number:  # a new item, unless its number was blanked or sorted away
                name = _comparable(row.values.get(key))
                old = names.missing().get(name, "")
                if old:
                    params: dict[str, object] = {"old": old, "name": as_text(row.values[key])}
                    problems.append(Problem(where(), "input.number_blanked", params))
                elif (parted := names.parted(name)) and _dragged(
                    row, known.get((register.id, parted[0])), stage
                ):
                    owner, now = parted
                    params = {"number": owner, "name": as_text(row.values[key]), "now": now}
                    problems.append(Problem(where(), "input.number_parted", params))
                continue
            state = known.get((register.id, number))
            if state is None and closed:
                problems.append(Problem(where(), "input.number_not_sent", {"number": number}))
                continue
            if state is None:
                match = pattern.fullmatch(number)
                if match is None or int(match[1]) >= next_id:
                    old = names.missing().get(_comparable(row.values.get(key)), "")
                    code = "number_edited" if old else "number_not_given"
                    key_params: dict[str, object] = {"number": clipped(number), "old": old}
                    problems.append(Problem(where(), "input." + code, key_params))
                continue
            typed = row.values.get(key)
            if typed == state.name or (name := _comparable(typed)) == _comparable(state.name):
                continue  # the number's own item, as it was typed (the common case) or not
            if not state.alive:
                params = {"number": number, "name": state.name, "month": state.removed_in}
                problems.append(Problem(where(), "input.number_retired", params))
            elif other := _moved_from(
                row, state, names.owners().get(name, []), known, register.id, stage
            ):
                params = {
                    "number": number,
                    "owner": state.name,
                    "name": as_text(typed),
                    "own": other,
                }
                problems.append(Problem(where(), "input.number_moved", params))
    return problems


class _Names:
    """A register's items numbered before, by name as compared, worked out only when a
    number looks wrong: a workbook whose numbers all stand by their items never needs it."""

    def __init__(self, numbered: list[tuple[str, str]], rows: list[RegisterRow], key: str) -> None:
        self._numbered = numbered
        # Each number a row holds now, with that row's name as typed.
        self._present = {row.item_id: row.values.get(key) for row in rows if row.item_id}
        self._missing: dict[str, str] | None = None
        self._owners: dict[str, list[str]] | None = None

    def missing(self) -> dict[str, str]:
        """Numbers no row holds now, by their item's name: a blanked or edited number."""
        if self._missing is None:
            self._missing = {
                _comparable(name): number
                for number, name in self._numbered
                if number not in self._present
            }
        return self._missing

    def parted(self, name: str) -> tuple[str, str] | None:
        """For a row with no number and the item name ``name`` (as compared): the number
        whose item had that name and whose row now holds another, with that other name
        as typed; None when there is none. A new row and a numbered one sorted without
        the number column look like this: the numbered row takes the new item's name."""
        owners = self.owners().get(name, []) if name else []
        if len(owners) != 1 or owners[0] not in self._present:
            return None
        now = self._present[owners[0]]
        return None if _comparable(now) == name else (owners[0], as_text(now))

    def owners(self) -> dict[str, list[str]]:
        """Every number, by its item's name: a number that moved to another item's row."""
        if self._owners is None:
            self._owners = {}
            for number, name in self._numbered:
                self._owners.setdefault(_comparable(name), []).append(number)
        return self._owners
