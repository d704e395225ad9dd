"""Reading a goal template from TOML, naming every problem by its place.

All problems are collected in one pass and raised together as a ``TemplateError``, each
with a place such as ``goals[ai-labs].target`` and a sentence that says what to write.
The format is documented in ``docs/templates.md``. This module reads the template's head,
period and registers; ``goals`` reads the goals.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import cast

from tracker.errors import Problem, TemplateError, UsageError
from tracker.excel import CRITERION_LIMIT, SHEET_ROWS, folded, safe_criterion, text_units
from tracker.i18n import LANGS, Lang, Msg, t
from tracker.template.full_width import full_width_at
from tracker.template.goals import read_goals
from tracker.template.spec import (
    COLUMN_TYPES,
    Category,
    Column,
    ColumnType,
    Label,
    Period,
    Register,
    Template,
    Thresholds,
)
from tracker.template.toml_reader import Table, TomlReader, at, show

PREFIX_PATTERN = re.compile(r"^[A-Z][A-Z0-9]*$")
SHEET_FORBIDDEN = set("[]:*?/\\")
MAX_WIDTH = 255  # the widest column Excel allows, in characters
CHECKS = ("uscc",)  # column checks beyond the type: 统一社会信用代码
# Sheets every workbook has, by their i18n keys; register sheets may not take their names.
FIXED_SHEET_KEYS = (
    "sheet.about",
    "sheet.completion",
    "sheet.history",
    "sheet.changes",
    "sheet.milestones",
    "sheet.monthly",
    "sheet.goals",
    "sheet.plan",
    "sheet.calc",
    "sheet.params",
    "sheet.lists",
    "sheet.checks",
    "sheet.returns",  # once returns are collected
    "sheet.year_end",  # once the period is closed
)
META_SHEET = "_tracker"
# A period within the dates every spreadsheet computes with (Excel's start at 1900).
EARLIEST_PERIOD, LATEST_PERIOD = date(1990, 1, 1), date(2100, 12, 31)
LANG_SUFFIX: dict[Lang, str] = {"zh": "", "en": "_en"}  # sheet, sheet_en


def load_template(path: Path) -> Template:
    """Read and validate the template at ``path``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        # Notepad saves "模板.toml" as "模板.toml.txt", and Windows hides the .txt.
        if (txt := path.with_name(path.name + ".txt")).is_file():
            name, file = str(path), path.name
            raise UsageError("template.txt_added", name=name, txt=str(txt), file=file) from None
        raise UsageError("template.not_found", name=str(path)) from None
    except UnicodeDecodeError:
        raise UsageError("template.not_utf8", path=str(path)) from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise UsageError("template.unreadable", path=str(path), reason=reason) from None
    return parse_template(text, str(path))


# By text (and whether stored): a roll-up reads one template from many books.
_PARSED: dict[tuple[str, bool], Template] = {}
_PARSED_KEPT = 8


def parse_template(text: str, origin: str, stored: bool = False) -> Template:
    """Validate template ``text``; ``origin`` names it in messages; ``stored``: the copy a
    workbook keeps, read despite rules made after it (``TomlReader.newer``). A text parsed
    before gives the same (immutable) template again; one with problems is parsed every
    time, so its messages name where it came from."""
    if (found := _PARSED.get((text, stored))) is not None:
        return found
    template = _parse_template(text, origin, stored)
    if len(_PARSED) >= _PARSED_KEPT:
        _PARSED.clear()
    _PARSED[(text, stored)] = template
    return template


def _parse_template(text: str, origin: str, stored: bool) -> Template:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        if (found := full_width_at(text, str(error))) is not None:
            raise TemplateError(
                "template.full_width",
                path=origin,
                line=found.line,
                column=found.column,
                char=found.char,
                fix=found.fix,
            ) from None
        raise TemplateError("template.bad_toml", path=origin, detail=str(error)) from None
    except RecursionError:  # tables or lists nested thousands deep
        raise TemplateError("template.too_deep", path=origin) from None
    reader = TomlReader(stored=stored)
    reader.keys(data, "", ("template", "period", "status", "categories", "registers", "goals"))
    head = reader.table(data, "template", "")
    reader.keys(head, "template", ("id", "version", "title", "title_en", "source", "source_en"))
    template_id = reader.ident(head, "template", set())
    version = reader.text(head, "version", "template")
    title = reader.label(head, "title", "template")
    source = Label(
        reader.optional_text(head, "source", "template", multiline=True) or "",
        reader.optional_text(head, "source_en", "template", multiline=True),
    )
    period = read_period(reader, reader.table(data, "period", ""))
    thresholds = read_thresholds(reader, data.get("status", {}))
    categories = read_categories(reader, data)
    registers = read_registers(reader, data)
    goals = (
        read_goals(reader, data, period, categories, registers)
        if _fits(reader, data, period)
        else ()
    )
    if reader.problems:
        # The same problem once (an English sheet name falling back to the Chinese one
        # meets the same clash).
        unique: dict[tuple[str, str, str], Problem] = {}
        for problem in reader.problems:
            unique.setdefault((problem.where, problem.key, repr(problem.params)), problem)
        problems = tuple(unique.values())
        raise TemplateError("template.problems", problems, path=origin, count=len(problems))
    return Template(
        id=template_id,
        version=version,
        title=title,
        source=source,
        period=period,
        thresholds=thresholds,
        categories=categories,
        registers=registers,
        goals=goals,
        text=text,
    )


def sheet_name_rule(name: str) -> str | None:
    """The rule ``name`` breaks as a sheet name (an i18n key), or None when it is good."""
    if not name:
        return "sheet_rule.blank"
    if text_units(name) > 31:  # as Excel counts: an emoji is two
        return "sheet_rule.long"
    if set(name) & SHEET_FORBIDDEN:
        return "sheet_rule.forbidden"
    if "'" in name or '"' in name:
        return "sheet_rule.quote"  # gnumeric misreads formulas that quote such a name
    if name.casefold() == "history":
        return "sheet_rule.history"  # reserved by Excel
    if name.startswith("_"):
        return "sheet_rule.underscore"  # the hidden sheets the tool keeps
    return None


def _fits(reader: TomlReader, data: Table, period: Period) -> bool:
    """Whether a record of every goal for every month fits in a sheet (the monthly sheet
    and the history hold one row each, below a header); checked before the goals are read,
    so a template of 300,000 goals is refused in seconds."""
    goals = data.get("goals")
    months = period.month_number(period.end) if date.min < period.start < period.end else 1
    if isinstance(goals, list) and len(goals) * months > SHEET_ROWS - 1:
        reader.add("goals", "too_many", goals=len(goals), months=months, rows=SHEET_ROWS - 1)
        return False
    return True


def read_period(reader: TomlReader, table: Table) -> Period:
    reader.keys(table, "period", ("start", "end"))
    start = reader.day(table, "start", "period")
    end = reader.day(table, "end", "period")
    if start != date.min and start.day != 1:
        reader.add("period.start", "start_day", actual=start.isoformat())
    if end != date.min and (end + timedelta(days=1)).day != 1:
        reader.add("period.end", "end_day", actual=end.isoformat())
    if date.min not in (start, end) and end <= start:
        reader.add("period.end", "end_before_start", start=start.isoformat())
    for key, day in (("start", start), ("end", end)):
        if day != date.min and not EARLIEST_PERIOD <= day <= LATEST_PERIOD:
            reader.add(
                f"period.{key}",
                "period_range",
                earliest=EARLIEST_PERIOD.isoformat(),
                latest=LATEST_PERIOD.isoformat(),
                actual=day.isoformat(),
            )
    return Period(start, end)


def read_thresholds(reader: TomlReader, table: object) -> Thresholds:
    if not isinstance(table, dict):
        reader.general("status", "expected_table", actual=show(table))
        return Thresholds()
    reader.keys(table, "status", ("on_track_gap", "behind_gap"))
    defaults = Thresholds()
    on_track = reader.number(table, "on_track_gap", "status", defaults.on_track_gap)
    behind = reader.number(table, "behind_gap", "status", defaults.behind_gap)
    if not 0 <= on_track <= behind <= 1:
        reader.add("status", "thresholds", on_track=on_track, behind=behind)
    return Thresholds(on_track, behind)


def read_categories(reader: TomlReader, data: Table) -> tuple[Category, ...]:
    seen: set[str] = set()
    result = []
    for where, table in reader.tables(data, "categories", "", required=False):
        reader.keys(table, where, ("id", "name", "name_en"))
        category_id = reader.ident(table, where, seen)
        result.append(Category(category_id, reader.label(table, "name", where)))
    return tuple(result)


def read_registers(reader: TomlReader, data: Table) -> tuple[Register, ...]:
    seen: set[str] = set()
    prefixes: set[str] = set()
    sheets: dict[Lang, set[str]] = {
        lang: {t(lang, key).casefold() for key in FIXED_SHEET_KEYS} for lang in LANGS
    }
    result = []
    for where, table in reader.tables(data, "registers", "", required=False):
        allowed = ("id", "name", "name_en", "sheet", "sheet_en", "prefix", "columns")
        reader.keys(table, where, allowed)
        register_id = reader.ident(table, where, seen)
        name = reader.label(table, "name", where)
        sheet = reader.label(table, "sheet", where)
        for lang in LANGS:
            # An English name left out falls back to the Chinese one, whose rules are
            # checked once; a clash with an English sheet is placed at the key the file has.
            fallback = lang == "en" and not sheet.en
            key = "sheet" if fallback else f"sheet{LANG_SUFFIX[lang]}"
            _sheet_name(reader, sheet.get(lang), at(where, key), sheets[lang], fallback)
        prefix = reader.text(table, "prefix", where)
        if prefix and not PREFIX_PATTERN.match(prefix):
            reader.add(at(where, "prefix"), "bad_prefix", actual=show(prefix))
        elif prefix in prefixes:
            reader.add(at(where, "prefix"), "duplicate_id", actual=show(prefix))
        prefixes.add(prefix)
        columns = _columns(reader, table, where)
        # No column at all (columns = []) names no item either; a key missing or not a
        # list of tables is said so already.
        if isinstance(table.get("columns"), list) and not any(c.required for c in columns):
            reader.add(at(where, "columns"), "no_key")
        result.append(Register(register_id, name, sheet, prefix, columns))
    return tuple(result)


def _sheet_name(reader: TomlReader, name: str, where: str, taken: set[str], fallback: bool) -> None:
    if not name:
        return  # missing or blank: said so already
    if rule := sheet_name_rule(name):
        if fallback:
            return  # said so for the Chinese name
        reader.add(where, "bad_sheet", actual=show(name), rule=Msg(rule))
    elif name.casefold() in taken:
        reader.add(where, "sheet_clash", actual=show(name))
    taken.add(name.casefold())


COLUMN_KEYS = (
    "id", "name", "name_en", "type", "required", "unique",
    "choices", "choices_en", "minimum", "width", "check",
)  # fmt: skip


def _columns(reader: TomlReader, register: Table, where: str) -> tuple[Column, ...]:
    seen: set[str] = set()
    # Headers as the reader compares them: "备注Ａ" is "备注A", a zero-width space is nothing.
    headers: dict[Lang, set[str]] = {lang: {folded(t(lang, "col.item_id"))} for lang in LANGS}
    cased: dict[Lang, set[str]] = {lang: {t(lang, "col.item_id").casefold()} for lang in LANGS}
    result = []
    for place, table in reader.tables(register, "columns", where):
        reader.keys(table, place, COLUMN_KEYS)
        column_id = reader.ident(table, place, seen)
        name = reader.label(table, "name", place)
        for lang in LANGS:
            header = folded(name.get(lang))
            if header in headers[lang]:
                # ignoring case, a rule of old; width and invisible characters, a newer one
                old = name.get(lang).casefold() in cased[lang]
                clash = reader.add if old else reader.newer
                clash(at(place, "name"), "header_clash", actual=show(name.get(lang)))
            headers[lang].add(header)
            cased[lang].add(name.get(lang).casefold())
        column_type = reader.text(table, "type", place)
        if column_type and column_type not in COLUMN_TYPES:
            reader.general(
                at(place, "type"),
                "one_of",
                allowed=", ".join(COLUMN_TYPES),
                actual=show(column_type),
            )
        choices = _choices(reader, table, place, name, column_type == "choice")
        minimum = reader.optional_number(table, "minimum", place)
        if minimum is not None and column_type != "number":
            reader.add(at(place, "minimum"), "minimum_only")
        check = reader.optional_text(table, "check", place)
        if check is not None and check not in CHECKS:
            reader.general(
                at(place, "check"), "one_of", allowed=", ".join(CHECKS), actual=show(check)
            )
        elif check is not None and column_type != "text":
            reader.add(at(place, "check"), "check_text_only", check=check)
        width = reader.optional_number(table, "width", place)
        if width is not None and not 0 < width <= MAX_WIDTH:
            reader.add(at(place, "width"), "width", limit=MAX_WIDTH, actual=show(table["width"]))
        result.append(
            Column(
                id=column_id,
                name=name,
                type=cast(ColumnType, column_type),
                required=reader.flag(table, "required", place),
                unique=reader.flag(table, "unique", place),
                choices=choices,
                minimum=minimum,
                width=width,
                check=check,
            )
        )
    return tuple(result)


def _choices(
    reader: TomlReader, table: Table, where: str, header: Label, is_choice: bool
) -> tuple[Label, ...]:
    zh = reader.texts(table, "choices", where)
    en = reader.texts(table, "choices_en", where)
    if not is_choice:
        for key in ("choices", "choices_en"):
            if key in table:
                reader.add(at(where, key), "choices_only", key=key)
        return ()
    if not zh:
        reader.add(at(where, "choices"), "no_choices")
    if en and len(en) != len(zh):
        reader.add(at(where, "choices_en"), "choices_en", count=len(zh))
        en = ()
    # What people type is read ignoring case and width, in either language: each spelling
    # must lead to one choice (its index).
    spelled: dict[str, int] = {}
    for key, values, head in (("choices", zh, header.zh), ("choices_en", en, header.get("en"))):
        seen: set[str] = set()
        cased: set[str] = set()
        for index, value in enumerate(values):
            if (length := text_units(value)) > CRITERION_LIMIT:  # as Excel counts
                reader.add(at(where, key), "long_choice", limit=CRITERION_LIMIT, actual=length)
            elif not safe_criterion(value) or value.casefold() == head.casefold():
                reader.add(at(where, key), "bad_choice", actual=show(value))
            spelling = folded(value)
            if spelling in seen:
                # ignoring case, a rule of old; ignoring width as well, a newer one
                duplicate = reader.add if value.casefold() in cased else reader.newer
                duplicate(at(where, key), "duplicate_choice", actual=show(value))
            elif spelled.get(spelling, index) != index:
                reader.newer(at(where, key), "choice_other_language", actual=show(value))
            seen.add(spelling)
            cased.add(value.casefold())
            spelled.setdefault(spelling, index)
    return tuple(Label(value, en[i] if en else None) for i, value in enumerate(zh))
