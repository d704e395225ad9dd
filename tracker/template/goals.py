"""Reading the goals of a goal template: targets, deadlines, how each is measured, plans."""

from __future__ import annotations

import itertools
import math
import re
from datetime import date
from typing import assert_never, cast

from tracker.excel import CRITERION_LIMIT, clean_round, folded, safe_criterion, text_units
from tracker.i18n import Msg
from tracker.template.spec import (
    COMPARATORS,
    KINDS,
    LOWER,
    AtLeast,
    Category,
    Column,
    Comparator,
    Condition,
    DateRange,
    Equals,
    Goal,
    InRegister,
    Kind,
    Label,
    Measure,
    Milestone,
    Period,
    Register,
    RegisterCount,
    RegisterSum,
    Reported,
    Stage,
    linear_plan,
    month_number,
    stepped_plan,
)
from tracker.template.toml_reader import (
    ID_PATTERN,
    Table,
    TomlReader,
    at,
    is_list,
    is_number,
    show,
)

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
DEFAULT_PRECISION: dict[Kind, int] = {"count": 0, "sum": 2, "value": 2, "milestone": 2}
MILESTONE_UNIT = Label("项", "item")
GOAL_KEYS = (
    "id", "name", "name_en", "category", "unit", "unit_en", "unit_en_one", "target", "comparator",
    "kind", "deadline", "source", "lead", "partners", "precision", "plan",
    "register", "column", "where", "stages", "baseline",
)  # fmt: skip
# What each kind of goal must have; the other measure keys are refused.
NEEDS: dict[Kind, tuple[str, ...]] = {
    "count": ("register",),
    "sum": ("register", "column"),
    "value": (),
    "milestone": ("stages",),
}


def _finer_target(
    reader: TomlReader, where: str, given: object, target: float, precision: int
) -> None:
    """A target with more decimals than the figures are rounded to: shown rounded (2.4 as
    "≥2"), it would stand beside a figure that shows as much and is not done."""
    needed = next((d for d in range(precision + 1, 7) if round(target, d) == target), None)
    if needed is None:
        reader.newer(where, "target_digits", actual=show(given), limit=6)
    else:
        params = {"actual": show(given), "precision": precision, "needed": needed}
        reader.newer(where, "target_precision", **params)


def _finer_stages(reader: TomlReader, where: str, milestone: Milestone, precision: int) -> None:
    """A stage whose cumulative weight, rounded to the goal's precision as its figure is,
    is no more than the stage before (or 0): the figure cannot tell that it was reached.
    The refusal names the precision that would show every stage, when one does."""
    unseen = _unseen_stage(milestone, precision)
    if unseen is None:
        return
    stage, reached = unseen
    weight = f"{round(reached, 9):.9f}".rstrip("0").rstrip(".")  # 0.0000004, not 4e-07
    params = {"stage": stage.name.zh, "weight": weight, "precision": precision}
    needed = next((d for d in range(precision + 1, 7) if not _unseen_stage(milestone, d)), None)
    if needed is None:
        reader.newer(where, "stage_weight", limit=6, **params)
    else:
        reader.newer(where, "stage_precision", needed=needed, **params)


def _unseen_stage(milestone: Milestone, precision: int) -> tuple[Stage, float] | None:
    """The first stage whose cumulative weight rounded to ``precision`` is no more than
    the stage before's (or 0), with that weight; None when every stage shows."""
    shown = 0.0
    weights = itertools.accumulate(s.weight for s in milestone.stages)
    for stage, reached in zip(milestone.stages, weights, strict=True):
        rounded = clean_round(reached, precision)
        if rounded <= shown:
            return stage, reached
        shown = rounded
    return None


def _is_precision(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6


def read_goals(
    reader: TomlReader,
    data: Table,
    period: Period,
    categories: tuple[Category, ...],
    registers: tuple[Register, ...],
) -> tuple[Goal, ...]:
    seen: set[str] = set()
    result = []
    for where, table in reader.tables(data, "goals", ""):
        goal = _goal(reader, table, where, seen, period, categories, registers)
        if goal is not None:
            result.append(goal)
    if data.get("goals") == []:  # a workbook with nothing to track, whose months record nothing
        reader.newer("goals", "no_goals")
    return tuple(result)


def _goal(
    reader: TomlReader,
    table: Table,
    where: str,
    seen: set[str],
    period: Period,
    categories: tuple[Category, ...],
    registers: tuple[Register, ...],
) -> Goal | None:
    reader.keys(table, where, GOAL_KEYS)
    goal_id = reader.ident(table, where, seen)
    if goal_id and ID_PATTERN.match(goal_id) and not safe_criterion(goal_id):
        # The monthly figure is found by SUMIFS with the id as criterion: "true" is TRUE.
        reader.newer(at(where, "id"), "boolean_id", actual=show(goal_id), shown=goal_id.upper())
    kind = reader.text(table, "kind", where)
    if kind and kind not in KINDS:
        reader.general(at(where, "kind"), "one_of", allowed=", ".join(KINDS), actual=show(kind))
        return None
    if not kind:
        return None
    category = reader.text(table, "category", where)
    known = [c.id for c in categories]
    if category and category not in known:
        _unknown(reader, at(where, "category"), "category", category, known)
    milestone = kind == "milestone"
    target = reader.number(table, "target", where, 1.0 if milestone else None)
    comparator = reader.text(table, "comparator", where, ">=" if milestone else "")
    if comparator and comparator not in COMPARATORS:
        reader.general(
            at(where, "comparator"),
            "one_of",
            allowed=", ".join(COMPARATORS),
            actual=show(comparator),
        )
    if milestone and (target != 1 or comparator != ">="):
        reader.add(where, "milestone_target")
    elif (
        is_number(given_target := table.get("target"))
        and -math.inf < cast(float, given_target) <= 0
    ):
        reader.add(at(where, "target"), "positive", actual=show(table["target"]))
    baseline = _baseline(reader, table, where, kind, comparator, target)
    deadline = reader.day(table, "deadline", where, period.end)
    if period.start <= period.end and not period.start <= deadline <= period.end:
        reader.add(
            at(where, "deadline"),
            "deadline",
            start=period.start.isoformat(),
            end=period.end.isoformat(),
            actual=deadline.isoformat(),
        )
    precision = DEFAULT_PRECISION[kind]
    if "precision" in table:
        if _is_precision(table["precision"]):
            precision = cast(int, table["precision"])
        else:
            reader.add(at(where, "precision"), "precision", actual=show(table["precision"]))
    if not milestone and target > 0 and round(target, precision) != target:
        _finer_target(reader, at(where, "target"), table["target"], target, precision)
    unit = (
        MILESTONE_UNIT
        if milestone and "unit" not in table
        else reader.label(table, "unit", where, blank=True)
    )
    measure = _measure(reader, table, where, kind, registers)
    if isinstance(measure, Milestone):
        _finer_stages(reader, at(where, "stages"), measure, precision)
    months = len(period.months) if period.start < period.end else 1
    deadline_month = max(1, min(months, period.month_number(deadline)))
    points = _plan_points(reader, table, where, period, deadline_month)
    plan = stepped_plan(months, dict(points)) if points else linear_plan(months, deadline_month)
    return Goal(
        id=goal_id,
        name=reader.label(table, "name", where),
        category=category,
        unit=unit,
        target=target,
        comparator=cast(Comparator, comparator),
        measure=measure,
        deadline=deadline,
        source=reader.optional_text(table, "source", where, multiline=True) or "",
        precision=precision,
        plan=plan,
        deadline_month=deadline_month,
        lead=reader.optional_text(table, "lead", where) or "",
        partners=reader.texts(table, "partners", where),
        plan_points=points,
        unit_en_one=reader.optional_text(table, "unit_en_one", where) or "",
        baseline=baseline,
    )


def _baseline(
    reader: TomlReader, table: Table, where: str, kind: str, comparator: str, target: float
) -> float:
    """Where a lower-is-better goal starts (1.5 for a PUE to bring down to 1.25): needed to
    plan its way down. Only a reported figure (``value``) can be lower-is-better: a count
    or a sum of registered items only grows."""
    if comparator not in LOWER:
        if "baseline" in table:
            reader.add(at(where, "baseline"), "baseline_only_lower")
        return 0.0
    if kind != "value":
        reader.add(at(where, "comparator"), "lower_value_only", kind=kind)
        return 0.0
    baseline = reader.number(table, "baseline", where)
    given = table.get("baseline")
    if is_number(given) and math.isfinite(cast(float, given)) and baseline <= target:
        reader.add(at(where, "baseline"), "baseline_above", target=f"{target:g}")
    return baseline


def _measure(
    reader: TomlReader,
    table: Table,
    where: str,
    kind: Kind,
    registers: tuple[Register, ...],
) -> Measure:
    """How the goal is measured. A measure with problems is still returned, with blanks
    for what is missing: the problems refuse the template, and it is never used."""
    needs = NEEDS[kind]
    for key in ("register", "column", "where", "stages"):
        if key in needs and key not in table:
            reader.add(where, "kind_needs", kind=kind, key=key)
        optional = key == "where" and kind in ("count", "sum")
        if key not in needs and key in table and not optional:
            reader.add(at(where, key), "kind_forbids", kind=kind, key=key)
    match kind:
        case "milestone":
            return Milestone(_stages(reader, table, where) if "stages" in table else ())
        case "value":
            return Reported()
        case "count" | "sum":
            return _in_register(reader, table, where, kind, registers)
        case unknown:
            assert_never(unknown)


def _in_register(
    reader: TomlReader,
    table: Table,
    where: str,
    kind: Kind,
    registers: tuple[Register, ...],
) -> InRegister:
    if "register" not in table:
        return RegisterCount("")
    register_id = reader.text(table, "register", where)
    known = {r.id: r for r in registers}
    register = known.get(register_id)
    if register is None:
        _unknown(reader, at(where, "register"), "register", register_id, list(known))
        return RegisterCount(register_id)
    column_id = ""
    if kind == "sum" and "column" in table:
        column_id = reader.text(table, "column", where)
        column = _column_of(reader, register, column_id, at(where, "column"))
        if column is not None and column.type != "number":
            reader.add(at(where, "column"), "not_number", column=column.name.zh)
    conditions = _conditions(reader, table, where, register)
    if kind == "sum":
        return RegisterSum(register_id, column_id, conditions)
    return RegisterCount(register_id, conditions)


def _column_of(reader: TomlReader, register: Register, column_id: str, where: str) -> Column | None:
    try:
        return register.column(column_id)
    except KeyError:
        _unknown(reader, where, "column", column_id, [c.id for c in register.columns])
        return None


# The tables a reference may name, by what it names: [[categories]], [[registers]].
TABLES = {"category": "categories", "register": "registers", "column": "registers.columns"}


def _unknown(reader: TomlReader, where: str, what: str, actual: str, known: list[str]) -> None:
    """A reference to a category, register or column the template does not have: the ids
    it has, or, when it has none, the table to add."""
    if known:
        reader.add(
            where,
            "unknown_ref",
            what=Msg(f"template.what_{what}"),
            actual=show(actual),
            allowed=", ".join(known),
        )
    else:
        reader.add(
            where,
            "unknown_ref_none",
            what=Msg(f"template.what_{what}"),
            actual=show(actual),
            table=TABLES[what],
        )


def _conditions(
    reader: TomlReader, table: Table, where: str, register: Register
) -> tuple[Condition, ...]:
    if "where" not in table:
        return ()
    place = at(where, "where")
    conditions = reader.table(table, "where", where)
    result: list[Condition] = []
    for column_id, spec in conditions.items():
        here = at(place, column_id)
        column = _column_of(reader, register, column_id, here)
        if column is None:
            continue
        if isinstance(spec, str) or (isinstance(spec, dict) and set(spec) == {"at_least"}):
            value = spec if isinstance(spec, str) else spec["at_least"]
            if column.type != "choice":
                reader.add(here, "not_choice", column=column.name.zh)
            elif value not in [c.zh for c in column.choices]:
                reader.add(
                    here,
                    "unknown_choice",
                    actual=show(value),
                    column=column.name.zh,
                    allowed=", ".join(c.zh for c in column.choices),
                )
            elif isinstance(spec, str):
                result.append(Equals(column_id, value))
            else:
                result.append(AtLeast(column_id, value))
        elif isinstance(spec, dict) and spec and set(spec) <= {"from", "to"}:
            start = reader.optional_day(spec, "from", here)
            end = reader.optional_day(spec, "to", here)
            if column.type != "date":
                reader.add(here, "not_date", column=column.name.zh)
            elif start and end and start > end:
                reader.add(here, "range_order", start=start.isoformat(), end=end.isoformat())
            else:
                result.append(DateRange(column_id, start, end))
        else:
            reader.add(here, "bad_condition", actual=show(spec))
    if sum(isinstance(c, DateRange) for c in result) > 1:
        reader.add(place, "one_date_range")
    if sum(isinstance(c, AtLeast) for c in result) > 1:
        reader.add(place, "one_at_least")
    return tuple(result)


def _stages(reader: TomlReader, table: Table, where: str) -> tuple[Stage, ...]:
    result = []
    seen: dict[str, set[str]] = {"zh": set(), "en": set()}
    cased: dict[str, set[str]] = {"zh": set(), "en": set()}
    values = reader.value(table, "stages", where, is_list, "expected_list", True) or []
    for index, value in enumerate(values):
        place = f"{at(where, 'stages')}[{index + 1}]"
        if not isinstance(value, dict):
            reader.general(place, "expected_table", actual=show(value))
            continue
        reader.keys(value, place, ("name", "name_en", "weight"))
        name = reader.label(value, "name", place)
        for lang, text in (("zh", name.zh), ("en", name.en)):
            key = "name" if lang == "zh" else "name_en"
            if text and (length := text_units(text)) > CRITERION_LIMIT:  # as a choice is
                reader.add(at(place, key), "long_choice", limit=CRITERION_LIMIT, actual=length)
            elif text and not safe_criterion(text):
                reader.add(at(place, key), "bad_choice", actual=show(text))
            elif text and folded(text) in seen[lang]:
                # ignoring case, a rule of old; ignoring width as well, a newer one
                old = text.casefold() in cased[lang]
                duplicate = reader.add if old else reader.newer
                duplicate(at(place, key), "duplicate_stage", actual=show(text))
            seen[lang].add(folded(text or ""))
            cased[lang].add((text or "").casefold())
        result.append(Stage(name, reader.number(value, "weight", place)))
    if not result:
        reader.add(at(where, "stages"), "no_stages")
        return ()
    total = sum(stage.weight for stage in result)
    if any(stage.weight <= 0 for stage in result) or not math.isclose(total, 1, abs_tol=1e-9):
        reader.add(at(where, "stages"), "weights", actual=round(total, 6))
    return tuple(result)


def _plan_points(
    reader: TomlReader, table: Table, where: str, period: Period, deadline_month: int
) -> tuple[tuple[int, float], ...]:
    """The (month, fraction) pairs of a month-by-month plan, checked; () for a linear one."""
    if "plan" not in table:
        return ()
    months = len(period.months)
    place = at(where, "plan")
    spec = reader.table(table, "plan", where)
    points: dict[int, float] = {}
    for key, value in spec.items():
        match = MONTH_PATTERN.match(key)
        month = (
            month_number(period.start, date(int(match[1]), int(match[2]), 1))
            if match and 1 <= int(match[2]) <= 12
            else 0
        )
        if not 1 <= month <= months:
            reader.add(at(place, key), "plan_month", actual=show(key))
        elif not is_number(value) or not 0 <= float(cast(float, value)) <= 1:
            reader.add(at(place, key), "plan_fraction", actual=show(value))
        else:
            points[month] = float(cast(float, value))
    ordered = sorted(points)
    for before, after in itertools.pairwise(ordered):
        if points[after] < points[before]:
            first_day = period.months[after - 1]
            label = f"{first_day.year}-{first_day.month:02d}"
            reader.add(place, "plan_decreasing", month=label)
    if points and (points[ordered[-1]] != 1 or ordered[-1] > deadline_month):
        reader.add(place, "plan_end")
    return tuple((month, points[month]) for month in ordered)
