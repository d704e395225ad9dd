"""The roll-up as a brief: HTML for mail and phones, and plain text, in the style of the
monthly brief (the same page, sections and colours; ``tracker.report.render``)."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.data.rollup import GoalTotal, Member, Rollup, Standing, standing_text
from tracker.i18n import Lang, t
from tracker.progress import Status
from tracker.report.brief import StatusCount, figure, one_line, percent_text, status_count
from tracker.report.render import render_page

PROBLEMS_SHOWN = 3  # a left-out workbook's problems named in the brief; the rest in the book


@dataclass(frozen=True)
class TotalLine:
    """A goal of a group: its total when it is summed, else how many workbooks stand at
    each status."""

    name: str
    summed: bool
    status: StatusCount | None
    figures: str  # 12 / 33个
    share: str  # 完成 36%，序时应达 16个
    spread: tuple[StatusCount, ...]
    covers: str = ""  # （3 本中的 2 本）: when not every workbook counted has the goal


@dataclass(frozen=True)
class GroupTotals:
    title: str
    lines: tuple[TotalLine, ...]


@dataclass(frozen=True)
class TallyLine:
    """A workbook or a lead unit with its goals at each status."""

    name: str
    counts: tuple[StatusCount, ...]


@dataclass(frozen=True)
class LeftOut:
    label: str
    why: str
    problems: tuple[str, ...]
    more: int


@dataclass(frozen=True)
class RollupBrief:
    lang: Lang
    title: str
    month: str
    headline: str
    tally: tuple[StatusCount, ...]
    groups: tuple[GroupTotals, ...]
    workbooks: tuple[TallyLine, ...]
    units: tuple[TallyLine, ...]
    left_out: tuple[LeftOut, ...]
    apart: tuple[TallyLine, ...]  # workbooks whose template has no totals
    footer: str


def build_rollup_brief(rollup: Rollup, workbook_name: str) -> RollupBrief:
    lang = rollup.lang
    counted = [m for m in rollup.members if m.standing is Standing.COUNTED]
    others = len(rollup.members) - len(counted)
    headline = t(
        lang,
        "rollup.headline",
        counted=len(counted),
        others=t(lang, "rollup.headline_others", count=others) if others else "",
    )
    tally = tuple(
        status_count(status, sum(m.tally()[n] for m in counted), lang)
        for n, status in enumerate(Status)
    )
    return RollupBrief(
        lang=lang,
        title=t(lang, "rollup.title", count=len(rollup.members)),
        month=rollup.as_of_words,
        headline=headline,
        tally=tally,
        groups=tuple(
            GroupTotals(
                group.template.title.get(lang),
                tuple(
                    _total_line(total, len(group.counted), lang) for total in rollup.totals(group)
                ),
            )
            for group in rollup.groups
            if group.has_totals
        ),
        workbooks=tuple(_tally(m.label, m.tally(), lang) for m in rollup.by_workbook()),
        units=tuple(_tally(u.unit, u.counts, lang) for u in rollup.by_unit()),
        left_out=tuple(_left_out(m, rollup) for m in rollup.left_out),
        apart=tuple(
            _tally(f"{m.label} · {m.template.title.get(lang)}", m.tally(), lang)
            for m in rollup.alone
            if m.template is not None
        ),
        footer=t(lang, "rollup.brief.footer", workbook=workbook_name),
    )


def _total_line(total: GoalTotal, counted: int, lang: Lang) -> TotalLine:
    """A goal's line of its group, whose ``counted`` workbooks are in the totals."""
    goal = total.goal
    spread = tuple(status_count(s, total.counts[n], lang) for n, s in enumerate(Status))
    covers = ""
    if total.counted < counted:  # a goal some workbooks' templates lack
        covers = t(lang, "rollup.brief.covers", count=total.counted, of=counted)
    if not total.summed or total.status is None:
        return TotalLine(goal.name.get(lang), False, None, "", "", spread, covers)
    figures = t(
        lang,
        "rollup.brief.figures",
        actual=figure(total.actual, goal, lang),
        target=figure(total.target, goal, lang, goal.target_precision),
    )
    share = t(
        lang,
        "rollup.brief.share",
        share=percent_text(total.completion),
        expected=figure(total.expected, goal, lang),
    )
    status = status_count(total.status, 0, lang)
    return TotalLine(goal.name.get(lang), True, status, figures, share, spread, covers)


def _tally(name: str, counts: tuple[int, ...], lang: Lang) -> TallyLine:
    """A workbook's or a lead unit's line, its name on one line."""
    counted = tuple(status_count(s, counts[n], lang) for n, s in enumerate(Status))
    return TallyLine(one_line(name), counted)


def _left_out(member: Member, rollup: Rollup) -> LeftOut:
    lang = rollup.lang
    shown = [p.message(lang) for p in member.errors[:PROBLEMS_SHOWN]]
    more = max(len(member.errors) - PROBLEMS_SHOWN, 0)
    return LeftOut(one_line(member.label), standing_text(member, rollup), tuple(shown), more)


def render_rollup(rollup: Rollup, workbook_name: str) -> tuple[str, str]:
    """The brief's HTML (every style inline) and its plain text."""
    brief = build_rollup_brief(rollup, workbook_name)
    return (
        render_page("rollup.html", brief.lang, brief=brief),
        render_page("rollup.txt", brief.lang, brief=brief),
    )
