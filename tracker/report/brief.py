"""The monthly brief (月度进展通报) as data: every sentence and figure the email shows,
worked out once, in the reader's language, for the HTML and the plain-text part alike.

Pure: it reads the book, the month's progress and the timeline, and returns a ``Brief``.
Goals behind schedule come first, far behind before behind and the widest gap first; then
every goal in the template's order; then what changed, the forecasts and a summary by lead
unit.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date

from tracker.excel import clean_round, percent_shown
from tracker.history.forecast import Forecast
from tracker.history.records import Change, canonical_label, ranges_text
from tracker.history.timeline import Timeline
from tracker.i18n import Lang, month_words, t
from tracker.model import Book
from tracker.progress import GoalProgress, Progress, Status, shown_weights
from tracker.returns.units import not_set, unit_key
from tracker.template.spec import Goal, Template
from tracker.workbook.palette import STATUS_COLORS
from tracker.workbook.returns_sheet import STANDING_STATUS
from tracker.workbook.wording import stage_reached

BEHIND = (Status.CRITICAL, Status.BEHIND)


@dataclass(frozen=True)
class StatusCount:
    status: Status
    label: str
    count: int
    fill: str
    ink: str


@dataclass(frozen=True)
class GoalLine:
    """One goal as the brief shows it; figures already carry their unit."""

    goal_id: str
    name: str
    lead: str
    status: Status
    status_label: str
    fill: str
    ink: str
    actual: str  # 11个; for a milestone, the stage reached
    target: str  # 40个以上, 超16E; for a milestone, its deadline
    figures: str  # the figures as a sentence: reached, target, expected by now
    completion: float  # actual / target, for the bar
    plan: float  # the plan fraction, for the bar's mark
    completion_text: str
    plan_text: str  # where the plan expects the goal by now, as a share: 58%
    delta: str  # the change since the month before: +3个
    shortfall: str  # how far below the expected figure
    needed: str  # what each remaining month needs, or why nothing can be said
    progress: str
    problems: str
    next_steps: str


@dataclass(frozen=True)
class ChangeLine:
    kind: str
    text: str


@dataclass(frozen=True)
class ForecastLine:
    goal_id: str
    name: str
    target: str
    run_rate: str
    pipeline: str
    verdict: str  # will the goal be met, by the more hopeful of the two
    met: bool | None


@dataclass(frozen=True)
class LeadLine:
    lead: str
    goals: int
    counts: tuple[int, ...]  # in Status order


@dataclass(frozen=True)
class ReturnLine:
    """A unit's return for the month, as the brief says it: on time, late, rejected or
    missing, in the colours of the goal status that says the same."""

    unit: str
    standing: str  # on_time, late, rejected, missing
    label: str
    fill: str
    ink: str


@dataclass(frozen=True)
class Brief:
    lang: Lang
    title: str
    month: str  # 2025年6月 / June 2025
    as_of: str
    elapsed: str  # the share of the period gone: 50%
    headline: str
    tally: tuple[StatusCount, ...]
    behind: tuple[GoalLine, ...]
    goals: tuple[GoalLine, ...]
    changes: tuple[ChangeLine, ...]
    changes_heading: str
    forecasts: tuple[ForecastLine, ...]
    leads: tuple[LeadLine, ...]
    returns: tuple[ReturnLine, ...]  # the units' returns for the month, once collected
    returns_summary: str
    statuses: tuple[StatusCount, ...]  # every status with its label and colours, for legends
    sample: bool
    workbook: str  # the tracking workbook's file name
    attachment: str  # the report workbook's file name
    notice: str = ""  # said above everything else: that this brief is a shortened one
    behind_left_out: int = 0  # the cards a shortened brief leaves to the whole one

    def forecast_of(self, goal_id: str) -> ForecastLine | None:
        """The forecast made for the goal, if one could be made."""
        return self._forecasts.get(goal_id)

    @functools.cached_property
    def _forecasts(self) -> dict[str, ForecastLine]:
        return {line.goal_id: line for line in self.forecasts}


# Not strftime: %B follows the locale, and Windows has no %-d.


def build_brief(
    book: Book,
    progress: Progress,
    timeline: Timeline,
    month: date,
    workbook: str,
    attachment: str,
) -> Brief:
    """The brief of ``month`` for ``book`` after its update."""
    lang = book.lang
    template = book.template
    previous = _previous_actuals(timeline)
    lines = [_goal_line(result, book, progress, month, previous) for result in progress.goals]
    rank = {status: n for n, status in enumerate(BEHIND)}
    behind = sorted(
        (line for line in lines if line.status in BEHIND),
        key=lambda line: (rank[line.status], line.completion - line.plan),
    )
    tally = progress.tally()
    statuses = tuple(status_count(status, 0, lang) for status in Status)
    counts = tuple(status_count(status, tally[status], lang) for status in Status)
    month_text = month_words(month, lang)
    elapsed = percent_shown(progress.months_done / progress.months, 0) if progress.months else "0%"
    returns = _returns(book, month, lang)
    return Brief(
        lang=lang,
        title=t(lang, "brief.title", title=template.title.get(lang)),
        month=month_text,
        as_of=progress.as_of.isoformat(),
        elapsed=elapsed,
        headline=t(
            lang,
            "brief.headline",
            as_of=day_words(progress.as_of, lang),
            elapsed=elapsed,
            goals=len(lines),
            done=tally[Status.DONE],
            on_track=tally[Status.ON_TRACK],
            behind=tally[Status.BEHIND],
            critical=tally[Status.CRITICAL],
        ),
        tally=counts,
        behind=tuple(behind),
        goals=tuple(lines),
        changes=tuple(
            line for c in timeline.changes if (line := _change_line(c, template, lang)) is not None
        ),
        changes_heading=_changes_heading(timeline, lang),
        forecasts=tuple(_forecast_lines(progress, timeline.forecasts, lang)),
        leads=tuple(_leads(lines, lang)),
        returns=tuple(returns),
        returns_summary=_returns_summary(returns, lang),
        statuses=statuses,
        sample=book.sample,
        workbook=workbook,
        attachment=attachment,
    )


def _returns(book: Book, month: date, lang: Lang) -> list[ReturnLine]:
    """Each unit's return for ``month``, when returns were collected for it."""
    entry = book.returns.get(f"{month.year}-{month.month:02d}")
    if entry is None:
        return []
    lines = []
    for unit in entry.all_units():
        standing = entry.standing(unit)
        fill, ink = STATUS_COLORS[STANDING_STATUS[standing].code - 1]
        label = t(lang, f"returns.standing.{standing}")
        lines.append(ReturnLine(unit, standing, label, fill, ink))
    return lines


def _returns_summary(lines: list[ReturnLine], lang: Lang) -> str:
    """One sentence: how many units returned on time, late, were rejected, are missing."""
    counts = {kind: sum(1 for line in lines if line.standing == kind) for kind in STANDING_STATUS}
    return t(lang, "brief.returns_summary", units=len(lines), **counts) if lines else ""


def day_words(day: date, lang: Lang) -> str:
    """2025年12月31日, or 31 December 2025."""
    return (
        f"{month_words(day, lang)}{day.day}日"
        if lang == "zh"
        else f"{day.day} {month_words(day, lang)}"
    )


def status_count(status: Status, count: int, lang: Lang) -> StatusCount:
    fill, ink = STATUS_COLORS[status.code - 1]
    return StatusCount(status, status.label(lang), count, fill, ink)


def _previous_actuals(timeline: Timeline) -> dict[str, float]:
    """Each goal's figure in the month recorded before this one."""
    if timeline.month is None:
        return {}
    previous = timeline.history.previous(timeline.month)
    if previous is None:
        return {}
    return {r.goal_id: r.actual for r in timeline.history.goals[previous]}


# --- figures with their units ---------------------------------------------------------


def figure(value: float, goal: Goal, lang: Lang, precision: int | None = None) -> str:
    """A figure with its unit: 11个, 24.90亿元; 11 sites, 1 site, 24.90 100M yuan."""
    digits = goal.precision if precision is None else precision
    number = f"{value:,.{digits}f}"
    unit = goal.unit_after(number, lang)
    if not unit:
        return number
    return f"{number}{unit}" if lang == "zh" else f"{number} {unit}"


def percent_text(value: float) -> str:
    """A share in whole percent (61%), but to a tenth where whole percent would round it
    to 100% or 0% without its being that (99.6%, as the workbook shows it), and finer
    where a tenth would too (99.96%): a goal short of its target never reads 完成100%.
    Past the target, 100% is what it is (50.002 of 50 reads 100%, not 100.004%)."""
    whole = percent_shown(value, 0)
    if whole not in ("100%", "0%") or value in (1.0, 0.0) or value > 1:
        return whole
    for digits in range(1, 6):
        shown = percent_shown(value, digits)
        if float(shown[:-1]) not in (100.0, 0.0):
            return shown
    return whole  # whole but for the last bits of a float (0.1 * 3 / 0.3)


def requirement(goal: Goal, lang: Lang) -> str:
    """The target as the goal states it: 40个以上 (the number counts), 超16E (it does not),
    1.25以下, 低于1.25."""
    target = figure(goal.target, goal, lang, goal.target_precision)
    return t(lang, REQUIREMENT_KEYS[goal.comparator], figure=target)


REQUIREMENT_KEYS = {
    ">=": "brief.at_least",
    ">": "brief.more_than",
    "<=": "brief.at_most",
    "<": "brief.less_than",
}


def _goal_line(
    result: GoalProgress,
    book: Book,
    progress: Progress,
    month: date,
    previous: dict[str, float],
) -> GoalLine:
    goal = result.goal
    lang = book.lang
    entry = book.entry(goal.id, month)
    lead = one_line(book.assignment(goal.id).lead)  # none as tracker forms takes none
    fill, ink = STATUS_COLORS[result.status.code - 1]
    milestone = goal.by_stage
    expected = percent_text(result.expected) if milestone else figure(result.expected, goal, lang)
    actual = (
        stage_reached(goal, result.actual, lang) if milestone else figure(result.actual, goal, lang)
    )
    target = day_words(goal.deadline, lang) if milestone else requirement(goal, lang)
    if milestone:
        due = _stage_due(goal, result, lang)
        params = {
            "stage": actual,
            "deadline": target,
            "due": due and t(lang, "brief.due", stage=due),
        }
        key = "brief.figures_milestone"
    else:
        key, params = "brief.figures", {"actual": actual, "target": target}
    figures = t(lang, key, expected=expected, **params)
    before = previous.get(goal.id)
    delta = ""
    if before is not None and not milestone and result.actual != before:
        change = result.actual - before
        delta = ("+" if change > 0 else "−") + figure(abs(change), goal, lang)
    return GoalLine(
        goal_id=goal.id,
        name=goal.name.get(lang),
        lead=t(lang, "to_be_set") if not_set(lead) else lead,
        status=result.status,
        status_label=result.status.label(lang),
        fill=fill,
        ink=ink,
        actual=actual,
        target=target,
        figures=figures,
        completion=result.completion,
        plan=result.plan,
        completion_text=percent_text(result.completion),
        plan_text=percent_text(result.plan),
        delta=delta,
        shortfall=_shortfall(result, lang),
        needed=_needed(result, progress, lang),
        progress=_note(entry.progress),
        problems=_note(entry.problems),
        next_steps=_note(entry.next_steps),
    )


def _shortfall(result: GoalProgress, lang: Lang) -> str:
    goal = result.goal
    if result.status not in BEHIND or goal.by_stage:
        return ""  # a milestone's shortfall is in its figures: the stage against the plan
    if goal.lower:  # above where the plan has come down to by now
        if result.actual <= result.expected:
            return ""
        return t(lang, "brief.above_plan", over=figure(result.actual - result.expected, goal, lang))
    if result.expected <= result.actual:
        return ""
    short = figure(result.expected - result.actual, goal, lang)
    return t(lang, "brief.short", short=short)


def _needed(result: GoalProgress, progress: Progress, lang: Lang) -> str:
    """What each month left before the deadline needs, rounded up to the goal's precision."""
    goal = result.goal
    if result.met:
        return ""
    remaining = goal.deadline_month - progress.months_done
    if remaining <= 0:
        return t(lang, "brief.overdue")
    if goal.by_stage:
        following = _next_stage(goal, result.actual, lang)
        return t(lang, "brief.next_stage", stage=following, months=remaining) if following else ""
    # 超 (more than) and 低于 (less than) need one step of the goal's precision beyond the
    # target; 以上 and 以下 do not.
    step = 10.0**-goal.precision if goal.strict else 0.0
    if goal.lower:
        total = clean_round(result.actual - (goal.target - step), goal.precision)
    else:
        total = clean_round(goal.target + step - result.actual, goal.precision)
    digits = max(goal.precision, 1)  # 0.7 a month says more than "1 a month" would
    per_month = math.ceil(round(total / remaining * 10**digits, 9)) / 10**digits
    return t(
        lang,
        "brief.needed_lower" if goal.lower else "brief.needed",
        months=remaining,
        total=figure(total, goal, lang),
        per_month=figure(per_month, goal, lang, digits),
    )


def _stage_due(goal: Goal, result: GoalProgress, lang: Lang) -> str:
    """The furthest stage the plan expects a milestone to have reached by now, when it
    has not reached it yet."""
    due = ""
    for stage, reached in zip(goal.stages, shown_weights(goal), strict=True):
        if result.actual + 1e-9 < reached <= result.expected + 1e-9:
            due = stage.name.get(lang)
    return due


def _next_stage(goal: Goal, weight: float, lang: Lang) -> str:
    """The first stage a milestone has not reached yet."""
    for stage, reached in zip(goal.stages, shown_weights(goal), strict=True):
        if reached > weight + 1e-9:
            return stage.name.get(lang)
    return ""


# --- changes, forecasts, lead units ----------------------------------------------------


def _changes_heading(timeline: Timeline, lang: Lang) -> str:
    if timeline.month is None:
        return t(lang, "changes.not_yet")
    previous = timeline.history.previous(timeline.month)
    if previous is None:
        return t(lang, "changes.baseline", month=timeline.month)
    return t(lang, "changes.title", month=timeline.month, previous=previous)


def _change_line(change: Change, template: Template, lang: Lang) -> ChangeLine | None:
    """A change as one sentence: 实验室 LAB-003 “甲”：已签约 → 已揭牌. A goal's new figure
    is left to the goals table (its 较上月 column), except a milestone's, told as stages."""
    kind = t(lang, "change." + change.kind)
    if change.of_items:
        register = next((r for r in template.registers if r.id == change.subject), None)
        before, after, where = change.before, change.after, change.subject
        if register is not None:  # else a register a later template dropped
            before = canonical_label(register, template, change.before, lang)
            after = canonical_label(register, template, change.after, lang)
            where = register.name.get(lang)
        if change.kind == "baseline":  # the first month: how many items each register had
            count = int(change.after) if change.after.isdigit() else 0
            return ChangeLine(kind, t(lang, "brief.change_baseline", register=where, count=count))
        if change.count:
            ranges = ranges_text(change, lang)
            text = t(lang, "brief.change_items", register=where, count=change.count, ranges=ranges)
            return ChangeLine(kind, _arrow(text, before, after, lang))
        name = one_line(change.name) or t(lang, "brief.unnamed")
        text = t(lang, "brief.change_item", register=where, item_id=change.item_id, name=name)
        return ChangeLine(kind, _arrow(text, before, after, lang))
    goal = next((g for g in template.goals if g.id == change.subject), None)
    name = goal.name.get(lang) if goal else change.name
    if change.kind == "figure":
        if goal is None or not goal.by_stage:
            return None
        before = stage_reached(goal, float(change.before), lang)
        after = stage_reached(goal, float(change.after), lang)
        return ChangeLine(t(lang, "change.stage"), _arrow(name, before, after, lang))
    return ChangeLine(kind, _arrow(name, change.before, change.after, lang))


def _arrow(text: str, before: str, after: str, lang: Lang) -> str:
    """``text`` followed by ``before → after``, or by whichever of them there is."""
    before, after = one_line(before), one_line(after)
    if before and after:
        return f"{text}：{before} → {after}" if lang == "zh" else f"{text}: {before} → {after}"
    tail = before or after
    if not tail:
        return text
    return f"{text}：{tail}" if lang == "zh" else f"{text}: {tail}"


def _forecast_lines(
    progress: Progress, forecasts: dict[str, Forecast], lang: Lang
) -> list[ForecastLine]:
    lines = []
    for result in progress.goals:
        goal = result.goal
        made = forecasts.get(goal.id)
        if made is None or (made.run_rate is None and made.pipeline is None):
            continue
        hopes = [Forecast.meets(goal, v) for v in (made.run_rate, made.pipeline) if v is not None]
        met = any(hopes)
        none = "—"
        lines.append(
            ForecastLine(
                goal_id=goal.id,
                name=goal.name.get(lang),
                target=requirement(goal, lang),
                run_rate=figure(made.run_rate, goal, lang) if made.run_rate is not None else none,
                pipeline=none
                if made.pipeline is None
                else t(
                    lang,
                    "brief.pipeline",
                    figure=figure(made.pipeline, goal, lang),
                    count=made.waiting,
                ),
                verdict=t(lang, "brief.will_meet" if met else "brief.will_miss"),
                met=met,
            )
        )
    return lines


def one_line(text: str) -> str:
    """A name as a line of the brief shows it: its line breaks and tabs (Alt+Enter in a
    narrow cell) as single spaces, which the HTML part shows them as too."""
    return " ".join(text.split())


def _note(text: str) -> str:
    """A note as the brief shows it: without the blank lines and spaces around it (a note
    of nothing but those, or of zero-width spaces pasted from a web page, is not filled)."""
    return text.strip() if _BLANK.sub("", text) else ""


_BLANK = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def _leads(lines: list[GoalLine], lang: Lang) -> list[LeadLine]:
    """Goals by lead unit, in the order units first appear, each named as first written;
    goals without one last. Units are told apart as ``tracker forms`` tells them
    (``unit_key``): a name typed with another space or width is the same unit."""
    unset = unit_key(t(lang, "to_be_set"))
    names: dict[str, str] = {}
    groups: dict[str, list[GoalLine]] = {}
    for line in lines:
        key = unit_key(line.lead)
        names.setdefault(key, line.lead)
        groups.setdefault(key, []).append(line)
    ordered = sorted(groups.items(), key=lambda item: item[0] == unset)
    return [
        LeadLine(
            names[key],
            len(members),
            tuple(sum(m.status is status for m in members) for status in Status),
        )
        for key, members in ordered
    ]
