"""The year-end report of a closed period (``reports/2025-final/``): the same files as a
month's report folder (``tracker.report.folder``), so ``tracker send`` sends it as it
sends a month. The brief leads with the goals missed, each with its final figure, the
shortfall in its unit and the forecast made at mid-year beside the outcome; the report
workbook holds the year-end sheet and the months recorded."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from tracker.history.assessment import Assessment, Outcome
from tracker.history.records import month_of
from tracker.history.timeline import Timeline
from tracker.i18n import Lang, month_words, t
from tracker.model import Book
from tracker.report.brief import (
    StatusCount,
    day_words,
    figure,
    one_line,
    requirement,
    status_count,
)
from tracker.report.folder import Report, digest, named, publish
from tracker.report.render import render_page
from tracker.report.report_workbook import write_year_end_workbook
from tracker.returns.units import not_set
from tracker.safefile import readable
from tracker.template.spec import Comparator
from tracker.workbook.wording import RESULT_STATUS, remark, stage_reached, summary

# The brief's sections, what needs a word first, and the results each holds: goals with
# no record stand with the goals missed, after them.
SECTIONS = (("missed", ("missed", "none")), ("open", ("open",)), ("met", ("met",)))


@dataclass(frozen=True)
class OutcomeLine:
    """One goal as the year-end brief shows it; figures carry their unit."""

    name: str
    lead: str
    result: StatusCount  # the result's word in its status's colours
    figures: str  # 4个，目标3个以上
    short: str  # 差 2.00亿元 ("" when met)
    remark: str
    forecast: str  # 年中（2025年6月）预测 …：预计完成 ("" when none was made)
    progress: str
    problems: str


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[OutcomeLine, ...]


@dataclass(frozen=True)
class YearEndBrief:
    lang: Lang
    title: str
    month: str
    headline: str
    tally: tuple[StatusCount, ...]
    forecasts: str
    sections: tuple[Section, ...]
    footer: str


def build_year_end_brief(book: Book, assessment: Assessment, workbook_name: str) -> YearEndBrief:
    lang = book.lang
    closed = month_of(assessment.closed)
    counts = assessment.counts()  # the goals not recorded among the missed, as the headline
    tally = tuple(
        dataclasses.replace(
            status_count(RESULT_STATUS[result], counts[result], lang),
            label=t(lang, f"close.result.{result}"),
        )
        for result in ("met", "missed", "open")
    )
    sections = []
    for section, results in SECTIONS:
        lines = tuple(
            _line(outcome, assessment.closed, book, lang)
            for result in results
            for outcome in assessment.outcomes
            if outcome.result == result
        )
        if lines:
            sections.append(Section(t(lang, f"close.brief.{section}"), lines))
    made = assessment.forecasts
    forecasts = (
        t(
            lang,
            "close.brief.forecasts",
            count=len(made),
            right=sum(bool(o.forecast_right) for o in made),
        )
        if made
        else t(lang, "close.brief.no_forecasts")
    )
    return YearEndBrief(
        lang=lang,
        title=book.template.title.get(lang),
        month=t(lang, "close.brief.month", year=closed.year, month=month_words(closed, lang)),
        headline=summary(assessment, lang),
        tally=tally,
        forecasts=forecasts,
        sections=tuple(sections),
        footer=t(lang, "close.brief.footer", workbook=workbook_name),
    )


def _line(outcome: Outcome, closed: str, book: Book, lang: Lang) -> OutcomeLine:
    goal, record = outcome.goal, outcome.record
    result = outcome.result
    word = status_count(RESULT_STATUS[result], 0, lang)
    word = dataclasses.replace(word, label=t(lang, f"close.result.{result}"))
    if record is None:
        said = remark(outcome, closed, lang)
        return OutcomeLine(goal.name.get(lang), "", word, "", "", said, "", "", "")
    # the target then in force; a record's comparator is always one a goal had
    comparator = cast(Comparator, record.comparator)
    in_force = dataclasses.replace(goal, target=record.target, comparator=comparator)
    if goal.by_stage:  # the stage reached, not a figure; the remark says it when missed
        stage = stage_reached(goal, record.actual, lang)
        deadline = day_words(goal.deadline, lang)
        figures = t(lang, "close.brief.figures_milestone", stage=stage, deadline=deadline)
    else:
        figures = t(
            lang,
            "close.brief.figures",
            actual=figure(record.actual, goal, lang),
            requirement=requirement(in_force, lang),
        )
    short = ""
    if not outcome.met and outcome.shortfall and not goal.by_stage:
        short = t(lang, "close.brief.short", shortfall=figure(outcome.shortfall, goal, lang))
    forecast = ""
    if outcome.forecast is not None:
        said = "met" if outcome.forecast_met else "missed"
        forecast = t(
            lang,
            "close.brief.forecast",
            month=month_words(month_of(outcome.forecast_month), lang),
            forecast=figure(outcome.forecast, goal, lang),
            verdict=t(lang, f"close.brief.forecast_said_{said}"),
        )
    lead = one_line(record.lead or book.assignment(goal.id).lead)
    lead = "" if not_set(lead) else lead  # 待定, To be set: no unit, as tracker forms takes it
    # a milestone missed: its remark is the stage reached, which its figures say already
    said = "" if goal.by_stage and not outcome.met else remark(outcome, closed, lang)
    return OutcomeLine(
        goal.name.get(lang),
        lead,
        word,
        figures,
        short,
        said,
        forecast,
        record.progress,
        record.problems,
    )


def render_year_end(brief: YearEndBrief) -> tuple[str, str]:
    """The brief's HTML (every style inline) and its plain text."""
    return (
        render_page("year_end.html", brief.lang, brief=brief),
        render_page("year_end.txt", brief.lang, brief=brief),
    )


def write_final_report(folder: Path, book: Book, timeline: Timeline, workbook: Path) -> Report:
    """Write the year-end report of a closed ``book`` into ``folder`` (its assessment is
    the ``timeline``'s); returns its manifest."""
    assessment = timeline.assessment
    assert assessment is not None, "a closed book's timeline holds its assessment"
    lang = book.lang
    title = book.template.title.get(lang)
    closed = month_of(assessment.closed)
    attachment = named("close.attachment_name", title, closed, lang)
    brief = build_year_end_brief(book, assessment, readable(workbook.name))
    html, text = render_year_end(brief)
    sheet = io.BytesIO()
    write_year_end_workbook(sheet, book, assessment, timeline)
    files = [html.encode("utf-8"), text.encode("utf-8"), sheet.getvalue()]
    report = Report(
        folder=folder,
        month=assessment.closed,
        lang=lang,
        title=title,
        workbook=workbook.resolve(),
        attachment=attachment,
        digest=digest(files),
        final=True,
        owner=book.workbook_id,
    )
    publish(report, files)
    return report
