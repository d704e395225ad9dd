"""The one description of a tracking workbook, shared by the writer and the reader.

Sheet names, the columns of every table and which of them are inputs, the rows goals and
months occupy, and the addresses formulas point at are all derived here from the template
and the language. The writer lays cells out by it and the reader finds them by it (by
header, so a column a user moved still reads), so the two cannot drift apart.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from xlsxwriter.utility import xl_rowcol_to_cell

from tracker.i18n import Lang, t
from tracker.model import Book
from tracker.places import Places, SheetPlaces, cell_name
from tracker.template.file import META_SHEET
from tracker.template.spec import Column, Goal, Template

Role = Literal["input", "formula", "param", "item_id"]
MAX_ROW = 1_048_575  # the last row of a sheet (0-based)


def quote_sheet(sheet: str) -> str:
    """A sheet name as a formula writes it: always quoted, quotes doubled."""
    return "'" + sheet.replace("'", "''") + "'"


def cell_ref(sheet: str, row: int, col: int) -> str:
    """An absolute reference to one cell: ``'参数'!$B$3``."""
    return f"{quote_sheet(sheet)}!{xl_rowcol_to_cell(row, col, True, True)}"


@dataclass(frozen=True)
class Field:
    """One column of a table: its key, the header people see, and who fills it."""

    key: str
    header: str
    role: Role
    width: float = 12


@dataclass(frozen=True)
class Table:
    """A sheet holding one table: a header row, then one record per row."""

    sheet: str
    fields: tuple[Field, ...]
    header_row: int = 0

    @property
    def first_row(self) -> int:
        return self.header_row + 1

    def col(self, key: str) -> int:
        return self._columns[key]

    def has(self, key: str) -> bool:
        return key in self._columns

    @functools.cached_property
    def _columns(self) -> dict[str, int]:
        return {item.key: index for index, item in enumerate(self.fields)}

    def field(self, key: str) -> Field:
        return self.fields[self.col(key)]

    def ref(self, key: str, row: int) -> str:
        """Absolute reference to the cell of ``key`` in ``row``."""
        return cell_ref(self.sheet, row, self.col(key))

    def local(self, key: str, row: int, *, absolute: bool = False) -> str:
        """Reference within the same sheet: ``D7`` (or ``$D$7``)."""
        return str(xl_rowcol_to_cell(row, self.col(key), absolute, absolute))

    def data_ref(self, key: str) -> str:
        """The column below the header to the sheet's last row, so rows people add below
        are counted too, and the header never is: ``'实验室'!$E$2:$E$1048576``."""
        return self.range_ref(key, self.first_row, MAX_ROW)

    def range_ref(self, key: str, first: int, last: int) -> str:
        col = self.col(key)
        start = xl_rowcol_to_cell(first, col, True, True)
        end = xl_rowcol_to_cell(last, col, True, True)
        return f"{quote_sheet(self.sheet)}!{start}:{end}"


@dataclass(frozen=True)
class Block:
    """Consecutive rows of the lists sheet holding one list (a choice column, a milestone)."""

    first: int
    last: int


# The parameters sheet, row by row from row 3: values the formulas use, then the words
# they show (status words in status-code order). Keys of words are their i18n keys.
PARAM_VALUES = (
    "as_of",
    "start",
    "end",
    "months",
    "months_done",
    "count_month",
    "on_track_gap",
    "behind_gap",
)
STATUS_WORDS = ("status.done", "status.on_track", "status.behind", "status.critical")
CHECK_WORDS = ("check.ok", "check.fail")
MASTER_WORDS = ("check.all_ok", "check.some_fail")
LEAD_WORDS = ("to_be_set",)
# Each group of words, with the label shown beside its first row.
WORD_GROUPS = (
    (STATUS_WORDS, "param.status_words"),
    (CHECK_WORDS, "param.check_words"),
    (MASTER_WORDS, "col.check"),
    (LEAD_WORDS, "col.lead"),
)


@dataclass(frozen=True)
class Params:
    """The parameters sheet: a title, a header, then one named value per row in column B."""

    sheet: str
    rows: tuple[str, ...] = PARAM_VALUES + tuple(k for group, _ in WORD_GROUPS for k in group)
    header_row: int = 1

    def row(self, key: str) -> int:
        return self.header_row + 1 + self.rows.index(key)

    def ref(self, key: str) -> str:
        return cell_ref(self.sheet, self.row(key), 1)

    def words(self, keys: tuple[str, ...]) -> str:
        """The cells holding a group of words, for INDEX: ``'参数'!$B$11:$B$14``."""
        first = cell_ref(self.sheet, self.row(keys[0]), 1)
        return first + ":" + str(xl_rowcol_to_cell(self.row(keys[-1]), 1, True, True))

    @property
    def status_words(self) -> str:
        return self.words(STATUS_WORDS)

    @property
    def check_words(self) -> str:
        return self.words(CHECK_WORDS)

    @property
    def master_words(self) -> str:
        return self.words(MASTER_WORDS)

    @property
    def to_be_set(self) -> str:
        """The word shown for a lead unit not yet set (待定)."""
        return self.ref("to_be_set")


@dataclass(frozen=True)
class Layout:
    """Where everything is in one workbook made from ``template`` in ``lang``."""

    template: Template
    lang: Lang
    registers: dict[str, Table]
    goals: Table
    plan: Table
    calc: Table
    completion: Table
    milestones: Table
    monthly: Table
    lists: Table
    params: Params
    checks_sheet: str
    about_sheet: str
    history_sheet: str
    changes_sheet: str
    # Written once units' returns have been collected (``Book.returns``), after the
    # changes sheet.
    returns_sheet: str
    # Written once the period is closed (``Book.closed``), after the completion sheet.
    year_end_sheet: str
    choice_blocks: dict[tuple[str, str], Block]
    stage_blocks: dict[str, Block]
    milestone_goals: tuple[Goal, ...]
    months: tuple[date, ...]
    # Every sheet name and header above, by its text key: the workbook stores them, so it
    # is read by the names it was written with, whatever later versions call them.
    names: dict[str, str]
    meta_sheet: str = META_SHEET

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {goal.id: index for index, goal in enumerate(self.template.goals)}

    @functools.cached_property
    def _milestone_positions(self) -> dict[str, int]:
        return {goal.id: index for index, goal in enumerate(self.milestone_goals)}

    @functools.cached_property
    def _month_positions(self) -> dict[date, int]:
        return {month: index for index, month in enumerate(self.months)}

    def goal_row(self, table: Table, goal: Goal) -> int:
        """The row of ``goal`` on any of the per-goal sheets (goals, plan, calc, completion)."""
        return table.first_row + self._positions[goal.id]

    def milestone_row(self, goal: Goal) -> int:
        return self.milestones.first_row + self._milestone_positions[goal.id]

    def monthly_row(self, goal: Goal, month: date) -> int:
        """Month-major: every goal for the first month, then every goal for the next."""
        goals = len(self.template.goals)
        return (
            self.monthly.first_row + self._month_positions[month] * goals + self._positions[goal.id]
        )

    @property
    def written_whole(self) -> tuple[str, ...]:
        """The sheets the tool writes whole, where people enter nothing (the as-of date on
        the parameters sheet aside): what else is typed there is a person's, and would be
        lost (``Meta.written`` records the cells the tool wrote on each)."""
        return (
            self.about_sheet,
            self.completion.sheet,
            self.history_sheet,
            self.changes_sheet,
            self.returns_sheet,
            self.year_end_sheet,
            self.plan.sheet,
            self.calc.sheet,
            self.params.sheet,
            self.lists.sheet,
            self.checks_sheet,
        )

    @property
    def sheet_order(self) -> list[str]:
        """Sheets in the order a reader meets them: guide, output, inputs, workings."""
        return [
            self.about_sheet,
            self.completion.sheet,
            self.history_sheet,
            self.changes_sheet,
            *(table.sheet for table in self.registers.values()),
            self.milestones.sheet,
            self.monthly.sheet,
            self.goals.sheet,
            self.plan.sheet,
            self.calc.sheet,
            self.params.sheet,
            self.lists.sheet,
            self.checks_sheet,
        ]


def month_label(month: date, lang: Lang) -> str:
    return f"{month.year}年{month.month}月" if lang == "zh" else month.strftime("%Y-%m")


def build_layout(template: Template, lang: Lang, names: Mapping[str, str] | None = None) -> Layout:
    """Lay out a workbook for ``template`` in ``lang``: with today's sheet names and
    headers, or with ``names`` (by text key), those a workbook was written with."""
    used: dict[str, str] = {}

    def h(key: str) -> str:
        used[key] = names[key] if names is not None and key in names else t(lang, key)
        return used[key]

    english = lang == "en"
    category_width = 12 if english else 8
    name_width = 46 if english else 32
    unit_width = 42 if english else 20  # lead and partner units

    registers = {
        register.id: Table(
            sheet=register.sheet.get(lang),
            fields=(
                Field("_id", h("col.item_id"), "item_id", 11),
                *(
                    Field(column.id, column.name.get(lang), "input", _width(column))
                    for column in register.columns
                ),
            ),
        )
        for register in template.registers
    }
    months = template.period.months
    goals = Table(
        h("sheet.goals"),
        (
            Field("id", h("col.goal_id"), "param", 18),
            Field("category", h("col.category"), "param", category_width),
            Field("name", h("col.goal"), "param", name_width),
            Field("unit", h("col.unit"), "param", 8),
            Field("target", h("col.target"), "param", 9),
            Field("comparator", h("col.comparator"), "param", 7),
            # Only where a goal is lower-is-better: the goals sheet of every other
            # template stays as it was, and so do its workbooks.
            *(
                [Field("baseline", h("col.baseline"), "param", 9)]
                if any(goal.lower for goal in template.goals)
                else []
            ),
            Field("precision", h("col.precision"), "param", 7),
            Field("deadline", h("col.deadline"), "param", 11),
            Field("kind", h("col.kind"), "param", 12),
            Field("measure", h("col.measure"), "param", 44),
            Field("date_from", h("col.date_from"), "param", 11),
            Field("date_to", h("col.date_to"), "param", 11),
            Field("lead", h("col.lead"), "input", unit_width),
            Field("partners", h("col.partners"), "input", unit_width),
            Field("source", h("col.source"), "param", 60),
        ),
    )
    plan = Table(
        h("sheet.plan"),
        (
            Field("id", h("col.goal_id"), "param", 18),
            Field("name", h("col.goal"), "param", name_width),
            Field("months", h("col.plan_months"), "formula", 9),
            Field("m0", h("col.start"), "param", 8),
            *(
                Field(f"m{i}", month_label(month, lang), "param", 9)
                for i, month in enumerate(months, start=1)
            ),
        ),
        header_row=1,  # the row above holds the number of months done under each month
    )
    calc = Table(
        h("sheet.calc"),
        (
            Field("id", h("col.goal_id"), "formula", 18),
            Field("name", h("col.goal"), "formula", 30),
            Field("raw", h("col.raw_actual"), "formula", 10),
            Field("actual", h("col.actual"), "formula", 10),
            Field("completion", h("col.completion"), "formula", 10),
            Field("plan", h("col.plan"), "formula", 10),
            Field("expected", h("col.expected"), "formula", 10),
            Field("gap", h("col.gap"), "formula", 10),
            Field("met", h("col.met"), "formula", 8),
            Field("overdue", h("col.overdue"), "formula", 8),
            Field("level", h("col.level"), "formula", 8),
            Field("code", h("col.status_code"), "formula", 8),
            Field("status", h("col.status"), "formula", 10),
        ),
    )
    completion = Table(
        h("sheet.completion"),
        (
            Field("id", h("col.goal_id"), "formula", 17),
            Field("category", h("col.category"), "formula", category_width),
            Field("name", h("col.goal"), "formula", name_width),
            Field("target", h("col.target"), "formula", 9),
            Field("unit", h("col.unit"), "formula", 8),
            Field("actual", h("col.actual"), "formula", 9),
            Field("completion", h("col.completion"), "formula", 9),
            Field("expected", h("col.expected"), "formula", 9),
            Field("plan", h("col.plan"), "formula", 9),
            Field("status", h("col.status"), "formula", 10),
            Field("lead", h("col.lead"), "formula", unit_width),
            Field("partners", h("col.partners"), "formula", unit_width),
            Field("deadline", h("col.deadline"), "formula", 11),
            Field("code", h("col.status_code"), "formula", 6),
        ),
        header_row=4,
    )
    milestone_goals = tuple(goal for goal in template.goals if goal.by_stage)
    milestones = Table(
        h("sheet.milestones"),
        (
            Field("id", h("col.goal_id"), "param", 18),
            Field("name", h("col.goal"), "param", name_width),
            Field("stages", h("col.stages"), "param", 36),
            Field("stage", h("col.current_stage"), "input", 14),
            Field("weight", h("col.weight_reached"), "formula", 9),
            Field("reached", h("col.stage_date"), "input", 12),
            Field("note", h("col.note"), "input", 40),
        ),
    )
    monthly = Table(
        h("sheet.monthly"),
        (
            Field("month", h("col.month"), "param", 10),
            Field("id", h("col.goal_id"), "param", 18),
            Field("name", h("col.goal"), "param", 28),
            Field("unit", h("col.unit"), "param", 8),
            Field("value", h("col.value"), "input", 11),
            Field("used", h("col.value_used"), "formula", 10),
            Field("progress", h("col.progress"), "input", 36),
            Field("problems", h("col.problems"), "input", 30),
            Field("next_steps", h("col.next_steps"), "input", 30),
        ),
    )
    lists = Table(
        h("sheet.lists"),
        (
            Field("list", h("col.list"), "param", 30),
            Field("order", h("col.order"), "param", 6),
            Field("option", h("col.option"), "param", 24),
            Field("weight", h("col.weight"), "param", 8),
            Field("cumulative", h("col.cumulative_weight"), "formula", 10),
            Field("items", h("col.choice_items"), "formula", 10),
        ),
    )
    choice_blocks: dict[tuple[str, str], Block] = {}
    stage_blocks: dict[str, Block] = {}
    row = lists.first_row
    for register in template.registers:
        for column in register.columns:
            if column.type == "choice":
                choice_blocks[(register.id, column.id)] = Block(row, row + len(column.choices) - 1)
                row += len(column.choices)
    for goal in milestone_goals:
        stage_blocks[goal.id] = Block(row, row + len(goal.stages) - 1)
        row += len(goal.stages)
    params = Params(sheet=h("sheet.params"))
    return Layout(
        template=template,
        lang=lang,
        registers=registers,
        goals=goals,
        plan=plan,
        calc=calc,
        completion=completion,
        milestones=milestones,
        monthly=monthly,
        lists=lists,
        params=params,
        checks_sheet=h("sheet.checks"),
        about_sheet=h("sheet.about"),
        history_sheet=h("sheet.history"),
        changes_sheet=h("sheet.changes"),
        returns_sheet=h("sheet.returns"),
        year_end_sheet=h("sheet.year_end"),
        choice_blocks=choice_blocks,
        stage_blocks=stage_blocks,
        milestone_goals=milestone_goals,
        months=months,
        names=used,
    )


def _width(column: Column) -> float:
    if column.width:
        return column.width
    return {"text": 20, "number": 12, "date": 12, "choice": 14}[column.type]


def written_places(layout: Layout, book: Book) -> Places:
    """Where the writer puts each entry of ``book`` (for a book that was never read)."""
    params = layout.params
    places = Places(as_of=cell_name(params.sheet, params.row("as_of"), 1))
    for register_id, table in layout.registers.items():
        columns = {item.key: col for col, item in enumerate(table.fields)}
        own = book.extra_columns.get(register_id, [])
        columns.update({f"+{i}": len(table.fields) + i for i in range(len(own))})
        rows = [table.first_row + i for i in range(len(book.rows(register_id)))]
        places.registers[register_id] = SheetPlaces(table.sheet, columns, rows)
    milestones = layout.milestones
    places.milestones = SheetPlaces(
        milestones.sheet,
        {item.key: col for col, item in enumerate(milestones.fields)},
        [layout.milestone_row(goal) for goal in layout.milestone_goals],
    )
    places.milestone_index = {goal.id: i for i, goal in enumerate(layout.milestone_goals)}
    monthly = layout.monthly
    order = [(goal, month) for month in layout.months for goal in layout.template.goals]
    places.monthly = SheetPlaces(
        monthly.sheet,
        {item.key: col for col, item in enumerate(monthly.fields)},
        [layout.monthly_row(goal, month) for goal, month in order],
    )
    places.monthly_index = {(goal.id, month): i for i, (goal, month) in enumerate(order)}
    return places
