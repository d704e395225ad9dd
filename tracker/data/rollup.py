"""Many tracking workbooks as one view: the districts of a city, or the trackers of one
district (``tracker rollup``).

Each workbook is read and checked as the update reads it, and its figures computed at its
own as-of date. Workbooks made from the same template form a group; a group of two or more
gets a total per goal where summing means something (count and sum goals with one unit),
and for every goal the number of workbooks at each status. Only workbooks that are
readable, free of errors and as of the roll-up's month count in totals; the others are
shown and flagged, never silently mixed in: a workbook that cannot be read is listed with
the sentence saying why, one with errors with its problems, one of another month with its
month. A lead unit's form (填报表) is no workbook to roll up, and a copy of a workbook
counts once: both are listed, saying so. The trend comes from the workbooks' own monthly
histories.
"""

from __future__ import annotations

import codecs
import csv
import multiprocessing
import os
import re
import signal
import sys
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum
from functools import cached_property
from pathlib import Path

from tracker.commands.update import REPORTS, examine_workbook
from tracker.errors import Problem, TrackerError, UsageError, os_reason
from tracker.excel import clean_round
from tracker.history.records import History, month_end, month_key, month_of
from tracker.i18n import Joined, Lang, Msg, month_words, t
from tracker.model import Book
from tracker.progress import GoalProgress, Progress, Status, completion_of, compute, judge
from tracker.returns.units import not_set, unit_key
from tracker.safefile import BACKUPS, TEMPORARY, readable
from tracker.template.spec import Goal, Template
from tracker.workbook.package import MAX_CORE, marks_rollup
from tracker.workbook.reader import MAX_UNZIPPED

SUMMED_KINDS = ("count", "sum")


class Standing(Enum):
    """Whether a workbook counts in its group's totals, and if not, why."""

    COUNTED = "counted"
    ALONE = "alone"  # the only workbook of its template to count: no totals to be in
    OTHER_MONTH = "other_month"
    ERRORS = "errors"
    UNREADABLE = "unreadable"
    FORM = "form"  # a lead unit's form (tracker forms): its part only, not a master
    COPY = "copy"  # another copy of a workbook rolled up (the same workbook id)


@dataclass(frozen=True)
class Source:
    """A workbook to roll up, and the label it was given (by ``--label`` or a list file)."""

    path: Path
    label: str = ""


@dataclass(frozen=True)
class Member:
    """One workbook as the roll-up found it. ``book`` and ``progress`` are None when it
    could not be read; ``reason`` then says why (put in the roll-up's language when it is
    written), as it says what a lead unit's form is. A form and a copy have no figures
    (``progress`` None): they are not rolled up; ``copy_of`` is the file of the copy that
    is."""

    path: Path
    label: str
    standing: Standing
    book: Book | None = None
    progress: Progress | None = None
    history: History = field(default_factory=History)
    problems: tuple[Problem, ...] = ()
    reason: Msg | None = None
    copy_of: Path | None = None

    @property
    def month(self) -> str:
        return month_key(self.progress.as_of) if self.progress is not None else ""

    @property
    def template(self) -> Template | None:
        return self.book.template if self.book is not None else None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def goal(self, goal_id: str) -> GoalProgress | None:
        if self.progress is None:
            return None
        return next((p for p in self.progress.goals if p.goal.id == goal_id), None)

    def tally(self) -> tuple[int, ...]:
        """How many of its goals stand at each status, in ``Status`` order."""
        counts = self.progress.tally() if self.progress is not None else {}
        return tuple(counts.get(status, 0) for status in Status)


@dataclass(frozen=True)
class GoalTotal:
    """One goal of a group across the workbooks counted: the sums when ``summed``, and how
    many workbooks stand at each status (``Status`` order)."""

    goal: Goal
    summed: bool
    counted: int  # the workbooks counted that have this goal
    counts: tuple[int, ...]
    actual: float = 0.0
    target: float = 0.0
    expected: float = 0.0
    completion: float = 0.0
    status: Status | None = None


@dataclass(frozen=True)
class TrendPoint:
    """A summed goal in one month: the sums of what each workbook recorded for it."""

    month: str
    goal_id: str
    actual: float
    target: float


@dataclass(frozen=True)
class Group:
    """The workbooks made from one template (by its id). Their templates may be versions
    of it (a target revised, a goal added or dropped): ``template`` is the one most of
    them have, the latest of a tie, and ``goals`` are every goal of any of them."""

    template: Template
    members: tuple[Member, ...]  # every workbook of the template read, in order: no form, no copy

    @cached_property
    def goals(self) -> tuple[Goal, ...]:
        """Every goal of the group's workbooks, once each: in ``template``'s order, a goal
        only some versions have after the goal it follows in theirs."""
        return merged_goals(ranked_templates(self.members))

    @property
    def counted(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.standing is Standing.COUNTED)

    @property
    def as_of(self) -> date:
        """The date its totals are judged at: the latest of the workbooks counted."""
        return max((m.progress.as_of for m in self.counted if m.progress), default=date.min)

    @property
    def has_totals(self) -> bool:
        """Totals mean something across two workbooks or more."""
        return len(self.counted) >= 2

    @cached_property
    def totals(self) -> list[GoalTotal]:
        """Every goal across the workbooks counted, worked out once (the summary, the
        trend and the brief all show them)."""
        return group_totals(self)


@dataclass(frozen=True)
class UnitTally:
    """A lead unit's goals across the workbooks counted, by status (``Status`` order)."""

    unit: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class Rollup:
    month: str  # 2025-06: the month the totals are of
    lang: Lang
    members: tuple[Member, ...]  # in the order given
    groups: tuple[Group, ...]  # the largest first

    @property
    def as_of(self) -> date:
        """The last day of the roll-up's month (of 2000-01 when nothing has a month)."""
        return month_end(self.month) if self.month else date(2000, 1, 31)

    @property
    def as_of_words(self) -> str:
        """截至2025年6月, As of June 2025."""
        month = month_words(month_of(self.month), self.lang) if self.month else ""
        return t(self.lang, "rollup.month", month=month)

    @property
    def left_out(self) -> tuple[Member, ...]:
        """The workbooks not in the totals for a reason to tell: unreadable, with errors,
        of another month (one alone with its template is shown apart)."""
        kept = (Standing.COUNTED, Standing.ALONE)
        return tuple(m for m in self.members if m.standing not in kept)

    @property
    def alone(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.standing is Standing.ALONE)

    def totals(self, group: Group) -> list[GoalTotal]:
        return group.totals

    def trend(self, group: Group) -> list[TrendPoint]:
        return group_trend(group, self.month)

    def by_workbook(self) -> list[Member]:
        """The workbooks read, the most goals far behind and then behind first."""
        read = [m for m in self.members if m.progress is not None]
        return sorted(read, key=lambda m: (-m.tally()[3], -m.tally()[2]))

    @cached_property
    def _unit_names(self) -> dict[str, str]:
        """Each lead unit's name as the roll-up shows it, by ``unit_key``: as first typed,
        on one line, so that names typed alike (spaces, half- or full-width) are one
        unit, as the monthly brief groups them."""
        names: dict[str, str] = {}
        for member in self.members:
            if member.book is None:
                continue
            for goal in member.book.template.goals:
                lead = member.book.assignment(goal.id).lead
                if not not_set(lead):
                    names.setdefault(unit_key(lead), " ".join(lead.split()))
        return names

    def lead_of(self, member: Member, goal_id: str) -> str:
        """The lead unit of a workbook's goal as the roll-up names it; empty for none,
        as for 待定 (To be set)."""
        assert member.book is not None
        lead = member.book.assignment(goal_id).lead
        return "" if not_set(lead) else self._unit_names[unit_key(lead)]

    def by_unit(self) -> list[UnitTally]:
        """The lead units of the workbooks counted, the most goals far behind and then
        behind first; a unit is named as ``lead_of`` names it, and goals with no lead
        unit are left out."""
        counts: dict[str, list[int]] = {}
        for member in self.members:
            if member.standing is not Standing.COUNTED or member.book is None:
                continue
            assert member.progress is not None
            for result in member.progress.goals:
                unit = self.lead_of(member, result.goal.id)
                if not unit:
                    continue
                row = counts.setdefault(unit, [0] * len(Status))
                row[list(Status).index(result.status)] += 1
        tallies = [UnitTally(unit, tuple(row)) for unit, row in counts.items()]
        return sorted(tallies, key=lambda u: (-u.counts[3], -u.counts[2], u.unit))


@dataclass(frozen=True)
class Found:
    """The workbooks to roll up; the files named more than once (taken once), the
    roll-ups named (never taken) and the subfolders not read, with how many workbooks each
    holds, for the caller to say."""

    sources: list[Source]
    repeated: list[Path]
    rollups: list[Path]
    subfolders: list[tuple[Path, int]] = field(default_factory=list)


# Workbooks saved in another format, found in a folder: read when they can be (a .xlsm is
# an xlsx with room for macros), else named with the fix (an old .xls: save it as .xlsx).
OTHER_FORMATS = (".xlsm", ".xls", ".xlsb", ".et", ".ods")
# What the tool keeps beside a workbook: earlier versions and monthly reports, no
# workbooks to roll up.
TOOL_FOLDERS = frozenset({BACKUPS, REPORTS})
LIST_SUFFIXES = (".csv", ".txt")  # a list of workbooks


def sources_from(paths: Sequence[Path], labels: Sequence[str], out: Path | None) -> Found:
    """The workbooks ``paths`` name: a workbook; a folder, for the workbooks in it in
    name order (``_folder``); a list (.csv or .txt), a workbook's or a folder's path on
    each line with its label after a comma if wanted, relative to the list
    (``_listed``). ``labels`` go with the workbooks found, in order, one each."""
    sources: list[Source] = []
    subfolders: list[tuple[Path, int]] = []
    for path in paths:
        if path.is_dir():
            found, below = _folder(path)
            sources += found
            subfolders += below
        elif path.suffix.lower() in LIST_SUFFIXES:
            for source in _listed(path):
                if source.path.is_dir():  # a folder listed: its workbooks, as given here
                    found, below = _folder(source.path)
                    sources += found
                    subfolders += below
                else:
                    sources.append(source)
        else:
            sources.append(Source(path))
    rollups = [s.path for s in sources if is_rollup(s.path)]
    for source in sources:
        if _same(source.path, out) and source.path not in rollups:  # never written over
            raise UsageError("rollup.out_is_input", path=str(out))
    seen: set[Path] = set()
    kept, repeated = [], []
    for source in sources:
        if source.path in rollups:
            continue
        key = _identity(source.path)
        if key in seen:
            repeated.append(source.path)
        else:
            seen.add(key)
            kept.append(source)
    if not kept:
        if rollups:  # only roll-ups given: say what they are
            raise UsageError("read.rollup", path=str(rollups[0]))
        raise UsageError("rollup.no_workbooks", path=", ".join(map(str, paths)))
    if labels:
        if len(labels) != len(kept):
            raise UsageError("rollup.labels_mismatch", labels=len(labels), files=len(kept))
        kept = [Source(s.path, label) for s, label in zip(kept, labels, strict=True)]
    return Found(kept, repeated, rollups, subfolders)


def _folder(path: Path) -> tuple[list[Source], list[tuple[Path, int]]]:
    """The workbooks in the folder at ``path``, in name order: its .xlsx files and those
    saved in another format, not Excel's lock files ``~$…``, the tool's temporary files,
    nor a roll-up; and its subfolders that hold workbooks, with how many. Subfolders are
    not read (a folder of old versions would be rolled up too), but said, so that a
    district kept in a folder of its own is not left out without a word."""
    entries = sorted(path.iterdir())
    found = [Source(p) for p in entries if _workbook_name(p) and p.is_file() and not is_rollup(p)]
    below = [(p, n) for p in entries if p.is_dir() and (n := _workbooks_below(p))]
    if not found:
        if below:
            names = Joined(tuple(p.name for p, _ in below))
            raise UsageError("rollup.only_subfolders", path=str(path), folders=names)
        raise UsageError("rollup.no_workbooks", path=str(path))
    return found, below


def _workbook_name(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", *OTHER_FORMATS) and not path.name.startswith(
        ("~$", TEMPORARY)
    )


def _workbooks_below(folder: Path) -> int:
    """How many workbooks the folder at ``folder`` holds, at any depth, but for the
    tool's own folders."""
    if folder.name in TOOL_FOLDERS:
        return 0
    try:
        return sum(
            1
            for p in folder.rglob("*")
            if _workbook_name(p) and not TOOL_FOLDERS & set(p.relative_to(folder).parts)
        )
    except OSError:  # a folder that cannot be listed holds none that could be read
        return 0


def _identity(path: Path) -> Path:
    """One name for a file however it was given (relative, ``./``, a link)."""
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _same(path: Path, other: Path | None) -> bool:
    return other is not None and _identity(path) == _identity(other)


def _listed(path: Path) -> list[Source]:
    """The workbooks a list file names: a path on each line (relative to the list), its
    label after a comma (or a tab: Excel's "Unicode text") if wanted; lines starting with
    # are notes. A first line naming no file (``路径,名称``) is a header. Excel's "CSV
    UTF-8", Notepad's UTF-8, Chinese Excel's plain "CSV" (GB18030) and its "Unicode text"
    (UTF-16) are read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError("rollup.list_unread", path=str(path), reason=os_reason(error)) from None
    if data.startswith(b"PK\x03\x04"):  # a workbook named .csv, most likely
        raise UsageError("rollup.list_is_zip", path=str(path))
    text = _decoded(data)
    if text is None:
        raise UsageError("rollup.list_not_utf8", path=str(path))
    sources: list[Source] = []
    first = True  # the first line that is no note: perhaps a header
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        # A tab where Excel's "Unicode text" puts one, else a comma: each line by itself
        cells = next(csv.reader([line], delimiter="\t" if "\t" in line else ","), [""])
        heading, first = first, False
        if not cells or not cells[0].strip():
            continue
        where = path.parent / cells[0].strip()
        if heading and _header(where):
            continue
        if where.suffix.lower() in LIST_SUFFIXES:  # lists are given on the command line
            raise UsageError("rollup.list_in_list", path=str(path), line=number, listed=str(where))
        label = cells[1].strip() if len(cells) > 1 else ""
        sources.append(Source(where, label))
    return sources


def _decoded(data: bytes) -> str | None:
    """The text of a list file, None when no encoding it may be in reads it (or it holds
    a NUL, which no path has)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in data[:2]:  # UTF-16 without its mark: ASCII's zero bytes tell its order
        encodings = ("utf-16-be" if data[:1] == b"\x00" else "utf-16-le",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if "\x00" in text else text
    return None


# Words a list's header names its first column with, as people head it.
HEADER_WORDS = ("路径", "文件", "工作簿", "位置", "path", "file", "workbook")


def _header(where: Path) -> bool:
    """Whether a list's first line heads its columns: it says so (路径, 文件, path …)
    and names nothing that is there. A folder mistyped on that line is no header: it is
    rolled up, and said to be missing."""
    words = where.name.strip().lower()
    return not where.exists() and any(word in words for word in HEADER_WORDS)


def is_rollup(path: Path) -> bool:
    """Whether the file at ``path`` is a roll-up workbook this tool wrote."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/core.xml") as part:
            core = part.read(MAX_CORE)
    except (OSError, KeyError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError):
        return False  # no workbook, or a broken one: the reader says which
    return marks_rollup(core)


def roll_up(
    sources: Sequence[Source],
    lang: Lang | None,
    month: str | None = None,
    max_unzipped: int = MAX_UNZIPPED,
    workers: int | None = None,
) -> Rollup:
    """Read every workbook of ``sources`` and roll them up as of ``month`` (by default the
    month most of those without errors are at, the latest of a tie), each workbook once
    (``_without_copies``). None readable as a master workbook (all unreadable or lead
    units' forms) is refused, naming why the first is not, and so is a ``month`` none is
    as of, naming the months they are. ``workers`` processes read the workbooks (by
    default one a processor, at most ``MAX_WORKERS``). ``lang`` None: the language of the
    workbooks read, when they share one (else Chinese), as other commands follow theirs."""
    read = _without_copies(_read_all(sources, max_unzipped, workers), month)
    if lang is None:  # the masters' language: a unit's form is never rolled up
        books = [m.book for m in read if m.book is not None]
        masters = [m.book for m in read if m.book is not None and m.standing is not Standing.FORM]
        langs = {book.lang for book in masters or books}
        lang = langs.pop() if len(langs) == 1 else "zh"
    refusal: UsageError | None = None
    if all(m.standing in (Standing.UNREADABLE, Standing.FORM) for m in read):
        first, path = read[0], str(read[0].path)
        named = first.reason is not None and first.reason.params.get("path") == path
        refusal = (  # a reason that names the file itself is not put after its name again
            UsageError("rollup.none_readable_named", count=len(read), reason=first.reason)
            if named
            else UsageError("rollup.none_readable", count=len(read), path=path, reason=first.reason)
        )
    # The months the workbooks are as of; none when no as-of date could be read, and then
    # each is listed with that error, whatever month was asked for.
    dated = sorted({m.month for m in read if m.month})
    if refusal is None and month and dated and month not in dated:  # a roll-up of nothing
        refusal = UsageError("rollup.no_month", month=month, months=Joined(tuple(dated)))
    if refusal is not None:  # said in the roll-up's language, as it would have been written
        refusal.lang = lang
        raise refusal
    months = Counter(m.month for m in read if m.standing is Standing.COUNTED)
    months = months or Counter(m.month for m in read if m.month)  # every one with errors
    chosen = month or max(months, key=lambda m: (months[m], m), default="")
    members = _labelled(
        [
            replace(m, standing=Standing.OTHER_MONTH)
            if m.standing is Standing.COUNTED and m.month != chosen
            else m
            for m in read
        ],
        lang,
    )
    # A template with one workbook to count has no totals: that one stands alone.
    counts = Counter(
        m.template.id for m in members if m.standing is Standing.COUNTED and m.template
    )
    members = [
        replace(m, standing=Standing.ALONE)
        if m.standing is Standing.COUNTED and m.template and counts[m.template.id] < 2
        else m
        for m in members
    ]
    return Rollup(chosen, lang, tuple(members), _groups(members))


MAX_WORKERS = 8


def _read_all(sources: Sequence[Source], max_unzipped: int, workers: int | None) -> list[Member]:
    """Every workbook read, in order: in processes of their own when there are several
    and processors to share them (a workbook's reading is Python's work, one processor
    each), else here. A program frozen by PyInstaller reads them here: its processes
    would start the program again."""
    count = min(len(sources), workers or os.cpu_count() or 1, MAX_WORKERS)
    if count < 2 or getattr(sys, "frozen", False):
        return [_read(source, max_unzipped) for source in sources]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # A pool that ends its processes when left, by an interrupt too (Ctrl-C, a scheduler's
    # stop): concurrent.futures' pool would wait for them, and they for work, for ever.
    with multiprocessing.get_context(method).Pool(count, initializer=_quiet) as pool:
        tasks = [(source, max_unzipped) for source in sources]
        return pool.starmap(_read_lean, tasks, chunksize=1)


def _quiet() -> None:
    """A reading process leaves interrupts to the one that started it, which ends it
    (SIGTERM, whose default ends it without a word)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _read_lean(source: Source, max_unzipped: int) -> Member:
    """A workbook read in a process of its own, with only what the roll-up uses sent
    back: not its items (its figures are computed) nor its items' history."""
    member = _read(source, max_unzipped)
    if member.book is None:
        return member
    book = replace(member.book, registers={}, header_extras={}, monthly={}, returns={})
    return replace(member, book=book, history=History(goals=member.history.goals))


def _read(source: Source, max_unzipped: int) -> Member:
    try:
        examined = examine_workbook(source.path, max_unzipped)
    except TrackerError as error:
        reason = Msg(error.key, error.params)
        return Member(source.path, source.label, Standing.UNREADABLE, reason=reason)
    book = examined.inspection.book
    if book.form is not None:  # a unit's part, as it was sent or answered: not a master
        reason = Msg("rollup.form", {"unit": book.form.unit})
        return Member(source.path, source.label, Standing.FORM, book=book, reason=reason)
    # As status --json lists them: a cell the update will tidy (a figure typed as text)
    # is counted as it was typed until then, and the reader is told so.
    problems = examined.inspection.problems + examined.inspection.tidied
    no_date = examined.reading.as_of_problem
    if no_date is not None:  # no figures without the date they are of (as status)
        problems.insert(0, no_date)
    errors = any(p.is_error for p in problems)
    return Member(
        path=source.path,
        label=source.label,
        standing=Standing.ERRORS if errors else Standing.COUNTED,
        book=book,
        # as status computes them: as the workbook's formulas do, from the cells as typed
        progress=compute(examined.reading.book) if no_date is None else None,
        history=examined.history,
        problems=tuple(problems),
    )


def _without_copies(members: list[Member], month: str | None) -> list[Member]:
    """Each workbook once: of the files with one workbook id (copies of one workbook: sent
    twice, kept as a backup, saved again by another office suite), the one as of the
    latest date is rolled up, being the workbook as it was last updated wherever it was
    saved; with ``month`` asked for (``--month``), the latest as of that month if there
    is one. Of those alike, the first given. The others are copies of it, left out of
    everything with their figures and problems. A workbook with no id (never updated:
    ``tracker init``) is no one's copy, as nothing tells whether it is."""

    def rank(member: Member) -> tuple[bool, date]:
        as_of = member.progress.as_of if member.progress is not None else date.min
        return (member.month == month, as_of)

    kept: dict[str, int] = {}
    for index, member in enumerate(members):
        key = _workbook_id(member)
        if key and (key not in kept or rank(member) > rank(members[kept[key]])):
            kept[key] = index
    return [
        replace(
            member,
            standing=Standing.COPY,
            progress=None,
            history=History(),
            problems=(),
            copy_of=members[kept[key]].path,
        )
        if (key := _workbook_id(member)) and kept[key] != index
        else member
        for index, member in enumerate(members)
    ]


def _workbook_id(member: Member) -> str:
    """The id of a workbook rolled up, "" for a file that is none (unreadable, a form)."""
    if member.book is None or member.standing is Standing.FORM:
        return ""
    return member.book.workbook_id


def _labelled(members: list[Member], lang: Lang) -> list[Member]:
    """Each workbook with the label it was given, else its template's title when no other
    workbook has the same, else its file name; a label taken before (in lower case, as a
    spreadsheet compares text) gets the first number that makes it new."""
    titles = Counter(m.template.title.get(lang) for m in members if m.template is not None)
    labelled, taken = [], set()
    for member in members:
        label = member.label.strip()
        if not label:
            title = member.template.title.get(lang) if member.template is not None else ""
            label = title if title and titles[title] == 1 else readable(member.path.stem)
        unique, number = label, 1
        while unique.lower() in taken:
            number += 1
            unique = f"{label} ({number})"
        taken.add(unique.lower())
        labelled.append(replace(member, label=unique))
    return labelled


NOT_ROLLED_UP = (Standing.FORM, Standing.COPY)  # listed, in no group


def _groups(members: Iterable[Member]) -> tuple[Group, ...]:
    by_template: dict[str, list[Member]] = {}
    for member in members:
        if member.template is not None and member.standing not in NOT_ROLLED_UP:
            by_template.setdefault(member.template.id, []).append(member)
    groups = [Group(ranked_templates(found)[0], tuple(found)) for found in by_template.values()]
    return tuple(sorted(groups, key=lambda g: -len(g.members)))


def ranked_templates(members: Iterable[Member]) -> list[Template]:
    """The versions of a template that ``members`` have, each once: the one most of them
    have first, then the latest version (whatever order the workbooks were given in)."""
    counts: Counter[int] = Counter()
    distinct: list[Template] = []
    for member in members:
        if member.template is None:
            continue
        if member.template not in distinct:
            distinct.append(member.template)
        counts[distinct.index(member.template)] += 1
    latest_first = sorted(
        range(len(distinct)), key=lambda n: _version_key(distinct[n].version), reverse=True
    )
    return [distinct[n] for n in sorted(latest_first, key=lambda n: -counts[n])]


def _version_key(version: str) -> list[str | int]:
    """A version as people number them: 2025.10 after 2025.9."""
    parts = re.split(r"(\d+)", version)  # text, digits, text, …: each place one kind
    return [int(part) if n % 2 else part for n, part in enumerate(parts)]


def merged_goals(templates: Sequence[Template]) -> tuple[Goal, ...]:
    """The goals of ``templates``, each once as the first template that has it states it:
    the first template's goals in its order, then each goal another one adds placed right
    after the goal it follows there (first of all when it is that template's first)."""
    merged: list[Goal] = []
    for template in templates:
        place = 0  # where this template's next goal goes when it is new
        for goal in template.goals:
            ids = [known.id for known in merged]
            if goal.id in ids:
                place = ids.index(goal.id) + 1
            else:
                merged.insert(place, goal)
                place += 1
    return tuple(merged)


def summable(goal: Goal, others: Iterable[Goal]) -> bool:
    """Whether a goal's figures add up across workbooks: a count or a sum, in one unit
    everywhere, not a percentage."""
    return (
        goal.kind in SUMMED_KINDS
        and not goal.in_percent
        and all(other.unit == goal.unit and other.kind == goal.kind for other in others)
    )


def group_totals(group: Group) -> list[GoalTotal]:
    """Every goal of the group's workbooks counted, across those that have it (when their
    templates differ, some workbooks may lack a goal: ``counted`` says how many have it)."""
    totals = []
    for goal in group.goals:
        results = [r for m in group.counted if (r := m.goal(goal.id)) is not None]
        if not results:  # only in workbooks not counted: shown side by side, not here
            continue
        counts = tuple(sum(r.status is status for r in results) for status in Status)
        if not summable(goal, (r.goal for r in results)):
            totals.append(GoalTotal(goal, False, len(results), counts))
            continue
        # Sums rounded as the figures summed are (the roll-up's formulas round alike):
        # 0.7 + 0.1 is 0.8 here as in a spreadsheet, not 0.7999999999999999.
        actual = clean_round(sum(r.actual for r in results), goal.precision)
        expected = clean_round(sum(r.expected for r in results), goal.precision)
        target = clean_round(sum(r.goal.target for r in results), goal.target_precision)
        baseline = clean_round(sum(r.goal.baseline for r in results), goal.target_precision)
        whole = replace(goal, target=target, baseline=baseline)  # the goal of them all
        judged = judge(whole, group.template, actual, expected, group.as_of)
        totals.append(
            GoalTotal(
                goal,
                True,
                len(results),
                counts,
                actual=actual,
                target=target,
                expected=expected,
                completion=completion_of(whole, actual),
                status=judged.status,
            )
        )
    return totals


def group_trend(group: Group, month: str) -> list[TrendPoint]:
    """Month by month up to ``month``, each summed goal's figures as the workbooks counted
    recorded them (a month some did not record sums those that did)."""
    totals = {t.goal.id: t for t in group.totals if t.summed}
    points: dict[tuple[str, str], list[float]] = {}  # actual, target
    for member in group.counted:
        for key in member.history.months:
            if key > month:
                continue
            for record in member.history.goals[key]:
                if record.goal_id in totals:
                    sums = points.setdefault((key, record.goal_id), [0.0, 0.0])
                    sums[0] += record.actual
                    sums[1] += record.target
    order = {goal_id: n for n, goal_id in enumerate(totals)}
    return [
        TrendPoint(key, goal_id, sums[0], sums[1])
        for (key, goal_id), sums in sorted(points.items(), key=lambda p: (p[0][0], order[p[0][1]]))
    ]


def standing_text(member: Member, rollup: Rollup) -> str:
    """Why a workbook is not in the totals, in one sentence of the roll-up's language."""
    lang = rollup.lang
    match member.standing:
        case Standing.UNREADABLE:
            return t(lang, "rollup.unreadable", reason=member.reason)
        case Standing.FORM:
            return member.reason.render(lang) if member.reason is not None else ""
        case Standing.COPY:
            return t(lang, "rollup.copy", path=str(member.copy_of))
        case Standing.ERRORS:
            return t(lang, "rollup.errors", count=len(member.errors))
        case Standing.OTHER_MONTH:
            return t(lang, "rollup.other_month", month=member.month, rollup=rollup.month)
        case Standing.ALONE:
            return t(lang, "rollup.alone")
        case _:
            return ""
