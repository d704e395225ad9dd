"""``tracker export`` (issue 13): every table as a file for BI tools, reading back with
pandas to the API's DataFrames; CSV with Excel's BOM; a README naming every column."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

import tracker
from tests.editing import edit, letter, put
from tests.helpers import run_cli
from tracker.commands.update import examine_workbook
from tracker.data.tables import Field, workbook_tables
from tracker.template.catalog import builtin_template

TEMPLATE = builtin_template("guangming-ai-2025")


def read_back(path: Path, fields: tuple[Field, ...]) -> pd.DataFrame:
    """An exported file read with pandas, each column given its kind as the README says."""
    text = [f.name for f in fields if f.kind == "text"]
    if path.suffix == ".csv":
        data = pd.read_csv(
            path, dtype=dict.fromkeys(text, "string"), keep_default_na=False, na_values=[""]
        )
    elif path.suffix == ".json":
        data = pd.DataFrame(
            json.loads(path.read_text(encoding="utf-8")), columns=[f.name for f in fields]
        )
    else:
        data = pd.read_excel(path, engine="calamine", dtype=dict.fromkeys(text, "string"))
    for field in fields:
        column = data[field.name]
        if field.kind == "number":
            data[field.name] = column.astype("float64")
        elif field.kind == "date":
            data[field.name] = pd.to_datetime(column).astype("datetime64[ns]")
        elif field.kind == "choice":
            kind = pd.CategoricalDtype(list(dict.fromkeys(field.choices)), ordered=True)
            data[field.name] = column.astype("string").astype(kind)
        else:
            data[field.name] = column.astype("string")
    return data


def tables_of(path: Path, lang: str | None = None) -> dict[str, tuple[Field, ...]]:
    tables = workbook_tables(examine_workbook(path), path, lang)  # type: ignore[arg-type]
    return {table.name: table.fields for table in tables.all}


@pytest.mark.parametrize("form", ["csv", "json", "xlsx"])
def test_every_file_reads_back_to_the_api_dataframes(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str], form: str
) -> None:
    path = demo_here["zh"]
    out = path.parent / "out"
    run = run_cli(capsys, "export", str(path), "--out", str(out), "--format", form)
    assert run.code == 0, run.err
    opened = tracker.open_workbook(path)
    expected = {
        "goals": opened.goals,
        "history": opened.history,
        "changes": opened.changes,
        "problems": opened.problems,
        **{f"register_{key}": frame for key, frame in opened.registers.items()},
    }
    fields = tables_of(path)
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        [f"{name}.{form}" for name in expected] + ["README.md"]
    )
    # xlsxwriter writes a float with 16 digits (a spreadsheet keeps 15): CSV and JSON
    # carry every digit.
    exact = {"check_exact": form != "xlsx", "rtol": 1e-15}
    for name, frame in expected.items():
        back = read_back(out / f"{name}.{form}", fields[name])
        pd.testing.assert_frame_equal(back, frame, obj=name, **exact)  # type: ignore[arg-type]
    assert len(expected["register_firms"]) > 0 and len(expected["history"]) > 0


def test_csv_has_the_bom_excel_needs_and_iso_dates(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_here["zh"]
    assert run_cli(capsys, "export", str(path)).code == 0
    out = path.with_name(f"{path.stem}-export")
    goals = (out / "goals.csv").read_bytes()
    assert goals.startswith(b"\xef\xbb\xbfid,name,")
    text = goals.decode("utf-8-sig")
    assert ",2025-12-31\r\n" in text
    assert "00:00:00" not in (out / "register_firms.csv").read_text(encoding="utf-8-sig")
    readme = (out / "README.md").read_text(encoding="utf-8")
    for table, fields in tables_of(path).items():
        assert f"## {table}.csv" in readme
        for field in fields:
            assert f"| {field.name} |" in readme


def test_text_excel_would_take_for_a_formula_is_kept_and_named(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The CSV keeps a text as typed (pandas reads it back so); opened in Excel it would
    be a live formula, so the export says where such texts are and what to use."""
    path = demo_here["zh"]
    typed = '=HYPERLINK("http://example.invalid","点我")'

    def paste(book: Any) -> None:
        put(book["企业"], "H3", typed)
        put(book["企业"], "H5", "+86 138 0000 0000")
        put(book["企业"], "H6", "-")  # a dash alone is no formula
        put(book["企业"], "I1", "=合计")  # a column of one's own: its header is line 1

    edit(path, paste)
    out = path.parent / "csv"
    run = run_cli(capsys, "export", str(path), "--out", str(out))
    assert run.code == 0
    assert run.err == (
        '提醒：3 处文字以 = + - @ 开头（如 register_firms.csv 第 1 行“=合计”列的 "=合计"），'
        "用 Excel 直接打开 CSV 时会被当作公式；给 Excel 用请以 --format xlsx 导出\n"
    )
    firms = pd.read_csv(out / "register_firms.csv", encoding="utf-8-sig", dtype=str)
    assert firms["备注"].iloc[1] == typed
    run = run_cli(capsys, "export", str(path), "--out", str(path.parent / "x"), "--format", "xlsx")
    assert (run.code, run.err) == (0, "")


def test_the_same_workbook_exports_the_same_bytes(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Two xlsx exports of one workbook differed (each was dated by the clock), so a
    folder kept under version control or synced changed with every export."""
    path = demo_here["zh"]
    for name in ("a", "b"):
        out = str(path.parent / name)
        assert run_cli(capsys, "export", str(path), "--out", out, "--format", "xlsx").code == 0
        time.sleep(1.1 if name == "a" else 0)  # the clock moves on between the two
    for file in (path.parent / "a").glob("*.xlsx"):
        assert file.read_bytes() == (path.parent / "b" / file.name).read_bytes(), file.name


def test_a_column_people_added_is_exported(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_here["zh"]

    def add_column(book: Any) -> None:
        labs = book["实验室"]
        column = letter(labs.max_column + 1)
        put(labs, f"{column}1", "对接人")
        put(labs, f"{column}2", "=不是公式")

    edit(path, add_column)
    out = path.parent / "out"
    assert run_cli(capsys, "export", str(path), "--out", str(out), "--format", "xlsx").code == 0
    assert run_cli(capsys, "export", str(path), "--out", str(out / "csv")).code == 0
    labs = pd.read_csv(out / "csv" / "register_labs.csv", dtype="string")
    assert labs["对接人"].iloc[0] == "=不是公式"
    readme = (out / "csv" / "README.md").read_text(encoding="utf-8")
    assert "| 对接人 | 文本 | 自行添加的列：对接人 |" in readme
    # In the workbook format, text that looks like a formula stays text.
    sheet = openpyxl.load_workbook(out / "register_labs.xlsx")["data"]
    cell = sheet.cell(2, [c.value for c in sheet[1]].index("对接人") + 1)
    assert (cell.value, cell.data_type) == ("=不是公式", "s")


@pytest.mark.parametrize("form", ["csv", "json", "xlsx"])
def test_a_repeated_header_is_named_by_its_letter(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str], form: str
) -> None:
    path = demo_here["zh"]

    def repeat(book: Any) -> None:  # 编号…备注 are A to G
        labs = book["实验室"]
        for cell, value in (("H1", "备注"), ("H2", "dup header"), ("I2", "blank header")):
            put(labs, cell, value)
        put(labs, "J1", "编号")
        put(labs, "J2", "id dup")

    edit(path, repeat)
    out = path.parent / "out"
    run = run_cli(capsys, "export", str(path), "--out", str(out), "--format", form)
    assert run.code == 1 and "实验室!G1" in run.err and "实验室!A1" in run.err
    labs = tracker.open_workbook(path).registers["labs"]
    assert list(labs.columns[-3:]) == ["H列", "I列", "J列"]
    assert labs.iloc[0, -3:].tolist() == ["dup header", "blank header", "id dup"]
    assert labs["备注"].iloc[0] is pd.NA and labs["编号"].iloc[0] == "LAB-001"
    back = read_back(out / f"register_labs.{form}", tables_of(path)["register_labs"])
    pd.testing.assert_frame_equal(back, labs, check_exact=form != "xlsx")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "| J列 | 文本 | 自行添加的列：编号 |" in readme


def test_a_header_repeated_in_another_case_is_named_by_its_letter(
    demo_here: dict[str, Path],
) -> None:
    path = demo_here["en"]

    def repeat(book: Any) -> None:
        put(book["Labs"], "H1", "stage")  # the reader compares headers case-folded
        put(book["Labs"], "H2", "the stage again")

    edit(path, repeat)
    labs = tracker.open_workbook(path).registers["labs"]
    assert labs["column H"].iloc[0] == "the stage again" and "stage" not in labs.columns


def test_a_workbook_with_errors_is_exported_and_exits_1(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_here["en"]

    def break_it(book: Any) -> None:
        put(book["Firms"], "G2", "three hundred")

    edit(path, break_it)
    out = path.parent / "out"
    run = run_cli(capsys, "export", str(path), "--out", str(out))
    assert run.code == 1
    assert "Firms!G2" in run.err
    problems = pd.read_csv(out / "problems.csv", dtype="string")
    assert "Firms!G2" in set(problems["place"])
    assert "problems table" in (out / "README.md").read_text(encoding="utf-8")


def test_a_folder_holding_other_files_is_refused_and_an_export_is_replaced(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_here["zh"]
    mine = path.parent / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine")
    run = run_cli(capsys, "export", str(path), "--out", str(mine), "--lang", "en")
    assert run.code == 2
    assert "mine" in run.err and "--out" in run.err
    assert [p.name for p in mine.iterdir()] == ["keep.txt"]
    out = path.parent / "out"
    assert run_cli(capsys, "export", str(path), "--out", str(out), "--format", "json").code == 0
    assert run_cli(capsys, "export", str(path), "--out", str(out)).code == 0
    assert [p.name for p in out.glob("*.json")] == [".tracker-export.json"]
    assert (out / "goals.csv").exists()


def test_a_path_that_cannot_be_is_a_usage_error_and_the_format_any_case(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder inside a file is the user's to change (exit 2), with no word of Excel
    holding it open; the roll-up says the same of its --out, not of its temporary file."""
    path = demo_here["zh"]
    a_file = path.parent / "notes.txt"
    a_file.write_text("mine")
    run = run_cli(capsys, "export", str(path), "--out", str(a_file / "sub"))
    assert (run.code, run.err) == (
        2,
        f"无法写入 {a_file / 'sub'}（路径中有一段是文件而不是文件夹）；请换一个路径\n",
    )
    run = run_cli(capsys, "rollup", str(path), "--out", str(a_file / "r.xlsx"))
    assert (run.code, run.err) == (
        2,
        f"无法写入 {a_file / 'r.xlsx'}（路径中有一段是文件而不是文件夹）；请换一个路径\n",
    )
    assert a_file.read_text() == "mine"
    out = path.parent / "out"
    assert run_cli(capsys, "export", str(path), "--out", str(out), "--format", "CSV").code == 0
    assert (out / "goals.csv").exists()


def test_an_export_stopped_midway_is_taken_by_the_next(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_here["zh"]
    out = path.parent / "out"
    assert run_cli(capsys, "export", str(path), "--out", str(out)).code == 0
    # As a json export stopped after its list and two tables: a mix, listed as incomplete.
    listed = json.loads((out / ".tracker-export.json").read_text(encoding="utf-8"))
    names = sorted({*listed["files"], "goals.json", "history.json"})
    (out / ".tracker-export.json").write_text(json.dumps({"files": names, "complete": False}))
    (out / "goals.json").write_text("[]")
    (out / "history.json").write_text("[")
    # An office suite's lock file beside an open file is not in the way.
    (out / ".~lock.goals.csv#").write_text("x")
    (out / "~$goals.csv").write_text("x")
    run = run_cli(capsys, "export", str(path), "--out", str(out))
    assert run.code == 0, run.err
    assert [p.name for p in out.glob("*.json")] == [".tracker-export.json"]
    marker = json.loads((out / ".tracker-export.json").read_text(encoding="utf-8"))
    assert marker["complete"] is True and "goals.csv" in marker["files"]


def test_stages_in_the_changes_are_in_the_tables_language(demo_here: dict[str, Path]) -> None:
    english = tracker.open_workbook(demo_here["zh"], lang="en")
    stages = {c.en for c in TEMPLATE.register("labs").column("stage").choices}
    labs = english.changes[english.changes["register"] == "labs"]
    assert set(labs["after"].dropna()) <= stages
    chinese = tracker.open_workbook(demo_here["zh"])
    assert set(chinese.changes[chinese.changes["register"] == "labs"]["after"].dropna()) <= {
        c.zh for c in TEMPLATE.register("labs").column("stage").choices
    }


def test_dates_as_people_hand_them_over_and_a_short_repr(demo_here: dict[str, Path]) -> None:
    from datetime import date, datetime

    opened = tracker.open_workbook(demo_here["zh"], as_of="2025-09-30")
    assert opened.as_of == date(2025, 9, 30)
    for day in (datetime(2025, 3, 31, 12), pd.Timestamp("2025-03-31"), " 2025-03-31 "):
        assert opened.at(day).as_of == date(2025, 3, 31)
    with pytest.raises(ValueError, match="as_of must be a date"):
        opened.at("6月底")
    with pytest.raises(ValueError, match="lang must be one of zh, en"):
        tracker.open_workbook(demo_here["zh"], lang="fr")  # type: ignore[arg-type]
    assert len(repr(opened)) < 300
    assert repr(opened).startswith("<Tracking '光明区人工智能发展目标（2025年）' as of 2025-09-30")


def test_an_unreadable_as_of_date_is_refused_as_status_refuses_it(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.errors import InputError

    path = demo_here["zh"]

    def clear(book: Any) -> None:
        book["参数"]["B3"] = None

    edit(path, clear)
    with pytest.raises(InputError) as raised:
        tracker.open_workbook(path)
    assert raised.value.message("zh").startswith("参数!B3：统计截止日期")
    assert "--as-of" in raised.value.message("en")
    assert tracker.open_workbook(path, as_of="2025-06-30").as_of.isoformat() == "2025-06-30"
    out = path.parent / "out"
    run = run_cli(capsys, "export", str(path), "--out", str(out))
    assert run.code == 1 and "参数!B3" in run.err
    assert not out.exists()


def test_a_units_form_is_exported_with_a_warning_and_a_note(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A lead unit's form exports as it is, its one goal's figures unchanged; the command
    line warns that it is no whole workbook, and the README and problems table say so."""
    from tests.test_data_api import UNIT, form_warning, unit_form
    from tracker.workbook.reader import read_workbook

    master = demo_here["zh"]
    master_id = read_workbook(master).book.workbook_id
    path = unit_form(master, capsys)
    out = path.parent / "out"
    run = run_cli(capsys, "export", str(path), "--out", str(out))
    assert run.code == 0
    assert run.out.strip() == f"已导出 5 个表到 {out}"
    assert run.err.splitlines() == [f"{path.name}: {form_warning(path, master_id)}"]
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert (
        f"注意：{path.name} 是{UNIT}2025年6月的填报表，只含该单位的 1 项指标，"
        "不是整本工作簿；全部指标请导出总表。"
    ) in readme.splitlines()
    problems = pd.read_csv(out / "problems.csv", keep_default_na=False)
    assert problems.to_dict("records") == [
        {
            "code": "form",
            "place": path.name,
            "severity": "warning",
            "message": form_warning(path, master_id),
        }
    ]
    goals = pd.read_csv(out / "goals.csv", keep_default_na=False)
    whole = tracker.open_workbook(master).goals.set_index("id").loc["landing-points"]
    assert list(goals["id"]) == ["landing-points"]
    for name in ("target", "actual", "completion", "expected", "status"):
        assert goals.loc[0, name] == whole[name], name
    readme_of_master = run_cli(capsys, "export", str(master), "--out", str(path.parent / "m"))
    assert readme_of_master.err == ""
    assert "填报表" not in (path.parent / "m" / "README.md").read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names")
def test_a_workbook_whose_name_is_not_utf8_is_exported(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook from a zip made on a Chinese Windows (福田 in GBK): its name, in the
    README, ended the export in exit 70 (surrogates not allowed)."""
    from tests.test_data_api import unit_form

    odd = demo_here["zh"].rename(demo_here["zh"].with_name(os.fsdecode(b"\xb8\xa3\xcc\xef.xlsx")))
    out = odd.parent / "out"
    assert run_cli(capsys, "export", str(odd), "--out", str(out)).code == 0
    assert "\ufffd\ufffd\ufffd\ufffd.xlsx" in (out / "README.md").read_text(encoding="utf-8")
    form = unit_form(odd, capsys)
    named = form.rename(form.with_name(os.fsdecode(b"\xb1\xed.xlsx")))  # 表
    run = run_cli(capsys, "export", str(named), "--out", str(odd.parent / "form"))
    assert run.code == 0, run.err
    problems = pd.read_csv(odd.parent / "form" / "problems.csv", keep_default_na=False)
    assert list(problems["place"]) == ["\ufffd\ufffd.xlsx"]
