"""Carrying a workbook's entries over to a revised template (``tracker update --template``).

Items stay in their registers and keep their numbers; a column the new template drops
becomes a column of the user's own (nothing entered is lost), and a column it adds that
people had already added by hand, under the same header, is taken in; a goal's monthly figures,
notes, stage and lead units follow it by id. A register the new template drops while it
still holds items is refused: say what to do with them first. The change log records the
revised targets (``history.changes``), and the history keeps what was in force each month.
"""

from __future__ import annotations

from dataclasses import replace

from tracker.errors import Problem, UsageError
from tracker.model import Book, RegisterRow
from tracker.template import Template


def apply_template(book: Book, new: Template) -> tuple[Book, list[Problem]]:
    """``book``'s entries in ``new``'s terms, and a warning for each entry left behind."""
    old = book.template
    warnings: list[Problem] = []
    registers: dict[str, list[RegisterRow]] = {}
    extra_columns: dict[str, list[str]] = {}
    new_ids = {r.id for r in new.registers}
    for register in old.registers:
        if register.id not in new_ids and book.rows(register.id):
            raise UsageError(
                "update.register_removed",
                register=register.sheet.get(book.lang),
                count=len(book.rows(register.id)),
            )
    for register in new.registers:
        rows = book.rows(register.id)
        own = list(book.extra_columns.get(register.id, []))
        if register.id not in {r.id for r in old.registers}:
            registers[register.id], extra_columns[register.id] = [], own
            continue
        previous = {c.id for c in old.register(register.id).columns}
        kept = {c.id for c in register.columns}
        dropped = [c for c in old.register(register.id).columns if c.id not in kept]
        # A new column people already added by hand, under its header, is taken in.
        taken = {
            c.id: own.index(c.name.get(book.lang))
            for c in register.columns
            if c.id not in previous and c.name.get(book.lang) in own
        }
        staying = [i for i in range(len(own)) if i not in taken.values()]
        registers[register.id] = [
            RegisterRow(
                row.item_id,
                {
                    c.id: row.extra[taken[c.id]] if c.id in taken else row.values.get(c.id)
                    for c in register.columns
                },
                [
                    *(row.extra[i] for i in staying),
                    *(row.values.get(c.id) for c in dropped),
                ],
            )
            for row in rows
        ]
        extra_columns[register.id] = [own[i] for i in staying] + [
            c.name.get(book.lang) for c in dropped
        ]
    goals = {g.id for g in new.goals}
    months = set(new.period.months)
    monthly = {}
    for (goal_id, month), entry in book.monthly.items():
        if goal_id in goals and month in months:
            monthly[(goal_id, month)] = entry
        else:
            warnings.append(
                Problem(
                    goal_id,
                    "update.entry_dropped",
                    {"goal": goal_id, "month": f"{month.year}-{month.month:02d}"},
                    severity="warning",
                )
            )
    milestones = {
        goal_id: entry
        for goal_id, entry in book.milestones.items()
        if goal_id in goals and new.goal(goal_id).kind == "milestone"
    }
    assignments = {k: v for k, v in book.assignments.items() if k in goals}
    revised = replace(
        book,
        template=new,
        registers=registers,
        extra_columns=extra_columns,
        monthly=monthly,
        milestones=milestones,
        assignments=assignments,
    )
    return revised, warnings
