"""Checks of what people entered, and its normal form, in one pass.

Every problem is found in one run, each with its cell, what is wrong and what is allowed.
Errors (a value that is no choice, a date that is no date, a duplicate, a wrong check
character) block the monthly update; warnings (a cumulative figure lower than last month's
with no note, control characters dropped) are reported and let it go on. Alongside, every
cell is brought to its normal form (``normal_form``), and each cell that changes is listed,
so ``status`` can say the workbook still holds cells the update will tidy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from tracker.errors import Problem, shown
from tracker.excel import CellValue, ErrorValue, folded, from_serial, is_blank, number
from tracker.i18n import Lang, joined
from tracker.inputs import normal_form, rules
from tracker.model import (
    Assignment,
    Book,
    CellExtras,
    MilestoneEntry,
    MonthlyEntry,
    RegisterRow,
)
from tracker.places import Places
from tracker.progress import dated_past
from tracker.template.spec import Column, Goal, Label, Register

NOTE_FIELDS = ("progress", "problems", "next_steps")


@dataclass(frozen=True)
class Tidy:
    """A cell whose normal form differs from what was typed."""

    where: str
    before: CellValue
    after: CellValue


@dataclass
class Inspection:
    """The book in normal form, the problems found, and the cells that were tidied."""

    book: Book
    problems: list[Problem] = field(default_factory=list)
    changes: list[Tidy] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def tidied(self) -> list[Problem]:
        """A warning for each cell the update will bring to its normal form: until then
        the workbook's formulas, and the figures computed as they compute, read it as it
        was typed (a number typed as text counts for nothing)."""
        return [
            Problem(
                tidy.where,
                "input.tidied",
                {"before": shown(tidy.before), "after": shown(tidy.after)},
                "warning",
            )
            for tidy in self.changes
        ]


def inspect(book: Book, places: Places) -> Inspection:
    """Check everything ``book`` holds and bring it to normal form."""
    normal = replace(
        book,
        registers={},
        extra_columns={},
        milestones=dict(book.milestones),
        monthly=dict(book.monthly),
        assignments=dict(book.assignments),
    )
    result = Inspection(normal)
    for register in book.template.registers:
        normal.registers[register.id] = list(_register(book, register, places, result))
        normal.extra_columns[register.id] = _own_headers(book, register.id, places, result)
    _dated_past(normal, places, result)
    _milestones(book, places, result)
    _monthly(book, places, result)
    _assignments(book, places, result)
    return result


def _dated_past(book: Book, places: Places, result: Inspection) -> None:
    """A warning on each date that alone keeps an item out of a goal's count, being after
    the last day the goal counts (once a cell, for the first such goal)."""
    lang, told = book.lang, set()
    for goal in book.template.goals:
        for index, condition in dated_past(goal, book):
            assert goal.in_register is not None
            register = book.template.register(goal.in_register.register)
            where = places.register(register.id, index, condition.column)
            if where in told:
                continue
            told.add(where)
            value = book.rows(register.id)[index].values.get(condition.column)
            day = from_serial(number(value) or 0).isoformat()
            column = register.column(condition.column).name.get(lang)
            goal_name, end = goal.name.get(lang), str(condition.end)
            _warning(
                result, where, "date_past_count", column=column, value=day, goal=goal_name, end=end
            )


def _problem(result: Inspection, where: str, code: str, **params: object) -> None:
    result.problems.append(Problem(where, "input." + code, params))


def _warning(result: Inspection, where: str, code: str, **params: object) -> None:
    result.problems.append(Problem(where, "input." + code, params, severity="warning"))


Place = Callable[[], str]  # a cell's name, made only when a problem needs it


def _normal(
    result: Inspection,
    where: Place,
    normalise: Callable[[CellValue], normal_form.Result],
    column: Column,
    value: CellValue,
    lang: Lang,
) -> CellValue:
    """One cell's normal form; records a problem when it has none, a change when it moved."""
    checked = normalise(value)
    if checked.value is not None and (checked.problem or checked.warning or checked.value != value):
        _record(result, where, checked, column, value, lang)
    return checked.value


def _record(
    result: Inspection,
    where: Place,
    checked: normal_form.Result,
    column: Column,
    value: CellValue,
    lang: Lang,
) -> None:
    """A cell whose normal form differs from what was typed: a problem when it has none,
    a warning when something was dropped, and the change itself."""
    if checked.problem is not None:
        allowed = joined(lang, [choice.get(lang) for choice in column.choices])
        name = column.name.get(lang)
        params = {"column": name, "value": shown(value), "allowed": allowed, **checked.params}
        _problem(result, where(), checked.problem, **params)
        return
    if checked.warning is not None:
        _warning(result, where(), checked.warning, column=column.name.get(lang))
    if checked.value != value:
        result.changes.append(Tidy(where(), value, checked.value))


def _register(
    book: Book, register: Register, places: Places, result: Inspection
) -> Iterator[RegisterRow]:
    lang = book.lang
    firsts: dict[tuple[str, str], Place] = {}  # (column, comparable value) → first place
    columns = [
        (
            column,
            normal_form.normaliser(column, lang),
            rules.checks_of(column, rules.Stage.EMPTY),  # made on an empty cell
            rules.checks_of(column, rules.Stage.VALUE),  # made on the normal form
            column.unique or column.check == "uscc",  # duplicates to find
        )
        for column in register.columns
    ]
    for index, row in enumerate(book.rows(register.id)):

        def where(column_id: str, index: int = index) -> Place:
            return lambda: places.register(register.id, index, column_id)

        values: dict[str, CellValue] = {}
        for column, normalise, empties, bounds, unique in columns:
            value = row.values.get(column.id)
            checked = normalise(value)
            normal = checked.value
            # A number or date a person formatted in a text column stays as it is, but is
            # checked as the text it reads as (an 18-digit code formatted "0" is no code).
            kept = column.type == "text" and _shown_by_format(value, row, column.id)
            values[column.id] = value if kept else normal
            if normal is None:
                if empties:
                    _apply(result, where(column.id), column, empties, None, value, lang)
                continue
            if not kept and (checked.problem or checked.warning or normal != value):
                _record(result, where(column.id), checked, column, value, lang)
                if checked.problem:
                    continue
            if bounds:
                _apply(result, where(column.id), column, bounds, normal, value, lang)
            if unique:
                _unique(result, firsts, where(column.id), column, normal, lang)
        item_id = normal_form.item_id(row.item_id)
        if item_id != row.item_id:
            result.changes.append(Tidy(where("_id")(), row.item_id, item_id))
        if item_id:
            _unique(result, firsts, where("_id"), None, item_id, lang)
        extra = [
            _own(result, where(f"+{position}"), value) for position, value in enumerate(row.extra)
        ]
        extras = row.extras
        if extras:
            extras = _links_on_text(result, where, extras, item_id, values, extra)
        yield RegisterRow(item_id, values, extra, extras)


def _shown_by_format(value: CellValue, row: RegisterRow, key: str) -> bool:
    """Whether a value in a text column is a number or date shown by a format of the
    person's own (0.35 as 35%): turned into text, it would read otherwise."""
    if value is None or isinstance(value, str) or not row.extras:
        return False
    cell = row.extras.get(key)
    return cell is not None and cell.number_format is not None


def _links_on_text(
    result: Inspection,
    where: Callable[[str], Place],
    extras: dict[str, CellExtras],
    item_id: str,
    values: dict[str, CellValue],
    extra: list[CellValue],
) -> dict[str, CellExtras]:
    """A hyperlink stays on text only: one on a cell whose normal form is a date or a
    number (a date typed as text, with a link) cannot be written back, and is said so."""
    kept = {}
    for key, cell in extras.items():
        if key == "_id":
            value: CellValue = item_id
        elif key.startswith("+"):
            value = extra[int(key[1:])] if int(key[1:]) < len(extra) else None
        else:
            value = values.get(key)
        if cell.link and not isinstance(value, str):
            _warning(result, where(key)(), "link_not_kept")
            cell = dataclasses.replace(cell, link="")
        if cell != CellExtras():
            kept[key] = cell
    return kept


def _fixed(where: str) -> Place:
    return lambda: where


def _blank(value: CellValue) -> bool:
    return is_blank(value) or (isinstance(value, str) and not value.strip())


def _apply(
    result: Inspection,
    where: Place,
    column: Column,
    checks: tuple[rules.ColumnCheck, ...],
    value: CellValue,
    typed: CellValue,
    lang: Lang,
) -> None:
    """``checks`` of ``inputs.rules`` on a cell: its normal form ``value`` (None when
    empty), and the value as ``typed``; each one broken is a problem."""
    for check in checks:
        if check.breaks(column, value, typed, lang):
            params = {"column": column.name.get(lang), **check.params(column, value, typed)}
            _problem(result, where(), check.code, **params)


def _comparable(value: CellValue) -> str:
    """A value as duplicates are compared (``excel.folded``)."""
    return folded(value if isinstance(value, str) else shown(value))


def _unique(
    result: Inspection,
    firsts: dict[tuple[str, str], Place],
    where: Place,
    column: Column | None,
    value: CellValue,
    lang: Lang,
) -> None:
    key = (column.id if column else "_id", _comparable(value))
    if key in firsts:
        code = "duplicate" if column else "duplicate_item_id"
        name = column.name.get(lang) if column else ""
        _problem(result, where(), code, column=name, value=shown(value), first=firsts[key]())
    else:
        firsts[key] = where


def _own_headers(book: Book, register_id: str, places: Places, result: Inspection) -> list[str]:
    """The headers of the columns people added, checked as free text."""
    where = places.registers.get(register_id)
    headers = []
    for position, header in enumerate(book.extra_columns.get(register_id, [])):
        place = where.header(f"+{position}") if where else register_id
        headers.append(_note(result, place, header))
    return headers


def _assignments(book: Book, places: Places, result: Inspection) -> None:
    """牵头单位 and 配合单位 on the goals sheet: free text, checked as such."""
    for goal_id, assignment in book.assignments.items():
        if goal_id not in places.goal_index:
            continue
        lead = _note(result, places.goal(goal_id, "lead"), assignment.lead)
        partners = _note(result, places.goal(goal_id, "partners"), assignment.partners)
        result.book.assignments[goal_id] = Assignment(lead, partners)


def _own(result: Inspection, where: Place, value: CellValue) -> CellValue:
    """A cell of a column people added: free text, kept as typed but for control
    characters; any other value as it is."""
    if not isinstance(value, str):
        return value
    checked = normal_form.text(value)
    if checked.problem is not None:
        _problem(result, where(), checked.problem, column="", value="", **checked.params)
        return value
    if checked.warning is not None:
        _warning(result, where(), checked.warning, column="")
        result.changes.append(Tidy(where(), value, checked.value))
    return checked.value


REACHED_COLUMN = Column("reached", Label("达到日期", "Date reached"), "date")


def _milestones(book: Book, places: Places, result: Inspection) -> None:
    lang = book.lang
    reached_form = normal_form.normaliser(REACHED_COLUMN, lang)
    for goal_id, entry in book.milestones.items():
        if goal_id not in places.milestone_index:
            continue  # a row the template no longer has
        goal = book.template.goal(goal_id)
        stages = _stage_column(goal)
        stage = entry.stage
        if not _blank(stage):
            here = places.milestone(goal_id, "stage")
            checked = normal_form.choice(stage, stages, lang)
            if checked.problem is not None:
                allowed = joined(lang, [s.get(lang) for s in stages.choices])
                _problem(result, here, "not_stage", value=shown(stage), allowed=allowed)
            else:
                if checked.value != stage:
                    result.changes.append(Tidy(here, stage, checked.value))
                stage = checked.value
        reached = entry.reached
        if not _blank(reached):
            here = places.milestone(goal_id, "reached")
            reached = _normal(result, _fixed(here), reached_form, REACHED_COLUMN, reached, lang)
        note = _note(result, places.milestone(goal_id, "note"), entry.note)
        entry = MilestoneEntry(stage, reached, note)
        if entry == MilestoneEntry():  # all it held was tidied away
            result.book.milestones.pop(goal_id, None)
        else:
            result.book.milestones[goal_id] = entry


def _stage_column(goal: Goal) -> Column:
    choices = tuple(stage.name for stage in goal.stages)
    return Column("stage", Label("阶段", "Stage"), "choice", choices=choices)


def _note(result: Inspection, where: str, text: str) -> str:
    checked = normal_form.text(text)
    if checked.problem is not None:
        _problem(result, where, checked.problem, **checked.params)
        return text
    if checked.warning is not None:
        _warning(result, where, checked.warning, column="")
    return str(checked.value) if checked.value is not None else ""


def _monthly(book: Book, places: Places, result: Inspection) -> None:
    lang = book.lang
    value_column = rules.MONTHLY_VALUE
    number_form = normal_form.normaliser(value_column, lang)
    bounds = rules.checks_of(value_column, rules.Stage.VALUE)
    months = book.template.period.months
    for goal in book.template.goals:
        # A goal in percent reads 92% as 92; a figure left blank is blank either way.
        figure_form = normal_form.in_points if goal.in_percent else number_form
        previous: tuple[date, float] | None = None
        for month in months:
            entry = book.monthly.get((goal.id, month))
            if entry is None or (goal.id, month) not in places.monthly_index:
                continue
            value = entry.value
            typed_text = isinstance(value, str) and not isinstance(value, ErrorValue)
            if typed_text and not _blank(value) and not goal.reported:
                # Text is kept as typed and named as unused; a number, date or time is
                # checked as a figure first (it is written back in the figures' format).
                here = places.month(goal.id, month, "value")
                _warning(result, here, "value_not_used", value=shown(value))
            elif not _blank(value):
                here = places.month(goal.id, month, "value")
                value = _normal(result, _fixed(here), figure_form, value_column, value, lang)
                if isinstance(value, float):  # a number: its normal form found no problem
                    _apply(result, _fixed(here), value_column, bounds, value, value, lang)
                if not goal.reported:
                    _warning(result, here, "value_not_used", value=shown(value))
                if isinstance(value, float):
                    explained = entry.progress.strip() or entry.problems.strip()
                    # A cumulative figure that falls is told; a lower-is-better one
                    # (PUE, days) is meant to fall, and is not cumulative.
                    fell = previous is not None and value < previous[1] and not goal.lower
                    if previous is not None and fell and not explained:
                        _warning(
                            result,
                            here,
                            "decreasing",
                            value=shown(value),
                            previous=shown(previous[1]),
                            month=f"{previous[0].year}-{previous[0].month:02d}",
                        )
                    previous = (month, value)
            notes = {
                key: _note(result, places.month(goal.id, month, key), getattr(entry, key))
                for key in NOTE_FIELDS
            }
            line = MonthlyEntry(value, **notes)
            if line == MonthlyEntry():  # all it held was tidied away
                result.book.monthly.pop((goal.id, month), None)
            else:
                result.book.monthly[(goal.id, month)] = line
