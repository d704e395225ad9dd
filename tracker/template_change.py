"""Carrying a workbook's entries over to a revised template (``tracker update --template``).

Items stay in their registers and keep their numbers. A column the new template gives a
new id under the header it had is the same column: its cells follow. A column it drops
becomes a column of the user's own (nothing entered is lost); a column it adds that
people had already added by hand, under the same header, is taken in; a required column
it adds that the sheet does not have is refused, saying where to add it. A goal's
monthly figures, notes, stage and lead units follow it by id; a goal the new template
drops takes them out of the workbook, so they are handed back (``Carried.dropped``) for
the month's snapshot and named in a warning. A register the new template drops while it
still holds items is refused: say what to do with them first. The change log records the
revised targets (``history.changes``), and the history keeps what was in force each month.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from tracker.errors import Problem, UsageError
from tracker.excel import CellValue, as_text
from tracker.i18n import Listing
from tracker.model import (
    Assignment,
    Book,
    CellExtras,
    MilestoneEntry,
    MonthlyEntry,
    RegisterRow,
)
from tracker.places import Places, cell_name
from tracker.template import Register, Template


@dataclass
class Carried:
    """A book in a new template's terms, and what did not come along."""

    book: Book
    warnings: list[Problem] = field(default_factory=list)
    # Per register, the key each new column's cells were read under (an old column id,
    # or ``+n`` for a column people added), so problems name the cells they are in.
    moved: dict[str, dict[str, str]] = field(default_factory=dict)
    dropped: list[dict[str, object]] = field(default_factory=list)  # for the snapshot


def apply_template(book: Book, new: Template, places: Places | None = None) -> Carried:
    """``book``'s entries in ``new``'s terms; ``places`` (where they were read) lets a
    refusal name the cell."""
    old = book.template
    lang = book.lang
    for register in old.registers:
        if register.id not in {r.id for r in new.registers} and book.rows(register.id):
            raise UsageError(
                "update.register_removed",
                register=register.sheet.get(lang),
                count=len(book.rows(register.id)),
            )
    carried = Carried(book)
    registers: dict[str, list[RegisterRow]] = {}
    extra_columns: dict[str, list[str]] = {}
    header_extras: dict[str, dict[str, CellExtras]] = {}
    for register in new.registers:
        if register.id not in {r.id for r in old.registers}:
            registers[register.id] = []
            extra_columns[register.id] = list(book.extra_columns.get(register.id, []))
            continue
        rows, own, headers, moved = _register(book, old.register(register.id), register, places)
        registers[register.id], extra_columns[register.id] = rows, own
        header_extras[register.id] = headers
        carried.moved[register.id] = moved
    monthly, milestones, assignments = _goal_entries(book, new, carried)
    carried.book = replace(
        book,
        template=new,
        registers=registers,
        extra_columns=extra_columns,
        header_extras=header_extras,
        monthly=monthly,
        milestones=milestones,
        assignments=assignments,
    )
    return carried


def _register(
    book: Book, old: Register, new: Register, places: Places | None
) -> tuple[list[RegisterRow], list[str], dict[str, CellExtras], dict[str, str]]:
    """One register's rows, own columns and their headers' extras, in ``new``'s columns;
    and the key each new column was read under."""
    lang = book.lang
    rows = book.rows(new.id)
    own = list(book.extra_columns.get(new.id, []))
    kept = {c.id for c in new.columns}
    dropped = [c for c in old.columns if c.id not in kept]
    previous = {c.id for c in old.columns}
    moved: dict[str, str] = {}
    for column in new.columns:
        if column.id in previous:
            continue
        header = column.name.get(lang)
        renamed = next((c for c in dropped if c.name.get(lang) == header), None)
        if renamed is not None:  # a new id under the old header: the same column
            dropped.remove(renamed)
            moved[column.id] = renamed.id
        elif header in own and f"+{own.index(header)}" not in moved.values():
            moved[column.id] = f"+{own.index(header)}"  # added by hand, now the template's
        elif column.required and rows:
            where = places.registers.get(new.id) if places else None
            width = max(where.columns.values(), default=-1) + 1 if where else 0
            place = cell_name(new.sheet.get(lang), 0, width) if where else new.sheet.get(lang)
            raise UsageError(
                "update.new_required_column",
                register=new.sheet.get(lang),
                column=header,
                count=len(rows),
                place=place,
            )
    taken = {int(key[1:]) for key in moved.values() if key.startswith("+")}
    staying = [i for i in range(len(own)) if i not in taken]

    def cell(row: RegisterRow, key: str) -> CellValue:
        return row.extra[int(key[1:])] if key.startswith("+") else row.values.get(key)

    def extras(row: RegisterRow) -> dict[str, CellExtras]:
        """The cells' comments, links and formats, under the keys of their new places."""
        keys = {c.id: moved.get(c.id, c.id) for c in new.columns}
        keys["_id"] = "_id"
        keys |= {f"+{n}": f"+{i}" for n, i in enumerate(staying)}
        keys |= {f"+{len(staying) + n}": c.id for n, c in enumerate(dropped)}
        return {new_key: row.extras[key] for new_key, key in keys.items() if key in row.extras}

    result = [
        RegisterRow(
            row.item_id,
            {c.id: cell(row, moved.get(c.id, c.id)) for c in new.columns},
            [*(row.extra[i] for i in staying), *(row.values.get(c.id) for c in dropped)],
            extras(row),
        )
        for row in rows
    ]
    headers = book.header_extras.get(new.id, {})
    header_extras = {f"+{n}": headers[f"+{i}"] for n, i in enumerate(staying) if f"+{i}" in headers}
    return (
        result,
        [own[i] for i in staying] + [c.name.get(lang) for c in dropped],
        header_extras,
        moved,
    )


def _goal_entries(
    book: Book, new: Template, carried: Carried
) -> tuple[dict[tuple[str, date], MonthlyEntry], dict[str, MilestoneEntry], dict[str, Assignment]]:
    """The monthly entries, milestones and lead units of the goals ``new`` keeps; the
    others go to ``carried.dropped`` and a warning each."""
    goals = {g.id: g for g in new.goals}
    months = set(new.period.months)
    monthly: dict[tuple[str, date], MonthlyEntry] = {}
    left: dict[str, dict[str, object]] = {}
    for (goal_id, month), entry in sorted(book.monthly.items()):
        if goal_id in goals and month in months:
            monthly[(goal_id, month)] = entry
        else:
            months_left = _left(left, book, goal_id).setdefault("monthly", {})
            assert isinstance(months_left, dict)
            months_left[f"{month.year}-{month.month:02d}"] = {
                "value": as_text(entry.value),
                "progress": entry.progress,
                "problems": entry.problems,
                "next_steps": entry.next_steps,
            }
    milestones: dict[str, MilestoneEntry] = {}
    for goal_id, stage in book.milestones.items():
        if goal_id in goals and goals[goal_id].kind == "milestone":
            milestones[goal_id] = stage
        else:
            _left(left, book, goal_id)["milestone"] = {
                "stage": as_text(stage.stage),
                "reached": as_text(stage.reached),
                "note": stage.note,
            }
    assignments = {}
    for goal_id, assignment in book.assignments.items():
        if goal_id in goals:
            assignments[goal_id] = assignment
        elif assignment.lead or assignment.partners:
            _left(left, book, goal_id)["units"] = {
                "lead": assignment.lead,
                "partners": assignment.partners,
            }
    for goal_id, entries in left.items():
        carried.dropped.append(entries)
        what = tuple(f"left.{key}" for key in ("monthly", "milestone", "units") if key in entries)
        params: dict[str, object] = {
            "goal": goal_id,
            "name": entries["name"],
            "what": Listing(what),
        }
        carried.warnings.append(Problem(goal_id, "update.goal_left", params, "warning"))
    return monthly, milestones, assignments


def _left(left: dict[str, dict[str, object]], book: Book, goal_id: str) -> dict[str, object]:
    """The record of what a goal leaves behind, started on first use."""
    if goal_id not in left:
        try:
            name = book.template.goal(goal_id).name.get(book.lang)
        except KeyError:
            name = goal_id
        left[goal_id] = {"goal": goal_id, "name": name}
    return left[goal_id]
