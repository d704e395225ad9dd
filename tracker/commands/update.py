"""The monthly update: read what people typed, check it, keep the history, and rewrite the
workbook without losing a cell.

Hold the workbook (one update at a time) → read it once, as bytes → carry it over to a
revised template, if one is given → check every cell and bring it to its normal form →
number new items → compute → record the month in the history → work out the changes and
forecasts → make sure the report folder can be written → write the new workbook beside the
old one, read it back, back the old one up and move the new one into place (or beside the
old one, when that is open, read-only or was saved by someone else meanwhile) → write the
month's snapshot and report. Any error in what people typed stops the update before
anything is written.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from tracker.errors import InputError, NotDeliveredError, Problem, UsageError, os_reason
from tracker.history.assessment import Assessment, assess
from tracker.history.forecast import Forecast, forecast
from tracker.history.records import (
    Change,
    History,
    changes_in,
    goal_records,
    item_events,
    item_states,
    month_key,
    month_of,
)
from tracker.history.snapshots import merge, owner, read_snapshots, write_snapshot
from tracker.history.timeline import Timeline
from tracker.i18n import Joined, Lang, Msg, t
from tracker.inputs.checks import Inspection, Tidy, inspect
from tracker.inputs.item_numbers import number_new_items, number_problems
from tracker.mail.settings import MailSettings, find_settings
from tracker.model import Book
from tracker.places import Places
from tracker.progress import Index, Progress, compute
from tracker.report.final import write_final_report
from tracker.report.folder import (
    HTML,
    LOG,
    MANIFEST,
    MESSAGE,
    SENT,
    SNAPSHOT,
    TEXT,
    Report,
    final_folder_name,
    final_owner,
    snapshot_paths,
    write_report,
)
from tracker.report.run_log import append_log
from tracker.report.sends import Send, read_sends
from tracker.returns.part import sent_history
from tracker.safefile import (
    BACKUPS,
    LEFTOVER_AGE,
    clear_leftovers,
    held,
    real_path,
    temporary_prefix,
)
from tracker.template.revision import Carried, apply_template
from tracker.template.spec import Template, add_months
from tracker.workbook.formula_scan import scan
from tracker.workbook.reader import MAX_UNZIPPED, Reading, file_bytes, must_exist, read_workbook
from tracker.workbook.saving import Original, Placed, save_book

REPORTS = "reports"  # the folder beside a workbook that holds a folder per month
LOCK_WAIT = 30.0  # seconds an update waits for another one of the same workbook


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
    final: Report | None = None  # the year-end report (reports/2025-final/) of a closed book
    final_message: Path | None = None  # its email as it would go
    assessment: Assessment | None = None  # the year-end assessment it reports


def last_complete_month(today: date) -> date:
    """The first day of the last calendar month that has ended by ``today``."""
    return add_months(today, -1)


def parse_month(text: str) -> date | None:
    """``2025-06`` (or ``2025/6``, ``2025年6月``, in full width too) as the first day of
    that month."""
    plain = unicodedata.normalize("NFKC", text)
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", plain, re.ASCII)
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return date(int(match[1]), int(match[2]), 1)


EVERY_MONTH = "9999-99"  # later than any month: item numbers judged against all recorded


def check_workbook(path: Path, max_unzipped: int = MAX_UNZIPPED) -> tuple[Reading, Inspection]:
    """Read and check ``path`` the way the update does, writing nothing: item numbers are
    judged against the history the workbook and its report folders hold, and months of
    history that are lost are said (as a warning: the update refuses them)."""
    examined = examine_workbook(path, max_unzipped)
    return examined.reading, examined.inspection


@dataclass(frozen=True)
class Examined:
    """A workbook read and checked as the update would, with the history it and its
    report folders hold (a unit's form: the history it was sent with)."""

    reading: Reading
    inspection: Inspection
    history: History


def examine_workbook(path: Path, max_unzipped: int = MAX_UNZIPPED) -> Examined:
    """``check_workbook``, keeping the history it found."""
    reading = read_workbook(path, max_unzipped)
    if reading.book.form is not None:  # a unit's form: its numbers are those it was sent with
        sent = sent_history(reading.book.form)
        inspection = inspect_reading(reading, reading.book, reading.places, sent, EVERY_MONTH, True)
        return Examined(reading, inspection, sent)
    record = _history(path, reading, path.parent / REPORTS, EVERY_MONTH)
    inspection = inspect_reading(reading, reading.book, reading.places, record.history, EVERY_MONTH)
    if record.lost is not None:
        lost = record.lost
        inspection.problems.append(Problem(path.name, lost.key, lost.params, "warning"))
    inspection.problems += record.notes
    return Examined(reading, inspection, record.history)


def within_period(template: Template, month: date, key: str) -> None:
    """Refuse a month outside the template's period, naming the months there are."""
    months = template.period.months
    if month not in months:
        first, last = month_key(months[0]), month_key(months[-1])
        raise UsageError(key, month=month_key(month), first=first, last=last)


def refused(key: str, path: Path, inspection: Inspection, lang: Lang) -> InputError:
    """The refusal of a workbook whose entries have errors: every problem listed, in the
    workbook's language unless one was chosen."""
    warnings = len(inspection.warnings)
    refusal = InputError(
        key,
        tuple(inspection.problems),
        path=str(path),
        errors=len(inspection.errors),
        also=Msg("refusal.also_warnings", {"count": warnings}) if warnings else "",
    )
    refusal.lang = lang
    return refusal


def inspect_reading(
    reading: Reading,
    book: Book,
    places: Places,
    history: History,
    month: str,
    closed: bool = False,
) -> Inspection:
    """Every problem: the rows and columns the reader could not keep, each cell's, the
    formulas only openpyxl can see, and item numbers against the months before ``month``."""
    inspection = inspect(book, places)
    if reading.as_of_typed:  # the formulas cannot count from a date typed as text
        inspection.changes.insert(0, Tidy(places.as_of, reading.as_of_typed, book.as_of))
    found = scan(reading.package, places, reading.layout) if reading.package else []
    inspection.problems = reading.problems + inspection.problems + found
    inspection.problems += number_problems(inspection.book, places, history, month, closed=closed)
    return inspection


def run_update(
    path: Path,
    month: date | None,
    now: datetime,
    *,
    reports: Path | None = None,
    template: Template | None = None,
    max_unzipped: int = MAX_UNZIPPED,
    force: bool = False,
    config: Path | None = None,
    closing: bool = False,
) -> Outcome:
    """Update the workbook at ``path`` for ``month`` (its first day); ``now`` dates the
    backup and the run log. Mail settings come from ``config`` or ``tracker.toml`` beside
    the workbook, if there is one. Raises ``InputError`` (nothing written) when what people
    typed has errors. ``closing``: the period's last update (``tracker close``), which
    marks the workbook closed and adds the year-end assessment and its report folder;
    ``month`` None is then the period's last month."""
    settings = find_settings(config, path.parent)
    must_exist(path)  # a missing file is said so before anything else
    target = real_path(path)
    with held(target, LOCK_WAIT):
        clear_leftovers(target.parent, temporary_prefix(target))
        clear_leftovers(path.parent / BACKUPS, older_than=LEFTOVER_AGE)
        data = file_bytes(target)
        original = Original.of(target, data)
        reading = read_workbook(data, max_unzipped, path=path)
        if reading.book.form is not None:  # a unit's form: its answer goes into the master
            raise UsageError("update.is_form", path=str(path), unit=reading.book.form.unit)
        book = reading.book
        finishing = False  # a close cut short, its year-end report not whole: finish it
        if closing and book.closed and not force:
            base = reports or path.parent / REPORTS
            folder = base / final_folder_name(book.closed)
            finishing = cut_short(folder, base / book.closed / LOG, settings is not None)
            month = month or month_of(book.closed)  # at the month it was closed in
        refuse_closed(
            book, path, force or finishing, "close.already" if closing else "update.closed"
        )
        outcome = _update(
            path,
            reading,
            original,
            month,
            now,
            reports,
            template,
            force,
            settings,
            max_unzipped,
            closing,
        )
        if finishing:  # said, so a close run again where its reports are not is noticed
            params: dict[str, object] = {"folder": str(folder), "month": book.closed}
            outcome.warnings.append(Problem(str(folder), "close.finishing", params, "warning"))
        return outcome


def cut_short(final: Path, log: Path, mail: bool) -> bool:
    """Whether the close that wrote the year-end report ``final`` was stopped before it
    was whole: no manifest; or, with mail settings (``mail``), no email, and the run log
    ``log`` (the last file a close writes) not written since the report was (a full disk
    can stop a close between the report and its email). An email sent (``sent.json``),
    or one missing from a close made before there were mail settings or deleted by hand
    after it, is no close cut short. A run log that names no file of ``final`` holds no
    close's entry: only a send's (the month's email, written before the year-end one,
    sent meanwhile), which adds to it, but is no close."""
    manifest = final / MANIFEST
    if not manifest.is_file():
        return True
    if not mail or (final / MESSAGE).is_file() or (final / SENT).exists():
        return False
    # by the folder's name (the close may have been given its reports spelled otherwise)
    # and the names of the files a close writes there: a folder above the reports may be
    # named "2025-final" too, and then every line of the log names it
    written = tuple(
        f"{final.name}{sep}{name}" for sep in ("/", "\\") for name in (HTML, TEXT, MESSAGE)
    )
    try:
        if log.stat().st_mtime_ns < manifest.stat().st_mtime_ns:
            return True
        with log.open(encoding="utf-8", errors="replace") as said:  # line by line: it grows
            return not any(name in line for line in said for name in written)
    except OSError:  # no run log: the close never reached it
        return True


def refuse_closed(book: Book, path: Path, force: bool, key: str) -> None:
    """A closed workbook (``tracker close``) takes no more monthly work unless forced."""
    if book.closed and not force:
        raise UsageError(key, path=str(path), month=book.closed)


def _same_period(old: Template, new: Template, path: Path) -> None:
    """A revised template revises the workbook's period: one whose period shares no month
    with it is next period's (it would move every month's figures out), refused."""
    if new.period.start > old.period.end or new.period.end < old.period.start:
        raise UsageError(
            "update.other_period",
            new=month_key(new.period.start),
            new_end=month_key(new.period.end),
            old=month_key(old.period.start),
            old_end=month_key(old.period.end),
            name=path.name,
        )


def _update(
    path: Path,
    reading: Reading,
    original: Original,
    month: date | None,
    now: datetime,
    reports: Path | None,
    template: Template | None,
    force: bool,
    settings: MailSettings | None,
    max_unzipped: int,
    closing: bool,
) -> Outcome:
    carried = Carried(reading.book, reading.places)
    if template is not None:
        _same_period(reading.book.template, template, path)
        carried = apply_template(reading.book, template, reading.places)
    if month is None:  # closing: the period's last month
        month = carried.book.template.period.months[-1]
    within_period(carried.book.template, month, "update.month_outside")
    key = month_key(month)
    reports = reports if reports is not None else path.parent / REPORTS
    closed = carried.book.closed
    if closed and not closing and key > closed:  # the assessment would leave it out
        raise UsageError("update.after_close", path=str(path), month=key, closed=closed)
    if closing and not force and add_months(month, 1) > now.date():
        raise UsageError("close.not_ended", month=key, today=now.date().isoformat())
    book, history, warnings = checked(path, reading, carried, reports, key, force)
    book.as_of = add_months(month, 1) - timedelta(days=1)
    book.workbook_id = book.workbook_id or uuid.uuid4().hex
    number_new_items(book, history, key)
    progress = compute(book)

    latest = history.months[-1] if history.months else None
    if latest is not None and key < latest:
        if not force:
            raise UsageError("update.earlier_month", month=key, latest=latest)
        params: dict[str, object] = {"month": key, "latest": latest}
        warnings.append(Problem(key, "update.recomputed", params, "warning"))
    elif latest is not None:  # a month typed wrong (10 for 08) leaves the ones between
        between = [month_key(m) for m in book.template.period.months]
        skipped = [m for m in between if latest < m < key]
        if skipped:
            said: dict[str, object] = {"month": key, "skipped": Joined(tuple(skipped))}
            warnings.append(Problem(key, "update.skipped", said, "warning"))
    folder = reports / key
    taken = owner(folder / SNAPSHOT)
    if taken and taken != book.workbook_id:  # another workbook's month: never overwritten
        raise UsageError("update.folder_taken", folder=str(folder), reports=str(reports))
    for month_folder in reports.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]"):
        clear_leftovers(month_folder, older_than=LEFTOVER_AGE)
    sends = read_sends(folder)  # before anything is written: a damaged record stops here
    _writable(folder)
    events = item_events(key, history.items_before(key), item_states(book))
    recomputed = now.date().isoformat() if latest is not None and key < latest else ""
    history.record(key, goal_records(book, progress, month, recomputed), events)
    if closing:
        book.closed = key
    final_folder = reports / final_folder_name(book.closed) if book.closed else None
    final_sends = []
    if final_folder is not None:
        taken = final_owner(final_folder)
        if taken and taken != book.workbook_id:  # another workbook's year: never overwritten
            raise UsageError("update.folder_taken", folder=str(final_folder), reports=str(reports))
        final_sends = read_sends(final_folder)
        _writable(final_folder)
    changes = changes_in(history, key)
    timeline = Timeline(history, key, changes, forecasts(book, progress, history, key, month))
    if book.closed:  # the year's results: on the workbook's sheet and in its report
        timeline.assessment = assess(book.template, history, book.closed)
    placed = save_book(
        path,
        book,
        progress,
        timeline,
        backup_at=now,
        beside=beside_name(path, month, book.lang),
        original=original,
        max_unzipped=max_unzipped,
    )
    try:
        snapshot = write_snapshot(
            folder / SNAPSHOT,
            book.template.id,
            book.workbook_id,
            key,
            history,
            changes,
            carried.dropped,
        )
        report = write_report(folder, book, progress, timeline, month, placed.path)
        final = None
        if final_folder is not None and timeline.assessment is not None:
            final = write_final_report(final_folder, book, timeline, placed.path)
        if final is not None:
            warnings += _changed_after_send(final_sends, final, "close.changed_after_send")
        if carried.dropped:
            kept: dict[str, object] = {"count": len(carried.dropped)}
            warnings.append(Problem(str(snapshot), "update.kept_in_snapshot", kept, "warning"))
        warnings += _changed_after_send(sends, report, "report.changed_after_send")
        message = final_message = None
        if settings is not None:
            from tracker.commands.send import (
                write_message,  # mail and TLS, loaded when there is mail
            )

            message = write_message(report, settings, now)
            if final is not None:
                final_message = write_message(final, settings, now)
        written = [placed.path, *report.files, snapshot, *([message] if message else [])]
        if final is not None:
            written += [*final.files, *([final_message] if final_message else [])]
        try:
            _log(folder, now, path, book, progress, key, written, placed.backup, warnings)
        except OSError as error:
            if not book.closed:
                raise
            # the last file a close writes: its reports are whole, a close again is refused
            raise NotDeliveredError(
                "close.log_not_written", path=str(folder / LOG), reason=os_reason(error)
            ) from None
    except OSError as error:  # the workbook is in place: the report is what failed
        reason = os_reason(error)
        key = "close.cannot_write" if book.closed else "report.cannot_write"
        raise NotDeliveredError(key, path=str(folder), reason=reason) from None
    except NotDeliveredError as error:  # a closed workbook's reports are finished by a close
        if book.closed and error.key == "report.cannot_write":
            error.key = "close.cannot_write"  # the same file and reason, what to run
        raise
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
        final=final,
        final_message=final_message,
        assessment=timeline.assessment,
    )


def checked(
    path: Path,
    reading: Reading,
    carried: Carried,
    reports: Path,
    month: str,
    force: bool,
    refusal: str = "update.refused",
) -> tuple[Book, History, list[Problem]]:
    """The book in normal form, the history, and the warnings; or the refusal (``refusal``
    says it), naming every problem, when what people typed has errors or months of
    history are lost."""
    record = _history(path, reading, reports, month)
    warnings: list[Problem] = []
    if record.lost is not None:  # months once recorded are never dropped silently
        if not force:
            raise record.lost
        forced = {"months": record.lost.params["months"]}
        warnings.append(Problem(path.name, "update.history_forced", forced, "warning"))
    elif record.rebuilt is not None:
        rebuilt = record.rebuilt
        warnings.append(Problem(rebuilt.where, rebuilt.key, rebuilt.params, "warning"))
    warnings += record.notes
    inspection = inspect_reading(reading, carried.book, carried.places, record.history, month)
    inspection.problems += carried.warnings
    if inspection.errors:
        raise refused(refusal, path, inspection, carried.book.lang)
    return inspection.book, record.history, inspection.warnings + warnings


@dataclass(frozen=True)
class Record:
    """The history as found: the workbook's, with the report folders' months it lacks;
    ``lost`` names the months it once recorded that neither holds any more, ``rebuilt``
    says its hidden sheets were damaged and the report folders stood in."""

    history: History
    lost: UsageError | None = None
    rebuilt: Problem | None = None
    notes: list[Problem] = field(default_factory=list)  # what the snapshots could not give


def _history(path: Path, reading: Reading, reports: Path, month: str) -> Record:
    book = reading.book
    files, notes = read_snapshots(snapshot_paths(reports), book.template.id, book.workbook_id)
    history = merge(reading.history, files)
    recorded = reading.meta.months if reading.meta else ()
    missing = [m for m in recorded if m not in history.goals]
    # A workbook of version 0.1 does not say which months it recorded: one updated
    # before (it has an id) whose history sheets are gone and whose report folders are
    # not here has lost them all.
    gone = reading.history is None and bool(book.workbook_id)
    if missing or (gone and not recorded and not history.months):
        lost = UsageError(
            "update.history_lost" if missing else "update.history_gone",
            path=str(path),
            months=", ".join(missing),
            reports=str(reports),
            backups=str(path.parent / BACKUPS),
        )
        return Record(history, lost=lost, notes=notes)
    if reading.history_damaged or gone:
        rebuilt: dict[str, object] = {"months": len(history.months)}
        problem = Problem(path.name, "update.history_rebuilt", rebuilt)
        return Record(history, rebuilt=problem, notes=notes)
    own = set(reading.history.months) if reading.history is not None else set()
    supplied = [m for m in history.months if m < month and m not in own]
    if supplied:  # an older copy, or a backup put back after later months were reported
        params: dict[str, object] = {"months": ", ".join(supplied), "reports": str(reports)}
        notes = [*notes, Problem(path.name, "update.older_copy", params, "warning")]
    return Record(history, notes=notes)


def _changed_after_send(sends: list[Send], report: Report, key: str) -> list[Problem]:
    """The warning (``key``) that ``report`` is not what was last sent, if it was sent."""
    if not sends or sends[-1].digest == report.digest:
        return []
    last = sends[-1]
    params: dict[str, object] = {
        "time": last.time,
        "recipients": last.recipients,
        "folder": str(report.folder),
    }
    return [Problem(str(report.folder), key, params, "warning")]


def _writable(folder: Path) -> None:
    """Make sure the month's report folder can be written before anything is replaced:
    an update that could not write its report would leave the workbook and the report
    telling different months. Folders made to find out are removed again, so a run that
    stops later leaves no empty folder behind."""
    made = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".~tracker-probe-{uuid.uuid4().hex[:8]}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        reason = os_reason(error)
        raise NotDeliveredError(
            "update.reports_unwritable", path=str(folder), reason=reason
        ) from None
    finally:
        for created in made:  # the deepest first
            with contextlib.suppress(OSError):
                created.rmdir()


def forecasts(
    book: Book, progress: Progress, history: History, key: str, month: date
) -> dict[str, Forecast]:
    """Each goal's forecast for its deadline, from the history up to ``key`` (``month``)."""
    number = book.template.period.month_number(month)
    index, series = Index(book), history.all_series()
    return {
        result.goal.id: forecast(
            result,
            [r for r in series.get(result.goal.id, []) if r.month <= key],
            number,
            book,
            index,
        )
        for result in progress.goals
    }


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


def beside_name(path: Path, month: date, lang: Lang) -> Path:
    """Where the new workbook goes while the old one is open: next to it."""
    return path.with_name(t(lang, "update.beside_name", stem=path.stem, month=month_key(month)))
