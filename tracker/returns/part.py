"""A lead unit's part of the workbook, as its form will hold it, and the fingerprint the
form carries of every cell it was sent with (``merge.cell_digest``), so collecting can
tell what the unit changed from what it was given.

The part is a book of the template restricted to the unit's goals (``Template.part``:
those goals, the registers they count and the categories they are in), holding the items the
unit answers for (``units.divide``) with their numbers, the unit's monthly lines and its
milestones. It numbers nothing (a form has no update): its new items are numbered by the
master when they are collected. It knows the master's next numbers, so the numbers it
holds are read as the tool's own.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tracker.excel import folded
from tracker.history.records import History, ItemEvent, item_states, month_of
from tracker.model import FORM_FORMAT, Book, Form, MilestoneEntry, MonthlyEntry
from tracker.returns.merge import cell_digest
from tracker.returns.units import Unit
from tracker.template.spec import add_months

# The fields of a monthly line and of a milestone a fingerprint holds: named here, not
# taken from the dataclasses, so a field added to the model does not change format 1.
MONTHLY_FIELDS = ("value", "progress", "problems", "next_steps")
MILESTONE_FIELDS = ("stage", "reached", "note")


def unit_part(book: Book, unit: Unit) -> Book:
    """The unit's part of ``book``: a copy, so the form can be written without touching
    the master's book."""
    template = book.template.part(unit.goals)
    goals = set(unit.goals)
    part = Book(template=template, lang=book.lang, as_of=book.as_of, sample=book.sample)
    for register in template.registers:
        rows = book.rows(register.id)
        part.registers[register.id] = [
            copy.deepcopy(rows[index]) for index in unit.items.get(register.id, [])
        ]
        part.extra_columns[register.id] = list(book.extra_columns.get(register.id, []))
        if register.id in book.next_ids:
            part.next_ids[register.id] = book.next_ids[register.id]
        headers = book.header_extras.get(register.id)
        if headers:
            part.header_extras[register.id] = dict(headers)
    part.monthly = {
        key: dataclasses.replace(entry) for key, entry in book.monthly.items() if key[0] in goals
    }
    part.milestones = {
        goal_id: dataclasses.replace(entry)
        for goal_id, entry in book.milestones.items()
        if goal_id in goals
    }
    part.assignments = {
        goal_id: dataclasses.replace(book.assignment(goal_id)) for goal_id in unit.goals
    }
    return part


@dataclass(frozen=True)
class Fingerprint:
    """What a form was sent with, cell by cell: each digest is ``merge.cell_digest`` of
    the value in its normal form (as the update would tidy it; empty for an empty cell),
    so collecting compares the answer with the master brought to normal form the same
    way. ``form`` tells one making of a unit's form from another (made again, its
    fingerprint differs), ``made`` says when."""

    master: str  # the master workbook's id
    month: str  # 2025-07: the month the form reports
    unit: str  # the unit's name, as the goals sheet gives it
    form: str = ""  # this form's own id
    made: str = ""  # when it was made, ISO 8601
    # register → item number → [name, stage] as sent (the stage as history keeps it, in
    # Chinese): a number that moved to another row (a sort of some columns only), cleared
    # or typed in is told by them, as the update tells it from the history
    states: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # register → item number → column id → digest; the cells of columns people added
    # by their place among them, "+0", "+1" … (``RegisterRow.extras`` keys them so too)
    items: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    # register → the headers of the columns people added, in order
    own_columns: dict[str, list[str]] = field(default_factory=dict)
    # goal → field (value, progress, problems, next_steps) → digest, for ``month``
    monthly: dict[str, dict[str, str]] = field(default_factory=dict)
    # goal → field (stage, reached, note) → digest
    milestones: dict[str, dict[str, str]] = field(default_factory=dict)
    # goal → what the form shows of it but does not report, locked → digest: the lines of
    # other months ("2025-06|progress", by ``MONTHLY_FIELDS``; none for an empty one) and
    # its lead and partner units as compared (``folded``: "lead", "partners"), so
    # collecting tells what the unit changed there from what the office changed since
    outside: dict[str, dict[str, str]] = field(default_factory=dict)


def fingerprint(
    part: Book, master_id: str, month: date, unit: str, form_id: str = "", made: str = ""
) -> Fingerprint:
    """The fingerprint of the part a form is sent with, for the month it reports."""
    items = {
        register.id: {
            row.item_id: {
                **{c.id: cell_digest(row.values.get(c.id)) for c in register.columns},
                **{f"+{place}": cell_digest(value) for place, value in enumerate(row.extra)},
            }
            for row in part.rows(register.id)
            if row.item_id
        }
        for register in part.template.registers
    }
    own_columns = {
        register.id: list(part.extra_columns.get(register.id, []))
        for register in part.template.registers
    }
    # Every goal has its line on the monthly sheet (its notes; a figure if reported).
    monthly = {
        goal.id: _digests(part.entry(goal.id, month), MONTHLY_FIELDS)
        for goal in part.template.goals
    }
    milestones = {
        goal.id: _digests(part.milestone(goal.id), MILESTONE_FIELDS)
        for goal in part.template.goals
        if goal.by_stage
    }
    states: dict[str, dict[str, list[str]]] = {
        register.id: {} for register in part.template.registers
    }
    for (register_id, item_id), state in item_states(part).items():
        states[register_id][item_id] = [state.name, state.stage]
    key = f"{month.year}-{month.month:02d}"
    return Fingerprint(
        master_id,
        key,
        unit,
        form_id,
        made,
        states,
        items,
        own_columns,
        monthly,
        milestones,
        outside_digests(part, month),
    )


def outside_key(month: date, name_of_field: str) -> str:
    """The key of another month's field of a goal in ``Fingerprint.outside``."""
    return f"{month.year}-{month.month:02d}|{name_of_field}"


def outside_digests(part: Book, month: date) -> dict[str, dict[str, str]]:
    """What ``part`` shows of each goal besides ``month``'s line (``Fingerprint.outside``)."""
    outside: dict[str, dict[str, str]] = {goal.id: {} for goal in part.template.goals}
    for (goal_id, when), entry in part.monthly.items():
        if when == month or goal_id not in outside:
            continue
        for name_of_field in MONTHLY_FIELDS:
            digest = cell_digest(getattr(entry, name_of_field))
            if digest:
                outside[goal_id][outside_key(when, name_of_field)] = digest
    for goal_id, assignment in part.assignments.items():
        if goal_id in outside:
            outside[goal_id]["lead"] = cell_digest(folded(assignment.lead))
            outside[goal_id]["partners"] = cell_digest(folded(assignment.partners))
    return outside


def _digests(entry: MonthlyEntry | MilestoneEntry, names: tuple[str, ...]) -> dict[str, str]:
    return {name: cell_digest(getattr(entry, name)) for name in names}


def encoded(sent: Fingerprint) -> str:
    """The fingerprint as the form keeps it: JSON, its format first."""
    return json.dumps(
        {"format": FORM_FORMAT, **dataclasses.asdict(sent)},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def form_book(
    book: Book,
    unit: Unit,
    month: date,
    due: date,
    contact: str = "",
    made: datetime | None = None,
) -> Book:
    """The book of ``unit``'s form for ``month``: its part, as of the month's last day
    (the unit sees its figures for the month it reports), saying what it is and carrying
    the fingerprint of every cell it is sent with."""
    part = unit_part(book, unit)
    part.as_of = add_months(month, 1) - timedelta(days=1)
    made_at = (made or datetime.now()).isoformat(timespec="seconds")
    sent = fingerprint(part, book.workbook_id, month, unit.name, uuid.uuid4().hex, made_at)
    part.form = Form(
        master=book.workbook_id,
        month=sent.month,
        unit=unit.name,
        due=due,
        goals=tuple(unit.goals),
        contact=contact,
        fingerprint=encoded(sent),
    )
    return part


SENT = "0000-00"  # the month the items a form was sent with are recorded under


def sent_history(form: Form) -> History:
    """The items a form was sent with, as a history of one month before any other, so
    its item numbers are checked as the update checks a master's: a number cleared,
    moved to another row or typed in is told (the fingerprint is read by ``fits``)."""
    states = form.carried.get("states", {})
    events = [
        ItemEvent(SENT, register_id, item_id, "added", name, "", stage)
        for register_id, items in states.items()
        for item_id, (name, stage) in items.items()
    ]
    history = History()
    history.record(SENT, [], events)
    return history


ANSWERED = ("states", "items", "own_columns", "monthly", "milestones")  # what a unit fills


@dataclass(frozen=True)
class FormAnswer:
    """What a form holds now: whether it differs from what it was sent with (filled in,
    it is the unit's answer), and a digest of it, new rows too, so the same answer
    collected again is told."""

    filled: bool
    digest: str
    # The answer itself: each cell's digest as the fingerprint holds it, and the new rows
    # (each cell's digest, by column) by register with the column of their key (a name),
    # to tell what one answer holds that another lacks.
    held: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    new_rows: dict[str, tuple[str, list[dict[str, str]]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def lacking(self, other: FormAnswer, sent: dict[str, object]) -> int:
        """How many of this answer's changes ``other`` (an answer to the same form) lacks:
        cells this one changed from how they were sent that ``other`` left as sent, and
        new rows whose key ``other`` holds in no new row."""
        cells = sum(
            1
            for path, mine in _leaves(self.held)
            if mine != _at(sent, path) and _at(other.held, path) == _at(sent, path)
        )
        return cells + self.rows_lacking(other)

    def rows_lacking(self, other: FormAnswer) -> int:
        """How many of this answer's new rows ``other`` holds in no new row."""
        return sum(
            1
            for register_id, (key, mine_rows) in self.new_rows.items()
            for row in mine_rows
            if not any(
                _same_row(row, theirs, key)
                for theirs in other.new_rows.get(register_id, ("", []))[1]
            )
        )


def _same_row(one: dict[str, str], other: dict[str, str], key: str) -> bool:
    """Whether ``other`` is the new row ``one`` (in another answer): of the same key, or,
    renamed, holding every other cell ``one`` filled as it does."""
    if one.get(key) == other.get(key):
        return True
    filled = {column: digest for column, digest in one.items() if column != key and digest}
    return bool(filled) and all(other.get(column) == digest for column, digest in filled.items())


def _leaves(tree: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    """Each value of nested dicts, with the keys leading to it."""
    if not isinstance(tree, dict):
        return [(path, tree)]
    return [leaf for key, value in tree.items() for leaf in _leaves(value, (*path, key))]


def _at(tree: object, path: tuple[str, ...]) -> object:
    """The value of nested dicts at ``path``, or None."""
    for key in path:
        if not isinstance(tree, dict):
            return None
        tree = tree.get(key)
    return tree


def answer_of(form: Book) -> FormAnswer:
    """``form``'s answer (a unit's form as read)."""
    sent = form.form
    assert sent is not None
    now = fingerprint(form, sent.master, month_of(sent.month), sent.unit)
    held = {key: getattr(now, key) for key in ANSWERED}  # plain dicts and lists: no copy
    added = {
        register.id: [
            {
                **{c.id: cell_digest(row.values.get(c.id)) for c in register.columns},
                **{f"+{place}": cell_digest(value) for place, value in enumerate(row.extra)},
            }
            for row in form.rows(register.id)
            if not row.item_id
        ]
        for register in form.template.registers
    }
    added = {key: rows for key, rows in added.items() if rows}
    carried = sent.carried
    filled = bool(added) or any(carried.get(key) != value for key, value in held.items())
    text = json.dumps([held, added], ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    new_rows = {
        register.id: (register.key.id, added[register.id])
        for register in form.template.registers
        if register.id in added
    }
    return FormAnswer(filled, digest, held, new_rows)


def answered(form: Book) -> bool:
    """Whether ``form`` (a unit's form as read) holds anything other than what it was sent
    with: filled in, it is an answer, never to be replaced by a new form."""
    return form.form is not None and answer_of(form).filled
