"""Merging the units' returns into the master (``docs/returns.md``): pure, a book in and a
book out.

Every cell a form was sent with is compared three ways (``merge``): as sent (the
fingerprint's digest), as the master holds it now and as the unit returned it, and the
answers of every unit on one cell are settled together: a cell one unit changed is taken;
changed by the office meanwhile too, or by two units differently, it is a conflict, left
for a person with every value listed. An item the unit left out is flagged, never
deleted. A row the unit added below its items is a new item, numbered by the master;
one that is already in the master, or that another unit's return adds too (the same name
or 统一社会信用代码, compared as duplicates are), is not added but listed. A cell of a
column the unit added is not merged: the column is listed. A column the form was sent
with is merged where the master has it now (a template revised since may have made it
the office's own column, or the reverse: found by its header); a cell the unit changed in
a column the master no longer has is listed with its value, never dropped unsaid.

Each return's record says what it did, line by line (``ReturnLine``), and keeps the
items it added, so the same form sent again updates them instead of adding them twice.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.errors import Problem
from tracker.excel import CellValue, as_text, folded, is_blank
from tracker.history.records import History, month_key
from tracker.i18n import Lang, joined, t
from tracker.inputs.item_numbers import number_new_items
from tracker.model import (
    Book,
    CellExtras,
    Form,
    MilestoneEntry,
    MonthlyEntry,
    RegisterRow,
    ReturnLine,
    ReturnRecord,
)
from tracker.places import Places
from tracker.returns.merge import Answer, Verdict, cell_digest, compare, settle
from tracker.returns.part import MILESTONE_FIELDS, MONTHLY_FIELDS, outside_key
from tracker.template.spec import Register

# The headers of the monthly and milestone fields a return can change, by field.
FIELD_HEADERS = {
    "monthly": {
        "value": "col.value",
        "progress": "col.progress",
        "problems": "col.problems",
        "next_steps": "col.next_steps",
    },
    "milestone": {"stage": "col.current_stage", "reached": "col.stage_date", "note": "col.note"},
}

# How many cells an earlier answer changed, all of them as sent in a later return that
# changes others, tell a return filled in on a fresh copy (one could be a note moved).
FRESH_COPY_CELLS = 2

# A cell of the master: ("item", register, item number, column id or "+k" for the
# master's k-th own column), ("monthly", goal, field) or ("milestone", goal, field).
Key = tuple[str, str, str, str]
Place = tuple[str, str, str, str]  # sheet, item, name, column, as people read them


@dataclass(frozen=True)
class Returned:
    """A unit's return as read, checked and brought to normal form: its book (a form),
    its file's name, a digest of what it holds, when the unit saved it, and what it
    typed over formula cells."""

    book: Book
    file: str
    answer: str
    received: str = ""
    # Figures the unit typed over formula cells (a form's formulas are the master's, so
    # never merged): each cell (月度填报!F15) with the value typed, to be listed.
    typed_over: tuple[tuple[str, str], ...] = ()
    # Nothing in it differs from the form as it was sent.
    unchanged: bool = False

    @property
    def form(self) -> Form:
        assert self.book.form is not None  # collecting reads forms only
        return self.book.form

    @property
    def sent(self) -> dict[str, Any]:
        """The fingerprint the form was sent with."""
        return self.form.carried


@dataclass
class Collection:
    """The master with the returns merged in, each return's record, and whether any
    cell of the master changed."""

    book: Book
    records: list[ReturnRecord]
    changed: bool = False


@dataclass
class _Cell:
    """One master cell the returns answered on: where it is, and each unit's answer."""

    place: Place
    answers: list[tuple[int, Answer]] = field(default_factory=list)  # by return


class _Merger:
    def __init__(
        self, master: Book, month: date, returns: list[Returned], history: History | None
    ) -> None:
        self.history = history
        # The master is left as it is: its lists and tables are copied here, a row only
        # when a return changes it (``_own``), since a master holds thousands.
        self.book = dataclasses.replace(
            master,
            registers={key: list(rows) for key, rows in master.registers.items()},
            monthly=dict(master.monthly),
            milestones=dict(master.milestones),
            next_ids=dict(master.next_ids),
            returns=dict(master.returns),
        )
        self.owned: set[int] = set()  # the rows copied, by id()
        self.places = {  # each master row's place in its register, by id()
            id(row): index
            for rows in self.book.registers.values()
            for index, row in enumerate(rows)
        }
        self.lang: Lang = master.lang
        self.month = month
        self.returns = returns
        self.cells: dict[Key, _Cell] = {}
        self.lines: list[list[ReturnLine]] = [[] for _ in returns]
        self.added: list[dict[str, dict[str, dict[str, str]]]] = [{} for _ in returns]
        self.answered: list[dict[str, str]] = [{} for _ in returns]
        self.rows = {
            (register_id, row.item_id): row
            for register_id, rows in self.book.registers.items()
            for row in rows
            if row.item_id
        }
        self.new_items: list[tuple[int, Register, RegisterRow, _Columns]] = []
        self.changed = False
        # Of the cells a return's earlier answer changed, those met while reading it
        # (by ``said``), and those it holds as sent again, with where they are.
        self.met: list[set[str]] = [set() for _ in returns]
        self.as_sent: list[dict[str, tuple[Key, Place, CellValue]]] = [{} for _ in returns]
        self.found_again: list[bool] = [False for _ in returns]  # an item it added before

    # --- reading each return's answers ----------------------------------------------

    def read(self, index: int, returned: Returned, before: ReturnRecord | None) -> None:
        """One return's answer on every cell it was sent with that the master still has
        (a template revised since the form went out may have dropped a goal: the form's
        cells of it are not the master's any more). A register column goes where the
        master has it now, by its id or header (``_Columns``); one the master no longer
        has is listed wherever the unit changed it."""
        sent = returned.sent
        master = self.book.template
        registers = {register.id: register for register in master.registers}
        goals = {goal.id for goal in master.goals}
        for register in returned.book.template.registers:
            if register.id in registers:
                self._register(index, returned, registers[register.id], sent, before)
        for goal in returned.book.template.goals:
            if goal.id not in goals:
                continue
            entry = returned.book.entry(goal.id, self.month)
            digests = sent.get("monthly", {}).get(goal.id, {})
            name = goal.name.get(self.lang)
            for name_of_field in MONTHLY_FIELDS:
                key: Key = ("monthly", goal.id, name_of_field, "")
                place = self._place("monthly", goal.id, name, name_of_field)
                value = getattr(entry, name_of_field)
                said = f"m|{goal.id}|{name_of_field}"
                self._said(index, key, place, said, digests.get(name_of_field, ""), value, before)
        self._outside(index, returned, goals)
        for goal_id, digests in sent.get("milestones", {}).items():
            if goal_id not in goals:
                continue
            milestone = returned.book.milestone(goal_id)
            name = returned.book.template.goal(goal_id).name.get(self.lang)
            for name_of_field in MILESTONE_FIELDS:
                key = ("milestone", goal_id, name_of_field, "")
                place = self._place("milestone", goal_id, name, name_of_field)
                value = getattr(milestone, name_of_field)
                said = f"s|{goal_id}|{name_of_field}"
                self._said(index, key, place, said, digests.get(name_of_field, ""), value, before)
        for where, value in returned.typed_over:  # not merged: listed for a person
            sheet, _, cell = where.rpartition("!")
            self.lines[index].append(ReturnLine("typed_over", sheet, "", "", cell, "", value))
        if before is not None:
            self._fresh_copy(index, before, returned.unchanged)

    def _fresh_copy(self, index: int, before: ReturnRecord, unchanged: bool) -> None:
        """A return holding as sent every cell the unit's earlier answer changed and none
        of the items it added was filled in on a copy of the form as sent, not made from
        that answer (another person of the unit, or the form as sent saved again), or
        takes back all the unit said: which, no file tells. What the earlier answer said
        is not undone, but each such cell listed for a person, and kept as what the unit
        said. One that sets back some cells and keeps others, or keeps an item it added,
        corrects the earlier answer; so does one that sets back the one cell the earlier
        changed and changes another (a note moved to its right column), unless it is
        wholly as sent (``unchanged``)."""
        met, as_sent = self.met[index], self.as_sent[index]
        if not met or set(as_sent) != met or self.found_again[index]:
            return
        if len(met) < FRESH_COPY_CELLS and not unchanged:
            return
        for said, (key, place, value) in as_sent.items():
            self.answered[index][said] = before.answered[said]  # what the unit said stands
            cell = self.cells.get(key)
            if cell is not None:
                cell.answers = [(i, answer) for i, answer in cell.answers if i != index]
                if not cell.answers:
                    del self.cells[key]
            sheet, item, name, column = place
            line = ReturnLine(
                "reverted", sheet, item, name, column, _quoted(self._get(key)), _quoted(value)
            )
            self.lines[index].append(line)

    def _outside(self, index: int, returned: Returned, goals: set[str]) -> None:
        """What the form holds outside what it reports, that the unit changed and the
        master does not hold: another month's line, a goal's lead or partner units
        (locked on the form, but protection without a password is lifted in two clicks).
        Never merged; listed. What the unit left as sent is the office's to change: a
        form made before its fingerprint held these is compared with the master only."""
        lang, form = self.lang, returned.book
        lines = self.lines[index]
        sheet = t(lang, "sheet.monthly")
        sent = returned.sent.get("outside")

        def changed(goal_id: str, key: str, mine: str, master: str) -> bool:
            if mine == master:
                return False
            return sent is None or mine != sent.get(goal_id, {}).get(key, "")

        mine_goals = {goal.id for goal in form.template.goals} & goals
        kept = {key for key in (*form.monthly, *self.book.monthly) if key[0] in mine_goals}
        for goal_id, month in sorted(kept):
            if month == self.month or month not in form.template.period.months:
                continue
            here, there = form.entry(goal_id, month), self.book.entry(goal_id, month)
            name = form.template.goal(goal_id).name.get(lang)
            for name_of_field in MONTHLY_FIELDS:
                mine, master = getattr(here, name_of_field), getattr(there, name_of_field)
                key = outside_key(month, name_of_field)
                if changed(goal_id, key, cell_digest(mine), cell_digest(master)):
                    header = t(lang, FIELD_HEADERS["monthly"][name_of_field])
                    column = f"{header} {month.year}-{month.month:02d}"
                    line = ReturnLine(
                        "outside", sheet, goal_id, name, column, _quoted(master), _quoted(mine)
                    )
                    lines.append(line)
        for goal in form.template.goals:
            if goal.id not in goals or goal.id not in form.assignments:
                continue
            mine_of, master_of = form.assignments[goal.id], self.book.assignment(goal.id)
            for key, header, mine, master in (
                ("lead", "col.lead", mine_of.lead, master_of.lead),
                ("partners", "col.partners", mine_of.partners, master_of.partners),
            ):
                if changed(goal.id, key, cell_digest(folded(mine)), cell_digest(folded(master))):
                    line = ReturnLine(
                        "outside",
                        t(lang, "sheet.goals"),
                        goal.id,
                        goal.name.get(lang),
                        t(lang, header),
                        master,
                        mine,
                    )
                    lines.append(line)

    def _place(self, kind: str, goal_id: str, name: str, name_of_field: str) -> Place:
        sheet = t(self.lang, "sheet.monthly" if kind == "monthly" else "sheet.milestones")
        return (sheet, goal_id, name, t(self.lang, FIELD_HEADERS[kind][name_of_field]))

    def _register(
        self,
        index: int,
        returned: Returned,
        register: Register,
        sent: dict[str, Any],
        before: ReturnRecord | None,
    ) -> None:
        lang = self.lang
        sheet = register.sheet.get(lang)
        columns = _Columns.of(
            returned.book.template.register(register.id),
            register,
            sent.get("own_columns", {}).get(register.id, []),
            returned.book.extra_columns.get(register.id, []),
            self.book.extra_columns.get(register.id, []),
            lang,
        )
        for header in columns.unsent:
            self.lines[index].append(ReturnLine("unsent", sheet, "", "", header))
        states = sent.get("states", {}).get(register.id, {})
        by_id = {row.item_id: row for row in returned.book.rows(register.id) if row.item_id}
        for item_id, digests in sent.get("items", {}).get(register.id, {}).items():
            row = by_id.get(item_id)
            if row is None:  # left out by the unit: flagged, never deleted
                name = states.get(item_id, [""])[0]
                self.lines[index].append(ReturnLine("deleted", sheet, item_id, name))
                continue
            self._item(index, register, item_id, row, digests, columns, before)
        earlier = dict(before.added.get(register.id, {})) if before is not None else {}
        for row in (row for row in returned.book.rows(register.id) if not row.item_id):
            keys = {f"{column}={key}" for column, key in _identities(register, row)}
            item_id = next(
                (i for i, was in earlier.items() if keys & set(was["_keys"].split(KEYS_APART))),
                "",
            )
            if not item_id:
                self.new_items.append((index, register, row, columns))
                continue
            # Added when this form was collected before: its cells as the unit last gave
            # them stand for what it was sent with.
            was = earlier.pop(item_id)
            self.found_again[index] = True
            self.added[index].setdefault(register.id, {})[item_id] = _as_added(
                register, row, columns
            )
            self._item(index, register, item_id, row, was, columns, None)
        for item_id in earlier:  # added before, gone from the form since: flagged
            if (register.id, item_id) in self.rows:
                name = as_text(self.rows[(register.id, item_id)].values.get(register.key.id))
                self.lines[index].append(ReturnLine("deleted", sheet, item_id, name))

    def _item(
        self,
        index: int,
        register: Register,
        item_id: str,
        row: RegisterRow,
        digests: dict[str, str],
        columns: _Columns,
        before: ReturnRecord | None,
    ) -> None:
        """An item's cells: each compared with ``digests`` (as sent, or as the unit last
        gave it) or, where the unit's earlier answer changed it, with that answer; a
        changed cell of a column the master no longer has is listed, not lost."""
        sheet = register.sheet.get(self.lang)
        master_row = self.rows.get((register.id, item_id))
        name = as_text(row.values.get(register.key.id))
        if master_row is None:  # the office removed it since: each change is a conflict
            gone = t(self.lang, "returns.gone_from_master")
            for column in columns.columns:
                value = column.value(row)
                if cell_digest(value) != digests.get(column.form, ""):
                    line = ReturnLine(
                        "conflict", sheet, item_id, name, column.header, gone, _quoted(value)
                    )
                    self.lines[index].append(line)
            return
        for column in columns.columns:
            value = column.value(row)
            said = f"i|{register.id}|{item_id}|{column.form}"
            if not column.master:  # nowhere to merge it: listed when the unit changed it
                base = self._base(index, said, digests.get(column.form, ""), value, before)
                if cell_digest(value) != base:
                    line = ReturnLine(
                        "no_column", sheet, item_id, name, column.header, "", _quoted(value)
                    )
                    self.lines[index].append(line)
                continue
            key: Key = ("item", register.id, item_id, column.master)
            place = (sheet, item_id, name, column.header)
            self._said(index, key, place, said, digests.get(column.form, ""), value, before)
            self._extras(index, register.id, row, column, (sheet, item_id, name))

    def _extras(
        self,
        index: int,
        register_id: str,
        row: RegisterRow,
        column: _Column,
        where: tuple[str, str, str],
    ) -> None:
        """A comment (批注) or link the unit gave a cell of an item: taken where the
        master's cell has none, listed as a conflict where it has another (a fingerprint
        holds no comments, so who changed one cannot be told). One the unit removed (or
        an office program dropped) takes nothing from the master."""
        mine = row.extras.get(column.source, CellExtras())
        sheet, item_id, name = where
        for part, label in (("comment", "returns.comment_of"), ("link", "returns.link_of")):
            master_row = self.rows[(register_id, item_id)]  # the merged book's own, once
            theirs = master_row.extras.get(column.master, CellExtras())
            new, old = getattr(mine, part), getattr(theirs, part)
            if not new or new == old:
                continue
            header = t(self.lang, label, column=column.header)
            if old:
                line = ReturnLine("conflict", sheet, item_id, name, header, old, new)
                self.lines[index].append(line)
                continue
            changes: dict[str, str] = {part: new}
            if part == "comment":
                changes["author"] = mine.author
            owned = self._own(register_id, master_row)
            owned.extras[column.master] = dataclasses.replace(theirs, **changes)
            self.changed = True
            self.lines[index].append(ReturnLine("changed", sheet, item_id, name, header, "", new))

    def _said(
        self,
        index: int,
        key: Key,
        place: Place,
        said: str,
        sent: str,
        value: CellValue,
        before: ReturnRecord | None,
    ) -> None:
        """A cell of a form as sent: compared with what the unit's earlier answer said of
        it, if that changed it, else with how it was sent; what this answer changes is
        kept for the next (``said`` names the cell in the record)."""
        base = self._base(index, said, sent, value, before)
        if before is not None and said in before.answered:  # the earlier answer changed it
            self.met[index].add(said)
            if cell_digest(value) == sent:
                self.as_sent[index][said] = (key, place, value)
        self._answer(index, key, place, base, value)

    def _base(
        self, index: int, said: str, sent: str, value: CellValue, before: ReturnRecord | None
    ) -> str:
        """What a cell of a form is compared with (the unit's earlier answer on it, if
        that changed it, else ``sent``); what this answer changes is kept for the next."""
        if cell_digest(value) != sent:
            self.answered[index][said] = cell_digest(value)
        return before.answered.get(said, sent) if before is not None else sent

    def _answer(self, index: int, key: Key, place: Place, sent: str, value: CellValue) -> None:
        verdict = compare(sent, self._get(key), value)
        if verdict is Verdict.KEPT:
            return
        cell = self.cells.setdefault(key, _Cell(place))
        cell.answers.append((index, Answer(self.returns[index].form.unit, verdict, value)))

    # --- the master's cells -----------------------------------------------------------

    def _get(self, key: Key) -> CellValue:
        kind, subject, item, column = key
        if kind == "monthly":
            return getattr(self.book.entry(subject, self.month), item)  # type: ignore[no-any-return]
        if kind == "milestone":
            return getattr(self.book.milestone(subject), item)  # type: ignore[no-any-return]
        row = self.rows[(subject, item)]
        if column.startswith("+"):
            place = int(column[1:])
            return row.extra[place] if place < len(row.extra) else None
        return row.values.get(column)

    def _set(self, key: Key, value: CellValue) -> None:
        kind, subject, item, column = key
        if kind in ("monthly", "milestone"):
            entry: MonthlyEntry | MilestoneEntry
            if kind == "monthly":
                entry = self.book.monthly[(subject, self.month)] = copy.copy(
                    self.book.entry(subject, self.month)
                )
            else:
                entry = self.book.milestones[subject] = copy.copy(self.book.milestone(subject))
            text = isinstance(getattr(entry, item), str)  # notes: "" when empty
            setattr(entry, item, "" if text and value is None else value)
            if entry == type(entry)():  # emptied: a line the workbook does not hold
                if kind == "monthly":
                    del self.book.monthly[(subject, self.month)]
                else:
                    del self.book.milestones[subject]
        else:
            row = self._own(subject, self.rows[(subject, item)])
            if column.startswith("+"):
                place = int(column[1:])
                row.extra += [None] * (place + 1 - len(row.extra))
                row.extra[place] = value
            else:
                row.values[column] = value
        self.changed = True

    def _own(self, register_id: str, row: RegisterRow) -> RegisterRow:
        """The merged book's own copy of a master row, made the first time it changes."""
        if id(row) in self.owned:
            return row
        rows = self.book.registers[register_id]
        rows[self.places[id(row)]] = mine = copy.deepcopy(row)
        self.owned.add(id(mine))
        if mine.item_id:
            self.rows[(register_id, mine.item_id)] = mine
        return mine

    # --- settling ---------------------------------------------------------------------

    def settle(self) -> None:
        """Every cell answered on: taken, or a conflict listed for each unit in it."""
        for key, cell in self.cells.items():
            master = self._get(key)
            settled = settle(master, [answer for _, answer in cell.answers])
            sheet, item, name, column = cell.place
            if settled.is_conflict:
                for index, answer in cell.answers:
                    line = ReturnLine(
                        "conflict",
                        sheet,
                        item,
                        name,
                        column,
                        _quoted(master),
                        _quoted(answer.value),
                    )
                    self.lines[index].append(line)
                continue
            if cell_digest(settled.value) == cell_digest(master):
                continue  # agreed with the office
            twin = self._taken_elsewhere(key, settled.value)
            if twin:  # a name or 统一社会信用代码 another item holds: not taken
                for index, answer in cell.answers:
                    if answer.verdict is Verdict.TAKEN:
                        line = ReturnLine(
                            "duplicate", sheet, item, name, column, twin, _quoted(answer.value)
                        )
                        self.lines[index].append(line)
                continue
            self._set(key, settled.value)
            for index, answer in cell.answers:
                if answer.verdict is Verdict.TAKEN:
                    line = ReturnLine(
                        "changed", sheet, item, name, column, _quoted(master), _quoted(answer.value)
                    )
                    self.lines[index].append(line)

    def _taken_elsewhere(self, key: Key, value: CellValue) -> str:
        """For a new name or 统一社会信用代码 of an item: the other item of the master that
        holds it already, as a line says it; "" when none does (or it is another cell)."""
        kind, register_id, item_id, column_id = key
        if kind != "item" or is_blank(value):
            return ""
        register = self.book.template.register(register_id)
        if column_id not in (
            register.key.id,
            *(c.id for c in register.columns if c.check == "uscc"),
        ):
            return ""
        wanted = folded(as_text(value))
        for row in self.book.rows(register_id):
            if row.item_id != item_id and folded(as_text(row.values.get(column_id))) == wanted:
                return t(self.lang, "returns.twin_in_master", item=row.item_id)
        return ""

    def add_new_items(self) -> None:
        """The rows units added, numbered by the master; duplicates listed, not added."""
        known: dict[tuple[str, str, str], str] = {}
        for register in self.book.template.registers:
            for row in self.book.rows(register.id):
                for column, key in _identities(register, row):
                    known[(register.id, column, key)] = row.item_id
        claims: dict[tuple[str, str, str], set[int]] = {}
        for index, register, row, _ in self.new_items:
            for column, key in _identities(register, row):
                claims.setdefault((register.id, column, key), set()).add(index)
        units = [returned.form.unit for returned in self.returns]
        adding: list[tuple[int, Register, RegisterRow, _Columns, RegisterRow]] = []
        for index, register, row, columns in self.new_items:
            sheet = register.sheet.get(self.lang)
            name = as_text(row.values.get(register.key.id))
            twin = self._twin(register, row, index, known, claims, units)
            if twin:
                self.lines[index].append(ReturnLine("duplicate", sheet, "", name, "", twin))
                continue
            added = columns.in_master(row, len(self.book.extra_columns.get(register.id, [])))
            self.owned.add(id(added))
            self.book.registers.setdefault(register.id, []).append(added)
            adding.append((index, register, row, columns, added))
        if not adding:
            return
        for register in self.book.template.registers:  # numbering changes them
            for row in list(self.book.rows(register.id)):
                if not row.item_id:
                    self._own(register.id, row)
        number_new_items(self.book, self.history, month_key(self.month))
        self.changed = True
        for index, register, row, columns, added in adding:
            self.rows[(register.id, added.item_id)] = added
            kept = _as_added(register, row, columns)
            self.added[index].setdefault(register.id, {})[added.item_id] = kept
            name = as_text(row.values.get(register.key.id))
            sheet = register.sheet.get(self.lang)
            self.lines[index].append(ReturnLine("added", sheet, added.item_id, name))
            for typed in columns.columns:  # where the master has no column any more
                value = typed.value(row)
                if not typed.master and not is_blank(value):
                    header = typed.header
                    line = ReturnLine(
                        "no_column", sheet, added.item_id, name, header, "", _quoted(value)
                    )
                    self.lines[index].append(line)

    def _twin(
        self,
        register: Register,
        row: RegisterRow,
        index: int,
        known: dict[tuple[str, str, str], str],
        claims: dict[tuple[str, str, str], set[int]],
        units: list[str],
    ) -> str:
        """What a new item duplicates: an item of the master, or another unit's new item;
        "" when nothing."""
        for column, key in _identities(register, row):
            if (register.id, column, key) in known:
                item = known[(register.id, column, key)]
                return t(self.lang, "returns.twin_in_master", item=item)
            others = claims.get((register.id, column, key), set()) - {index}
            if others:
                names = joined(self.lang, sorted({units[i] for i in others}))
                return t(self.lang, "returns.twin_in_return", units=names)
        return ""


@dataclass(frozen=True)
class _Column:
    """A column of a register as a form was sent with it, and where its cells go in the
    master. ``form`` names it in the form's terms (the fingerprint's and the record's: a
    column id, or "+k" for the k-th column people added, as sent), ``source`` in the
    returned book's (a column id, or "+k" among the added columns it came back with),
    ``master`` in the master's: the column of the same id or, failing that, of the same
    header (compared as headers are), the template's or people's; "" when the master has
    no such column any more (a template revised since, a column deleted), so its cells
    cannot be merged. ``header`` as a line says it: the master's, else the form's."""

    form: str
    source: str
    master: str
    header: str

    def value(self, row: RegisterRow) -> CellValue:
        """The cell of this column in ``row``, a row of the returned book."""
        if self.source.startswith("+"):
            place = int(self.source[1:])
            return row.extra[place] if place < len(row.extra) else None
        return row.values.get(self.source)


Heading = tuple[str, int]  # a header as compared, and which of the columns so headed


def _headings(headers: list[str]) -> list[Heading]:
    """Each header as compared (``folded``), with its place among those alike: two
    columns headed 联系人, or two with no header, are ("联系人", 0) and ("联系人", 1)."""
    seen: Counter[str] = Counter()
    headings = []
    for header in headers:
        key = folded(header)
        headings.append((key, seen[key]))
        seen[key] += 1
    return headings


@dataclass(frozen=True)
class _Columns:
    """A register's columns as a form was sent with them, each with its place in the
    master (``columns``), and the headers of the columns the unit added (``unsent``)."""

    columns: list[_Column]
    unsent: list[str]

    @classmethod
    def of(
        cls,
        sent: Register,
        master: Register,
        sent_own: list[str],
        returned_own: list[str],
        master_own: list[str],
        lang: Lang,
    ) -> _Columns:
        """``sent`` is the register as the form's template has it, ``master`` as the
        master's; the others the headers of the columns people added, as the form was
        sent, came back and as the master has them now. A template column goes to the
        master's column of its id, then to one of its header; a column people added, to
        one of its header, theirs first; each master column takes one form column. Two
        columns people added under one header (or none) are told apart by their order
        among the columns of that header: never read from, or merged into, the same."""
        ids = {column.id: column.name.get(lang) for column in master.columns}
        by_header: dict[Heading, tuple[str, str]] = {}
        for place, heading in enumerate(_headings(master_own)):
            by_header.setdefault(heading, (f"+{place}", master_own[place]))
        for column in master.columns:
            heading = (folded(column.name.get(lang)), 0)
            by_header.setdefault(heading, (column.id, ids[column.id]))
        back = {heading: place for place, heading in enumerate(_headings(returned_own))}
        sent_headings = _headings(sent_own)
        wanted = [
            (c.id, c.id, c.name.get(lang), (folded(c.name.get(lang)), 0)) for c in sent.columns
        ]
        wanted += [
            (f"+{place}", f"+{back[heading]}", sent_own[place], heading)
            for place, heading in enumerate(sent_headings)
            if heading in back  # a column the unit deleted has no cells to merge
        ]
        taken = {form for form, _, _, _ in wanted if form in ids}
        columns = []
        for form, source, header, heading in wanted:
            if form in ids:
                columns.append(_Column(form, source, form, ids[form]))
                continue
            master_key, master_header = by_header.get(heading, ("", header))
            if master_key in taken:
                master_key, master_header = "", header
            elif master_key:
                taken.add(master_key)
            columns.append(_Column(form, source, master_key, master_header))
        unsent = [
            returned_own[place]
            for place, heading in enumerate(_headings(returned_own))
            if heading not in set(sent_headings)
        ]
        return cls(columns, unsent)

    def in_master(self, row: RegisterRow, own: int) -> RegisterRow:
        """``row``, a row the unit added, as a master row with ``own`` columns people
        added, not numbered yet: its cells of columns the master no longer has are not
        in it (the merger lists them)."""
        values: dict[str, CellValue] = {}
        extra: list[CellValue] = [None] * own
        extras = {key: kept for key, kept in row.extras.items() if key == "_id"}
        for column in self.columns:
            if not column.master:
                continue
            if column.source in row.extras:
                extras[column.master] = row.extras[column.source]
            value = column.value(row)
            if column.master.startswith("+"):
                extra[int(column.master[1:])] = value
            elif column.source in row.values or not is_blank(value):
                values[column.master] = value
        return RegisterRow("", values, extra, extras)


KEYS_APART = "\x1f"  # between the identities of an added item in its record


def _as_added(register: Register, row: RegisterRow, columns: _Columns) -> dict[str, str]:
    """A row a unit added, as the record keeps it: the digest of each cell in the form's
    terms, and what tells the item from others (``_keys``)."""
    kept = {column.form: cell_digest(column.value(row)) for column in columns.columns}
    identities = (f"{column}={key}" for column, key in _identities(register, row))
    kept["_keys"] = KEYS_APART.join(identities)
    return kept


def _identities(register: Register, row: RegisterRow) -> list[tuple[str, str]]:
    """What tells an item from every other: its name, and its 统一社会信用代码 where the
    register has one; compared as duplicates are (``excel.folded``)."""
    columns = [register.key, *(c for c in register.columns if c.check == "uscc")]
    return [
        (column.id, folded(as_text(row.values.get(column.id))))
        for column in columns
        if not is_blank(row.values.get(column.id))
    ]


def _quoted(value: CellValue) -> str:
    """A value as the returns sheet shows it (a date as 2025-06-30): empty for an empty
    cell."""
    return "" if is_blank(value) else as_text(value)


def detached_numbers(form: Book, places: Places, sent: Form) -> list[Problem]:
    """The rows of ``form`` whose item number is not their item's any more: the row now
    has the name another number of the form was sent with (a sort of some columns only,
    without the 编号 column, or numbers swapped). Merged, every such item would take
    another's name and figures; the form is refused instead, each row named."""
    states = sent.carried.get("states", {})
    problems = []
    for register in form.template.registers:
        sent_names = {
            folded(name): item_id for item_id, (name, _) in states.get(register.id, {}).items()
        }
        for index, row in enumerate(form.rows(register.id)):
            was = states.get(register.id, {}).get(row.item_id)
            if was is None:
                continue
            name = folded(as_text(row.values.get(register.key.id)))
            other = sent_names.get(name, row.item_id)
            if name != folded(was[0]) and other != row.item_id:
                params: dict[str, object] = {
                    "number": row.item_id,
                    "name": as_text(row.values.get(register.key.id)),
                    "other": other,
                }
                where = places.register(register.id, index, "_id")
                problems.append(Problem(where, "collect.number_detached", params))
    return problems


def collect(
    master: Book,
    month: date,
    returns: list[Returned],
    collected: str,
    earlier: Callable[[Returned], ReturnRecord | None] = lambda _: None,
    history: History | None = None,
) -> Collection:
    """Merge ``returns`` (each checked, in normal form) into a copy of ``master`` (in
    normal form) for ``month``; ``collected`` dates the records, ``earlier`` finds the
    record of an earlier collection of the same form (its items added). Items added are
    numbered past every number ``history`` records (the master may be an older copy)."""
    merger = _Merger(master, month, returns, history)
    for index, returned in enumerate(returns):
        merger.read(index, returned, earlier(returned))
    merger.settle()
    merger.add_new_items()
    records = [
        ReturnRecord(
            unit=returned.form.unit,
            file=returned.file,
            form=str(returned.sent.get("form", "")),
            answer=returned.answer,
            received=returned.received,
            collected=collected,
            lines=tuple(merger.lines[index]),
            added=merger.added[index],
            answered=merger.answered[index],
        )
        for index, returned in enumerate(returns)
    ]
    return Collection(merger.book, records, merger.changed)
