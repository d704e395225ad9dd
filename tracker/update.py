"""The monthly update: read what people typed, check it, keep the history, and rewrite the
workbook without losing a cell.

Read (by the layout the workbook was made with) → carry over to a revised template, if
one is given → check every cell and bring it to its normal form → number new items →
compute → record the month in the history → work out the changes and forecasts → write the
month's snapshot → back up the old workbook → write the new one beside it and move it into
place. Any error in what people typed stops the update before anything is written.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker.checks import Inspection, inspect
from tracker.errors import InputError, NotDeliveredError, Problem, UsageError, os_reason
from tracker.forecast import forecast
from tracker.history import Change, changes_in, goal_records, item_events, item_states, month_key
from tracker.i18n import Lang, t
from tracker.model import Book
from tracker.progress import Index, Progress, compute
from tracker.snapshots import merge, read_snapshots, write_snapshot
from tracker.template import Template, add_months
from tracker.template_change import apply_template
from tracker.timeline import Timeline
from tracker.workbook.formula_scan import scan
from tracker.workbook.reader import MAX_UNZIPPED, read_workbook
from tracker.workbook.writer import write_book

BACKUPS = "tracker-backups"  # the folder beside a workbook that keeps its earlier versions
REPORTS = "reports"  # the folder beside a workbook that holds a folder per month


@dataclass
class Outcome:
    """What an update did: where things went, what it found, and what it saw change."""

    original: Path
    workbook: Path  # the original, or the file beside it when the original was open
    lang: Lang
    month: date
    progress: Progress
    changes: list[Change]
    snapshot: Path
    backup: Path | None
    warnings: list[Problem] = field(default_factory=list)
    saved_beside: bool = False  # the workbook was open: the new one sits beside it


def last_complete_month(today: date) -> date:
    """The first day of the last calendar month that has ended by ``today``."""
    return add_months(today, -1)


def parse_month(text: str) -> date | None:
    """``2025-06`` (or ``2025/6``, ``2025年6月``) as the first day of that month."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", text)
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return date(int(match[1]), int(match[2]), 1)


def check_workbook(path: Path, max_unzipped: int = MAX_UNZIPPED) -> tuple[Book, Inspection]:
    """Read and check ``path`` the way the update would, writing nothing."""
    reading = read_workbook(path, max_unzipped)
    inspection = inspect(reading.book, reading.places)
    inspection.problems += scan(path, reading.places)
    return reading.book, inspection


def run_update(
    path: Path,
    month: date,
    now: datetime,
    reports: Path | None = None,
    template: Template | None = None,
    max_unzipped: int = MAX_UNZIPPED,
) -> Outcome:
    """Update the workbook at ``path`` for ``month`` (its first day); ``now`` dates the
    backup. Raises ``InputError`` (nothing written) when what people typed has errors."""
    reading = read_workbook(path, max_unzipped)
    book, warnings = reading.book, scan(path, reading.places)
    if template is not None:
        book, dropped = apply_template(book, template)
        warnings += dropped
    period = book.template.period
    if month not in period.months:
        raise UsageError(
            "update.month_outside",
            month=month_key(month),
            first=month_key(period.months[0]),
            last=month_key(period.months[-1]),
        )
    inspection = inspect(book, reading.places)
    problems = inspection.problems + warnings
    if inspection.errors:
        errors, notes = len(inspection.errors), len(problems) - len(inspection.errors)
        raise InputError(
            "update.refused", tuple(problems), path=str(path), errors=errors, warnings=notes
        )
    book = inspection.book
    book.as_of = add_months(month, 1) - timedelta(days=1)
    number_new_items(book)
    progress = compute(book)

    reports = reports if reports is not None else path.parent / REPORTS
    history = merge(reading.history, read_snapshots(reports, book.template.id))
    if reading.history_damaged:
        warnings.append(
            Problem(path.name, "update.history_rebuilt", {"months": len(history.months)}, "warning")
        )
    key = month_key(month)
    events = item_events(key, history.items_before(key), item_states(book))
    history.record(key, goal_records(book, progress, month), events)
    changes = changes_in(history, key)
    number = period.month_number(month)
    index, series = Index(book), history.all_series()
    forecasts = {
        r.goal.id: forecast(r, series.get(r.goal.id, []), number, book, index)
        for r in progress.goals
    }
    timeline = Timeline(history, key, changes, forecasts)

    snapshot = write_snapshot(reports / key, book.template.id, key, history, changes)
    written, backup, beside = _put_in_place(path, book, progress, timeline, now)
    return Outcome(
        original=path,
        workbook=written,
        lang=book.lang,
        month=month,
        progress=progress,
        changes=changes,
        snapshot=snapshot,
        backup=backup,
        warnings=inspection.warnings + warnings,
        saved_beside=beside,
    )


def number_new_items(book: Book) -> None:
    """Give every item without a number the next one of its register (LAB-005, …).
    Numbers are never given twice: the next number is kept even after deletions."""
    for register in book.template.registers:
        pattern = re.compile(rf"^{re.escape(register.prefix)}-(\d+)$")
        used = [int(m[1]) for row in book.rows(register.id) if (m := pattern.match(row.item_id))]
        following = max([book.next_ids.get(register.id, 1), *(n + 1 for n in used)])
        for row in book.rows(register.id):
            if not row.item_id:
                row.item_id = f"{register.prefix}-{following:03d}"
                following += 1
        book.next_ids[register.id] = following


def locked(path: Path) -> bool:
    """Whether a spreadsheet program has the workbook open (Excel and WPS leave ``~$name``,
    LibreOffice ``.~lock.name#``); a lock left by a crash looks the same."""
    return any((path.parent / name).exists() for name in (f"~${path.name}", f".~lock.{path.name}#"))


def beside_name(path: Path, month: date, lang: Lang) -> Path:
    """Where the new workbook goes while the old one is open: next to it."""
    return path.with_name(t(lang, "update.beside_name", stem=path.stem, month=month_key(month)))


def _put_in_place(
    path: Path, book: Book, progress: Progress, timeline: Timeline, now: datetime
) -> tuple[Path, Path | None, bool]:
    """Write the new workbook beside the old one and move it into place, keeping a dated
    backup; when the old one is open, leave the new one beside it instead."""
    month = date.fromisoformat(f"{timeline.month}-01")
    folder = path.parent
    temporary = folder / f".~tracker-{path.stem}-{now:%Y%m%d%H%M%S}.xlsx"
    try:
        write_book(str(temporary), book, progress, timeline)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise NotDeliveredError(
            "cli.cannot_write", path=str(folder), reason=os_reason(error)
        ) from None
    if locked(path):
        return _beside(temporary, path, month, book.lang), None, True
    backups = folder / BACKUPS
    backup = backups / f"{path.stem}_{now:%Y%m%d-%H%M%S}{path.suffix}"
    try:
        backups.mkdir(exist_ok=True)
        shutil.copy2(path, backup)
        temporary.replace(path)
    except OSError:
        return _beside(temporary, path, month, book.lang), None, True
    return path, backup, False


def _beside(temporary: Path, path: Path, month: date, lang: Lang) -> Path:
    target = beside_name(path, month, lang)
    temporary.replace(target)
    return target
