"""What people entered in a workbook: the input side of the core.

Values are kept as the workbook holds them, in the workbook's language (a stage reads
``已揭牌`` in a Chinese workbook and ``Unveiled`` in an English one), because that is what
the workbook's own formulas compare against. ``Book`` is what the reader produces and
what the writer writes; ``progress`` computes from it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker import jsontext
from tracker.excel import CellValue
from tracker.i18n import Lang, joined
from tracker.template.spec import Template

# Dates outside this range are taken for typing mistakes (validation and checks share it).
PLAUSIBLE_DATES = (date(1990, 1, 1), date(2100, 12, 31))


@dataclass(frozen=True)
class CellExtras:
    """What a register cell carries besides its value, kept through the update: a comment
    (批注) and its author, a hyperlink (as xlsxwriter's ``write_url`` takes it:
    ``https://…``, ``mailto:…``, ``internal:Sheet!A1``, ``external:file.pdf``), and a number
    format a person gave it (a format code, or the number of a format the locale defines)."""

    comment: str = ""
    author: str = ""
    link: str = ""
    number_format: str | int | None = None


@dataclass
class RegisterRow:
    """One item of a register. ``item_id`` is the 编号 ('' until the tool assigns one);
    ``extra`` holds the cells of columns people added, in the order of the book's
    ``extra_columns`` for the register; ``extras`` what cells carry besides their value,
    by column id (``_id`` for the 编号, ``+0`` for the first column people added)."""

    item_id: str
    values: dict[str, CellValue]
    extra: list[CellValue] = field(default_factory=list)
    extras: dict[str, CellExtras] = field(default_factory=dict)


@dataclass
class MilestoneEntry:
    """The current stage of one milestone goal, as picked from its list."""

    stage: CellValue = None
    reached: CellValue = None
    note: str = ""


@dataclass
class MonthlyEntry:
    """One goal's line for one month: the cumulative figure and the progress notes."""

    value: CellValue = None
    progress: str = ""
    problems: str = ""
    next_steps: str = ""


@dataclass
class Assignment:
    """Who answers for a goal (牵头单位) and who helps (配合单位)."""

    lead: str = ""
    partners: str = ""


FORM_FORMAT = "tracker-form/1"  # the fingerprint's format, its first key


@dataclass(frozen=True)
class Form:
    """What a lead unit's form (填报表) says of itself: the master workbook it was made
    from, the month it reports, the unit, when it is due, the goals it holds, whom to
    ask, and the fingerprint of every cell it was sent with (``returns.part``, as JSON text, kept as
    it was written)."""

    master: str
    month: str  # 2025-07
    unit: str
    due: date
    goals: tuple[str, ...]
    contact: str = ""  # whom to ask, as the office wrote it ("" for the office that sent it)
    fingerprint: str = field(default="", repr=False)

    @functools.cached_property
    def carried(self) -> dict[str, Any]:
        """The fingerprint, read once: what the form was sent with (``returns.part``);
        for reading only."""
        data = jsontext.loads(self.fingerprint) if self.fingerprint else {}
        return data if isinstance(data, dict) else {}


RETURNS_FORMAT = "tracker-returns/1"  # the returns record's format, its first key


MERGED_KINDS = ("changed", "added")  # the lines of a return that went into the master


@dataclass(frozen=True)
class ReturnLine:
    """One thing a unit's return did to the master, as people read it, in the workbook's
    language: ``kind`` is ``changed`` (``old`` → ``new``), ``added`` (an item, ``new``
    its number), ``deleted`` (an item the unit left out: flagged, never deleted),
    ``conflict`` (``old`` the master's value, ``new`` the unit's; nothing merged),
    ``duplicate`` (a new item already in the master or in another unit's return, ``old``
    naming it; not added), ``unsent`` (a column the form was not sent with; not
    merged), ``outside`` (a cell outside the month the unit changed, ``old`` the
    master's value; not merged), ``no_column`` (a cell the unit changed in a column
    the master no longer has, ``new`` its value; not merged) or ``typed_over`` (a value
    typed over a formula cell, ``column`` the cell, ``new`` the value; not merged)."""

    kind: str
    sheet: str
    item: str  # the item's number or the goal's id
    name: str  # the item's or the goal's name
    column: str = ""  # the header
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class ReturnRecord:
    """One return file as collecting took it: merged (``rejected`` empty) or rejected,
    saying why, with each problem found in it. ``answer`` tells one answer from another
    (collected again, the same answer changes nothing). So that the same form sent again
    is read against what the unit last said, not what it was first sent with:
    ``answered`` keeps the digest of every cell the unit's answer changed (keys
    ``i|register|number|column``, ``m|goal|field``, ``s|goal|field``, in the form's
    terms), and ``added`` the items it added, register → number → the digest of each cell
    and ``_keys``, what tells the item from others (its name and 统一社会信用代码, as
    compared), so a corrected row updates its item instead of adding it twice."""

    unit: str
    file: str
    form: str = ""  # the form's own id (its fingerprint's); "" when not known
    answer: str = ""  # a digest of what it held
    received: str = ""  # when the unit saved it, ISO 8601
    collected: str = ""  # when it was collected, ISO 8601
    rejected: str = ""  # why it was rejected, in the workbook's language
    lines: tuple[ReturnLine, ...] = ()
    added: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    answered: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # a rejected return's problems, each with its cell


@dataclass
class MonthReturns:
    """A month's returns: the units that were due to send one (those with a form when
    it was last collected), by when, and every file collected for it, oldest first."""

    units: list[str] = field(default_factory=list)
    due: date | None = None
    records: list[ReturnRecord] = field(default_factory=list)

    def all_units(self) -> list[str]:
        """The units due to return, then any other unit whose return was collected."""
        return self.units + sorted({r.unit for r in self.records} - set(self.units))

    def latest(self, unit: str) -> ReturnRecord | None:
        """The unit's last merged return, or its last rejected one if none was merged."""
        mine = [r for r in self.records if r.unit == unit]
        merged = [r for r in mine if not r.rejected]
        chosen = merged or mine
        return chosen[-1] if chosen else None

    def refusal(self, unit: str) -> str:
        """Why the unit's last file was rejected, a problem a line; "" when its last file
        was merged (a later one rejected is said even when an earlier one was merged)."""
        mine = [r for r in self.records if r.unit == unit]
        if not mine or not mine[-1].rejected:
            return ""
        return "\n".join([mine[-1].rejected, *mine[-1].problems])

    def standing(self, unit: str) -> str:
        """``on_time``, ``late`` (saved after the due day), ``rejected`` or ``missing``."""
        record = self.latest(unit)
        if record is None:
            return "missing"
        if record.rejected:
            return "rejected"
        saved = record.received[:10] or record.collected[:10]
        return "late" if self.due is not None and saved > self.due.isoformat() else "on_time"


@dataclass(frozen=True)
class Origin:
    """Where a workbook started from another one (``tracker init --carry-over``): that
    workbook's file name, its id and template, the month its final figures are from,
    whether it had been closed then, and those figures by goal id (上年完成), for the goals
    both templates share."""

    file: str
    workbook_id: str
    template_id: str
    month: str  # 2025-12
    closed: bool
    finals: dict[str, float] = field(default_factory=dict)


@dataclass
class Book:
    """Everything entered in one workbook, with the template it was made from."""

    template: Template
    lang: Lang
    as_of: date
    registers: dict[str, list[RegisterRow]] = field(default_factory=dict)
    extra_columns: dict[str, list[str]] = field(default_factory=dict)  # headers people added
    # Comments and links on the headers of the columns people added, by register and key.
    header_extras: dict[str, dict[str, CellExtras]] = field(default_factory=dict)
    milestones: dict[str, MilestoneEntry] = field(default_factory=dict)
    monthly: dict[tuple[str, date], MonthlyEntry] = field(default_factory=dict)
    assignments: dict[str, Assignment] = field(default_factory=dict)
    sample: bool = False
    # The next item number of each register: numbers are never given twice, even after an
    # item is deleted.
    next_ids: dict[str, int] = field(default_factory=dict)
    # Given at the first monthly update; report folders' snapshots are stamped with it, so
    # two workbooks sharing a folder never take each other's history.
    workbook_id: str = ""
    form: Form | None = None  # a lead unit's form, not a master: its part, and what it is
    # The units' returns collected into a master, by month (2025-07).
    returns: dict[str, MonthReturns] = field(default_factory=dict)
    # The month the period was closed in (``tracker close``: its year-end assessment made,
    # later updates refused unless forced); "" while it is open.
    closed: str = ""
    origin: Origin | None = None  # the workbook this one was carried over from

    def rows(self, register_id: str) -> list[RegisterRow]:
        return self.registers.get(register_id, [])

    def milestone(self, goal_id: str) -> MilestoneEntry:
        return self.milestones.get(goal_id, MilestoneEntry())

    def entry(self, goal_id: str, month: date) -> MonthlyEntry:
        return self.monthly.get((goal_id, month), MonthlyEntry())

    def assignment(self, goal_id: str) -> Assignment:
        """The workbook's assignment, or the template's lead unit when none was entered."""
        if goal_id in self.assignments:
            return self.assignments[goal_id]
        goal = self.template.goal(goal_id)
        return Assignment(goal.lead, joined(self.lang, goal.partners))


def new_book(template: Template, lang: Lang, as_of: date) -> Book:
    """An empty book: no items, no figures, lead units as the template sets them."""
    return Book(template=template, lang=lang, as_of=as_of)
