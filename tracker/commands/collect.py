"""``tracker collect``: the units' returns merged into the master (``docs/returns.md``).

Hold the master (as the update does) → read and check it → read and check each return
as the update checks a workbook, its item numbers against those it was sent with → set
aside what is not this master's return for this month (one sentence each), what has
errors (its problem list) and what was collected before → merge the rest
(``returns.collect``) → record the month's returns in the master (its 报送情况 sheet) →
write the master beside the old one, read it back, back the old one up and move the new
one into place → write ``returns.json`` and ``returns.html`` into the month's report
folder. Collecting the same returns again changes nothing and writes nothing.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from tracker.commands.update import (
    EVERY_MONTH,
    LOCK_WAIT,
    REPORTS,
    checked,
    forecasts,
    inspect_reading,
    refuse_closed,
    within_period,
)
from tracker.errors import (
    InputError,
    NotDeliveredError,
    Problem,
    TrackerError,
    UsageError,
    os_reason,
)
from tracker.excel import as_text
from tracker.history.records import History, changes_in, month_key, month_of
from tracker.history.timeline import Timeline
from tracker.i18n import Lang, t
from tracker.model import Book, MonthReturns, ReturnRecord
from tracker.progress import compute
from tracker.report.folder import RETURNS_JSON
from tracker.report.returns_page import write_returns_report
from tracker.returns.collect import Returned, collect, detached_numbers
from tracker.returns.part import FormAnswer, answer_of, sent_history
from tracker.returns.units import answering_unit, divide, unit_key
from tracker.safefile import (
    BACKUPS,
    LEFTOVER_AGE,
    clear_leftovers,
    held,
    readable,
    real_path,
    temporary_prefix,
)
from tracker.template.revision import Carried
from tracker.workbook.meta_sheet import FormSays
from tracker.workbook.not_xlsx import kind_of
from tracker.workbook.reader import (
    MAX_UNZIPPED,
    file_bytes,
    must_exist,
    read_form,
    read_workbook,
)
from tracker.workbook.saving import Original, Placed, save_book

# What the reader says of a file that is no tracker workbook at all.
NOT_A_WORKBOOK = ("read.not_xlsx", "read.not_tracker", "read.rollup")
# What a file named .xlsx may be instead, saved so by a unit (not damaged on its way).
SAVED_OTHERWISE = ("legacy", "opendocument", "text")
# What the checks say of a form whose sheets or headers were changed: edited past its
# protection, it is refused with that one sentence.
STRUCTURE = (
    "input.unknown_sheet",
    "input.repeated_header",
)


@dataclass(frozen=True)
class Rejected:
    """A return that was not merged: why, in one sentence, and its problems."""

    path: Path
    unit: str  # "" when the file did not say
    reason: str
    problems: tuple[Problem, ...] = ()
    # This master's form for this month: the unit's standing says it was rejected (a form
    # of another master or month leaves its unit's standing as it was).
    recorded: bool = True


@dataclass(frozen=True)
class Skipped:
    """A file that was passed over: collected before, not filled in, superseded by a
    later return of its unit, or found in a folder and no return."""

    path: Path
    why: str  # the text key saying so
    unit: str = ""


# Lines for a person.
ATTENTION = (
    "conflict",
    "duplicate",
    "deleted",
    "unsent",
    "outside",
    "no_column",
    "typed_over",
    "reverted",
)
# What the checks say of a value typed over a formula cell: on a form, a unit's figure
# that would be lost unsaid; listed as its return's line.
TYPED_OVER = "input.typed_over_formula"


@dataclass
class CollectOutcome:
    lang: Lang
    month: date
    merged: list[ReturnRecord]
    rejected: list[Rejected]
    skipped: list[Skipped]
    missing: list[str]  # units due to return that have not (or whose return was rejected)
    placed: Placed | None  # the master written, or None when nothing changed
    report: Path | None = None  # returns.json
    warnings: list[Problem] = field(default_factory=list)

    # Lines of the month's earlier runs that were left for a person, as recorded.
    earlier_attention: int = 0

    @property
    def attention(self) -> int:
        """Lines left for a person: conflicts, duplicates, items left out, columns added."""
        return sum(1 for r in self.merged for line in r.lines if line.kind in ATTENTION)


def run_collect(
    path: Path,
    sources: list[Path],
    *,
    month: date,
    now: datetime,
    all_or_nothing: bool = False,
    max_unzipped: int = MAX_UNZIPPED,
) -> CollectOutcome:
    """Collect the returns at ``sources`` (files, or folders of them) into the master at
    ``path`` for ``month``."""
    must_exist(path)
    target = real_path(path)
    files, folders = _files(sources, target)
    with held(target, LOCK_WAIT):
        clear_leftovers(target.parent, temporary_prefix(target))  # of a run killed midway
        clear_leftovers(path.parent / BACKUPS, older_than=LEFTOVER_AGE)
        data = file_bytes(target)
        original = Original.of(target, data)
        reading = read_workbook(data, max_unzipped, path=path)
        if reading.book.form is not None:
            raise UsageError("collect.master_is_form", path=str(path), unit=reading.book.form.unit)
        refuse_closed(reading.book, path, False, "forms.closed")
        if not reading.book.workbook_id:
            raise UsageError("collect.not_updated", path=str(path))
        carried = Carried(reading.book, reading.places)
        reports = path.parent / REPORTS
        book, history, warnings = checked(
            path, reading, carried, reports, EVERY_MONTH, False, "collect.master_refused"
        )
        within_period(book.template, month, "collect.month_outside")
        key = month_key(month)
        before = book.returns.get(key, MonthReturns())
        gathered = _Gathered(book, key, before, max_unzipped)
        gathered.skipped += folders
        for file, named in files:
            gathered.read(file, named)
        if all_or_nothing and gathered.rejected:
            problems = tuple(
                problem
                for r in gathered.rejected
                for problem in (
                    Problem(str(r.path), "collect.rejected_line", {"reason": r.reason}),
                    *r.problems,
                )
            )
            raise InputError("collect.nothing_merged", problems, count=len(gathered.rejected))
        stamp = now.isoformat(timespec="seconds")

        def earlier(returned: Returned) -> ReturnRecord | None:
            form_id = returned.form.carried.get("form", "")
            mine = [r for r in before.records if r.form == form_id and not r.rejected]
            return mine[-1] if mine else None

        returns = gathered.latest_of_each_unit()
        collection = collect(book, month, returns, stamp, earlier, history)
        merged = collection.book
        entry = _month_entry(merged, before, returns, collection.records, gathered, stamp)
        placed = None
        if collection.changed or entry.records != before.records:
            merged.returns = {**merged.returns, key: entry}
            placed = _write(path, merged, history, original, now, max_unzipped)
        outcome = CollectOutcome(
            book.lang,
            month,
            collection.records,
            gathered.rejected,
            gathered.skipped,
            [u for u in entry.units if entry.standing(u) in ("missing", "rejected")],
            placed,
            warnings=warnings + gathered.warnings,
            earlier_attention=sum(
                1 for r in before.records for line in r.lines if line.kind in ATTENTION
            ),
        )
        folder = reports / key
        # A report a run before could not write (the master merged all the same) is
        # written by the next, even when it finds nothing new to merge.
        unreported = key in merged.returns and not (folder / RETURNS_JSON).is_file()
        if placed is not None or collection.records or gathered.rejected or unreported:
            try:
                outcome.report = write_returns_report(folder, merged, key, outcome_json(outcome))
            except OSError as error:  # the master is in place: the report is what failed
                reason = os_reason(error)
                raise NotDeliveredError(
                    "collect.report_cannot_write", path=str(folder), reason=reason
                ) from None
        return outcome


class _Gathered:
    """The returns read so far: those to merge, those rejected, those passed over."""

    def __init__(self, master: Book, key: str, before: MonthReturns, max_unzipped: int) -> None:
        self.master = master
        self.lang = master.lang
        self.key = key
        self.before = before
        self.max_unzipped = max_unzipped
        self.returns: list[Returned] = []
        self.rejected: list[Rejected] = []
        self.skipped: list[Skipped] = []
        self.warnings: list[Problem] = []
        # Each return's file and answer, by id(): to tell two of one unit filled apart.
        self.read_from: dict[int, tuple[Path, FormAnswer]] = {}
        self.division = divide(master)

    def read(self, path: Path, named: bool) -> None:
        lang = self.lang
        if path.suffix.lower() in SPREADSHEETS:  # a unit's return saved as .xls, most likely
            reason = t(lang, "collect.other_format", path=str(path), suffix=path.suffix)
            self.rejected.append(Rejected(path, "", reason, recorded=False))
            return
        said = read_form(path, self.max_unzipped)  # whose, even if it cannot be read whole
        if said is not None and self._elsewhere(path, said):
            return
        try:
            reading = read_workbook(path, self.max_unzipped)
        except TrackerError as error:
            if error.key in ("read.not_tracker", "read.rollup"):
                self._not_a_return(path, named, error.message(lang))
            elif error.key in NOT_A_WORKBOOK and named:
                raise UsageError(
                    "collect.not_a_return", path=str(path), reason=error.message(lang)
                ) from None
            elif error.key in NOT_A_WORKBOOK:  # in the returns folder: damaged on its way?
                if kind_of(file_bytes(path)) in SAVED_OTHERWISE:  # saved so by the unit
                    what = error.params.get("reason", "")
                    reason = t(lang, "collect.saved_otherwise", path=str(path), reason=what)
                else:
                    reason = t(lang, "collect.damaged", path=str(path), reason=error.message(lang))
                self.rejected.append(Rejected(path, "", reason, recorded=False))
            else:  # a form damaged past reading: its own sentence says what to do
                unit = said.unit if said is not None else ""
                reason = error.message(lang)
                if error.key == "read.meta_missing":  # a unit has no backups to restore from
                    reason = t(lang, "collect.meta_missing", **error.params)
                self.rejected.append(Rejected(path, unit, reason))
            return
        form = reading.book.form
        if form is None:
            self._not_a_return(path, named, t(lang, "collect.a_master"))
            return
        unit = answering_unit(self.division, form.unit, form.goals)
        if unit != form.unit:  # renamed on the goals sheet since the form went out
            params: dict[str, object] = {"unit": form.unit, "now": unit}
            self.warnings.append(Problem(str(path), "collect.unit_renamed", params, "warning"))
            form = reading.book.form = dataclasses.replace(form, unit=unit)
        sent = sent_history(form)
        inspection = inspect_reading(
            reading, reading.book, reading.places, sent, EVERY_MONTH, closed=True
        )
        edited = [p for p in inspection.errors if p.key in STRUCTURE]
        if edited:
            where = edited[0].where
            reason = t(lang, "collect.form_edited", path=str(path), where=where)
            self.rejected.append(Rejected(path, form.unit, reason, tuple(edited)))
            return
        said_of = {problem.where for problem in inspection.errors}  # a row named once
        detached = detached_numbers(reading.book, reading.places, form)
        inspection.problems += [p for p in detached if p.where not in said_of]
        if inspection.errors:
            reason = t(
                lang,
                "collect.has_errors",
                path=str(path),
                errors=len(inspection.errors),
            )
            self.rejected.append(Rejected(path, form.unit, reason, tuple(inspection.errors)))
            return
        book = inspection.book
        book.form = form
        typed_over = tuple(
            (p.where, as_text(p.params.get("value", "")))
            for p in inspection.warnings
            if p.key == TYPED_OVER
        )
        held = answer_of(book)
        form_id = form.carried.get("form", "")
        said_before = any(  # a return of this form merged, that changed or added something
            r.form == form_id and not r.rejected and (r.answered or r.added)
            for r in self.before.records
        )
        unfilled = not held.filled and not typed_over
        if unfilled and not said_before:
            self.skipped.append(Skipped(path, "collect.not_filled", form.unit))
            return
        answer = held.digest
        if typed_over:  # another figure typed over a formula is another answer
            text = json.dumps([answer, typed_over], ensure_ascii=False)
            answer = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        if any(r.form == form_id and r.answer == answer for r in self.before.records):
            self.skipped.append(Skipped(path, "collect.already", form.unit))
            return
        saved = None
        if reading.package is not None:
            with contextlib.suppress(TrackerError):
                saved = reading.package.saved_at()
        if saved is None:
            saved = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        received = saved.astimezone().replace(tzinfo=None).isoformat(timespec="seconds")
        merged = [
            r
            for r in self.before.records
            if not r.rejected and unit_key(r.unit) == unit_key(form.unit)
        ]
        if unfilled and (not merged or merged[-1].received >= received):
            # the form as sent, left beside the unit's answer: not its answer taken back
            self.skipped.append(Skipped(path, "collect.blank_copy", form.unit))
            return
        if merged and merged[-1].received > received:  # a draft, after its corrected version
            reason = t(
                lang,
                "collect.older",
                path=str(path),
                saved=received.replace("T", " ")[:16],
                file=merged[-1].file,
                merged=merged[-1].received.replace("T", " ")[:16],
            )
            self.rejected.append(Rejected(path, form.unit, reason, recorded=False))
            return
        name = readable(path.name)  # a name from a zip made on a Chinese Windows
        returned = Returned(book, name, answer, received, typed_over, unchanged=unfilled)
        self.returns.append(returned)
        self.read_from[id(returned)] = (path, held)

    def _elsewhere(self, path: Path, form: FormSays) -> bool:
        """Reject a form of another master or another month, in one sentence."""
        if form.master != self.master.workbook_id:
            reason = t(self.lang, "collect.other_master", path=str(path), unit=form.unit)
        elif form.month != self.key:
            reason = t(
                self.lang, "collect.other_month", path=str(path), month=form.month, key=self.key
            )
        else:
            return False
        self.rejected.append(Rejected(path, form.unit, reason, recorded=False))
        return True

    def _not_a_return(self, path: Path, named: bool, reason: str) -> None:
        if named:  # a master, or another workbook, given by mistake
            raise UsageError("collect.not_a_return", path=str(path), reason=reason)
        self.skipped.append(Skipped(path, "collect.not_a_return_here"))

    def latest_of_each_unit(self) -> list[Returned]:
        """One return per unit: the one it saved last. Each other is passed over, unless
        it holds answers the one taken lacks (two copies of the form filled in apart):
        then it is named, with the fix, and not merged."""
        latest: dict[str, Returned] = {}
        for returned in self.returns:
            unit = unit_key(returned.form.unit)
            if unit not in latest or latest[unit].received <= returned.received:
                latest[unit] = returned
        for returned in self.returns:
            taken = latest[unit_key(returned.form.unit)]
            if returned is taken:
                continue
            path, answer = self.read_from[id(returned)]
            later_path, later = self.read_from[id(taken)]
            same_form = returned.form.carried.get("form") == taken.form.carried.get("form")
            # Passed over only when the later holds all the earlier said. Else no file tells
            # a correction that took answers back from two copies filled in apart (which
            # may share a cell typed alike, 存在问题 "无"): named, for a person.
            count = answer.lacking(later, returned.sent) if same_form else 0
            if not count:
                self.skipped.append(Skipped(Path(returned.file), "collect.superseded"))
                continue
            reason = t(
                self.lang, "collect.filled_apart", path=str(path), file=later_path.name, count=count
            )
            self.rejected.append(Rejected(path, returned.form.unit, reason, recorded=False))
        return list(latest.values())


def _month_entry(
    book: Book,
    before: MonthReturns,
    returns: list[Returned],
    records: list[ReturnRecord],
    gathered: _Gathered,
    stamp: str,
) -> MonthReturns:
    """The month's record of returns after this run: the units due (those the master
    divides among now), the latest due day, every return merged and every new rejection."""
    entry = copy.deepcopy(before)
    entry.units = [unit.name for unit in divide(book).units]
    dues = [d for d in (before.due, *(r.form.due for r in returns)) if d is not None]
    entry.due = max(dues) if dues else None
    entry.records += records
    for rejected in gathered.rejected:
        if not rejected.unit or not rejected.recorded:  # listed, not recorded
            continue
        try:
            digest = hashlib.sha256(rejected.path.read_bytes()).hexdigest()[:16]
        except OSError:  # gone or locked since it was read: recorded all the same
            digest = ""
        record = ReturnRecord(
            unit=rejected.unit,
            file=readable(rejected.path.name),
            answer=digest,
            collected=stamp,
            rejected=readable(rejected.reason),
            problems=tuple(readable(problem.message(book.lang)) for problem in rejected.problems),
        )
        seen = [(r.unit, r.file, r.answer, bool(r.rejected)) for r in entry.records]
        if (record.unit, record.file, record.answer, True) not in seen:  # the same file again
            entry.records.append(record)
    return entry


def _write(
    path: Path,
    book: Book,
    history: History,
    original: Original,
    now: datetime,
    max_unzipped: int,
) -> Placed:
    """The master with the returns merged, its history, changes and forecasts as its last
    update left them, put in place as the update puts it."""
    progress = compute(book)
    timeline = Timeline(history)
    if history.months:
        latest = history.months[-1]
        changes = changes_in(history, latest)
        made = forecasts(book, progress, history, latest, month_of(latest))
        timeline = Timeline(history, latest, changes, made)
    beside = path.with_name(t(book.lang, "collect.beside_name", stem=path.stem))
    return save_book(
        path,
        book,
        progress,
        timeline,
        backup_at=now,
        beside=beside,
        original=original,
        max_unzipped=max_unzipped,
    )


SPREADSHEETS = (".xls", ".et", ".ods", ".xlsm", ".csv")  # returns saved in another format


def _files(sources: list[Path], master: Path) -> tuple[list[tuple[Path, bool]], list[Skipped]]:
    """Each file to collect, and whether it was named (rather than found in a folder):
    in a folder, every ``.xlsx`` whatever its case, and a spreadsheet saved in another
    format, to be said (Excel's ``~$`` lock files and hidden files are passed over).
    A folder within it that holds such files is not looked into, but said."""
    files: list[tuple[Path, bool]] = []
    folders: list[Skipped] = []
    for source in sources:
        if source.is_dir():
            found = sorted(p for p in source.iterdir() if _a_spreadsheet(p))
            files += [(p, False) for p in found if p.is_file() and real_path(p) != master]
            folders += [
                Skipped(p, "collect.subfolder")
                for p in found
                if p.is_dir()
                and p.name != BACKUPS  # the forms replaced, kept by tracker forms
                and _holds_spreadsheets(p)
            ]
            continue
        must_exist(source)
        if real_path(source) == master:
            raise UsageError("collect.master_given", path=str(source))
        files.append((source, True))
    once: dict[Path, tuple[Path, bool]] = {}  # a file given twice (its folder too) is read once
    for file, named in files:
        first = once.setdefault(real_path(file), (file, named))
        once[real_path(file)] = (first[0], first[1] or named)
    files = list(once.values())
    if not files:
        paths = ", ".join(str(s) for s in sources)
        if folders:
            inner = ", ".join(str(f.path) for f in folders)
            raise UsageError("collect.only_in_subfolders", paths=paths, folders=inner)
        raise UsageError("collect.no_files", paths=paths)
    return files, folders


def _holds_spreadsheets(folder: Path) -> bool:
    """Whether ``folder``, or a folder within it, holds a file a return may be (links to
    folders not followed; a folder that cannot be read holds none)."""
    for where, _, names in os.walk(folder):
        if any(_a_spreadsheet(Path(where) / name) for name in names):
            return True
    return False


def _a_spreadsheet(path: Path) -> bool:
    """A name a return may have (a folder's too, to be looked for within): not a lock
    file of Excel's, nor hidden."""
    if path.name.startswith(("~$", ".")):
        return False
    return path.is_dir() or path.suffix.lower() in (".xlsx", *SPREADSHEETS)


def outcome_json(outcome: CollectOutcome) -> dict[str, object]:
    """What a run of ``tracker collect`` did, as ``returns.json`` holds it (a file name the
    system could not decode with U+FFFD, as UTF-8 can carry it)."""
    return {
        "month": month_key(outcome.month),
        "merged": [
            {
                "unit": r.unit,
                "file": r.file,
                "received": r.received,
                "lines": [
                    {
                        "kind": line.kind,
                        "sheet": line.sheet,
                        "item": line.item,
                        "name": line.name,
                        "column": line.column,
                        "old": line.old,
                        "new": line.new,
                    }
                    for line in r.lines
                ],
            }
            for r in outcome.merged
        ],
        "rejected": [
            {
                "file": readable(r.path.as_posix()),
                "unit": r.unit,
                "reason": readable(r.reason),
                "problems": [readable(p.message(outcome.lang)) for p in r.problems],
            }
            for r in outcome.rejected
        ],
        "skipped": [
            {"file": readable(s.path.as_posix()), "unit": s.unit, "why": readable(s.why)}
            for s in outcome.skipped
        ],
        "missing": outcome.missing,
        "master": readable(outcome.placed.path.as_posix()) if outcome.placed else "",
    }
