"""The command line: a thin skin over the library.

This is the only place that turns errors into messages and exit codes (see ``ExitCode``):
every message is one sentence in the user's language, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import NoReturn

import click

from tracker import __version__
from tracker.catalog import DEFAULT_TEMPLATE, builtin_names, builtin_template, resolve_template
from tracker.console import make_streams_safe, say
from tracker.dates import parse_date
from tracker.demo import demo_book
from tracker.errors import ExitCode, TrackerError, UsageError
from tracker.i18n import LANGS, Lang, t
from tracker.model import new_book
from tracker.progress import compute
from tracker.status_view import status_json, status_lines
from tracker.template import Period
from tracker.workbook.reader import read_book
from tracker.workbook.writer import save_book

INTERNAL_ERROR = 70  # a bug in tracker (EX_SOFTWARE); never the user's doing


class _Session:
    """The language messages are shown in, settled as options are parsed."""

    lang: Lang = "zh"


def _choose_lang(*candidates: str | None) -> Lang:
    """The first of ``candidates`` that is a language (else Chinese); messages follow it."""
    lang: Lang = next((c for c in candidates if c in LANGS), "zh")
    _Session.lang = lang
    return lang


def _env_lang() -> str | None:
    return os.environ.get("TRACKER_LANG")


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        _choose_lang(value)
    return value


LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=None,
    callback=_set_lang,
    expose_value=True,
    is_eager=True,
    help="zh (default) or en: language of the workbook and of messages. Env: TRACKER_LANG.",
)


def _date_option(value: str | None) -> date | None:
    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise UsageError("cli.bad_date", value=value)
    return parsed


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
def cli() -> None:
    """Goal-tracking workbooks that compute their own completion against the plan.

    Exit codes: 0 done; 1 the input has problems (each listed with its place); 2 usage
    error, unreadable file or bad template; 3 done but could not be put in place or
    delivered.
    """


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--template",
    "template_name",
    default=DEFAULT_TEMPLATE,
    show_default=True,
    metavar="NAME|PATH",
    help="A built-in template (see `tracker templates`) or a template file.",
)
@LANG_OPTION
@click.option(
    "--as-of", "as_of", metavar="DATE", help="As-of date (default: today, within the period)."
)
@click.option("--force", is_flag=True, help="Overwrite WORKBOOK if it exists.")
def init(
    workbook: Path, template_name: str, lang: str | None, as_of: str | None, force: bool
) -> None:
    """Make a new tracking workbook from a goal template."""
    language = _choose_lang(lang, _env_lang())
    if workbook.suffix.lower() != ".xlsx":
        raise UsageError("cli.not_xlsx_name", path=str(workbook))
    if workbook.exists() and not force:
        raise UsageError("cli.exists", path=str(workbook))
    template = resolve_template(template_name)
    day = _date_option(as_of) or _within(template.period, date.today())
    save_book(workbook, new_book(template, language, day))
    say(t(language, "cli.written", path=str(workbook)))


def _within(period: Period, day: date) -> date:
    return min(max(day, period.start), period.end)


@cli.command()
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--as-of", "as_of", metavar="DATE", help="Compute as of this date instead.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@LANG_OPTION
def status(workbook: Path, as_of: str | None, as_json: bool, lang: str | None) -> None:
    """Compute progress from what the workbook holds (cached results are never used)."""
    day = _date_option(as_of)
    book = read_book(workbook)
    # Messages follow --lang, then TRACKER_LANG, then the workbook's own language.
    language = _choose_lang(lang, _env_lang(), book.lang)
    progress = compute(book, day)
    if as_json:
        say(json.dumps(status_json(book, progress, language), ensure_ascii=True, indent=2))
    else:
        for line in status_lines(book, progress, language):
            say(line)


@cli.command()
@LANG_OPTION
def templates(lang: str | None) -> None:
    """List the built-in goal templates."""
    language = _choose_lang(lang, _env_lang())
    say(t(language, "cli.templates_header"))
    for name in builtin_names():
        template = builtin_template(name)
        title = template.title.get(language)
        say(t(language, "cli.template_line", id=name, title=title, goals=len(template.goals)))


@cli.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@LANG_OPTION
def demo(folder: Path | None, lang: str | None) -> None:
    """Write the demo workbook (sample data, clearly marked) and show its status."""
    language = _choose_lang(lang, _env_lang())
    folder = folder or Path("tracker-demo")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            "cli.cannot_write", path=str(folder), reason=error.strerror or type(error).__name__
        ) from None
    book = demo_book(language)
    path = folder / f"{book.template.id}-demo{'-en' if language == 'en' else ''}.xlsx"
    progress = save_book(path, book)
    say(t(language, "cli.demo_written", path=str(path)))
    say(t(language, "cli.demo_note"))
    say()
    for line in status_lines(book, progress, language):
        say(line)


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the command line and exit with its code."""
    make_streams_safe()
    _choose_lang(_env_lang())
    try:
        cli.main(args=argv, prog_name="tracker", standalone_mode=False)
    except TrackerError as error:
        _fail(error, error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.exceptions.Abort:
        sys.exit(ExitCode.USAGE)
    except click.UsageError as error:
        say(t(_Session.lang, "cli.usage", detail=error.format_message()), sys.stderr)
        sys.exit(ExitCode.USAGE)
    except Exception as error:  # a bug: one sentence for the user, the trace on request
        if os.environ.get("TRACKER_DEBUG"):
            traceback.print_exc()
        detail = f"{type(error).__name__}: {error}"
        say(t(_Session.lang, "cli.internal", detail=detail), sys.stderr)
        sys.exit(INTERNAL_ERROR)
    sys.exit(ExitCode.DONE)


def _fail(error: TrackerError, code: int) -> NoReturn:
    lang = _Session.lang
    say(error.message(lang), sys.stderr)
    for problem in error.problems:
        say("  " + problem.message(lang), sys.stderr)
    sys.exit(code)
