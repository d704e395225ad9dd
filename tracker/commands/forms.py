"""``tracker forms``: a form (填报表) for each lead unit, holding only its part of the
master workbook, to be filled in and sent back (``docs/returns.md``).

The master is read and checked as the update reads it; a master with errors, or with
items not yet numbered (typed since its last update), gets no forms: a form's items are
known by their numbers when its answer comes back. Each form is written and read back
as the update writes a workbook, under a name people recognise
(``区科技创新局_2025年7月填报表.xlsx``), in ``returns/2025-07/`` beside the master unless
told otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker.commands.update import check_workbook, refuse_closed, refused, within_period
from tracker.errors import Problem, TrackerError, UsageError, folder_refused
from tracker.excel import is_blank
from tracker.history.records import month_key, month_of
from tracker.i18n import Lang, Msg, month_words, t
from tracker.model import Book, Form
from tracker.report.folder import safe_file_name
from tracker.returns.part import answered, form_book
from tracker.returns.units import divide
from tracker.template.spec import Label, add_months
from tracker.workbook.reader import MAX_UNZIPPED, read_workbook
from tracker.workbook.saving import save_book

RETURNS = "returns"  # the folder beside a master that holds a folder of forms per month
DUE_DAY = 5  # forms are due by this day of the month after the one they report
UNIT_IN_NAMES = 60  # characters of a unit's name a file name keeps
CONTACT_LIMIT = 500  # characters of --contact: a name, a telephone, an address or two


@dataclass(frozen=True)
class Written:
    """One form: its unit, where it went, and, when the file of its name could not be
    replaced (open in Excel, read-only), the name it was meant to have."""

    unit: str
    path: Path
    in_place_of: Path | None = None
    backup: Path | None = None  # the file of its name it replaced, kept
    answer: bool = False  # what stood in its place is the unit's answer: never replaced
    # The unit's answers kept, when the new form of an earlier run (…（新）.xlsx) is one too.
    answers: tuple[Path, ...] = ()
    form: Form | None = None  # what the form says of itself: its fingerprint, due day…


@dataclass(frozen=True)
class FormsOutcome:
    """The forms written, the goals no unit leads (they got none), the master's warnings,
    and forms of earlier runs in the folder that this run did not write."""

    lang: Lang
    month: date
    due: date
    written: list[Written]
    unassigned: list[str]  # goal names, in the workbook's language
    warnings: list[Problem] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)
    title: Label = field(default_factory=lambda: Label(""))  # the master's


def run_forms(
    path: Path,
    *,
    month: date,
    out: Path | None = None,
    due: date | None = None,
    contact: str = "",
    now: datetime | None = None,
    max_unzipped: int = MAX_UNZIPPED,
) -> FormsOutcome:
    """Write the form of every lead unit of the master at ``path`` for ``month``. A form
    whose file cannot be replaced is saved beside it, and the others are still written;
    a file it replaces is kept in ``tracker-backups/`` first (a filled form saved there
    under its own name is never lost)."""
    if len(contact) > CONTACT_LIMIT:
        raise UsageError("forms.contact_too_long", limit=CONTACT_LIMIT, length=len(contact))
    reading, inspection = check_workbook(path, max_unzipped)
    master = reading.book
    if master.form is not None:
        raise UsageError("forms.is_form", path=str(path), unit=master.form.unit)
    refuse_closed(master, path, False, "forms.closed")
    if inspection.errors:
        raise refused("forms.refused", path, inspection, master.lang)
    book = inspection.book
    within_period(book.template, month, "forms.month_outside")
    if not book.workbook_id:
        raise UsageError("forms.not_updated", path=str(path))
    _all_numbered(book, path)
    division = divide(book)
    if not division.units:
        raise UsageError("forms.no_units", path=str(path))
    month_end = add_months(month, 1) - timedelta(days=1)
    due = due or add_months(month, 1).replace(day=DUE_DAY)
    if due <= month_end:  # a form cannot be due before the month it reports is over
        raise UsageError("forms.due_early", due=due.isoformat(), end=month_end.isoformat())
    folder = out if out is not None else path.parent / RETURNS / month_key(month)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file of the folder's name
        raise UsageError(
            "cli.cannot_write", path=str(folder), reason=Msg("reason.is_file")
        ) from None
    except OSError as error:
        raise folder_refused(folder, error) from None
    now = now or datetime.now()
    written: list[Written] = []
    names: set[str] = set()
    for unit in division.units:
        target = folder / _unique(form_name(unit.name, month, book.lang), names)
        beside = target.with_name(t(book.lang, "forms.beside_name", stem=target.stem))
        form = form_book(book, unit, month, due, contact, now)
        if _is_answer(target, max_unzipped):  # a filled form saved back under its name
            answers = [target]
            while _is_answer(beside, max_unzipped):  # an earlier run's new form, filled in
                answers.append(beside)
                beside = target.with_name(f"{answers[1].stem} ({len(answers)}){answers[1].suffix}")
            placed = save_book(beside, form, backup_at=now, max_unzipped=max_unzipped)
            written.append(
                Written(
                    unit.name,
                    placed.path,
                    target,
                    placed.backup,
                    answer=True,
                    form=form.form,
                    answers=tuple(answers),
                )
            )
            continue
        placed = save_book(target, form, backup_at=now, beside=beside, max_unzipped=max_unzipped)
        in_place_of = target if placed.beside is not None else None
        written.append(Written(unit.name, placed.path, in_place_of, placed.backup, form=form.form))
    unassigned = [
        book.template.goal(goal_id).name.get(book.lang) for goal_id in division.unassigned
    ]
    ours = {w.path.name for w in written} | {w.in_place_of.name for w in written if w.in_place_of}
    ending = form_name("", month, book.lang)  # what every form's name of the month ends with
    others = sorted(
        p
        for p in folder.glob("*.xlsx")
        if p.name.endswith(ending)
        and p.name not in ours
        and not p.name.startswith(("~$", "."))  # Excel's lock files, hidden ones
    )
    warnings = inspection.warnings + _month_warnings(
        reading.meta.months if reading.meta else (), month
    )
    title = book.template.title
    return FormsOutcome(book.lang, month, due, written, unassigned, warnings, others, title)


def _month_warnings(recorded: tuple[str, ...], month: date) -> list[Problem]:
    """Forms go out for the month after the master's last update, or for that month
    again; another month is said: one before it (the answers would change a month
    reported; the update redoes it only when forced), or one that leaves months out (the
    units' figures for those are missing)."""
    if not recorded:
        return []
    key, latest = month_key(month), recorded[-1]
    params: dict[str, object] = {"month": key, "latest": latest}
    if key < latest:
        return [Problem(key, "forms.month_recorded", params, "warning")]
    if key > month_key(add_months(month_of(latest), 1)):
        return [Problem(key, "forms.month_gap", params, "warning")]
    return []


def form_name(unit: str, month: date, lang: Lang) -> str:
    """A form's file name, safe on Windows: 区科技创新局_2025年7月填报表.xlsx."""
    if len(unit) > UNIT_IN_NAMES:
        unit = unit[: UNIT_IN_NAMES - 1].rstrip() + "…"
    return safe_file_name(t(lang, "form.file_name", unit=unit, month=month_words(month, lang)))


def _is_answer(path: Path, max_unzipped: int) -> bool:
    """Whether the file at ``path`` is a unit's form filled in: its answer."""
    if not path.exists():
        return False
    try:
        return answered(read_workbook(path, max_unzipped).book)
    except TrackerError:  # not a form, or damaged: replaced, and kept as a backup
        return False


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or with a number before its suffix when two units' names cut to it."""
    stem, suffix = name.rsplit(".", 1)
    number, unique = 1, name
    while unique.casefold() in taken:  # Windows and macOS ignore case in names
        number += 1
        unique = f"{stem} ({number}).{suffix}"
    taken.add(unique.casefold())
    return unique


def _all_numbered(book: Book, path: Path) -> None:
    """Refuse a master holding items the update has not numbered yet."""
    for register in book.template.registers:
        key = register.key.id
        waiting = [
            row
            for row in book.rows(register.id)
            if not row.item_id and not is_blank(row.values.get(key))
        ]
        if waiting:
            sheet = register.sheet.get(book.lang)
            raise UsageError("forms.unnumbered", path=str(path), sheet=sheet, count=len(waiting))
