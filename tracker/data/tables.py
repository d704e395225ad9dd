"""A tracking workbook as plain tables: each a name, typed columns and rows of Python
values, with no pandas in sight.

The figures are computed from what people entered, as ``tracker status --json`` computes
them (cached values are never used); the registers are the items as the update reads them
(choices in the template's words, numbers and dates typed); the history is every goal of
every month recorded, the changes every item event. One description of each column (its
kind, its choices, what it holds) serves both the DataFrames (``frames``) and the export's
README (``export``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from xlsxwriter.utility import xl_col_to_name

from tracker.commands.update import Examined
from tracker.errors import InputError, Problem
from tracker.excel import CellValue, ErrorValue, as_text, folded, is_blank
from tracker.history.records import History, ItemEvent, canonical, canonical_label, month_end
from tracker.i18n import Lang, Msg, month_words, t
from tracker.model import Book
from tracker.progress import Progress, Status, compute
from tracker.safefile import readable
from tracker.template.spec import Column, Register, Template
from tracker.workbook.meta_sheet import FormSays

Kind = Literal["text", "number", "date", "choice"]


@dataclass(frozen=True)
class Field:
    """A column of a table: its name, the kind of its values, its choices in order (a
    ``choice``), and what it holds, in the tables' language."""

    name: str
    kind: Kind
    about: str
    choices: tuple[str, ...] = ()


Value = str | float | date | None


@dataclass(frozen=True)
class Table:
    """``name`` is the table's file name without extension: ``goals``, ``register_firms``."""

    name: str
    title: str
    fields: tuple[Field, ...]
    rows: list[tuple[Value, ...]]


@dataclass(frozen=True)
class Tables:
    """Everything an export or a DataFrame holds of one workbook."""

    path: Path
    template: Template
    lang: Lang
    as_of: date
    goals: Table
    registers: dict[str, Table]  # by register id, in the template's order
    history: Table
    changes: Table
    problems: Table
    form: FormSays | None = None  # a lead unit's form: whose, for which month, of which master

    @property
    def title(self) -> str:
        return self.template.title.get(self.lang)

    @property
    def all(self) -> list[Table]:
        """Every table, in the order an export lists them."""
        return [self.goals, *self.registers.values(), self.history, self.changes, self.problems]


def workbook_tables(
    examined: Examined, path: Path, lang: Lang | None = None, as_of: date | None = None
) -> Tables:
    """The tables of the workbook at ``path`` as ``examine_workbook`` found it, in ``lang``
    (the workbook's own by default), with its figures at ``as_of`` (the workbook's as-of
    date by default)."""
    book = examined.inspection.book
    lang = lang or book.lang
    warning = form_warning(book, path, lang)
    problems = [*([warning] if warning else []), *examined.inspection.problems]
    problems += examined.inspection.tidied
    no_date = examined.reading.as_of_problem
    if as_of is None and no_date is not None:  # no figures without their date (as status)
        problem = Msg(no_date.key, no_date.params)
        raise InputError("data.no_as_of", where=no_date.where, problem=problem)
    # The figures as status gives them: as the workbook's formulas compute them from the
    # cells as they stand (a cell the update will tidy is named in the problems); the
    # registers in normal form, as the update will write them.
    as_typed = examined.reading.book
    progress = compute(as_typed, as_of)
    # A unit's form carries the items it was sent with as a history; it records none.
    history = History() if book.form is not None else examined.history
    return Tables(
        path=path,
        template=book.template,
        lang=lang,
        as_of=progress.as_of,
        goals=goals_table(as_typed, progress, lang),
        registers={r.id: register_table(book, r, examined, lang) for r in book.template.registers},
        history=history_table(history, lang),
        changes=changes_table(history, book.template, lang),
        problems=problems_table(problems, lang),
        form=form_says(book),
    )


def form_says(book: Book) -> FormSays | None:
    """Whose form ``book`` is (unit, month, master workbook id), when it is a lead unit's
    form (made by ``tracker forms``) rather than a whole workbook."""
    form = book.form
    return FormSays(master=form.master, month=form.month, unit=form.unit) if form else None


def shown_month(key: str, lang: Lang) -> str:
    """A month key (2025-07) as people read it: 2025年7月, July 2025 (as written when it
    is no month key)."""
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", key) is None:
        return key
    return month_words(date(int(key[:4]), int(key[5:]), 1), lang)


def form_warning(book: Book, path: Path, lang: Lang) -> Problem | None:
    """The warning that the workbook at ``path`` is a lead unit's form, holding its goals
    only: its figures are not the whole workbook's. None for a whole workbook."""
    form = book.form
    if form is None:
        return None
    params = {
        "unit": form.unit,
        "month": shown_month(form.month, lang),
        "master": form.master,
        "title": book.template.title.get(lang),
        "count": len(book.template.goals),
    }
    return Problem(readable(path.name), "data.form", params, "warning")


def _field(name: str, kind: Kind, lang: Lang, about: str | None = None) -> Field:
    return Field(name, kind, t(lang, f"data.field.{about or name}"))


STATUSES = tuple(status.value for status in Status)


def goals_table(book: Book, progress: Progress, lang: Lang) -> Table:
    """A row per goal, with the figures ``status --json`` gives."""
    template = book.template
    fields = (
        _field("id", "text", lang),
        _field("name", "text", lang),
        _field("category", "text", lang),
        _field("unit", "text", lang),
        _field("target", "number", lang),
        _field("comparator", "text", lang),
        _field("baseline", "number", lang),
        _field("actual", "number", lang),
        _field("completion", "number", lang),
        _field("expected", "number", lang),
        _field("plan", "number", lang),
        _field("gap", "number", lang),
        Field("status", "choice", t(lang, "data.field.status"), STATUSES),
        _field("lead", "text", lang),
        _field("partners", "text", lang),
        _field("deadline", "date", lang),
    )
    rows: list[tuple[Value, ...]] = []
    for result in progress.goals:
        goal = result.goal
        assignment = book.assignment(goal.id)
        rows.append(
            (
                goal.id,
                goal.name.get(lang),
                template.category(goal.category).name.get(lang),
                goal.unit.get(lang),
                goal.target,
                goal.comparator,
                goal.baseline,
                result.actual,
                result.completion,
                result.expected,
                result.plan,
                result.gap,
                result.status.value,
                assignment.lead,
                assignment.partners,
                goal.deadline,
            )
        )
    return Table("goals", t(lang, "data.table.goals"), fields, rows)


def register_table(book: Book, register: Register, examined: Examined, lang: Lang) -> Table:
    """A row per item: its number, every column of the template, then the columns people
    added, headed as the sheet heads them (a blank or repeated header by its letter)."""
    item_no = Field(t(lang, "col.item_id"), "text", t(lang, "data.field.item_no"))
    fields = [item_no]
    for column in register.columns:
        header = column.name.get(lang)
        about = t(lang, "data.field.column", header=header)
        choices = tuple(choice.get(lang) for choice in column.choices)
        fields.append(Field(header, column.type, about, choices))
    places = examined.reading.places.registers.get(register.id)
    own = book.extra_columns.get(register.id, [])
    rows = book.rows(register.id)
    own_kinds = [_own_kind([_extra(row.extra, i) for row in rows]) for i in range(len(own))]
    taken = {f.name for f in fields}
    headers = {folded(f.name) for f in fields}  # alike as the reader finds a header
    for position, header in enumerate(own):
        name = header
        if not header.strip() or folded(header) in headers:
            col = places.columns.get(f"+{position}") if places is not None else None
            letter = xl_col_to_name(col) if col is not None else str(position + 1)
            name = t(lang, "data.own_column", letter=letter)
        while name in taken:  # a header people typed as the letter's name
            name += "′"
        taken.add(name)
        headers.add(folded(header))
        about = t(lang, "data.field.own_column", header=header)
        fields.append(Field(name, own_kinds[position], about))
    table_rows: list[tuple[Value, ...]] = []
    for row in rows:
        values: list[Value] = [row.item_id or None]
        for column in register.columns:
            values.append(_value(row.values.get(column.id), column, lang))
        for position, kind in enumerate(own_kinds):
            values.append(_typed(_extra(row.extra, position), kind))
        table_rows.append(tuple(values))
    name = t(lang, "data.table.register", name=register.name.get(lang))
    return Table(f"register_{register.id}", name, tuple(fields), table_rows)


def _extra(cells: list[CellValue], position: int) -> CellValue:
    return cells[position] if position < len(cells) else None


def _value(cell: CellValue, column: Column, lang: Lang) -> Value:
    """A register cell as its column's kind holds it: a choice in ``lang``'s words, a value
    the column cannot hold (a problem the checks name) as None."""
    if column.type == "choice":
        if is_blank(cell):
            return None
        word = canonical(cell, column)
        for choice in column.choices:
            if choice.zh == word:
                return choice.get(lang)
        return None
    return _typed(cell, column.type)


def _typed(cell: CellValue, kind: Kind) -> Value:
    if is_blank(cell) or isinstance(cell, ErrorValue):
        return None
    if kind == "number":
        return float(cell) if isinstance(cell, int | float) and not isinstance(cell, bool) else None
    if kind == "date":
        if isinstance(cell, datetime):
            return cell
        return cell if isinstance(cell, date) else None
    return as_text(cell)


def _own_kind(cells: list[CellValue]) -> Kind:
    """A column people added is numbers when every filled cell is one, dates when every
    one is a date, else text."""
    filled = [c for c in cells if not is_blank(c) and not isinstance(c, ErrorValue)]
    if filled and all(isinstance(c, int | float) and not isinstance(c, bool) for c in filled):
        return "number"
    if filled and all(isinstance(c, date) for c in filled):
        return "date"
    return "text"


def history_table(history: History, lang: Lang) -> Table:
    """A row per goal per month recorded, as the month recorded it."""
    fields = (
        _field("month", "text", lang),
        _field("as_of", "date", lang),
        _field("goal", "text", lang),
        _field("name", "text", lang),
        _field("unit", "text", lang),
        _field("target", "number", lang, "target_in_force"),
        _field("comparator", "text", lang),
        _field("actual", "number", lang),
        _field("expected", "number", lang),
        _field("completion", "number", lang),
        _field("plan", "number", lang),
        Field("status", "choice", t(lang, "data.field.status"), STATUSES),
        _field("lead", "text", lang),
        _field("recomputed", "text", lang),
    )
    rows: list[tuple[Value, ...]] = []
    for month in history.months:
        for r in history.goals[month]:
            rows.append(
                (
                    r.month,
                    month_end(month),
                    r.goal_id,
                    r.name,
                    r.unit,
                    r.target,
                    r.comparator,
                    r.actual,
                    r.expected,
                    r.completion,
                    r.plan,
                    r.status,
                    r.lead or None,
                    r.recomputed or None,
                )
            )
    return Table("history", t(lang, "data.table.history"), fields, rows)


def changes_table(history: History, template: Template, lang: Lang) -> Table:
    """A row per item event: every item added, removed, moved to another stage or renamed,
    month by month, never summarised; stages in ``lang``'s words, as the registers
    show them."""
    fields = (
        _field("month", "text", lang),
        _field("register", "text", lang),
        _field("item_id", "text", lang),
        _field("kind", "text", lang),
        _field("name", "text", lang, "item_name"),
        _field("before", "text", lang),
        _field("after", "text", lang),
    )
    registers = {register.id: register for register in template.registers}

    def shown(event: ItemEvent, stage: str) -> str | None:
        register = registers.get(event.register)
        if not stage or event.kind == "renamed" or register is None:
            return stage or None  # a name, or a register the template no longer has
        return canonical_label(register, template, stage, lang)

    rows: list[tuple[Value, ...]] = [
        (e.month, e.register, e.item_id, e.kind, e.name, shown(e, e.before), shown(e, e.after))
        for month in sorted(history.items)
        for e in history.items[month]
    ]
    return Table("changes", t(lang, "data.table.changes"), fields, rows)


def problems_table(problems: list[Problem], lang: Lang) -> Table:
    """A row per problem in what was entered: its code, cell, severity and message."""
    fields = (
        _field("code", "text", lang),
        _field("place", "text", lang),
        _field("severity", "text", lang),
        _field("message", "text", lang),
    )
    rows: list[tuple[Value, ...]] = [
        (p.code, p.where, p.severity, t(lang, p.key, **p.params)) for p in problems
    ]
    return Table("problems", t(lang, "data.table.problems"), fields, rows)
