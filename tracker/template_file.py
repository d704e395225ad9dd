"""Reading a goal template from TOML, naming every problem by its place.

All problems are collected in one pass and raised together as a ``TemplateError``, each
with a place such as ``goals[ai-labs].target`` and a sentence that says what to write.
The format is documented in ``docs/templates.md``.
"""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from tracker.errors import Problem, TemplateError, UsageError
from tracker.i18n import LANGS, Lang, t
from tracker.template import (
    COLUMN_TYPES,
    COMPARATORS,
    KINDS,
    AtLeast,
    Category,
    Column,
    ColumnType,
    Comparator,
    Condition,
    DateRange,
    Equals,
    Goal,
    Kind,
    Label,
    Period,
    Register,
    Stage,
    Template,
    Thresholds,
    linear_plan,
    month_number,
    stepped_plan,
)

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
PREFIX_PATTERN = re.compile(r"^[A-Z][A-Z0-9]*$")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
SHEET_FORBIDDEN = set("[]:*?/\\")
# Sheets every workbook has, by their i18n keys; register sheets may not take their names.
FIXED_SHEET_KEYS = (
    "sheet.about",
    "sheet.completion",
    "sheet.milestones",
    "sheet.monthly",
    "sheet.goals",
    "sheet.plan",
    "sheet.calc",
    "sheet.params",
    "sheet.lists",
    "sheet.checks",
)
META_SHEET = "_tracker"
DEFAULT_PRECISION: dict[Kind, int] = {"count": 0, "sum": 2, "value": 2, "milestone": 2}
MILESTONE_UNIT = Label("项", "item")


def load_template(path: Path) -> Template:
    """Read and validate the template at ``path``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError("template.not_found", name=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise UsageError("template.unreadable", path=str(path), reason=reason) from None
    return parse_template(text, str(path))


def parse_template(text: str, origin: str) -> Template:
    """Validate template ``text``; ``origin`` names it in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateError("template.bad_toml", path=origin, detail=str(error)) from None
    parser = _Parser()
    template = parser.template(data, text)
    if parser.problems:
        problems = tuple(parser.problems)
        raise TemplateError("template.problems", problems, path=origin, count=len(problems))
    return template


def _at(where: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def _show(value: object) -> str:
    """A TOML value as a message shows it."""
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_list(value: object) -> bool:
    return isinstance(value, list)


def _is_table(value: object) -> bool:
    return isinstance(value, dict)


def _is_date(value: object) -> bool:
    """A TOML date (not a date-time), or text in the form 2025-12-31."""
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    return isinstance(value, date) and not isinstance(value, datetime)


def _as_date(value: object) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else cast(date, value)


def _is_precision(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def valid_sheet_name(name: str) -> bool:
    """Whether Excel accepts ``name`` for a sheet (History is reserved by Excel)."""
    return (
        0 < len(name) <= 31
        and not (set(name) & SHEET_FORBIDDEN)
        and not name.startswith("'")
        and not name.endswith("'")
        and name.casefold() != "history"
        and name != META_SHEET
    )


class _Parser:
    """Walks the TOML tree, building the template and recording every problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: str, message: str, /, **params: object) -> None:
        self.problems.append(Problem(where, "template." + message, params))

    # --- typed accessors: each records a problem and returns a fallback on failure ---

    def keys(self, table: Mapping[str, object], where: str, allowed: Sequence[str]) -> None:
        for key in table:
            if key not in allowed:
                self.add(_at(where, key), "unknown_key", allowed=", ".join(allowed))

    def value(
        self,
        table: Mapping[str, object],
        key: str,
        where: str,
        check: Callable[[object], bool],
        problem: str,
        required: bool,
    ) -> Any:
        """The value at ``key`` when present and of the right type, else None. A missing
        required key and a value of the wrong type are recorded as problems."""
        if key not in table:
            if required:
                self.add(_at(where, key), "missing")
            return None
        value = table[key]
        if not check(value):
            self.add(_at(where, key), problem, actual=_show(value))
            return None
        return value

    def text(self, table: Mapping[str, object], key: str, where: str, default: str = "") -> str:
        """Text that must be there (or, given a non-empty default, may be left out)."""
        value = self.value(table, key, where, _is_text, "expected_text", not default)
        return value.strip() if value is not None else default

    def optional_text(self, table: Mapping[str, object], key: str, where: str) -> str | None:
        value = self.value(table, key, where, _is_text, "expected_text", False)
        return value.strip() if value is not None else None

    def number(
        self, table: Mapping[str, object], key: str, where: str, default: float | None = None
    ) -> float:
        """A number that must be there unless a default is given."""
        value = self.value(table, key, where, _is_number, "expected_number", default is None)
        if value is not None:
            return float(value)
        return default if default is not None else 0.0

    def optional_number(self, table: Mapping[str, object], key: str, where: str) -> float | None:
        value = self.value(table, key, where, _is_number, "expected_number", False)
        return float(value) if value is not None else None

    def flag(self, table: Mapping[str, object], key: str, where: str) -> bool:
        return self.value(table, key, where, _is_bool, "expected_bool", False) is True

    def day(
        self, table: Mapping[str, object], key: str, where: str, default: date | None = None
    ) -> date:
        """A date that must be there unless a default is given; fallback ``date.min``."""
        value = self.value(table, key, where, _is_date, "expected_date", default is None)
        if value is not None:
            return _as_date(value)
        return default if default is not None else date.min

    def optional_day(self, table: Mapping[str, object], key: str, where: str) -> date | None:
        value = self.value(table, key, where, _is_date, "expected_date", False)
        return _as_date(value) if value is not None else None

    def texts(self, table: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
        values = self.value(table, key, where, _is_list, "expected_list", False) or []
        result = []
        for index, value in enumerate(values):
            if isinstance(value, str):
                result.append(value.strip())
            else:
                self.add(_at(_at(where, key), index + 1), "expected_text", actual=_show(value))
        return tuple(result)

    def table(self, table: Mapping[str, object], key: str, where: str) -> dict[str, object]:
        return self.value(table, key, where, _is_table, "expected_table", True) or {}

    def tables(
        self, table: Mapping[str, object], key: str, where: str, required: bool = True
    ) -> list[tuple[str, dict[str, object]]]:
        """An array of tables, each with its place: ``goals[ai-labs]`` or ``goals[3]``."""
        values = self.value(table, key, where, _is_list, "expected_list", required) or []
        result = []
        for index, value in enumerate(values):
            item_id = value.get("id") if isinstance(value, dict) else None
            place = f"{_at(where, key)}[{item_id if isinstance(item_id, str) else index + 1}]"
            if isinstance(value, dict):
                result.append((place, value))
            else:
                self.add(place, "expected_table", actual=_show(value))
        return result

    def label(self, table: Mapping[str, object], key: str, where: str) -> Label:
        return Label(self.text(table, key, where), self.optional_text(table, key + "_en", where))

    def ident(self, table: Mapping[str, object], where: str, seen: set[str]) -> str:
        value = self.text(table, "id", where)
        if value and not ID_PATTERN.match(value):
            self.add(_at(where, "id"), "bad_id", actual=_show(value))
        elif value in seen:
            self.add(_at(where, "id"), "duplicate_id", actual=_show(value))
        seen.add(value)
        return value

    # --- the template, part by part -------------------------------------------------

    def template(self, data: Mapping[str, object], text: str) -> Template:
        self.keys(data, "", ("template", "period", "status", "categories", "registers", "goals"))
        head = self.table(data, "template", "")
        self.keys(head, "template", ("id", "version", "title", "title_en", "source", "source_en"))
        template_id = self.ident(head, "template", set())
        version = self.text(head, "version", "template")
        title = self.label(head, "title", "template")
        source = Label(
            self.optional_text(head, "source", "template") or "",
            self.optional_text(head, "source_en", "template"),
        )
        period = self.period(self.table(data, "period", ""))
        thresholds = self.thresholds(data.get("status", {}))
        categories = self.categories(data)
        registers = self.registers(data)
        goals = self.goals(data, period, categories, registers)
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

    def period(self, table: Mapping[str, object]) -> Period:
        self.keys(table, "period", ("start", "end"))
        start = self.day(table, "start", "period")
        end = self.day(table, "end", "period")
        if start != date.min and start.day != 1:
            self.add("period.start", "start_day", actual=start.isoformat())
        if end != date.min and (end + timedelta(days=1)).day != 1:
            self.add("period.end", "end_day", actual=end.isoformat())
        if date.min not in (start, end) and end <= start:
            self.add("period.end", "end_before_start", start=start.isoformat())
        return Period(start, end)

    def thresholds(self, table: object) -> Thresholds:
        if not isinstance(table, dict):
            self.add("status", "expected_table", actual=_show(table))
            return Thresholds()
        self.keys(table, "status", ("on_track_gap", "behind_gap"))
        defaults = Thresholds()
        on_track = self.number(table, "on_track_gap", "status", defaults.on_track_gap)
        behind = self.number(table, "behind_gap", "status", defaults.behind_gap)
        if not 0 <= on_track <= behind <= 1:
            self.add("status", "thresholds", on_track=on_track, behind=behind)
        return Thresholds(on_track, behind)

    def categories(self, data: Mapping[str, object]) -> tuple[Category, ...]:
        seen: set[str] = set()
        result = []
        for where, table in self.tables(data, "categories", "", required=False):
            self.keys(table, where, ("id", "name", "name_en"))
            category_id = self.ident(table, where, seen)
            result.append(Category(category_id, self.label(table, "name", where)))
        return tuple(result)

    def registers(self, data: Mapping[str, object]) -> tuple[Register, ...]:
        seen: set[str] = set()
        prefixes: set[str] = set()
        sheets: dict[Lang, set[str]] = {
            lang: {t(lang, key).casefold() for key in FIXED_SHEET_KEYS} for lang in LANGS
        }
        result = []
        for where, table in self.tables(data, "registers", ""):
            allowed = ("id", "name", "name_en", "sheet", "sheet_en", "prefix", "columns")
            self.keys(table, where, allowed)
            register_id = self.ident(table, where, seen)
            name = self.label(table, "name", where)
            sheet = self.label(table, "sheet", where)
            for lang in LANGS:
                key = "sheet" if lang == "zh" else "sheet_en"
                self.sheet_name(sheet.get(lang), _at(where, key), sheets[lang])
            prefix = self.text(table, "prefix", where)
            if prefix and not PREFIX_PATTERN.match(prefix):
                self.add(_at(where, "prefix"), "bad_prefix", actual=_show(prefix))
            elif prefix in prefixes:
                self.add(_at(where, "prefix"), "duplicate_id", actual=_show(prefix))
            prefixes.add(prefix)
            columns = self.columns(table, where)
            if columns and not any(column.required for column in columns):
                self.add(_at(where, "columns"), "no_key")
            result.append(Register(register_id, name, sheet, prefix, columns))
        return tuple(result)

    def sheet_name(self, name: str, where: str, taken: set[str]) -> None:
        if not name:
            return
        if not valid_sheet_name(name):
            self.add(where, "bad_sheet", actual=_show(name))
        elif name.casefold() in taken:
            self.add(where, "sheet_clash", actual=_show(name))
        taken.add(name.casefold())

    def columns(self, register: Mapping[str, object], where: str) -> tuple[Column, ...]:
        seen: set[str] = set()
        headers: dict[Lang, set[str]] = {
            lang: {t(lang, "col.item_id").casefold()} for lang in LANGS
        }
        result = []
        for place, table in self.tables(register, "columns", where):
            allowed = (
                "id", "name", "name_en", "type", "required", "unique",
                "choices", "choices_en", "minimum", "width",
            )  # fmt: skip
            self.keys(table, place, allowed)
            column_id = self.ident(table, place, seen)
            name = self.label(table, "name", place)
            for lang in LANGS:
                header = name.get(lang).casefold()
                if header in headers[lang]:
                    self.add(_at(place, "name"), "header_clash", actual=_show(name.get(lang)))
                headers[lang].add(header)
            column_type = self.text(table, "type", place)
            if column_type and column_type not in COLUMN_TYPES:
                self.add(
                    _at(place, "type"),
                    "one_of",
                    allowed=", ".join(COLUMN_TYPES),
                    actual=_show(column_type),
                )
            choices = self.choices(table, place, name, column_type == "choice")
            minimum = self.optional_number(table, "minimum", place)
            if minimum is not None and column_type != "number":
                self.add(_at(place, "minimum"), "minimum_only")
            width = self.optional_number(table, "width", place)
            result.append(
                Column(
                    id=column_id,
                    name=name,
                    type=cast(ColumnType, column_type),
                    required=self.flag(table, "required", place),
                    unique=self.flag(table, "unique", place),
                    choices=choices,
                    minimum=minimum,
                    width=width,
                )
            )
        return tuple(result)

    def choices(
        self, table: Mapping[str, object], where: str, header: Label, is_choice: bool
    ) -> tuple[Label, ...]:
        zh = self.texts(table, "choices", where)
        en = self.texts(table, "choices_en", where)
        if not is_choice:
            for key in ("choices", "choices_en"):
                if key in table:
                    self.add(_at(where, key), "choices_only", key=key)
            return ()
        if not zh:
            self.add(_at(where, "choices"), "no_choices")
        if en and len(en) != len(zh):
            self.add(_at(where, "choices_en"), "choices_en", count=len(zh))
            en = ()
        for key, values, head in (("choices", zh, header.zh), ("choices_en", en, header.get("en"))):
            seen: set[str] = set()
            for value in values:
                if (
                    not value
                    or value[0] in "=<>"
                    or set(value) & set("*?~")
                    or (_looks_numeric(value) or value.casefold() == head.casefold())
                ):
                    self.add(_at(where, key), "bad_choice", actual=_show(value))
                if value.casefold() in seen:
                    self.add(_at(where, key), "duplicate_choice", actual=_show(value))
                seen.add(value.casefold())
        return tuple(Label(value, en[i] if en else None) for i, value in enumerate(zh))

    def goals(
        self,
        data: Mapping[str, object],
        period: Period,
        categories: tuple[Category, ...],
        registers: tuple[Register, ...],
    ) -> tuple[Goal, ...]:
        seen: set[str] = set()
        result = []
        for where, table in self.tables(data, "goals", ""):
            goal = self.goal(table, where, seen, period, categories, registers)
            if goal is not None:
                result.append(goal)
        return tuple(result)

    def goal(
        self,
        table: Mapping[str, object],
        where: str,
        seen: set[str],
        period: Period,
        categories: tuple[Category, ...],
        registers: tuple[Register, ...],
    ) -> Goal | None:
        allowed = (
            "id", "name", "name_en", "category", "unit", "unit_en", "target", "comparator",
            "kind", "deadline", "source", "lead", "partners", "precision", "plan",
            "register", "column", "where", "stages",
        )  # fmt: skip
        self.keys(table, where, allowed)
        goal_id = self.ident(table, where, seen)
        kind = self.text(table, "kind", where)
        if kind and kind not in KINDS:
            self.add(_at(where, "kind"), "one_of", allowed=", ".join(KINDS), actual=_show(kind))
            return None
        if not kind:
            return None
        category = self.text(table, "category", where)
        known = [c.id for c in categories]
        if category and category not in known:
            self.add(
                _at(where, "category"),
                "unknown_ref",
                what=t("zh", "template.what_category"),
                actual=_show(category),
                allowed=", ".join(known),
            )
        milestone = kind == "milestone"
        target = self.number(table, "target", where, 1.0 if milestone else None)
        comparator = self.text(table, "comparator", where, ">=" if milestone else "")
        if comparator and comparator not in COMPARATORS:
            self.add(
                _at(where, "comparator"),
                "one_of",
                allowed=", ".join(COMPARATORS),
                actual=_show(comparator),
            )
        if milestone and (target != 1 or comparator != ">="):
            self.add(where, "milestone_target")
        elif "target" in table and _is_number(table["target"]) and target <= 0:
            self.add(_at(where, "target"), "positive", actual=_show(table["target"]))
        deadline = self.day(table, "deadline", where, period.end)
        if period.start <= period.end and not period.start <= deadline <= period.end:
            self.add(
                _at(where, "deadline"),
                "deadline",
                start=period.start.isoformat(),
                end=period.end.isoformat(),
                actual=deadline.isoformat(),
            )
        precision = self.value(table, "precision", where, _is_precision, "precision", False)
        if precision is None:
            precision = DEFAULT_PRECISION[kind]
        unit = (
            MILESTONE_UNIT
            if milestone and "unit" not in table
            else self.label(table, "unit", where)
        )
        register_id, column_id, conditions, stages = self.measure(table, where, kind, registers)
        plan, custom = self.plan(table, where, period, deadline)
        return Goal(
            id=goal_id,
            name=self.label(table, "name", where),
            category=category,
            unit=unit,
            target=target,
            comparator=cast(Comparator, comparator),
            kind=kind,
            deadline=deadline,
            source=self.optional_text(table, "source", where) or "",
            precision=precision,
            plan=plan,
            lead=self.optional_text(table, "lead", where) or "",
            partners=self.texts(table, "partners", where),
            register=register_id,
            column=column_id,
            where=conditions,
            stages=stages,
            custom_plan=custom,
        )

    def measure(
        self,
        table: Mapping[str, object],
        where: str,
        kind: Kind,
        registers: tuple[Register, ...],
    ) -> tuple[str | None, str | None, tuple[Condition, ...], tuple[Stage, ...]]:
        needs = {
            "count": ("register",),
            "sum": ("register", "column"),
            "value": (),
            "milestone": ("stages",),
        }[kind]
        for key in ("register", "column", "where", "stages"):
            if key in needs and key not in table:
                self.add(where, "kind_needs", kind=kind, key=key)
            optional = key == "where" and kind in ("count", "sum")
            if key not in needs and key in table and not optional:
                self.add(_at(where, key), "kind_forbids", kind=kind, key=key)
        stages = self.stages(table, where) if kind == "milestone" and "stages" in table else ()
        if kind not in ("count", "sum") or "register" not in table:
            return None, None, (), stages
        register_id = self.text(table, "register", where)
        known = {r.id: r for r in registers}
        register = known.get(register_id)
        if register is None:
            self.add(
                _at(where, "register"),
                "unknown_ref",
                what=t("zh", "template.what_register"),
                actual=_show(register_id),
                allowed=", ".join(known),
            )
            return register_id, None, (), ()
        column_id = None
        if kind == "sum" and "column" in table:
            column_id = self.text(table, "column", where)
            column = self.column_of(register, column_id, _at(where, "column"))
            if column is not None and column.type != "number":
                self.add(_at(where, "column"), "not_number", column=column.name.zh)
        conditions = self.conditions(table, where, register)
        return register_id, column_id, conditions, ()

    def column_of(self, register: Register, column_id: str, where: str) -> Column | None:
        try:
            return register.column(column_id)
        except KeyError:
            self.add(
                where,
                "unknown_ref",
                what=t("zh", "template.what_column"),
                actual=_show(column_id),
                allowed=", ".join(c.id for c in register.columns),
            )
            return None

    def conditions(
        self, table: Mapping[str, object], where: str, register: Register
    ) -> tuple[Condition, ...]:
        if "where" not in table:
            return ()
        place = _at(where, "where")
        conditions = self.table(table, "where", where)
        result: list[Condition] = []
        for column_id, spec in conditions.items():
            at = _at(place, column_id)
            column = self.column_of(register, column_id, at)
            if column is None:
                continue
            if isinstance(spec, str) or (isinstance(spec, dict) and set(spec) == {"at_least"}):
                value = spec if isinstance(spec, str) else spec["at_least"]
                if column.type != "choice":
                    self.add(at, "not_choice", column=column.name.zh)
                elif value not in [c.zh for c in column.choices]:
                    self.add(
                        at,
                        "unknown_choice",
                        actual=_show(value),
                        column=column.name.zh,
                        allowed=", ".join(c.zh for c in column.choices),
                    )
                elif isinstance(spec, str):
                    result.append(Equals(column_id, value))
                else:
                    result.append(AtLeast(column_id, value))
            elif isinstance(spec, dict) and spec and set(spec) <= {"from", "to"}:
                start = self.optional_day(spec, "from", at)
                end = self.optional_day(spec, "to", at)
                if column.type != "date":
                    self.add(at, "not_date", column=column.name.zh)
                elif start and end and start > end:
                    self.add(at, "range_order", start=start.isoformat(), end=end.isoformat())
                else:
                    result.append(DateRange(column_id, start, end))
            else:
                self.add(at, "bad_condition", actual=_show(spec))
        if sum(isinstance(c, DateRange) for c in result) > 1:
            self.add(place, "one_date_range")
        if sum(isinstance(c, AtLeast) for c in result) > 1:
            self.add(place, "one_at_least")
        return tuple(result)

    def stages(self, table: Mapping[str, object], where: str) -> tuple[Stage, ...]:
        result = []
        values = self.value(table, "stages", where, _is_list, "expected_list", True) or []
        for index, value in enumerate(values):
            place = f"{_at(where, 'stages')}[{index + 1}]"
            if not isinstance(value, dict):
                self.add(place, "expected_table", actual=_show(value))
                continue
            self.keys(value, place, ("name", "name_en", "weight"))
            name = self.label(value, "name", place)
            if name.zh and (name.zh[0] in "=<>" or set(name.zh) & set("*?~")):
                self.add(_at(place, "name"), "bad_choice", actual=_show(name.zh))
            result.append(Stage(name, self.number(value, "weight", place)))
        if not result:
            self.add(_at(where, "stages"), "no_stages")
            return ()
        total = sum(stage.weight for stage in result)
        if any(stage.weight <= 0 for stage in result) or not math.isclose(total, 1, abs_tol=1e-9):
            self.add(_at(where, "stages"), "weights", actual=round(total, 6))
        return tuple(result)

    def plan(
        self, table: Mapping[str, object], where: str, period: Period, deadline: date
    ) -> tuple[tuple[float, ...], bool]:
        months = month_number(period.start, period.end) if period.start < period.end else 1
        deadline_month = max(1, min(months, period.month_number(deadline)))
        if "plan" not in table:
            return linear_plan(months, deadline_month), False
        place = _at(where, "plan")
        spec = self.table(table, "plan", where)
        points: dict[int, float] = {}
        for key, value in spec.items():
            match = MONTH_PATTERN.match(key)
            month = (
                month_number(period.start, date(int(match[1]), int(match[2]), 1))
                if match and 1 <= int(match[2]) <= 12
                else 0
            )
            if not 1 <= month <= months:
                self.add(_at(place, key), "plan_month", actual=_show(key))
            elif not _is_number(value) or not 0 <= float(cast(float, value)) <= 1:
                self.add(_at(place, key), "plan_fraction", actual=_show(value))
            else:
                points[month] = float(cast(float, value))
        ordered = sorted(points)
        for before, after in itertools.pairwise(ordered):
            if points[after] < points[before]:
                label = period.start.year * 12 + period.start.month - 1 + after - 1
                self.add(place, "plan_decreasing", month=f"{label // 12}-{label % 12 + 1:02d}")
        if points and (points[ordered[-1]] != 1 or ordered[-1] > deadline_month):
            self.add(place, "plan_end")
        return stepped_plan(months, points), True
