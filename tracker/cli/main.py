"""The command line: a thin skin over the library.

This is the only place that turns errors into messages and exit codes (see ``ExitCode``):
every message is one sentence in the user's language, never a traceback. Help texts are
in Chinese and English, since the language is not known before the options are read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import os
import re
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click
from click.core import ParameterSource

from tracker import __version__
from tracker.cli.console import make_streams_safe, say
from tracker.cli.status_view import status_json, status_lines
from tracker.commands.carry_over import carry_lines, outcome_error, run_carry_over, same_file
from tracker.commands.update import (
    Outcome,
    check_workbook,
    examine_workbook,
    last_complete_month,
    parse_month,
    run_update,
)
from tracker.dates import parse_date
from tracker.errors import (
    ExitCode,
    InputError,
    NotDeliveredError,
    Problem,
    TrackerError,
    UsageError,
    cannot_write,
    folder_refused,
    shown,
)
from tracker.history.records import month_key
from tracker.i18n import LANGS, Lang, Msg, joined, month_words, t
from tracker.inputs.checks import Inspection
from tracker.model import MERGED_KINDS, Book, new_book
from tracker.progress import compute
from tracker.safefile import LEFTOVER_AGE, clear_leftovers, write_atomically
from tracker.template.catalog import (
    DEFAULT_TEMPLATE,
    builtin_names,
    builtin_template,
    resolve_template,
)
from tracker.template.spec import Period
from tracker.workbook.reader import MAX_UNZIPPED
from tracker.workbook.saving import Beside, Placed, save_book
from tracker.workbook.wording import summary

if TYPE_CHECKING:
    from tracker.commands.forms import FormsOutcome
    from tracker.commands.send import SendOutcome
    from tracker.commands.unit_mail import Mailing
    from tracker.mail.settings import MailSettings

INTERNAL_ERROR = 70  # a bug in tracker (EX_SOFTWARE); never the user's doing
INTERRUPTED = 130  # Ctrl-C or a termination signal, as shells report it (128 + SIGINT)


def _stop_cleanly_on_term() -> None:
    """Stop on SIGTERM (a scheduler's timeout, ``kill``) as on Ctrl-C, so temporary files
    are removed and nothing half-written is put in place."""
    if hasattr(signal, "SIGTERM"):

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        with contextlib.suppress(ValueError):  # not the main thread: leave it be
            signal.signal(signal.SIGTERM, stop)


@contextlib.contextmanager
def garbage_collected_seldom() -> Iterator[None]:
    """Python's cycle collector tuned for a command, which is a batch: it makes millions
    of objects (cells, items, events) and ends. By default the collector runs after every
    700 new objects and each time walks those kept since: 0.7 s of a 5-second update of
    20,000 items. Here it runs after every 50,000 (0.1–0.3 s, with the same peak memory:
    the tool's objects seldom form cycles), and as it was again after."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


LANG_ENV = "TRACKER_LANG"


@dataclass
class Session:
    """What the commands share, on click's context (``ctx.obj``): the language messages
    are shown in, and whether the user chose it (--lang, TRACKER_LANG) rather than it
    following a workbook. ``main`` keeps it to say the errors that end a command."""

    lang: Lang = "zh"
    chosen: bool = False

    def choose(self, lang: str | None) -> None:
        if lang in LANGS:
            self.lang, self.chosen = lang, True

    def follow(self, workbook: str | None) -> Lang:
        """Messages about a workbook: in the language chosen, else in the workbook's."""
        if not self.chosen and workbook in LANGS:
            self.lang = workbook
        return self.lang


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    ctx.ensure_object(Session).choose(value)
    return value


class DayType(click.ParamType[date]):
    """A date or a month as people write it, read by ``parse``; one that is none is said
    in the tool's words (``problem``), as every usage error of a value."""

    def __init__(self, name: str, parse: Callable[[str], date | None], problem: str) -> None:
        self.name = name
        self._parse = parse
        self._problem = problem

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> date:
        if isinstance(value, date):
            return value
        parsed = self._parse(str(value))
        if parsed is None:
            raise UsageError(self._problem, value=str(value))
        return parsed


# 2025-06-30, 2025/6/30, 2025年6月30日; and a month, 2025-06, 2025/6, 2025年6月 (its first day)
DATE = DayType("date", parse_date, "cli.bad_date")
MONTH = DayType("month", parse_month, "update.bad_month")


CONFIG_OPTION = click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False, readable=False),
    metavar="FILE",
    help="邮件设置文件（默认工作簿旁的 tracker.toml）。Mail settings (default: tracker.toml "
    "beside the workbook).",
)

REPORTED_MONTH_OPTION = click.option(  # the month a unit's form reports
    "--month",
    type=MONTH,
    metavar="YYYY-MM",
    help="填报的月份（默认上个完整月份）。The month reported (default: the last complete month).",
)
LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    envvar=LANG_ENV,
    callback=_set_lang,
    expose_value=False,  # commands read it from the session
    is_eager=True,
    help="界面与工作簿语言：zh（默认）或 en。Language of the workbook and messages; "
    "also TRACKER_LANG.",
)


def _workbook_path(value: Path) -> Path:
    if value.is_dir():
        raise UsageError("cli.is_folder", path=str(value))
    return value


def _rewritten_workbook(value: Path) -> Path:
    """A workbook the command writes back in place: an .xlsx, since that is what is
    written (an .xlsm rewritten so would lose its macros, and Excel refuses an .xlsm that
    holds none; an .ods would become an xlsx under its old name)."""
    path = _workbook_path(value)
    if path.suffix.lower() != ".xlsx":
        raise UsageError("cli.rewrite_not_xlsx", path=str(path))
    return path


def _max_unzipped() -> int:
    """How far a workbook may inflate when read: TRACKER_MAX_UNZIPPED_MB, or 512 MB."""
    value = os.environ.get("TRACKER_MAX_UNZIPPED_MB", "")
    return int(float(value) * 2**20) if value.replace(".", "", 1).isdigit() else MAX_UNZIPPED


class ExtraArguments(click.UsageError):
    """Words after a command's arguments that it does not take."""

    def __init__(self, ctx: click.Context, extra: list[str]) -> None:
        super().__init__(f"unexpected extra arguments: {' '.join(extra)}", ctx)
        self.extra = extra


class Command(click.Command):
    """A command whose usage errors carry what _usage_message needs to say them in Chinese:
    the command an option belongs to, and the extra arguments as data."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        except click.BadOptionUsage as error:
            error.ctx = error.ctx or ctx  # click's parser raises it without its command
            raise
        if ctx.args and not ctx.resilient_parsing:
            raise ExtraArguments(ctx, ctx.args)
        return rest


def _lang_among(args: list[str]) -> str | None:
    """The value of a --lang among the words of a command line, read before click parses
    them: a usage error stops parsing before --lang is reached."""
    for place, word in enumerate(args):
        if word == "--lang":
            return args[place + 1] if place + 1 < len(args) else None
        if word.startswith("--lang="):
            return word.removeprefix("--lang=")
    return None


class Group(click.Group):
    command_class = Command


AS_OF_OPTION = click.option(
    "--as-of",
    "as_of",
    type=DATE,
    metavar="DATE",
    help="按此日期计算。Compute as of this date instead.",
)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
def cli() -> None:
    """目标跟踪表：由目标模板生成会自动计算完成情况的 Excel 工作簿。

    Goal-tracking workbooks that compute their own completion against the plan.

    退出码 Exit codes: 0 完成 done; 1 输入有问题 the input has problems;
    2 用法、文件或模板有误 usage, file or template error; 3 已完成但无法放到位或送达
    done but not put in place or delivered; 70 程序错误 a bug in tracker; 130 被中断
    interrupted.
    """


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, readable=False))
@click.option(
    "--template",
    "template_name",
    default=DEFAULT_TEMPLATE,
    show_default=True,
    metavar="NAME|PATH",
    help="内置模板名或模板文件。A built-in template (tracker templates) or a template file.",
)
@LANG_OPTION
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    metavar="DATE",
    help="统计截止日期（默认今天，限于考核期内）。As-of date (default: today, within the period).",
)
@click.option("--force", is_flag=True, help="覆盖已有文件。Overwrite WORKBOOK if it exists.")
@click.option(
    "--carry-over",
    "carry_over",
    type=click.Path(path_type=Path, readable=False),
    metavar="OLD.xlsx",
    help="从上年工作簿结转条目、编号、自加列和牵头单位。Carry the items (with their numbers), "
    "columns and lead units of last period's workbook over.",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="REGISTER",
    help="只结转这个登记表（按 id，可重复）。Carry only this register (by id; repeatable).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="只列出将结转的内容，不写文件。List what would carry; write nothing.",
)
@click.pass_obj
def init(
    session: Session,
    workbook: Path,
    template_name: str,
    as_of: date | None,
    force: bool,
    carry_over: Path | None,
    only: tuple[str, ...],
    dry_run: bool,
) -> None:
    """由目标模板生成新的跟踪工作簿；--carry-over 从上年工作簿结转。Make a new tracking
    workbook from a goal template; --carry-over starts it from last period's workbook."""
    language = session.lang
    workbook = _workbook_path(workbook)
    if workbook.suffix.lower() != ".xlsx":
        raise UsageError("cli.not_xlsx_name", path=str(workbook))
    if carry_over is None and (only or dry_run):
        raise UsageError("carry.needs_old", option="--only" if only else "--dry-run")
    if carry_over is not None and same_file(workbook, _workbook_path(carry_over)):
        raise UsageError("carry.same_file", path=str(carry_over))
    if workbook.exists() and not force:
        raise UsageError("cli.exists", path=str(workbook))
    template = resolve_template(template_name)
    day = as_of or _within(template.period, date.today())
    if carry_over is None:
        save_book(workbook, new_book(template, language, day))
        say(t(language, "cli.written", path=str(workbook)))
        return
    outcome = run_carry_over(
        workbook,
        template,
        carry_over,
        day,
        lang=language if session.chosen else None,
        only=only,
        dry_run=dry_run,
        max_unzipped=_max_unzipped(),
    )
    language = session.follow(outcome.lang)
    for line in carry_lines(outcome):
        say(line)
    failure = outcome_error(outcome)
    if failure is not None:
        raise failure
    if outcome.warnings:
        say(t(language, "input.summary", errors=0, warnings=len(outcome.warnings)), sys.stderr)
        for problem in outcome.warnings:
            say("  " + problem.message(language), sys.stderr)


def _within(period: Period, day: date) -> date:
    return min(max(day, period.start), period.end)


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, readable=False))
@AS_OF_OPTION
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。Print JSON instead of a table.")
@LANG_OPTION
@click.pass_obj
def status(session: Session, workbook: Path, as_of: date | None, as_json: bool) -> None:
    """按工作簿中的输入重新计算进度（不采信缓存值）；输入有误时逐一列出并以 1 退出。

    Compute progress from what the workbook holds (cached results are never used); list
    every input problem by its cell and exit 1 if there are any.
    """
    day = as_of
    path = _workbook_path(workbook)
    reading, inspection = check_workbook(path, _max_unzipped())
    book = reading.book
    # Messages follow --lang, then TRACKER_LANG, then the workbook's own language.
    language = session.follow(book.lang)
    if day is None and reading.as_of_problem is not None:
        problem = reading.as_of_problem
        raise InputError("input.summary", (problem,), errors=1, warnings=0)
    progress = compute(book, day)  # as the workbook's formulas see it now
    form = _form_warning(book, path, language)
    if as_json:
        problems = [*form, *inspection.problems, *inspection.tidied]  # as the API lists them
        found = status_json(book, progress, language, problems)
        say(json.dumps(found, ensure_ascii=True, indent=2))
    else:
        for line in status_lines(book, progress, language):
            say(line)
    for warning in form:
        say(warning.message(language), sys.stderr)
    _report(inspection, language)


def _form_warning(book: Book, path: Path, lang: Lang) -> list[Problem]:
    """The warning that ``book`` is a lead unit's form, not a whole workbook (none for a
    whole workbook), as the API lists it in its problems."""
    if book.form is None:
        return []
    from tracker.data.tables import form_warning  # no pandas, but only when needed

    warning = form_warning(book, path, lang)
    return [warning] if warning is not None else []


def _report(inspection: Inspection, lang: Lang) -> None:
    """Problems to stderr, each with its cell; exit 1 when any is an error."""
    if inspection.changes:
        first = inspection.changes[0]
        say(
            t(
                lang,
                "input.normalised",
                count=len(inspection.changes),
                where=first.where,
                before=shown(first.before),
                after=shown(first.after),
            ),
            sys.stderr,
        )
    problems = tuple(inspection.problems)
    if not problems:
        return
    errors, warnings = len(inspection.errors), len(inspection.warnings)
    if errors:
        raise InputError("input.summary", problems, errors=errors, warnings=warnings)
    say(t(lang, "input.summary", errors=0, warnings=warnings), sys.stderr)
    for problem in problems:
        say("  " + problem.message(lang), sys.stderr)


REPORTS_OPTION = click.option(
    "--reports",
    type=click.Path(path_type=Path, file_okay=False, readable=False),
    help="报告文件夹（默认工作簿旁的 reports/）。Where report folders go (default: reports/).",
)


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, readable=False))
@click.option(
    "--month",
    type=MONTH,
    metavar="YYYY-MM",
    help="更新的月份（默认上个完整月份）。The month to update (default: the last complete month).",
)
@REPORTS_OPTION
@click.option(
    "--template",
    "template_file",
    metavar="FILE",
    help="改用修订后的模板。Apply a revised template (a target revised, a goal added).",
)
@click.option(
    "--force",
    is_flag=True,
    help="重做早于最近记录的月份。Redo a month earlier than the latest one recorded.",
)
@CONFIG_OPTION
@LANG_OPTION
@click.pass_obj
def update(
    session: Session,
    workbook: Path,
    month: date | None,
    reports: Path | None,
    template_file: str | None,
    force: bool,
    config: Path | None,
) -> None:
    """月度更新：检查输入、记录历史、重写工作簿（先备份）。

    The monthly update: check what people typed, record the month in the history and
    rewrite the workbook (the old one is backed up first).
    """
    path = _rewritten_workbook(workbook)
    chosen = month or last_complete_month(date.today())
    template = resolve_template(template_file) if template_file else None
    now = datetime.now()
    outcome = run_update(
        path,
        chosen,
        now,
        reports=reports,
        template=template,
        max_unzipped=_max_unzipped(),
        force=force,
        config=config,
    )
    _report_update(outcome, session.follow(outcome.lang))


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, readable=False))
@click.option(
    "--month",
    type=MONTH,
    metavar="YYYY-MM",
    help="结束的月份（默认考核期最后一个月）。The last month (default: the period's last).",
)
@REPORTS_OPTION
@click.option(
    "--force",
    is_flag=True,
    help="重新结束已结束的工作簿。Close a workbook that was closed already.",
)
@CONFIG_OPTION
@LANG_OPTION
@click.pass_obj
def close(
    session: Session,
    workbook: Path,
    month: date | None,
    reports: Path | None,
    force: bool,
    config: Path | None,
) -> None:
    """结束考核期：最后一次月度更新，加上年度总结（工作表、报告与邮件）。

    Close the period: its last monthly update, plus the year-end assessment (a sheet in
    the workbook, a report folder reports/YYYY-final/ and an email ready to send). Later
    updates are refused unless --force.
    """
    path = _rewritten_workbook(workbook)
    outcome = run_update(
        path,
        month,
        datetime.now(),
        reports=reports,
        max_unzipped=_max_unzipped(),
        force=force,
        config=config,
        closing=True,
    )
    lang = session.follow(outcome.lang)
    _report_update(outcome, lang, "tracker close")
    final, assessment = outcome.final, outcome.assessment
    assert final is not None and assessment is not None  # a closing update writes them
    where = str(outcome.placed.path)
    results = summary(assessment, lang)
    sheet = t(outcome.lang, "sheet.year_end")
    say(t(lang, "close.done", path=where, month=outcome.book.closed, summary=results, sheet=sheet))
    say(t(lang, "close.report", path=str(final.folder)))
    if outcome.final_message is not None:
        say(t(lang, "close.message", path=str(outcome.final_message), folder=str(final.folder)))


def _in_place(placed: Placed, original: Path, command: str) -> None:
    """Exit 3, saying where the new workbook went and why, when it went beside the old
    one; ``command`` is the one to run again."""
    if placed.beside is None:
        return
    old, new = str(original), str(placed.path)
    if placed.beside is Beside.OPEN:
        program = Msg(f"program.{placed.program}")
        raise NotDeliveredError(
            "update.beside",
            path=old,
            beside=new,
            name=original.name,
            program=program,
            command=command,
        )
    if placed.beside in (Beside.READ_ONLY, Beside.CHANGED):
        key = f"update.beside_{placed.beside.value}"
        raise NotDeliveredError(key, path=old, beside=new, command=command)
    raise NotDeliveredError("update.beside_reason", path=old, beside=new, reason=placed.reason)


def _report_update(outcome: Outcome, lang: Lang, command: str = "tracker update") -> None:
    tally = {status.value: n for status, n in outcome.progress.tally().items()}
    if outcome.warnings:
        say(t(lang, "input.summary", errors=0, warnings=len(outcome.warnings)), sys.stderr)
        for problem in outcome.warnings:
            say("  " + problem.message(lang), sys.stderr)
    month = month_key(outcome.month)
    placed = outcome.placed
    _in_place(placed, outcome.original, command)
    say(t(lang, "update.done", path=str(placed.path), month=month, **tally))
    sheet = t(outcome.lang, "sheet.changes")  # as the workbook names it, whatever --lang
    say(t(lang, "update.changes", count=len(outcome.changes), sheet=sheet))
    say(t(lang, "update.report", path=str(outcome.report.folder)))
    if outcome.message is not None:
        say(t(lang, "update.message", path=str(outcome.message)))
    if placed.backup is not None:
        say(t(lang, "update.backup", path=str(placed.backup)))


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, readable=False))
@CONFIG_OPTION
@click.option(
    "--dry-run", is_flag=True, help="只生成邮件，不发送。Build the message; send nothing."
)
@click.option("--force", is_flag=True, help="再次发送已发过的月份。Send a month sent before.")
@LANG_OPTION
@click.pass_obj
def send(
    session: Session,
    folder: Path,
    config: Path | None,
    dry_run: bool,
    force: bool,
) -> None:
    """发送月度报告邮件（报告由 tracker update 生成）。

    Email a month's report (made by tracker update) as the mail settings say.
    """
    from tracker.commands.send import run_send  # mail and TLS are loaded for the commands that mail

    outcome = run_send(folder, datetime.now(), config=config, dry_run=dry_run, force=force)
    language = session.follow(outcome.report.lang)
    _report_send(outcome, language)


def _report_send(outcome: SendOutcome, lang: Lang) -> None:
    built = outcome.built
    for problem in outcome.warnings:
        say(problem.message(lang), sys.stderr)
    if not outcome.sent:
        say(t(lang, "mail.dry_run", path=str(outcome.message)))
        say("  " + t(lang, "mail.to", recipients=", ".join(outcome.settings.to)))
        if outcome.settings.cc:
            say("  " + t(lang, "mail.cc", recipients=", ".join(outcome.settings.cc)))
        if outcome.resumed:
            say("  " + t(lang, "mail.only_to", recipients=", ".join(built.recipients)))
        say("  " + t(lang, "mail.subject", subject=built.subject))
        say("  " + t(lang, "mail.size", size=_size(len(built.data))))
        return
    recipients = ", ".join(built.recipients)
    month = outcome.report.label  # 2025-06, or 2025-final
    say(t(lang, "mail.sent", month=month, subject=built.subject, recipients=recipients))
    if outcome.resumed:
        say(t(lang, "mail.resumed"))
    if outcome.correction:
        say(t(lang, "mail.correction_sent"))


def _size(count: int) -> str:
    return f"{count / 1024:,.0f} KB" if count < 2**20 else f"{count / 2**20:,.1f} MB"


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, readable=False))
@REPORTED_MONTH_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False, readable=False),
    help="填报表放到哪里（默认总表旁的 returns/月份/）。Where the forms go (default: "
    "returns/YYYY-MM/ beside the workbook).",
)
@click.option(
    "--due",
    type=DATE,
    metavar="DATE",
    help="交回期限（默认次月5日）。Due date (default: the 5th of the next month).",
)
@click.option(
    "--contact",
    default="",
    metavar="TEXT",
    help="有问题找谁，写在填报表上。Whom to ask, as the forms will say.",
)
@click.option(
    "--send",
    is_flag=True,
    help="把每份填报表用邮件发给该单位（地址见 tracker.toml 的 [units]）。Email each form to "
    "its unit ([units] in tracker.toml).",
)
@CONFIG_OPTION
@click.option(
    "--force",
    is_flag=True,
    help="与 --send 同用：已发过的同一份也再发。With --send: send a form already sent.",
)
@LANG_OPTION
@click.pass_obj
def forms(
    session: Session,
    workbook: Path,
    month: date | None,
    out: Path | None,
    due: date | None,
    contact: str,
    send: bool,
    config: Path | None,
    force: bool,
) -> None:
    """为每个牵头单位生成填报表（只含该单位负责的部分）。

    Write a form for each lead unit, holding only its part of the workbook
    (docs/returns.md).
    """
    from tracker.commands.forms import run_forms

    settings = _unit_settings(send, force, config, workbook)  # before any form is written
    outcome = run_forms(
        _workbook_path(workbook),
        month=month or last_complete_month(date.today()),
        out=out,
        due=due,
        contact=contact,
        now=datetime.now(),
        max_unzipped=_max_unzipped(),
    )
    lang = session.follow(outcome.lang)
    for problem in outcome.warnings:  # the master's own, as the update says them
        say(problem.message(lang), sys.stderr)
    month_text = month_words(outcome.month, lang)
    count = len(outcome.written)
    say(t(lang, "forms.written", count=count, month=month_text, due=outcome.due.isoformat()))
    for form in outcome.written:
        say("  " + t(lang, "forms.line", unit=form.unit, path=str(form.path)))
    if outcome.unassigned:
        goals = joined(lang, outcome.unassigned)
        say(t(lang, "forms.unassigned", goals=goals))
    backups = [form.backup for form in outcome.written if form.backup is not None]
    if backups:
        say(t(lang, "forms.backed_up", count=len(backups), folder=str(backups[0].parent)))
    if outcome.others:
        names = joined(lang, [path.name for path in outcome.others])
        say(t(lang, "forms.others", names=names), sys.stderr)
    mailed = _send_forms(outcome, settings, force, lang) if settings is not None else None
    answers = [form for form in outcome.written if form.answer]
    if answers:
        kept = [path for form in answers for path in form.answers or (form.in_place_of,)]
        names = joined(lang, [str(path) for path in kept if path is not None])
        raise NotDeliveredError("forms.answers_kept", count=len(answers), names=names)
    beside = [form for form in outcome.written if form.in_place_of is not None]
    if beside:
        names = joined(
            lang, [str(form.in_place_of) for form in beside if form.in_place_of is not None]
        )
        raise NotDeliveredError("forms.some_beside", count=len(beside), names=names)
    if mailed is not None:
        raise mailed


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, readable=False))
@click.argument("returns", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@REPORTED_MONTH_OPTION
@click.option(
    "--all-or-nothing",
    is_flag=True,
    help="有一份被退回就都不并入。Merge nothing when any return is rejected.",
)
@LANG_OPTION
@click.pass_obj
def collect(
    session: Session,
    workbook: Path,
    returns: tuple[Path, ...],
    month: date | None,
    all_or_nothing: bool,
) -> None:
    """把各单位交回的填报表并入总表（先备份）。

    Merge the units' returns (files, or folders of them) into the master workbook; the
    old one is backed up first (docs/returns.md).
    """
    from tracker.commands.collect import run_collect

    path = _rewritten_workbook(workbook)
    outcome = run_collect(
        path,
        list(returns),
        month=month or last_complete_month(date.today()),
        now=datetime.now(),
        all_or_nothing=all_or_nothing,
        max_unzipped=_max_unzipped(),
    )
    lang = session.follow(outcome.lang)
    for problem in outcome.warnings:
        say(problem.message(lang), sys.stderr)
    for record in outcome.merged:
        kinds = [line.kind for line in record.lines]
        changed, added = kinds.count("changed"), kinds.count("added")
        say(
            t(
                lang,
                "collect.merged",
                unit=record.unit,
                file=record.file,
                changed=changed,
                added=added,
            )
        )
        for line in record.lines:
            if line.kind in MERGED_KINDS:
                continue
            fields = dataclasses.asdict(line)
            fields["kind"] = t(lang, f"returns.kind.{line.kind}")
            text = t(lang, f"collect.line.{line.kind}", **fields)
            say(re.sub(r"(?<=\S) {2,}", " ", text), sys.stderr)  # fields left empty
    for rejected in outcome.rejected:
        say(
            t(lang, "collect.rejected", path=str(rejected.path), reason=rejected.reason), sys.stderr
        )
        for problem in rejected.problems:
            say("  " + problem.message(lang), sys.stderr)
    for skipped in outcome.skipped:
        say(t(lang, "collect.skipped", path=str(skipped.path), why=t(lang, skipped.why)))
    sheet = t(outcome.lang, "sheet.returns")  # as the master names it, whatever --lang
    if outcome.placed is None:
        say(t(lang, "collect.nothing_changed", path=str(path)))
        if outcome.earlier_attention:  # left for a person before: said again, not counted
            count = outcome.earlier_attention
            say(t(lang, "collect.still_open", count=count, sheet=sheet))
    else:
        _in_place(outcome.placed, path, "tracker collect")
        say(t(lang, "collect.written", path=str(outcome.placed.path), sheet=sheet))
        if outcome.placed.backup is not None:
            say(t(lang, "update.backup", path=str(outcome.placed.backup)))
    if outcome.report is not None:
        say(t(lang, "collect.report", path=str(outcome.report.with_name("returns.html"))))
    if outcome.missing:
        units = joined(lang, outcome.missing)
        say(t(lang, "collect.missing", count=len(outcome.missing), units=units))
    if outcome.rejected or outcome.attention:
        raise InputError(
            "collect.needs_attention",
            rejected=len(outcome.rejected),
            attention=outcome.attention,
            sheet=sheet,
        )


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, readable=False))
@REPORTED_MONTH_OPTION
@click.option(
    "--send",
    is_flag=True,
    help="给每个未交回或被退回的单位发催报邮件（地址见 tracker.toml 的 [units]）。Email each "
    "a reminder ([units] in tracker.toml).",
)
@CONFIG_OPTION
@click.option(
    "--contact",
    default="",
    metavar="TEXT",
    help="有问题找谁，写在催报邮件里。Whom to ask, as the reminders will say.",
)
@click.option(
    "--force",
    is_flag=True,
    help="与 --send 同用：今天已催过的单位也再发。With --send: remind a unit reminded today.",
)
@LANG_OPTION
@click.pass_obj
def remind(
    session: Session,
    workbook: Path,
    month: date | None,
    send: bool,
    config: Path | None,
    contact: str,
    force: bool,
) -> None:
    """列出某月未交回或被退回填报表的单位；加 --send 发催报邮件。

    List the units whose return for the month is missing or was rejected; with --send,
    email each a reminder (docs/email.md). Exit 1 when some are, without --send.
    """
    from tracker.commands.remind import KIND, reminder_letters, run_remind
    from tracker.commands.unit_mail import send_letters

    path = _workbook_path(workbook)
    settings = _unit_settings(send, force, config, path)
    outcome = run_remind(
        path,
        month=month or last_complete_month(date.today()),
        contact=contact,
        max_unzipped=_max_unzipped(),
    )
    lang = session.follow(outcome.lang)
    month_text = month_words(outcome.month, lang)
    if not outcome.collected:
        say(t(lang, "remind.never_collected", month=month_text))
    total = len(outcome.units)
    if not outcome.owed:
        say(t(lang, "remind.none", month=month_text, total=total))
        return
    due = t(lang, "unitmail.due", due=outcome.due.isoformat()) if outcome.due else ""
    count = len(outcome.owed)
    say(t(lang, "remind.header", month=month_text, total=total, count=count, due=due))
    for owed in outcome.owed:
        if owed.standing == "rejected":
            say("  " + t(lang, "remind.rejected", unit=owed.unit, file=owed.file))
            for line in owed.why.splitlines():
                say("    " + line)
        else:
            say("  " + t(lang, "remind.missing", unit=owed.unit))
    if settings is None:
        raise InputError("remind.outstanding", count=count)
    now = datetime.now()
    mailing = send_letters(
        reminder_letters(outcome, lang, now.date()),
        settings,
        outcome.folder,
        KIND,
        lang=lang,
        now=now,
        units=outcome.units,
        headline="remind --send",
        force=force,
    )
    _report_mailing(mailing, lang, settings.source)
    failure = mailing.failure()
    if failure is not None:
        raise failure


def _unit_settings(
    send: bool, force: bool, config: Path | None, workbook: Path
) -> MailSettings | None:
    """The settings for mailing the units, with --send: checked before anything is
    written or sent."""
    if force and not send:
        raise UsageError("unitmail.force_needs_send")
    if not send:
        return None
    from tracker.commands.unit_mail import unit_settings

    return unit_settings(config, _workbook_path(workbook).parent)


def _send_forms(
    outcome: FormsOutcome, settings: MailSettings, force: bool, lang: Lang
) -> TrackerError | None:
    """Each form written mailed to its unit; what stops the command from ending well."""
    from tracker.commands.form_mail import KIND, form_letters
    from tracker.commands.unit_mail import send_letters

    folder = outcome.written[0].path.parent  # the forms' folder: every form is written there
    mailing = send_letters(
        form_letters(outcome, lang),
        settings,
        folder,
        KIND,
        lang=lang,
        now=datetime.now(),
        units=[form.unit for form in outcome.written],
        headline="forms --send",
        force=force,
    )
    _report_mailing(mailing, lang, settings.source)
    for form in outcome.written:
        if form.answer:
            say("  " + t(lang, "unitmail.answered", unit=form.unit))
    return mailing.failure()


def _report_mailing(mailing: Mailing, lang: Lang, source: Path) -> None:
    """Each unit's letter: sent, already sent, or why not."""
    say(t(lang, "unitmail.header", path=str(mailing.record)))
    for delivery in mailing.deliveries:
        unit = delivery.unit
        if delivery.result in ("sent", "rest"):
            key = f"unitmail.{delivery.result}"
            say("  " + t(lang, key, unit=unit, recipients=delivery.recipients))
        elif delivery.result == "already":
            line = t(
                lang,
                "unitmail.already",
                unit=unit,
                time=delivery.time,
                recipients=delivery.recipients,
            )
            say("  " + line)
        elif delivery.error is not None:
            message = delivery.error.message(lang)
            say("  " + t(lang, "unitmail.failed", unit=unit, message=message), sys.stderr)
    separator = t(lang, "cli.choice_separator")
    missing = mailing.units("no_address")
    if missing:
        units = separator.join(missing)
        say(
            t(lang, "unitmail.no_address", path=str(source), count=len(missing), units=units),
            sys.stderr,
        )
    untried = mailing.units("not_tried")
    if untried:
        units = separator.join(untried)
        say(t(lang, "unitmail.not_tried", count=len(untried), units=units), sys.stderr)
    if mailing.strangers:
        names = separator.join(mailing.strangers)
        say(t(lang, "unitmail.strangers", path=str(source), names=names), sys.stderr)
    for problem in mailing.warnings:
        say(problem.message(lang), sys.stderr)


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, readable=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, readable=False),
    metavar="DIR",
    help="导出到此文件夹（默认：工作簿旁的“<工作簿名>-export”）。"
    "The folder to export into (default: <workbook>-export beside the workbook).",
)
@click.option(
    "--format",
    "form",
    type=click.Choice(["csv", "xlsx", "json"], case_sensitive=False),
    default="csv",
    show_default=True,
    help="文件格式。The files' format.",
)
@AS_OF_OPTION
@LANG_OPTION
@click.pass_obj
def export(
    session: Session, workbook: Path, out: Path | None, form: str, as_of: date | None
) -> None:
    """导出目标、各登记表、月度历史、条目变化和填写问题，供 BI 工具和 pandas 使用。

    输入有误时仍会导出，并以 1 退出。

    Export the goals, each register, the monthly history, the item changes and the
    problems as files for BI tools and pandas, with a README of every column; a workbook
    with errors is exported all the same, and the command exits 1.
    """
    from tracker.data.export import export as export_tables
    from tracker.data.export import formula_like
    from tracker.data.tables import workbook_tables

    path = _workbook_path(workbook)
    examined = examine_workbook(path, _max_unzipped())
    language = session.follow(examined.reading.book.lang)
    tables = workbook_tables(examined, path, language, as_of)
    folder = out if out is not None else path.with_name(f"{path.stem}-export")
    exported = export_tables(tables, folder, form)  # type: ignore[arg-type]
    say(t(language, "export.done", count=len(exported.files) - 1, folder=str(folder)))
    for warning in _form_warning(examined.reading.book, path, language):
        say(warning.message(language), sys.stderr)
    if form == "csv" and (like := formula_like(tables)):
        file, line, column, text = like[0]
        params = {"count": len(like), "file": file, "line": line, "column": column}
        params["text"] = shown(text)
        say(t(language, "export.formula_like", **params), sys.stderr)
    _report(examined.inspection, language)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False, readable=False),
    metavar="FILE",
    help="汇总工作簿（默认 rollup-YYYY-MM.xlsx，简报写在旁边）。"
    "The roll-up workbook (default rollup-YYYY-MM.xlsx; the brief is written beside it).",
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="NAME",
    help="每个工作簿的名称，顺序相同。A name for each workbook, in the same order.",
)
@click.option(
    "--month",
    type=MONTH,
    metavar="YYYY-MM",
    help="汇总的月份（默认多数工作簿所在的月份）。"
    "The month to roll up (default: the month most workbooks are at).",
)
@LANG_OPTION
@click.pass_obj
def rollup(
    session: Session,
    sources: tuple[Path, ...],
    out: Path | None,
    labels: tuple[str, ...],
    month: date | None,
) -> None:
    """汇总多个工作簿：合计、对比、状态统计和趋势，写成汇总工作簿和简报。

    Roll many workbooks (files, folders of them, or a list file) up into one workbook and
    a brief: totals, side by side, statuses and the trend. Exits 1 when a workbook could
    not be read or has errors: it is listed, and left out of the totals.
    """
    from tracker.data.rollup import Standing, is_rollup, roll_up, sources_from, standing_text
    from tracker.data.rollup_book import write_rollup_book
    from tracker.data.rollup_brief import render_rollup

    language = session.lang
    if out is not None and out.suffix.lower() != ".xlsx":
        raise UsageError("cli.not_xlsx_name", path=str(out))
    found = sources_from(list(sources), list(labels), out)

    def notices(language: Lang) -> None:  # said once the language is known
        for path in found.repeated:
            say(t(language, "rollup.repeated", path=str(path)), sys.stderr)
        for path in found.rollups:
            say(t(language, "rollup.skipped_rollup", path=str(path)), sys.stderr)
        for path, count in found.subfolders:
            say(t(language, "rollup.subfolder", path=str(path), count=count), sys.stderr)

    chosen = month_key(month) if month else None
    # in the language asked for, else in the workbooks' own (as other commands follow theirs)
    try:
        result = roll_up(
            found.sources, language if session.chosen else None, chosen, _max_unzipped()
        )
    except TrackerError as error:
        notices(session.follow(error.lang))
        raise
    language = session.follow(result.lang)
    notices(language)
    target = out if out is not None else Path(f"rollup-{result.month or 'none'}.xlsx")
    if target.exists() and not is_rollup(target):
        raise UsageError("rollup.out_exists", path=str(target))
    for beside in (target.with_suffix(".html"), target.with_suffix(".txt")):
        if beside.exists() and not target.exists():  # a roll-up's brief goes with its book
            raise UsageError("rollup.out_exists", path=str(beside))
    html, text = render_rollup(result, target.name)
    brief = target.with_suffix(".html")
    writing = target  # the file being written, named when the system refuses it
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clear_leftovers(target.parent, older_than=LEFTOVER_AGE)  # a killed run's
        write_rollup_book(target, result)
        writing = brief
        write_atomically(brief, html.encode("utf-8"))
        writing = target.with_suffix(".txt")
        write_atomically(writing, text.encode("utf-8"))
    except OSError as error:  # said of the file, not of its temporary file
        raise cannot_write(writing, error) from None
    say(t(language, "rollup.written", count=len(result.members), workbook=target, brief=brief))
    for member in result.left_out:
        why = standing_text(member, result)
        say("  " + t(language, "rollup.left_out", label=member.label, why=why), sys.stderr)
    problems = (Standing.ERRORS, Standing.UNREADABLE, Standing.FORM, Standing.COPY)
    failed = [m for m in result.left_out if m.standing in problems]
    if failed:
        raise InputError("rollup.some_left_out", count=len(failed))


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, readable=False))
@LANG_OPTION
@click.pass_obj
def check(session: Session, workbook: Path) -> None:
    """检查工作簿中的输入，不写任何文件。Check what the workbook holds; write nothing."""
    reading, inspection = check_workbook(_workbook_path(workbook), _max_unzipped())
    language = session.follow(reading.book.lang)
    if reading.as_of_problem is not None:  # the update fills it in; status needs it
        problem = reading.as_of_problem
        inspection.problems.append(Problem(problem.where, problem.key, problem.params, "warning"))
    _report(inspection, language)
    if not inspection.problems:
        say(t(language, "check.clean", path=str(workbook)))


@cli.command()
@LANG_OPTION
@click.pass_obj
def templates(session: Session) -> None:
    """列出内置目标模板。List the built-in goal templates."""
    language = session.lang
    say(t(language, "cli.templates_header"))
    for name in builtin_names():
        template = builtin_template(name)
        title = template.title.get(language)
        say(t(language, "cli.template_line", id=name, title=title, goals=len(template.goals)))


@cli.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, readable=False))
@LANG_OPTION
@click.pass_obj
def demo(session: Session, folder: Path | None) -> None:
    """生成演示工作簿（示例数据）并显示进度。Write the demo workbook (sample data) and show it."""
    language = session.lang
    folder = folder or Path("tracker-demo")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise folder_refused(folder, error) from None
    from tracker.commands.demo import build_demo, build_round_trip, demo_book

    now = datetime.now()
    path, outcome, dry_run = build_demo(folder, language, now)
    trip = build_round_trip(folder, path, language, now)
    book = demo_book(language)
    say(t(language, "cli.demo_written", path=str(path)))
    say(t(language, "cli.demo_note"))
    say()
    for line in status_lines(book, outcome.progress, language):
        say(line)
    say()
    first = month_key(book.template.period.start)
    month = month_key(outcome.month)
    say(t(language, "cli.demo_update", first=first, month=month, path=str(outcome.report.folder)))
    html = outcome.report.files[0]
    say(t(language, "cli.demo_mail", path=str(dry_run.message), html=str(html)))
    say()
    (rejected,) = trip.first.rejected
    (fixed,) = trip.second.merged
    say(
        t(
            language,
            "cli.demo_round_trip",
            path=str(trip.master.parent),
            count=len(trip.forms.written),
            units=joined(language, [r.unit for r in trip.first.merged]),
            rejected=rejected.unit,
            fixed=fixed.unit,
            month=month_key(trip.update.month),
        )
    )
    say(t(language, "cli.demo_returns", sheet=t(language, "sheet.returns"), path=str(trip.master)))


#: Files the command line takes, by their suffix: a word such as -2025.xlsx that click
#: reads as an option is most likely one of them.
_FILE_SUFFIXES = frozenset({".xlsx", ".xlsm", ".toml", ".txt", ".csv", ".json", ".zip"})


def _file_taken_for_option(option: str, args: list[str]) -> str | None:
    """The word on the command line that click read as ``option`` when it names a file
    (not ``--out=r.json``: an option given its value)."""
    for word in args:
        if (
            word.startswith(option)
            and not word.removeprefix(option).startswith("=")
            and (Path(word).suffix.lower() in _FILE_SUFFIXES or Path(word).exists())
        ):
            return word
    return None


def _argument_name(param: click.Parameter, lang: Lang) -> str:
    """An argument as the usage line shows it (WORKBOOK), in Chinese with what it is."""
    return t(lang, f"cli.arg.{param.name}", name=param.human_readable_name)


def _usage_message(error: click.UsageError, lang: Lang, args: list[str]) -> str:
    """Click's usage errors, in the user's language; ``args`` are the command line's words."""
    command = error.ctx.command_path if error.ctx else "tracker"
    if isinstance(error, click.exceptions.NoSuchCommand):
        commands = ", ".join(sorted(cli.commands))
        return t(lang, "cli.no_such_command", name=error.command_name, commands=commands)
    if isinstance(error, click.NoSuchOption):
        word = _file_taken_for_option(error.option_name, args)
        if word is not None:
            return t(
                lang, "cli.option_or_file", command=command, option=error.option_name, word=word
            )
        return t(lang, "cli.no_such_option", command=command, option=error.option_name)
    if isinstance(error, click.MissingParameter) and error.param is not None:
        return t(lang, "cli.missing", command=command, name=_argument_name(error.param, lang))
    if isinstance(error, click.BadParameter) and error.param is not None:
        param = error.param
        name = param.opts[0] if isinstance(param, click.Option) else _argument_name(param, lang)
        if isinstance(param.type, click.Path):  # the one check left to click: file or folder
            key = "cli.want_folder" if not param.type.file_okay else "cli.want_file"
            return t(lang, key, command=command, name=name)
        if isinstance(param.type, click.Choice):
            choices = joined(lang, [str(choice) for choice in param.type.choices])
            if (
                error.ctx
                and error.ctx.get_parameter_source(param.name or "") is ParameterSource.ENVIRONMENT
            ):
                variable, value = param.envvar, os.environ.get(str(param.envvar), "")
                return t(lang, "cli.bad_env", name=variable, value=value, choices=choices)
            return t(lang, "cli.bad_choice", command=command, name=name, choices=choices)
        detail = error.message.rstrip(".")
        return t(lang, "cli.bad_value", command=command, name=name, detail=detail)
    if isinstance(error, click.BadOptionUsage) and error.ctx is not None:
        options = [p for p in error.ctx.command.params if error.option_name in p.opts]
        flag = bool(options) and isinstance(options[0], click.Option) and options[0].is_flag
        key = "cli.flag_has_value" if flag else "cli.needs_value"
        return t(lang, key, command=command, option=error.option_name)
    if isinstance(error, ExtraArguments):
        return t(lang, "cli.extra", command=command, extra=" ".join(error.extra))
    return t(lang, "cli.usage", detail=error.format_message().rstrip("."))


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line and exit with its code."""
    make_streams_safe()
    # Errors before --lang is parsed (a usage error stops parsing) are said in the
    # language asked for all the same.
    session = Session()
    args = sys.argv[1:] if argv is None else argv
    session.choose(_lang_among(args))
    if not session.chosen:
        session.choose(os.environ.get(LANG_ENV))
    _stop_cleanly_on_term()
    try:
        with garbage_collected_seldom():
            cli.main(args=argv, prog_name="tracker", standalone_mode=False, obj=session)
    except TrackerError as error:
        _fail(error, error.exit_code, session)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        say(t(session.lang, "cli.interrupted"), sys.stderr)
        sys.exit(INTERRUPTED)
    except click.UsageError as error:
        say(_usage_message(error, session.lang, args), sys.stderr)
        sys.exit(ExitCode.USAGE)
    except Exception as error:  # a bug: one sentence for the user, the trace on request
        if os.environ.get("TRACKER_DEBUG"):
            traceback.print_exc()
        detail = f"{type(error).__name__}: {error}"
        say(t(session.lang, "cli.internal", detail=detail), sys.stderr)
        sys.exit(INTERNAL_ERROR)
    sys.exit(ExitCode.DONE)


def _fail(error: TrackerError, code: int, session: Session) -> NoReturn:
    lang = error.lang if error.lang and not session.chosen else session.lang
    say(error.message(lang), sys.stderr)
    mixed = any(p.is_error for p in error.problems) and not all(p.is_error for p in error.problems)
    for problem in error.problems:
        mark = t(lang, "input.warning_mark") if mixed and not problem.is_error else ""
        say("  " + mark + problem.message(lang), sys.stderr)
    sys.exit(code)
