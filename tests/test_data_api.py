"""The Python API (issue 13): ``tracker.open_workbook`` gives the figures ``status --json``
gives, as DataFrames with proper dtypes; it reads a workbook with problems without
raising; and neither ``import tracker`` nor ``tracker --help`` imports pandas."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import tracker
from tests.editing import edit, header_columns, last_row, letter, monthly_cell, put
from tests.helpers import run_cli
from tracker.template.catalog import builtin_template

GOAL_FIGURES = (
    "id", "name", "category", "unit", "target", "comparator", "baseline", "actual",
    "completion", "expected", "plan", "status", "lead",
)  # fmt: skip


def status_json(capsys: pytest.CaptureFixture[str], path: Path, *more: str) -> dict[str, Any]:
    run = run_cli(capsys, "status", str(path), "--json", *more)
    assert run.code in (0, 1), run.err
    found: dict[str, Any] = json.loads(run.out)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_goals_are_the_figures_status_json_gives(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    path = demo_here[lang]
    expected = status_json(capsys, path)
    opened = tracker.open_workbook(path)
    assert opened.as_of.isoformat() == expected["as_of"]
    assert opened.template_id == expected["template"]
    goals = opened.goals
    assert list(goals["id"]) == [g["id"] for g in expected["goals"]]
    for row, goal in zip(goals.to_dict("records"), expected["goals"], strict=True):
        for name in GOAL_FIGURES:
            assert row[name] == goal[name], (goal["id"], name)
        assert row["deadline"].date().isoformat() == goal["deadline"]
        assert row["gap"] == goal["gap"], goal["id"]
        assert (row["lead"] or "", row["partners"] or "") == (goal["lead"], goal["partners"])
    # a record per goal with the columns of ``goals``, as docs/api.md says
    assert [list(goal) for goal in expected["goals"]] == [list(goals.columns)] * len(goals)


UNIT = "区交通运输局（示例）"


def unit_form(master: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The June form of ``UNIT`` (one goal), made by ``tracker forms`` from ``master``."""
    run = run_cli(capsys, "forms", str(master), "--month", "2025-06")
    assert run.code == 0, run.err
    return master.parent / "returns" / "2025-06" / f"{UNIT}_2025年6月填报表.xlsx"


def form_warning(path: Path, master_id: str, lang: str = "zh") -> str:
    if lang == "en":
        return (
            f"this is the form of {UNIT} for June 2025, made from the master workbook "
            f"“Guangming District AI goals (2025)” (id {master_id}): it holds that unit's 1 "
            "goal only, not the whole workbook; for every goal, use the master"
        )
    return (
        f"这是{UNIT}2025年6月的填报表（由“光明区人工智能发展目标（2025年）”总表生成，"
        f"总表编号 {master_id}），只含该单位的 1 项指标，不是整本工作簿：全部指标请看总表"
    )


def test_a_units_form_says_whose_it_is_and_keeps_its_figures(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A lead unit's form is no whole workbook: the API and ``status --json`` say whose
    form it is, and list a warning saying so; its figures are those of its one goal."""
    from tracker.workbook.meta_sheet import FormSays
    from tracker.workbook.reader import read_workbook

    master = demo_here["zh"]
    master_id = read_workbook(master).book.workbook_id
    path = unit_form(master, capsys)
    opened = tracker.open_workbook(path)
    assert opened.form == FormSays(master=master_id, month="2025-06", unit=UNIT)
    assert opened.at(date(2025, 9, 30)).form == opened.form
    assert opened.problems.to_dict("records") == [
        {
            "code": "form",
            "place": path.name,
            "severity": "warning",
            "message": form_warning(path, master_id),
        }
    ]
    expected = status_json(capsys, path)
    assert expected["form"] == {"unit": UNIT, "month": "2025-06", "master": master_id}
    assert expected["problems"] == opened.problems.to_dict("records")
    whole = [g for g in status_json(capsys, master)["goals"] if g["id"] == "landing-points"]
    assert expected["goals"] == whole  # the form's one goal, as the master computes it
    assert list(opened.goals["id"]) == ["landing-points"]
    for name in GOAL_FIGURES:
        assert opened.goals.loc[0, name] == whole[0][name], name
    assert tracker.open_workbook(master).form is None
    assert status_json(capsys, master)["form"] is None


def test_status_warns_of_a_units_form_on_one_line(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.workbook.reader import read_workbook

    master = demo_here["zh"]
    master_id = read_workbook(master).book.workbook_id
    path = unit_form(master, capsys)
    for lang in ("zh", "en"):
        run = run_cli(capsys, "status", str(path), "--lang", lang)
        assert run.code == 0
        assert run.err.splitlines() == [f"{path.name}: {form_warning(path, master_id, lang)}"]
        assert "landing-points" in run.out
    run = run_cli(capsys, "status", str(master))
    assert (run.code, run.err) == (0, "")


def test_another_as_of_date_gives_what_status_as_of_gives(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_here["zh"]
    expected = status_json(capsys, path, "--as-of", "2025-03-31")
    earlier = tracker.open_workbook(path).at(date(2025, 3, 31))
    assert earlier.as_of == date(2025, 3, 31)
    figures = earlier.goals.set_index("id")
    for goal in expected["goals"]:
        for name in ("actual", "expected", "completion", "plan", "status"):
            assert figures.loc[goal["id"], name] == goal[name], (goal["id"], name)


@pytest.mark.parametrize(
    "day",
    [
        "2025-03-31",
        "2025/3/31",
        "2025年3月31日",
        " 2025.3.31 ",
        "20250331",  # as other systems export dates, and a date cell takes it
        "2025-03-31 00:00:00",
        date(2025, 3, 31),
        datetime(2025, 3, 31, 17, 30),
        pd.Timestamp("2025-03-31"),
        np.datetime64("2025-03-31"),
    ],
)
def test_a_date_is_taken_as_the_command_line_takes_it(
    demo_here: dict[str, Path], day: object
) -> None:
    assert tracker.open_workbook(demo_here["zh"]).at(day).as_of == date(2025, 3, 31)  # type: ignore[arg-type]


@pytest.mark.parametrize("day", ["2025033", "三月底", pd.NaT, np.datetime64("NaT"), 20250331])
def test_what_is_no_date_is_refused_in_one_sentence(
    demo_here: dict[str, Path], day: object
) -> None:
    """The command line refuses ``--as-of 2025033`` too; a number is no date (the text
    20250331 is); NaT is no date."""
    with pytest.raises(ValueError, match=r"^as_of must be a date \(2025-06-30\), not "):
        tracker.open_workbook(demo_here["zh"]).at(day)  # type: ignore[arg-type]


def test_the_last_day_there_is(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """9999-12-31 has no next day: the month's end is told without one (it was exit 70)."""
    expected = status_json(capsys, demo_here["zh"], "--as-of", "9999-12-31")
    last = tracker.open_workbook(demo_here["zh"]).at("9999-12-31")
    assert expected["as_of"] == "9999-12-31" == last.as_of.isoformat()
    assert list(last.goals["plan"]) == [goal["plan"] for goal in expected["goals"]]


def test_the_columns_have_proper_dtypes(demo_here: dict[str, Path]) -> None:
    opened = tracker.open_workbook(demo_here["zh"])
    goals = opened.goals
    assert goals["target"].dtype == "float64"
    assert goals["actual"].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(goals["deadline"])
    assert pd.api.types.is_string_dtype(goals["name"])
    assert list(goals["status"].cat.categories) == ["done", "on_track", "behind", "critical"]
    template = builtin_template("guangming-ai-2025")
    firms = opened.registers["firms"]
    columns = {c.id: c for c in template.register("firms").columns}
    assert list(firms.columns) == ["编号", *(c.name.zh for c in columns.values())]
    stage = firms[columns["stage"].name.zh]
    assert stage.cat.ordered
    assert list(stage.cat.categories) == [c.zh for c in columns["stage"].choices]
    assert firms[columns["output"].name.zh].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(firms[columns["settled"].name.zh])
    assert firms["编号"].str.startswith("ENT-").all()
    # Ordered: the firms that reached 已签约 or beyond, as the goal counts them.
    signed = firms[stage >= "已签约"]
    assert len(signed) == (stage.isin(["已签约", "已落地"])).sum()


def test_the_history_is_long_form_and_ends_at_the_goals(demo_here: dict[str, Path]) -> None:
    opened = tracker.open_workbook(demo_here["zh"])
    history = opened.history
    months = [f"2025-{m:02d}" for m in range(1, 7)]
    assert sorted(history["month"].unique()) == months
    assert len(history) == len(months) * len(opened.goals)
    june = history[history["month"] == "2025-06"].set_index("goal")
    goals = opened.goals.set_index("id")
    for goal_id in goals.index:
        assert june.loc[goal_id, "actual"] == goals.loc[goal_id, "actual"]
        assert june.loc[goal_id, "status"] == goals.loc[goal_id, "status"]
    assert (history["as_of"].dt.is_month_end).all()
    changes = opened.changes
    assert set(changes["kind"]) <= {"added", "removed", "stage", "renamed"}
    added = changes[changes["kind"] == "added"]
    items = sum(len(frame) for frame in opened.registers.values())
    assert added["item_id"].nunique() >= items


def test_a_workbook_with_problems_is_read_and_its_problems_listed(
    demo_here: dict[str, Path],
) -> None:
    path = demo_here["zh"]

    def break_it(book: Any) -> None:
        firms = book["企业"]
        columns = header_columns(firms)
        row = last_row(firms, columns["企业名称"])
        put(firms, f"{letter(columns['年产值（亿元）'])}{row}", "三亿")
        put(firms, f"{letter(columns['企业名称'])}{row + 1}", "新企业（未填阶段）")

    edit(path, break_it)
    opened = tracker.open_workbook(path)
    problems = opened.problems
    assert list(problems.columns) == ["code", "place", "severity", "message"]
    errors = problems[problems["severity"] == "error"]
    assert len(errors) >= 2
    assert errors["place"].str.startswith("企业!").all()
    assert errors["message"].str.len().gt(0).all()
    firms = opened.registers["firms"]
    assert firms["年产值（亿元）"].isna().iloc[-2]  # "三亿" is no number: missing, and named
    assert firms["企业名称"].iloc[-1] == "新企业（未填阶段）"


def test_cells_the_update_will_tidy_give_the_figures_status_json_gives(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A figure typed as text, a stage with spaces round it: the formulas count neither
    until the update tidies them, and so do status and the API, which name each cell. The
    API used to count them, and so disagree with status on the goal's status."""
    path = demo_here["zh"]

    def as_text(book: Any) -> None:
        cell = monthly_cell(book, "output", "2025-06", "本月累计值")
        put(book["月度填报"], cell.coordinate, str(cell.value))
        put(book["企业"], "E2", f" {book['企业']['E2'].value} ")

    edit(path, as_text)
    expected = status_json(capsys, path)
    opened = tracker.open_workbook(path)
    figures = opened.goals.set_index("id")
    for goal in expected["goals"]:
        for name in GOAL_FIGURES[1:]:
            assert figures.loc[goal["id"], name] == goal[name], (goal["id"], name)
    assert figures.loc["output", "actual"] == 0  # "24.9" is text to a formula
    assert opened.problems.to_dict("records") == expected["problems"]
    named = [(p["code"], p["place"][:6]) for p in expected["problems"]]
    assert named == [("tidied", "企业!E2"), ("tidied", "月度填报!E")]
    assert opened.registers["firms"]["阶段"].iloc[0] == "已落地"  # as the update writes it


def test_a_column_people_added_is_in_the_register(demo_here: dict[str, Path]) -> None:
    path = demo_here["zh"]

    def add_column(book: Any) -> None:
        labs = book["实验室"]
        name, money = letter(labs.max_column + 1), letter(labs.max_column + 2)
        put(labs, f"{name}1", "对接人")
        put(labs, f"{name}2", "张三")
        put(labs, f"{money}1", "投入（万元）")
        put(labs, f"{money}2", 120)
        put(labs, f"{money}3", 80.5)

    edit(path, add_column)
    labs = tracker.open_workbook(path).registers["labs"]
    assert list(labs.columns[-2:]) == ["对接人", "投入（万元）"]
    assert labs["对接人"].iloc[0] == "张三"
    assert labs["投入（万元）"].dtype == "float64"
    assert labs["投入（万元）"].iloc[:2].tolist() == [120.0, 80.5]


def test_the_english_tables_use_english_words(demo_here: dict[str, Path]) -> None:
    opened = tracker.open_workbook(demo_here["zh"], lang="en")
    assert opened.title == "Guangming District AI goals (2025)"
    firms = opened.registers["firms"]
    assert firms.columns[0] == "Item no."
    stage = firms["Stage"]
    assert list(stage.cat.categories) == ["In talks", "Signed", "Settled"]


def test_a_file_that_is_no_workbook_raises_the_error_that_says_why(tmp_path: Path) -> None:
    from tracker.errors import TrackerError

    path = tmp_path / "not.xlsx"
    path.write_text("hello")
    with pytest.raises(TrackerError) as raised:
        tracker.open_workbook(path)
    assert "not.xlsx" in raised.value.message("en")


def test_a_folder_is_said_to_be_one(tmp_path: Path) -> None:
    from tracker.errors import TrackerError

    with pytest.raises(TrackerError) as raised:
        tracker.open_workbook(tmp_path)
    assert raised.value.message("zh") == f"{tmp_path} 是文件夹，不是工作簿文件"


CHECK_PANDAS = textwrap.dedent(
    """
    import sys
    {body}
    assert "pandas" not in sys.modules, "pandas was imported"
    assert "numpy" not in sys.modules, "numpy was imported"
    print("ok")
    """
)


@pytest.mark.parametrize(
    "body",
    [
        "import tracker",
        "import tracker.cli.main",
        textwrap.dedent(
            """
            from tracker.cli.main import main
            try:
                main(["--help"])
            except SystemExit as done:
                assert done.code == 0
            try:
                main(["export", "--help"])
            except SystemExit as done:
                assert done.code == 0
            """
        ),
    ],
)
def test_the_command_line_never_imports_pandas(body: str) -> None:
    script = CHECK_PANDAS.format(body=body.strip())
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("ok")
