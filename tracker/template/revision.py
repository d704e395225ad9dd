"""Carrying a workbook's entries over to a revised template (``tracker update --template``).

Items stay in their registers and keep their numbers. A column the new template gives a
new id under the header it had is the same column: its cells follow. A column it drops
becomes a column of the user's own (nothing entered is lost); a column it adds that
people had already added by hand, under the same header, is taken in; a required column
it adds that the sheet does not have is refused, saying where to add it. A goal's
monthly figures, notes, stage and lead units follow it by id; a goal the new template
drops takes them out of the workbook, so they are handed back (``Carried.dropped``) for
the month's snapshot and named in a warning. A register the new template drops while it
still holds items is refused: say what to do with them first; so is a new prefix for a
register whose items have numbers (they keep them for good). The change log records the
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
from tracker.places import Places, SheetPlaces, cell_name
from tracker.template.choices import carried_choice
from tracker.template.spec import Column, Goal, Label, Register, Template


@dataclass
class Carried:
    """A book in a new template's terms, where its entries were read, and what did not
    come along."""

    book: Book
    places: Places
    warnings: list[Problem] = field(default_factory=list)
    dropped: list[dict[str, object]] = field(default_factory=list)  # for the snapshot


def apply_template(book: Book, new: Template, places: Places) -> Carried:
    """``book``'s entries in ``new``'s terms, and ``places`` (where they were read) under
    the new terms' keys, so every problem still names the cell it is in."""
    old = book.template
    lang = book.lang
    for register in old.registers:
        if register.id not in {r.id for r in new.registers} and book.rows(register.id):
            raise UsageError(
                "update.register_removed",
                register=register.sheet.get(lang),
                count=len(book.rows(register.id)),
            )
    for register in new.registers:
        before = next((r for r in old.registers if r.id == register.id), None)
        numbered = [row for row in book.rows(register.id) if row.item_id]
        if before is not None and before.prefix != register.prefix and numbered:
            # LAB-001 would stand beside the next new item's XLAB-002: refused, as the
            # carry-over to next year's template refuses it.
            raise UsageError(
                "update.prefix_changed",
                register=register.sheet.get(lang),
                old=before.prefix,
                new=register.prefix,
                count=len(numbered),
            )
    carried = Carried(book, replace(places, registers=dict(places.registers)))
    if new.id != old.id:  # the roll-up groups workbooks by it
        params: dict[str, object] = {"old": old.id, "new": new.id}
        carried.warnings.append(Problem("template.id", "update.template_id", params, "warning"))
    registers: dict[str, list[RegisterRow]] = {}
    extra_columns: dict[str, list[str]] = {}
    header_extras: dict[str, dict[str, CellExtras]] = {}
    for register in new.registers:
        if register.id not in {r.id for r in old.registers}:
            registers[register.id] = []
            extra_columns[register.id] = list(book.extra_columns.get(register.id, []))
            continue
        where = places.registers.get(register.id)
        carry = _Carry(book, old.register(register.id), register, where)
        registers[register.id] = [carry.row(row) for row in book.rows(register.id)]
        extra_columns[register.id] = carry.own_headers
        header_extras[register.id] = carry.header_extras()
        if where is not None:
            carried.places.registers[register.id] = carry.places(where)
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


class _Carry:
    """One register carried to its new columns: for every key of the new terms (a column
    id, ``_id``, ``+n`` for the n-th column people added), the key it was read under."""

    def __init__(self, book: Book, old: Register, new: Register, where: SheetPlaces | None) -> None:
        self.book = book
        lang = book.lang
        own = list(book.extra_columns.get(new.id, []))
        kept = {c.id for c in new.columns}
        dropped = [c for c in old.columns if c.id not in kept]
        previous = {c.id for c in old.columns}
        self.keys: dict[str, str] = {"_id": "_id"}
        taken: set[int] = set()
        for column in new.columns:
            if column.id in previous:
                self.keys[column.id] = column.id
                continue
            header = column.name.get(lang)
            renamed = next((c for c in dropped if c.name.get(lang) == header), None)
            if renamed is not None:  # a new id under the old header: the same column
                dropped.remove(renamed)
                self.keys[column.id] = renamed.id
            elif header in own and own.index(header) not in taken:
                taken.add(own.index(header))  # added by hand, now the template's
                self.keys[column.id] = f"+{own.index(header)}"
            elif column.required and book.rows(new.id):
                width = max(where.columns.values(), default=-1) + 1 if where else 0
                raise UsageError(
                    "update.new_required_column",
                    register=new.sheet.get(lang),
                    column=header,
                    count=len(book.rows(new.id)),
                    place=cell_name(new.sheet.get(lang), 0, width),
                )
        staying = [i for i in range(len(own)) if i not in taken]
        # Columns people added that stay theirs come first, then the columns dropped.
        self.own_keys = [f"+{i}" for i in staying] + [c.id for c in dropped]
        self.keys |= {f"+{n}": key for n, key in enumerate(self.own_keys)}
        self.own_headers = [own[i] for i in staying] + [c.name.get(lang) for c in dropped]
        self.old, self.new, self.lang = old, new, lang
        self.register_id = new.id

    def _cell(self, row: RegisterRow, key: str) -> CellValue:
        return row.extra[int(key[1:])] if key.startswith("+") else row.values.get(key)

    def _value(self, row: RegisterRow, column: Column) -> CellValue:
        """A cell under the new column: a choice follows its name (renamed in one language,
        by the other); anything else, and a value no choice is named, as it was. A column
        new to the register, that people may leave empty, comes in empty."""
        key = self.keys.get(column.id)
        if key is None:
            return None
        value = self._cell(row, key)
        if column.type != "choice" or value is None or key.startswith("+") or key == "_id":
            return value
        before = self.old.column(key)
        found = carried_choice(
            value, before if before.type == "choice" else None, column, self.lang
        )
        return found if found is not None else value

    def row(self, row: RegisterRow) -> RegisterRow:
        keys = self.keys
        return RegisterRow(
            row.item_id,
            {column.id: self._value(row, column) for column in self.new.columns},
            [self._cell(row, key) for key in self.own_keys],
            {new: row.extras[old] for new, old in keys.items() if old in row.extras},
        )

    def header_extras(self) -> dict[str, CellExtras]:
        headers = self.book.header_extras.get(self.register_id, {})
        return {new: headers[old] for new, old in self.keys.items() if old in headers}

    def places(self, where: SheetPlaces) -> SheetPlaces:
        """Where each new key's cells were read (a new column's: nowhere yet)."""
        columns = {
            new: where.columns[old] for new, old in self.keys.items() if old in where.columns
        }
        return replace(where, columns=columns)


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
        if goal_id in goals and goals[goal_id].by_stage:
            milestones[goal_id] = _stage_carried(stage, book, goals[goal_id])
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
        # The goal stays, but some of its entries do not fit it any more (months outside
        # the new period, a stage of a goal no longer a milestone): said so, not "gone".
        code = "update.entries_left" if goal_id in goals else "update.goal_left"
        what = tuple(f"left.{key}" for key in ("monthly", "milestone", "units") if key in entries)
        params: dict[str, object] = {
            "goal": goal_id,
            "name": entries["name"],
            "what": Listing(what),
        }
        carried.warnings.append(Problem(goal_id, code, params, "warning"))
    return monthly, milestones, assignments


def _stages(goal: Goal) -> Column:
    """A milestone's stages as the choices of a column."""
    return Column(
        "stage", Label("阶段", "Stage"), "choice", choices=tuple(s.name for s in goal.stages)
    )


def _stage_carried(entry: MilestoneEntry, book: Book, goal: Goal) -> MilestoneEntry:
    """A milestone's stage under the revised goal: renamed in one language, by the other;
    a stage the goal no longer has, as it was (the check names it)."""
    before = book.template.goal(goal.id)  # the book's milestones are its template's goals
    if entry.stage is None or not before.by_stage:
        return entry
    found = carried_choice(entry.stage, _stages(before), _stages(goal), book.lang)
    return replace(entry, stage=found) if found is not None else entry


def _left(left: dict[str, dict[str, object]], book: Book, goal_id: str) -> dict[str, object]:
    """The record of what a goal leaves behind, started on first use."""
    if goal_id not in left:
        try:
            name = book.template.goal(goal_id).name.get(book.lang)
        except KeyError:
            name = goal_id
        left[goal_id] = {"goal": goal_id, "name": name}
    return left[goal_id]
