"""Next period's workbook started from this period's (``tracker init --carry-over``).

Read the old workbook with the update's own checks (one with errors is refused, nothing
written) → carry its items, columns and lead units into the new template
(``inputs.next_year``) → take its final figures (上年完成: the year-end assessment of a
closed workbook, else the latest month recorded) → check the new book as its first update
would, every problem named by the cell it will be in → write it (unless a dry run). The
new workbook starts with no months recorded and no id: nothing of the old history enters
it, and its first update gives it an id of its own.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.commands.update import EVERY_MONTH, examine_workbook, refused
from tracker.errors import (
    InputError,
    NotDeliveredError,
    Problem,
    TrackerError,
    UsageError,
    shown,
)
from tracker.history.assessment import assess
from tracker.history.records import History, month_key
from tracker.i18n import Lang, Msg, joined, t
from tracker.inputs.checks import inspect
from tracker.inputs.item_numbers import number_problems
from tracker.inputs.next_year import NextYear, Unmatched, carry_over
from tracker.model import Book, Origin
from tracker.places import Places, SheetPlaces
from tracker.safefile import is_read_only, open_in, real_path
from tracker.template.spec import Template
from tracker.workbook.layout import build_layout, written_places
from tracker.workbook.reader import MAX_UNZIPPED, must_exist
from tracker.workbook.saving import save_book


@dataclass
class CarryOutcome:
    """What a carry-over did, or would do (``dry_run``): the new workbook's path and
    language, the old workbook's path, what carried (``plan``, with the new book), where
    the book came from (its final figures), and every problem the new workbook has, by the
    cell it is in (errors: what its first update would refuse)."""

    path: Path
    old: Path
    lang: Lang
    plan: NextYear
    origin: Origin
    dry_run: bool
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]


def same_file(new: Path, old: Path) -> bool:
    """Whether ``new`` and ``old`` name one file (a link, another spelling of the path,
    or, where both exist, the same file under two names)."""
    a, b = real_path(new).absolute(), real_path(old).absolute()
    if os.path.normcase(os.path.normpath(a)) == os.path.normcase(os.path.normpath(b)):
        return True
    try:
        return a.exists() and b.exists() and (a.samefile(b) or _one_name(a, b))
    except OSError:
        return False


def _one_name(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b``, both found, are one file spelled in two cases on a disk
    that ignores case (a FAT or exFAT stick, whose FUSE driver gives each spelling of a
    file or a folder its own inode number): wherever the two spellings differ, the
    folder holds only one name of that spelling (where case matters, it holds both)."""
    if len(a.parts) != len(b.parts) or str(a).casefold() != str(b).casefold():
        return False
    folder = Path(a.parts[0])
    for mine, theirs in zip(a.parts[1:], b.parts[1:], strict=True):
        if mine != theirs:
            key = mine.casefold()
            if sum(1 for entry in folder.iterdir() if entry.name.casefold() == key) != 1:
                return False
        folder /= mine
    return True


def run_carry_over(
    path: Path,
    template: Template,
    old_path: Path,
    as_of: date,
    *,
    lang: Lang | None = None,
    only: Collection[str] = (),
    dry_run: bool = False,
    max_unzipped: int = MAX_UNZIPPED,
) -> CarryOutcome:
    """Carry the workbook at ``old_path`` over to a new one at ``path`` made from
    ``template`` as of ``as_of``, in ``lang`` (None: the old workbook's language); with
    ``only``, the registers of those ids alone; with ``dry_run``, write nothing. Whether
    ``path`` may be written over is the caller's to say. Raises ``InputError`` (nothing
    written) when the old workbook has errors."""
    if not real_path(path).parent.is_dir():  # said before the old workbook is read
        raise UsageError("cli.cannot_write", path=str(path), reason=Msg("reason.no_folder"))
    must_exist(old_path)
    examined = examine_workbook(old_path, max_unzipped)
    old = examined.reading.book
    language: Lang = lang or old.lang
    try:
        if old.form is not None:
            raise UsageError("carry.is_form", path=str(old_path), unit=old.form.unit)
        if examined.inspection.errors:
            raise refused("carry.old_refused", old_path, examined.inspection, old.lang)
        plan = carry_over(examined.inspection.book, template, language, as_of, only)
    except TrackerError as error:
        error.lang = error.lang or language
        raise
    book = plan.book
    book.origin = origin(old_path, old, examined.history, template)
    outcome = CarryOutcome(path, old_path, language, plan, book.origin, dry_run)
    outcome.problems = _problems(plan, template, language)
    before = old.template.period
    if template.period.start <= before.end:  # the default template, --template forgotten?
        months: dict[str, object] = {
            "new": _months(template.period.start, template.period.end),
            "old": _months(before.start, before.end),
        }
        outcome.problems.append(Problem(template.id, "carry.period_overlaps", months, "warning"))
    program = open_in(old_path, real_path(old_path))
    if program is not None:
        params: dict[str, object] = {"program": Msg(f"program.{program}")}
        outcome.problems.append(Problem(str(old_path), "carry.old_open", params, "warning"))
    if dry_run:
        _replaceable(path)
    else:
        save_book(path, book)
    return outcome


def _months(first: date, last: date) -> Msg:
    return Msg("carry.months", {"first": month_key(first), "last": month_key(last)})


def _replaceable(path: Path) -> None:
    """What a real run would find in the way of writing over ``path`` (given --force):
    the file open in a spreadsheet program, or read-only. A dry run says it as the real
    run would, with the same exit code."""
    target = real_path(path)
    if not target.exists():
        return
    program = open_in(path, target)
    why = program or ("read_only" if is_read_only(target) else None)
    if why is not None:
        raise NotDeliveredError("cli.cannot_write", path=str(path), reason=Msg(f"reason.{why}"))


def origin(path: Path, old: Book, history: History, template: Template) -> Origin:
    """Where a book carried over from ``old`` (at ``path``) came from, with ``old``'s final
    figure of each goal ``template`` still has: its year-end assessment when it was closed
    (each goal judged at its own deadline), else the latest month its history recorded;
    none when it recorded none."""
    goals = {goal.id for goal in template.goals}
    figures: dict[str, float | None]
    if old.closed:
        month = old.closed
        outcomes = assess(old.template, history, old.closed).outcomes
        figures = {outcome.goal.id: outcome.actual for outcome in outcomes}
    elif history.months:
        month = history.months[-1]
        figures = {record.goal_id: record.actual for record in history.goals[month]}
    else:
        month, figures = "", {}
    finals = {
        goal_id: float(figure)
        for goal_id, figure in figures.items()
        if goal_id in goals and figure is not None
    }
    return Origin(
        file=path.name,
        workbook_id=old.workbook_id,
        template_id=old.template.id,
        month=month,
        closed=bool(old.closed),
        finals=finals,
    )


def _places(template: Template, book: Book) -> Places:
    """Where the writer puts each entry of ``book``, the goals sheet's lead units too."""
    layout = build_layout(template, book.lang)
    places = written_places(layout, book)
    goals = layout.goals
    places.goals = SheetPlaces(
        goals.sheet,
        {item.key: col for col, item in enumerate(goals.fields)},
        [layout.goal_row(goals, goal) for goal in template.goals],
    )
    places.goal_index = {goal.id: index for index, goal in enumerate(template.goals)}
    return places


def _problems(plan: NextYear, template: Template, lang: Lang) -> list[Problem]:
    """Every problem the new workbook will have, as its first update would find it: each
    choice the new template lacks by its item, then whatever else its checks find."""
    book = plan.book
    places = _places(template, book)
    problems = [
        _unmatched(item, places, template, lang)
        for register in plan.registers
        for item in register.unmatched
    ]
    named = {problem.where for problem in problems}
    inspection = inspect(book, places)
    problems += [problem for problem in inspection.problems if problem.where not in named]
    problems += number_problems(inspection.book, places, History(), EVERY_MONTH)
    return problems


def _unmatched(item: Unmatched, places: Places, template: Template, lang: Lang) -> Problem:
    column = template.register(item.register).column(item.column)
    params: dict[str, object] = {
        "item": item.item_id or Msg("carry.unnumbered"),
        "name": item.name,
        "column": column.name.get(lang),
        "value": shown(item.value),
        "allowed": joined(lang, [choice.get(lang) for choice in column.choices]),
    }
    where = places.register(item.register, item.index, item.column)
    return Problem(where, "carry.not_choice", params)


def carry_lines(outcome: CarryOutcome) -> list[str]:
    """What carried and what did not, a line each, in the outcome's language: per
    register its items and columns, the registers left, the lead units, 上年完成."""
    lang, plan = outcome.lang, outcome.plan
    old, path = outcome.old.name, str(outcome.path)
    key = "carry.dry_run" if outcome.dry_run else "carry.written"
    lines = [t(lang, key, path=path, old=str(outcome.old))]
    for register in plan.registers:
        following = plan.book.next_ids.get(register.register.id, 1)
        lines.append(
            t(
                lang,
                "carry.register",
                sheet=register.register.sheet.get(lang),
                count=register.items,
                next=f"{register.register.prefix}-{following:03d}",
            )
        )
        for words, headers in (
            ("carry.columns", register.columns),
            ("carry.taken_in", register.taken_in),
            ("carry.kept", register.kept),
            ("carry.own", register.own),
            ("carry.empty", register.empty),
        ):
            if headers:
                lines.append(t(lang, words, columns=joined(lang, [h or "—" for h in headers])))
        if register.unmatched:
            lines.append(t(lang, "carry.unmatched_count", count=len(register.unmatched)))
    for left in plan.left:
        words = "carry.left_dropped" if left.why == "dropped" else "carry.left_not_chosen"
        lines.append(t(lang, words, sheet=left.sheet, id=left.register, count=left.items, old=old))
    if plan.new_registers:
        lines.append(t(lang, "carry.new_registers", sheets=joined(lang, plan.new_registers)))
    if plan.units:
        goals = joined(lang, plan.units)
        lines.append(t(lang, "carry.units", count=len(plan.units), goals=goals))
    else:
        lines.append(t(lang, "carry.no_units"))
    origin = outcome.origin
    if origin.finals:
        words = "carry.finals_closed" if origin.closed else "carry.finals"
        sheet = t(lang, "sheet.completion")
        lines.append(t(lang, words, month=origin.month, count=len(origin.finals), sheet=sheet))
    elif not origin.month:
        lines.append(t(lang, "carry.no_finals", old=old))
    template = plan.book.template
    new_goals = [goal.id for goal in template.goals if goal.id not in plan.shared_goals]
    if new_goals:
        lines.append(t(lang, "carry.new_goals", goals=joined(lang, new_goals)))
    if plan.dropped_goals:
        lines.append(t(lang, "carry.dropped_goals", goals=joined(lang, plan.dropped_goals)))
    return lines


def outcome_error(outcome: CarryOutcome) -> InputError | None:
    """The exit with every problem listed, when the new workbook has errors (written all
    the same: nothing carried is lost, and its checks name each cell to correct)."""
    if not outcome.errors:
        return None
    key = "carry.would_have_problems" if outcome.dry_run else "carry.has_problems"
    error = InputError(
        key, tuple(outcome.problems), path=str(outcome.path), errors=len(outcome.errors)
    )
    error.lang = outcome.lang
    return error
