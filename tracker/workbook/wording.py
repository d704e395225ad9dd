"""Sentences about goals that people read: how each goal is measured, what its stages are."""

from __future__ import annotations

import math
from datetime import date
from typing import assert_never

from tracker.excel import exact_percent, percent_shown
from tracker.history.assessment import Assessment, Outcome
from tracker.history.records import month_of
from tracker.i18n import Lang, month_words, t
from tracker.progress import Status, shown_weights
from tracker.template.spec import (
    AtLeast,
    DateRange,
    Goal,
    InRegister,
    Milestone,
    RegisterCount,
    RegisterSum,
    Reported,
    Template,
)


def describe_measure(goal: Goal, template: Template, lang: Lang, sheets: dict[str, str]) -> str:
    """How ``goal`` is counted, e.g. 实验室中“阶段”为“已揭牌”或之后阶段的条目数.

    ``sheets`` names the milestones and monthly sheets (keys ``milestones``, ``monthly``).
    """
    match goal.measure:
        case Milestone():
            return t(
                lang,
                "measure.milestone",
                sheet=sheets["milestones"],
                stages=stage_path(goal, lang),
            )
        case Reported() if goal.lower:
            return t(
                lang,
                "measure.value_lower",
                sheet=sheets["monthly"],
                baseline=f"{goal.baseline:g}",
            )
        case Reported():
            return t(lang, "measure.value", sheet=sheets["monthly"])
        case RegisterCount() | RegisterSum() as counted:
            return _in_register(counted, template, lang)
        case unknown:
            assert_never(unknown)


def _in_register(counted: InRegister, template: Template, lang: Lang) -> str:
    register = template.register(counted.register)
    conditions = []
    for condition in counted.where:
        column = register.column(condition.column)
        name = column.name.get(lang)
        if isinstance(condition, DateRange):
            conditions.append(_date_range(condition, name, lang))
            continue
        value = column.choices[column.choice_rank(condition.value)].get(lang)
        key = "measure.at_least" if isinstance(condition, AtLeast) else "measure.equals"
        conditions.append(t(lang, key, column=name, value=value))
    where = t(lang, "measure.and").join(conditions)
    params: dict[str, object] = {"register": register.sheet.get(lang), "conditions": where}
    match counted:
        case RegisterCount():
            pass
        case RegisterSum(column=summed):
            params["column"] = register.column(summed).name.get(lang)
        case unknown:
            assert_never(unknown)
    suffix = "" if conditions else "_all"
    return t(lang, f"measure.{counted.kind}{suffix}", **params)


def _date_range(condition: DateRange, column: str, lang: Lang) -> str:
    start, end = _iso(condition.start), _iso(condition.end)
    if condition.start and condition.end:
        return t(lang, "measure.date_range", column=column, start=start, end=end)
    if condition.start:
        return t(lang, "measure.date_from", column=column, start=start)
    return t(lang, "measure.date_to", column=column, end=end)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def stage_path(goal: Goal, lang: Lang) -> str:
    """A milestone's stages with their weights as the template gives them: 立项(10%) →
    建设(30%) → …, 立项(12.5%) → …"""
    return " → ".join(
        f"{stage.name.get(lang)}({exact_percent(stage.weight)})" for stage in goal.stages
    )


def stage_reached(goal: Goal, weight: float, lang: Lang) -> str:
    """The stage a milestone has reached, with the share of the work it stands for."""
    for stage, reached in zip(goal.stages, shown_weights(goal), strict=True):
        if math.isclose(reached, weight, abs_tol=1e-9):
            return t(
                lang,
                "brief.stage_reached",
                stage=stage.name.get(lang),
                share=percent_shown(reached, 0),
            )
    return t(lang, "brief.no_stage")


# --- the year-end assessment ---------------------------------------------------------

# The colours of a result: those of the goal statuses that say the same.
RESULT_STATUS = {
    "met": Status.DONE,
    "missed": Status.CRITICAL,
    "open": Status.BEHIND,
    "none": Status.CRITICAL,
}


def remark(outcome: Outcome, closed: str, lang: Lang) -> str:
    """What the tool has to say of an outcome beyond its figures, or "": why it was met
    and missed, why met on the month it equals, or which month it was judged on when
    that is not the month the period was ``closed`` in."""
    deadline = outcome.goal.deadline.isoformat()
    if outcome.record is None:
        return t(lang, "close.remark.not_recorded", deadline=deadline)
    if outcome.open:
        return t(lang, "close.remark.open", deadline=deadline)
    if outcome.met_then_missed:
        return t(lang, "close.remark.fell", month=month_words(month_of(outcome.first_met), lang))
    if outcome.goal.by_stage and not outcome.met:
        return t(
            lang,
            "close.remark.stage",
            stage=stage_reached(outcome.goal, outcome.record.actual, lang),
        )
    if not outcome.met and outcome.shortfall == 0 and outcome.record.comparator in (">", "<"):
        lower = outcome.record.comparator == "<"
        return t(lang, "close.remark.at_strict_lower" if lower else "close.remark.at_strict")
    if outcome.judged != closed:
        judged = month_words(month_of(outcome.judged), lang)
        return t(lang, "close.remark.earlier", deadline=deadline, month=judged)
    return ""


def summary(assessment: Assessment, lang: Lang) -> str:
    """共 5 项目标：完成 3 项，未完成 2 项."""
    counts = assessment.counts()
    still_open = counts.pop("open")
    return t(
        lang,
        "close.summary",
        goals=len(assessment.outcomes),
        open=t(lang, "close.summary_open", count=still_open) if still_open else "",
        **counts,
    )
