"""Progress as people read it on a console, and as JSON for other programs."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from tracker.cli.console import fit, table
from tracker.errors import Problem
from tracker.excel import percent_shown
from tracker.i18n import Lang, t
from tracker.model import Book
from tracker.progress import GoalProgress, Progress, Status
from tracker.template.spec import SIGNS


def status_json(
    book: Book, progress: Progress, lang: Lang, problems: Sequence[Problem] = ()
) -> dict[str, Any]:
    """``{"as_of": "YYYY-MM-DD", "form": null, "goals": [...], "problems": [...]}``
    (``form``: whose form the file is, when it is a lead unit's); ``completion`` is
    actual / target; each problem in what people entered has its code, its place (a cell,
    such as ``低空起降点!D17``), its severity and its message in ``lang``."""
    return {
        "as_of": progress.as_of.isoformat(),
        "template": book.template.id,
        "months_done": progress.months_done,
        "closed": book.closed or None,  # the month the period was closed in (tracker close)
        "origin": dataclasses.asdict(book.origin) if book.origin is not None else None,
        "form": _form_json(book),
        "goals": [_goal_json(book, result, lang) for result in progress.goals],
        "problems": [
            {
                "code": problem.code,
                "place": problem.where,
                "severity": problem.severity,
                "message": t(lang, problem.key, **problem.params),
            }
            for problem in problems
        ],
    }


def _form_json(book: Book) -> dict[str, str] | None:
    """Whose form the file is, when it is a lead unit's form (tracker forms) and not a
    whole workbook: its unit, month and master workbook's id; None otherwise."""
    form = book.form
    return {"unit": form.unit, "month": form.month, "master": form.master} if form else None


def _goal_json(book: Book, result: GoalProgress, lang: Lang) -> dict[str, Any]:
    goal = result.goal
    assignment = book.assignment(goal.id)
    return {
        "id": goal.id,
        "name": goal.name.get(lang),
        "category": book.template.category(goal.category).name.get(lang),
        "unit": goal.unit.get(lang),
        "target": goal.target,
        "comparator": goal.comparator,
        "baseline": goal.baseline,
        "actual": result.actual,
        "completion": result.completion,
        "expected": result.expected,
        "plan": result.plan,
        "gap": result.gap,
        "status": result.status.value,
        "lead": assignment.lead,
        "partners": assignment.partners,
        "deadline": goal.deadline.isoformat(),
    }


def figure(value: float, precision: int) -> str:
    return f"{value:,.{precision}f}"


def status_lines(book: Book, progress: Progress, lang: Lang) -> list[str]:
    """A heading, one line per goal, and the count of goals at each status."""
    title = book.template.title.get(lang)
    elapsed = progress.months_done / progress.months
    heading = t(
        lang,
        "cli.status_header",
        title=title,
        as_of=progress.as_of.isoformat(),
        elapsed=percent_shown(elapsed, 1),
    )
    header = [
        t(lang, key)
        for key in (
            "col.goal_id",
            "col.goal",
            "col.target",
            "col.actual",
            "col.completion",
            "col.expected",
            "col.status",
        )
    ]
    rows = [header]
    for result in progress.goals:
        goal = result.goal
        unit = goal.unit.get(lang)
        sign = SIGNS[goal.comparator]
        rows.append(
            [
                goal.id,
                fit(goal.name.get(lang), 30),
                f"{sign}{figure(goal.target, goal.target_precision)} {unit}",
                figure(result.actual, goal.precision),
                percent_shown(result.completion, 1),
                figure(result.expected, goal.precision),
                result.status.label(lang),
            ]
        )
    tally = progress.tally()
    summary = t(
        lang,
        "cli.status_summary",
        done=tally[Status.DONE],
        on_track=tally[Status.ON_TRACK],
        behind=tally[Status.BEHIND],
        critical=tally[Status.CRITICAL],
    )
    right = [False, False, True, True, True, True, False]
    closed = [t(lang, "status.closed", month=book.closed)] if book.closed else []
    return [heading, *closed, "", *table(rows, right), "", summary]
