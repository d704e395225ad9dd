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
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker.checks import Inspection, inspect
from tracker.errors import InputError, NotDeliveredError, Problem, UsageError, os_reason
from tracker.forecast import forecast
from tracker.history import Change, changes_in, goal_records, item_events, item_states, month_key
from tracker.i18n import Lang, t
from tracker.mail.settings import find_settings
from tracker.model import Book
from tracker.progress import Index, Progress, compute
from tracker.report.folder import Report, write_report
from tracker.report.run_log import append_log
from tracker.report.sends import read_sends
from tracker.send import write_message
from tracker.snapshots import merge, read_snapshots, write_snapshot
from tracker.template import Template, add_months
from tracker.template_change import apply_template
from tracker.timeline import Timeline
from tracker.workbook.formula_scan import scan
from tracker.workbook.reader import MAX_UNZIPPED, Reading, read_workbook
from tracker.workbook.writer import Placed, save_book

REPORTS = "reports"  # the folder beside a workbook that holds a folder per month


@dataclass
class Outcome:
    """What an update did: where things went, what it found, and what it saw change."""

    original: Path
    placed: Placed  # the new workbook: in place, or beside the original
    lang: Lang
    month: date
    book: Book
    progress: Progress
    timeline: Timeline
    changes: list[Change]
    snapshot: Path
    workbook_id: str
    report: Report
    message: Path | None  # the email as it would go, when there are mail settings
    warnings: list[Problem] = field(default_factory=list)


def last_complete_month(today: date) -> date:
    """The first day of the last calendar month that has ended by ``today``."""
    return add_months(today, -1)


def parse_month(text: str) -> date | None:
    """``2025-06`` (or ``2025/6``, ``2025年6月``) as the first day of that month."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", text)
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return date(int(match[1]), int(match[2]), 1)


def check_workbook(path: Path, max_unzipped: int = MAX_UNZIPPED) -> tuple[Reading, Inspection]:
    """Read and check ``path`` the way the update does, writing nothing."""
    reading = read_workbook(path, max_unzipped)
    return reading, _inspect(path, reading, reading.book)


def _inspect(path: Path, reading: Reading, book: Book) -> Inspection:
    """Every problem: the rows and columns the reader could not keep, each cell's, and the
    formulas only openpyxl can see."""
    inspection = inspect(book, reading.places)
    inspection.problems = reading.problems + inspection.problems + scan(path, reading.places)
    return inspection


def run_update(
    path: Path,
    month: date,
    now: datetime,
    reports: Path | None = None,
    template: Template | None = None,
    max_unzipped: int = MAX_UNZIPPED,
    force: bool = False,
    config: Path | None = None,
) -> Outcome:
    """Update the workbook at ``path`` for ``month`` (its first day); ``now`` dates the
    backup and the run log. Mail settings come from ``config`` or ``tracker.toml`` beside
    the workbook, if there is one. Raises ``InputError`` (nothing written) when what people
    typed has errors."""
    settings = find_settings(config, path.parent)
    reading = read_workbook(path, max_unzipped)
    book, carried = reading.book, list[Problem]()
    if template is not None:
        book, carried = apply_template(book, template)
    period = book.template.period
    if month not in period.months:
        raise UsageError(
            "update.month_outside",
            month=month_key(month),
            first=month_key(period.months[0]),
            last=month_key(period.months[-1]),
        )
    inspection = _inspect(path, reading, book)
    inspection.problems += carried
    if inspection.errors:
        refusal = InputError(
            "update.refused",
            tuple(inspection.problems),
            path=str(path),
            errors=len(inspection.errors),
            warnings=len(inspection.warnings),
        )
        refusal.lang = book.lang
        raise refusal
    book = inspection.book
    book.as_of = add_months(month, 1) - timedelta(days=1)
    book.workbook_id = book.workbook_id or uuid.uuid4().hex
    number_new_items(book)
    progress = compute(book)

    reports = reports if reports is not None else path.parent / REPORTS
    files = read_snapshots(reports, book.template.id, book.workbook_id)
    history = merge(reading.history, files)
    warnings = inspection.warnings
    if reading.history_damaged:
        rebuilt: dict[str, object] = {"months": len(history.months)}
        warnings.append(Problem(path.name, "update.history_rebuilt", rebuilt, "warning"))
    key = month_key(month)
    latest = history.months[-1] if history.months else None
    if latest is not None and key < latest and not force:
        raise UsageError("update.earlier_month", month=key, latest=latest)
    folder = reports / key
    sends = read_sends(folder)  # before anything is written: a damaged record stops here
    events = item_events(key, history.items_before(key), item_states(book))
    history.record(key, goal_records(book, progress, month), events)
    changes = changes_in(history, key)
    number = period.month_number(month)
    index, series = Index(book), history.all_series()
    forecasts = {
        result.goal.id: forecast(
            result,
            [r for r in series.get(result.goal.id, []) if r.month <= key],
            number,
            book,
            index,
        )
        for result in progress.goals
    }
    timeline = Timeline(history, key, changes, forecasts)
    placed = save_book(
        path, book, progress, timeline, backup_at=now, beside=beside_name(path, month, book.lang)
    )
    snapshot = write_snapshot(folder, book.template.id, book.workbook_id, key, history, changes)
    report = write_report(folder, book, progress, timeline, month, placed.path)
    if sends and sends[-1].digest != report.digest:
        last = sends[-1]
        params: dict[str, object] = {
            "time": last.time,
            "recipients": last.recipients,
            "folder": str(folder),
        }
        warnings.append(Problem(str(folder), "report.changed_after_send", params, "warning"))
    try:
        message = write_message(report, settings, now) if settings is not None else None
        written = [placed.path, *report.files, snapshot, *([message] if message else [])]
        _log(folder, now, path, book, progress, key, written, placed.backup, warnings)
    except OSError as error:
        reason = os_reason(error)
        raise NotDeliveredError("report.cannot_write", path=str(folder), reason=reason) from None
    return Outcome(
        original=path,
        placed=placed,
        lang=book.lang,
        month=month,
        book=book,
        progress=progress,
        timeline=timeline,
        changes=changes,
        snapshot=snapshot,
        workbook_id=book.workbook_id,
        report=report,
        message=message,
        warnings=warnings,
    )


def _log(
    folder: Path,
    now: datetime,
    source: Path,
    book: Book,
    progress: Progress,
    month: str,
    written: list[Path],
    backup: Path | None,
    warnings: list[Problem],
) -> None:
    """The run's entry in the month's ``run.log``: what was read, written and warned about."""
    lang = book.lang
    counts = t(lang, "measure.and").join(
        t(lang, "log.register", sheet=register.sheet.get(lang), count=len(book.rows(register.id)))
        for register in book.template.registers
    )
    details = [t(lang, "log.read", path=str(source), items=counts)]
    details += [t(lang, "log.wrote", path=str(path)) for path in written]
    if backup is not None:
        details.append(t(lang, "log.backup", path=str(backup)))
    details += [t(lang, "log.warning", message=problem.message(lang)) for problem in warnings]
    tally = {status.value: n for status, n in progress.tally().items()}
    details.append(t(lang, "log.result", **tally))
    append_log(folder, now, t(lang, "log.update", month=month), details)


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


def beside_name(path: Path, month: date, lang: Lang) -> Path:
    """Where the new workbook goes while the old one is open: next to it."""
    return path.with_name(t(lang, "update.beside_name", stem=path.stem, month=month_key(month)))
