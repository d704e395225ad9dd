"""Templates generated within the documented rules (docs/templates.md): stage names,
choices and sheet names of every allowed character, precisions 0–6, every comparator
(``>=``, ``>``, and ``<=``, ``<`` for lower-is-better value goals). Filled with items,
figures and stages, they give workbooks whose every formula Excel opens (at most 8,192
characters) and that LibreOffice and gnumeric recalculate to what ``tracker status --json``
says: the same actual, completion, expected figure and status for every goal.

Each run draws ``TRACKER_TEMPLATES`` batches (default 1) of six templates; a batch is
recalculated by one LibreOffice run and one gnumeric run per workbook.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import (
    WORDS,
    Engines,
    Shown,
    completion_sheet,
    longest_formula,
    run_quiet,
    same,
)
from tracker.excel import safe_criterion
from tracker.i18n import LANGS, t
from tracker.model import Book, MilestoneEntry, MonthlyEntry, RegisterRow, new_book
from tracker.template.file import FIXED_SHEET_KEYS, parse_template, sheet_name_rule
from tracker.template.spec import Template, add_months
from tracker.workbook.writer import write_book

pytestmark = [pytest.mark.engines, pytest.mark.slow]

BATCH = 6
# Characters names are drawn from: Chinese, Latin of both cases, and the punctuation that
# sheet names and choices may hold (formulas quote such sheet names; criteria keep them).
LETTERS = "甲乙丙丁阶段建成投用AbCdxyZ -()&#!%·，_+"
FIXED = {t(lang, key).casefold() for lang in LANGS for key in FIXED_SHEET_KEYS}


def _valid_sheet(name: str) -> bool:
    return sheet_name_rule(name) is None and name.casefold() not in FIXED and name == name.strip()


def _valid_choice(name: str) -> bool:
    return safe_criterion(name) and name == name.strip()


sheet_names = st.text(LETTERS, min_size=1, max_size=31).filter(_valid_sheet)
choice_names = st.text(LETTERS, min_size=1, max_size=10).filter(_valid_choice)


def _unique(values: list[str]) -> bool:
    return len({v.casefold() for v in values}) == len(values)


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


@dataclass
class Generated:
    """A template's text and what fills its workbook."""

    text: str
    lang: str
    as_of: date
    rows: dict[str, list[dict[str, object]]]
    monthly: dict[str, list[float | None]]  # a value goal's figure by month
    stages: dict[str, int | None]  # a milestone's stage picked (its index), or none


@st.composite
def generated(draw: st.DrawFn) -> Generated:
    start_month = draw(st.sampled_from([1, 4, 7]))
    years = draw(st.integers(1, 2))
    start = date(2025, start_month, 1)
    months = 12 * years
    end = add_months(start, months) - date.resolution
    on_track = draw(st.sampled_from([0.0, 0.05, 0.1]))
    behind = draw(st.sampled_from([on_track, 0.2, 0.5, 1.0]))
    lines = [
        "[template]",
        'id = "generated"',
        'version = "1"',
        'title = "生成的模板"',
        "[period]",
        f"start = {start.isoformat()}",
        f"end = {end.isoformat()}",
        "[status]",
        f"on_track_gap = {on_track}",
        f"behind_gap = {behind}",
        "[[categories]]",
        'id = "c"',
        'name = "领域"',
    ]
    sheets = draw(st.lists(sheet_names, min_size=2, max_size=2, unique_by=str.casefold))
    stages = draw(
        st.lists(choice_names, min_size=1, max_size=6, unique_by=str.casefold).filter(
            lambda cs: all(c.casefold() not in ("名称", "阶段", "规模", "日期") for c in cs)
        )
    )
    # Register "a" has stages to count by; register "b" shares the same list.
    for register, sheet in zip(("a", "b"), sheets, strict=True):
        lines += [
            "[[registers]]",
            f'id = "{register}"',
            f'name = "登记{register}"',
            f"sheet = {_toml(sheet)}",
            f'prefix = "{register.upper()}X"',
            "[[registers.columns]]",
            'id = "name"',
            'name = "名称"',
            'type = "text"',
            "required = true",
            "[[registers.columns]]",
            'id = "stage"',
            'name = "阶段"',
            'type = "choice"',
            f"choices = [{', '.join(_toml(s) for s in stages)}]",
            "[[registers.columns]]",
            'id = "size"',
            'name = "规模"',
            'type = "number"',
            "[[registers.columns]]",
            'id = "day"',
            'name = "日期"',
            'type = "date"',
        ]
    rows: dict[str, list[dict[str, object]]] = {}
    for register in ("a", "b"):
        count = draw(st.integers(0, 12))
        rows[register] = [
            {
                "name": f"条目{n}",
                "stage": draw(
                    st.sampled_from(stages).flatmap(
                        lambda s: st.sampled_from([s, s.upper(), s.lower()])
                    )
                ),
                "size": draw(st.decimals(0, 1000, places=3).map(float)),
                "day": add_months(start, draw(st.integers(-2, months + 1)))
                + draw(st.integers(0, 27)) * date.resolution,
            }
            for n in range(count)
        ]
    goal_count = draw(st.integers(1, 6))
    monthly: dict[str, list[float | None]] = {}
    picked: dict[str, int | None] = {}
    for index in range(goal_count):
        goal_id = f"g{index}"
        kind = draw(st.sampled_from(["count", "sum", "value", "milestone"]))
        # a milestone's stages (1/45 of the work at least) show from two decimals on:
        # coarser, a stage would round to the one before, which a template may not have
        precision = draw(st.integers(2 if kind == "milestone" else 0, 6))
        lines += ["[[goals]]", f'id = "{goal_id}"', f'name = "指标{index}"', 'category = "c"']
        lines.append(f'kind = "{kind}"')
        lines.append(f"precision = {precision}")
        deadline_month = draw(st.integers(1, months))
        deadline = add_months(start, deadline_month) - date.resolution
        lines.append(f"deadline = {deadline.isoformat()}")
        if kind == "milestone":
            names = draw(st.lists(choice_names, min_size=1, max_size=5, unique_by=str.casefold))
            parts = draw(st.lists(st.integers(1, 9), min_size=len(names), max_size=len(names)))
            weights = [p / sum(parts) for p in parts]
            weights[-1] = 1 - sum(weights[:-1])
            stage_list = ", ".join(
                f"{{ name = {_toml(n)}, weight = {w!r} }}"
                for n, w in zip(names, weights, strict=True)
            )
            lines.append(f"stages = [{stage_list}]")
            picked[goal_id] = draw(st.none() | st.integers(0, len(names) - 1))
            continue
        # No finer than the figures are rounded to (a finer target is refused).
        target = draw(st.decimals(0.5, 500, places=min(2, precision)).map(float))
        comparators = [">=", ">", "<=", "<"] if kind == "value" else [">=", ">"]
        comparator = draw(st.sampled_from(comparators))
        lines += ['unit = "个"', f"target = {target!r}", f'comparator = "{comparator}"']
        if comparator in ("<=", "<"):  # lower is better: down from a baseline above it
            rise = draw(st.decimals("0.01", 500, places=2).map(float))
            lines.append(f"baseline = {round(target + rise, 2)!r}")
        if kind in ("count", "sum"):
            register = draw(st.sampled_from(["a", "b"]))
            lines.append(f'register = "{register}"')
            if kind == "sum":
                lines.append('column = "size"')
            conditions = []
            stage = draw(st.none() | st.sampled_from(stages))
            if stage is not None:
                at_least = draw(st.booleans())
                spec = f"{{ at_least = {_toml(stage)} }}" if at_least else _toml(stage)
                conditions.append(f"stage = {spec}")
            if draw(st.booleans()):
                conditions.append(f'day = {{ from = "{start.isoformat()}" }}')
            if conditions:
                lines.append(f"where = {{ {', '.join(conditions)} }}")
        else:
            figures = draw(
                st.lists(
                    st.none() | st.decimals(0, 600, places=precision).map(float),
                    min_size=months,
                    max_size=months,
                )
            )
            monthly[goal_id] = figures
    lang = draw(st.sampled_from(["zh", "en"]))
    as_of = add_months(start, draw(st.integers(0, months + 1))) - date.resolution
    return Generated("\n".join(lines) + "\n", lang, as_of, rows, monthly, picked)


def filled(generated: Generated) -> Book:
    template: Template = parse_template(generated.text, "generated.toml")
    book = new_book(template, generated.lang, generated.as_of)  # type: ignore[arg-type]
    for register, rows in generated.rows.items():
        book.registers[register] = [RegisterRow("", dict(values)) for values in rows]  # type: ignore[arg-type]
    months = template.period.months
    for goal_id, figures in generated.monthly.items():
        for month, figure in zip(months, figures, strict=True):
            if figure is not None:
                book.monthly[(goal_id, month)] = MonthlyEntry(value=figure)
    for goal_id, index in generated.stages.items():
        if index is not None:
            stage = template.goal(goal_id).stages[index].name.get(generated.lang)  # type: ignore[arg-type]
            book.milestones[goal_id] = MilestoneEntry(stage=stage)
    return book


@settings(
    max_examples=int(os.environ.get("TRACKER_TEMPLATES", "1")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(generated(), min_size=BATCH, max_size=BATCH))
def test_generated_templates_recalculate_to_what_the_tool_says(batch: list[Generated]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        engines = Engines(work / "engines")
        paths, wanted = [], []
        for number, example in enumerate(batch):
            path = work / f"w{number}.xlsx"
            write_book(str(path), filled(example))
            assert longest_formula(path) <= 8_192
            run = run_quiet("status", str(path), "--json")
            assert run.code in (0, 1), run.err  # 1: items without numbers are told
            goals = json.loads(run.out)["goals"]
            words = WORDS[example.lang]
            wanted.append(
                {
                    g["id"]: Shown(g["actual"], g["completion"], g["expected"], words[g["status"]])
                    for g in goals
                }
            )
            paths.append(path)
        recalculated = engines.libreoffice(paths)
        for number, (path, by_lo) in enumerate(zip(paths, recalculated, strict=True)):
            lang = batch[number].lang
            for engine, result in (("LibreOffice", by_lo), ("gnumeric", engines.gnumeric(path))):
                found = completion_sheet(result, lang)
                assert list(found) == list(wanted[number]), engine
                for goal, shown in wanted[number].items():
                    for field in ("actual", "completion", "expected", "status"):
                        got, want = getattr(found[goal], field), getattr(shown, field)
                        assert same(got, want), (
                            f"{engine}: {goal}.{field} is {got!r}, tracker says {want!r}\n"
                            f"{batch[number].text}"
                        )
