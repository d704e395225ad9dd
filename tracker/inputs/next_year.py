"""Last period's entries in next period's template (``tracker init --carry-over``): pure.

A register both templates have (by id) carries every item with its number (编号), and the
next free number with it, so a number is never given twice across the years. A column
the new template still has (by id, or under a new id with the header it had) carries; a
column people added carries, and is taken into the template's column when the new
template adds one under its header; a template column the new template no longer has is
kept as a column of the user's own, headed as it was, so nothing entered is lost. Cell
extras (comments, links, number formats) go with their cells.

Choices are carried by name: a value becomes the new template's choice whose Chinese or
English label is the old choice's, written in the new workbook's language. A value the
new template has no choice for is kept as typed and listed by item (``Unmatched``): never
changed silently. The lead and partner units of a goal both templates have carry. Nothing
of the months (figures, notes, milestone stages, history) carries: the new period starts
empty.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from tracker.errors import UsageError
from tracker.excel import CellValue, as_text, folded
from tracker.i18n import LANGS, Lang, joined, t
from tracker.inputs.item_numbers import number_pattern
from tracker.model import Assignment, Book, CellExtras, RegisterRow
from tracker.template.choices import carried_choice
from tracker.template.spec import Column, Register, Template


@dataclass(frozen=True)
class Unmatched:
    """A choice the new template does not have, kept as typed: the item (its number and
    name, as the old workbook had them), the column, and where it stands in the new book
    (the register and the item's position in it)."""

    register: str
    index: int
    column: str  # the column's id in the new template
    item_id: str
    name: str
    value: CellValue


@dataclass
class RegisterCarry:
    """What one register carries, its headers in the new workbook's language (the old
    ones for columns kept as the user's own)."""

    register: Register  # the new template's
    items: int
    columns: list[str] = field(default_factory=list)  # template columns carried
    taken_in: list[str] = field(default_factory=list)  # own columns the template now has
    kept: list[str] = field(default_factory=list)  # template columns kept as own columns
    own: list[str] = field(default_factory=list)  # columns people added, carried
    empty: list[str] = field(default_factory=list)  # new columns: nothing to carry
    unmatched: list[Unmatched] = field(default_factory=list)


@dataclass(frozen=True)
class Left:
    """A register of the old workbook that does not carry: ``why`` is ``dropped`` (the new
    template has no register of its id) or ``not_chosen`` (left out of ``--only``)."""

    register: str  # its id
    sheet: str  # its sheet, as the old workbook names it
    items: int
    why: str


@dataclass
class NextYear:
    """The new book, and what carried into it and what did not."""

    book: Book
    registers: list[RegisterCarry]
    left: list[Left]
    new_registers: list[str]  # sheets of registers only the new template has
    units: list[str]  # goals whose lead or partner units carried, by id
    shared_goals: list[str]  # goals both templates have, by id, in the new order
    dropped_goals: list[str]  # goals only the old template has, by id


def shared_registers(old: Template, new: Template) -> list[str]:
    """The ids of the registers both templates have, in the new template's order."""
    ids = {register.id for register in old.registers}
    return [register.id for register in new.registers if register.id in ids]


def _register_named(name: str, shared: list[str], *templates: Template) -> str | None:
    """The id of the register both templates have that ``--only NAME`` means: its id, or
    the name of its sheet as people see it, in either language (case aside)."""
    if name in shared:
        return name
    wanted = folded(name)
    for template in templates:
        for register in template.registers:
            sheets = {folded(register.sheet.get(lang)) for lang in LANGS}
            if register.id in shared and wanted in sheets:
                return register.id
    return None


def carry_over(
    old: Book, template: Template, lang: Lang, as_of: date, only: Collection[str] = ()
) -> NextYear:
    """``old``'s items and lead units in ``template``'s terms, as a new book in ``lang``
    as of ``as_of``; with ``only``, the registers of those ids alone. Raises
    ``UsageError`` for an id of ``only`` that is not a register both templates have, and
    for a register whose item numbers cannot carry (its prefix changed)."""
    shared = shared_registers(old.template, template)
    named = {name: _register_named(name, shared, old.template, template) for name in only}
    unknown = [name for name, register_id in named.items() if register_id is None]
    if unknown:
        choices = [
            t(lang, "carry.register_choice", id=r, sheet=template.register(r).sheet.get(lang))
            for r in shared
        ]
        raise UsageError("carry.unknown_register", id=unknown[0], ids=joined(lang, choices) or "—")
    chosen = [register_id for register_id in shared if not only or register_id in named.values()]
    book = Book(template=template, lang=lang, as_of=as_of, sample=old.sample)
    carried: list[RegisterCarry] = []
    left = [
        Left(r.id, r.sheet.get(old.lang), len(old.rows(r.id)), "dropped")
        for r in old.template.registers
        if r.id not in shared
    ]
    for register in template.registers:
        book.registers[register.id] = []
        book.extra_columns[register.id] = []
        if register.id not in shared:
            continue
        before = old.template.register(register.id)
        if register.id not in chosen:
            sheet = before.sheet.get(old.lang)
            left.append(Left(register.id, sheet, len(old.rows(register.id)), "not_chosen"))
            continue
        carried.append(_carry_register(old, before, register, book))
    before_ids = {register.id for register in old.template.registers}
    new_registers = [r.sheet.get(lang) for r in template.registers if r.id not in before_ids]
    old_goals = {goal.id for goal in old.template.goals}
    shared_goals = [goal.id for goal in template.goals if goal.id in old_goals]
    units = []
    for goal_id in shared_goals:
        assignment = old.assignment(goal_id)
        set_by = old.template.goal(goal_id)  # what the old template set, nobody entered
        default = Assignment(set_by.lead, joined(old.lang, set_by.partners))
        if assignment == default:  # the new template's own units stand
            continue
        if assignment.lead.strip() or assignment.partners.strip():
            book.assignments[goal_id] = Assignment(assignment.lead, assignment.partners)
            units.append(goal_id)
    new_goals = {goal.id for goal in template.goals}
    dropped_goals = [goal.id for goal in old.template.goals if goal.id not in new_goals]
    return NextYear(book, carried, left, new_registers, units, shared_goals, dropped_goals)


def _carry_register(old: Book, before: Register, register: Register, book: Book) -> RegisterCarry:
    """One register's items into ``book``, saying what carried."""
    rows = old.rows(register.id)
    if rows and register.prefix != before.prefix:
        raise UsageError(
            "carry.prefix_changed",
            register=register.sheet.get(book.lang),
            id=register.id,
            old=before.prefix,
            new=register.prefix,
        )
    columns = _Columns(old, before, register, book.lang)
    result = RegisterCarry(
        register,
        len(rows),
        columns=columns.carried,
        taken_in=columns.taken_in,
        kept=columns.kept,
        own=columns.own,
        empty=columns.empty,
    )
    new_rows = []
    for index, row in enumerate(rows):
        new_row, unmatched = columns.row(row, index)
        new_rows.append(new_row)
        result.unmatched += unmatched
    book.registers[register.id] = new_rows
    book.extra_columns[register.id] = columns.own_headers
    book.header_extras[register.id] = columns.header_extras(old.header_extras.get(register.id, {}))
    pattern = number_pattern(register)
    used = [int(m[1]) for row in new_rows if (m := pattern.fullmatch(row.item_id))]
    book.next_ids[register.id] = max([old.next_ids.get(register.id, 1), *(n + 1 for n in used)])
    return result


class _Columns:
    """One register's columns carried: for every key of the new book (a column id,
    ``_id``, ``+n`` for the n-th column of the user's own), the key of the old book its
    cells come from."""

    def __init__(self, old: Book, before: Register, register: Register, lang: Lang) -> None:
        self.before, self.register, self.lang = before, register, lang
        own = list(old.extra_columns.get(register.id, []))
        previous = {column.id for column in before.columns}
        kept_ids = {column.id for column in register.columns}
        dropped = [column for column in before.columns if column.id not in kept_ids]
        self.keys: dict[str, str] = {"_id": "_id"}
        self.carried: list[str] = []
        self.taken_in: list[str] = []
        self.empty: list[str] = []
        claimed: set[int] = set()  # the columns people added that a template column takes
        for column in register.columns:
            header = column.name.get(lang)
            if column.id in previous:
                self.keys[column.id] = column.id
                self.carried.append(header)
                continue
            names = {folded(column.name.get(old.lang)), folded(header)}
            renamed = next((c for c in dropped if folded(c.name.get(old.lang)) in names), None)
            place = next(
                (i for i, text in enumerate(own) if i not in claimed and folded(text) in names),
                None,
            )
            if renamed is not None:  # a new id under the header it had: the same column
                dropped.remove(renamed)
                self.keys[column.id] = renamed.id
                self.carried.append(header)
            elif place is not None:  # a column people added, now the template's
                claimed.add(place)
                self.keys[column.id] = f"+{place}"
                self.taken_in.append(header)
            else:
                self.empty.append(header)
        staying = [i for i in range(len(own)) if i not in claimed]
        # The columns people added come first, as they were; then the columns dropped.
        own_keys = [f"+{i}" for i in staying] + [column.id for column in dropped]
        self.keys |= {f"+{n}": key for n, key in enumerate(own_keys)}
        # A header that would read as a template column's (one a revised template took
        # up) is marked as last period's: the sheet's headers stay distinct.
        headers = {folded(t(lang, "col.item_id"))} | {
            folded(c.name.get(lang)) for c in register.columns
        }
        self.own = [_unlike(own[i], headers, lang) for i in staying]
        headers |= {folded(header) for header in self.own}
        self.kept: list[str] = []
        for column in dropped:
            self.kept.append(_unlike(column.name.get(old.lang), headers, lang))
            headers.add(folded(self.kept[-1]))
        self.own_headers = self.own + self.kept
        self.own_keys = own_keys
        self.choices = {column.id: column for column in register.columns if column.type == "choice"}

    def _cell(self, row: RegisterRow, key: str) -> CellValue:
        if key.startswith("+"):
            place = int(key[1:])
            return row.extra[place] if place < len(row.extra) else None
        return row.values.get(key)

    def row(self, row: RegisterRow, index: int) -> tuple[RegisterRow, list[Unmatched]]:
        values: dict[str, CellValue] = {}
        unmatched: list[Unmatched] = []
        for column in self.register.columns:
            key = self.keys.get(column.id)
            value = self._cell(row, key) if key is not None else None
            if column.id in self.choices and value is not None:
                before = self._old_column(key)
                found = carried_choice(value, before, column, self.lang)
                if found is None:
                    name = as_text(row.values.get(self.before.key.id))
                    unmatched.append(
                        Unmatched(self.register.id, index, column.id, row.item_id, name, value)
                    )
                else:
                    value = found
            values[column.id] = value
        extra = [self._cell(row, key) for key in self.own_keys]
        extras = {new: row.extras[old] for new, old in self.keys.items() if old in row.extras}
        return RegisterRow(row.item_id, values, extra, extras), unmatched

    def _old_column(self, key: str | None) -> Column | None:
        if key is None or key.startswith("+") or key == "_id":
            return None
        column = self.before.column(key)
        return column if column.type == "choice" else None

    def header_extras(self, headers: dict[str, CellExtras]) -> dict[str, CellExtras]:
        """The comments on the headers of the columns people added, under the new keys."""
        return {new: headers[old] for new, old in self.keys.items() if old in headers}


def _unlike(header: str, taken: set[str], lang: Lang) -> str:
    """``header``, marked as last period's until it is none of ``taken`` (folded)."""
    shown = header
    while shown and folded(shown) in taken:
        shown = t(lang, "carry.own_header", header=shown)
    return shown
