"""``tracker forms``: a form for each lead unit, holding only its part (issue 10)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.editing import edit, put
from tests.helpers import Engines, completion_sheet, poison_cached_values, run_cli, same
from tracker.commands.forms import form_name
from tracker.commands.update import check_workbook
from tracker.report.folder import safe_file_name
from tracker.returns.part import encoded, fingerprint, unit_part
from tracker.returns.units import divide
from tracker.workbook.reader import read_workbook

SAMPLE = "（示例）"
UNITS = [
    "区发展和改革局",
    "区科技创新局",
    "区工业和信息化局",
    "区政务服务和数据管理局",
    "区交通运输局",
    "区投资推广署",
    "区住房和建设局",
]
JUNE = date(2025, 6, 1)


def form_path(folder: Path, unit: str) -> Path:
    return folder / "returns" / "2025-06" / f"{unit}{SAMPLE}_2025年6月填报表.xlsx"


@pytest.fixture
def forms(demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo master, with its forms for June written beside it."""
    master = demo_here["zh"]
    run = run_cli(capsys, "forms", str(master), "--month", "2025-06")
    assert (run.code, run.err) == (0, "")
    lines = run.out.splitlines()
    assert lines[0] == "已生成 7 份填报表（2025年6月，2025-07-05 前交回）："
    assert lines[1:] == [f"  {unit}{SAMPLE}：{form_path(master.parent, unit)}" for unit in UNITS]
    return master


def test_each_unit_gets_its_part_and_the_fingerprint_of_what_it_was_sent(forms: Path) -> None:
    master = read_workbook(forms).book
    division = divide(master)
    for unit in division.units:
        path = form_path(forms.parent, unit.name.removesuffix(SAMPLE))
        form = read_workbook(path).book
        assert form.form is not None
        assert (form.form.master, form.form.month, form.form.unit, form.form.due) == (
            master.workbook_id,
            "2025-06",
            unit.name,
            date(2025, 7, 5),
        )
        assert [g.id for g in form.template.goals] == unit.goals
        part = unit_part(master, unit)
        assert list(form.registers) == list(part.registers)
        for register_id, rows in part.registers.items():
            assert [(r.item_id, r.values) for r in form.rows(register_id)] == [
                (r.item_id, r.values) for r in rows
            ]
        assert form.milestones == part.milestones
        assert form.monthly == part.monthly
        carried = json.loads(form.form.fingerprint)
        assert len(carried["form"]) == 32 and carried["made"].startswith("20")
        sent = fingerprint(
            part, master.workbook_id, JUNE, unit.name, carried["form"], carried["made"]
        )
        assert carried == json.loads(encoded(sent))
        assert form.as_of == date(2025, 6, 30)  # the reported month's last day


def test_the_science_bureau_s_form_holds_its_labs_and_nothing_else(forms: Path) -> None:
    path = form_path(forms.parent, "区科技创新局")
    book = openpyxl.load_workbook(path)
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert "实验室" in visible
    assert not {"应用场景", "低空起降点", "企业", "算力设施"} & set(visible)
    guide = [row[0] for row in book["说明"].iter_rows(values_only=True) if row[0]]
    assert guide[0] == "区科技创新局（示例）：2025年6月填报表"
    assert (
        "本表是《光明区人工智能发展目标（2025年）》中由区科技创新局（示例）牵头的部分" in guide[2]
    )
    assert "于 2025-07-05 前交回" in guide[2]
    # The register keeps the master's drop-downs, checks and protection.
    master = openpyxl.load_workbook(forms)
    for name in ("实验室",):
        assert book[name].protection.sheet and master[name].protection.sheet
        rules = {str(v.sqref): v.formula1 for v in book[name].data_validations.dataValidation}
        assert rules == {
            str(v.sqref): v.formula1 for v in master[name].data_validations.dataValidation
        }


def test_a_form_is_not_a_master(forms: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = form_path(forms.parent, "区科技创新局")
    before = path.read_bytes()
    run = run_cli(capsys, "update", str(path), "--month", "2025-06")
    assert run.code == 2
    assert run.err.strip() == (
        f"{path} 是区科技创新局（示例）的填报表，不是总表：不能对它做月度更新；"
        "请交回办公室，并入总表"
    )
    run = run_cli(capsys, "forms", str(path))
    assert run.code == 2 and "填报表要由总表生成" in run.err
    assert path.read_bytes() == before
    run = run_cli(capsys, "check", str(path))
    assert run.code == 0, run.err  # a unit may check its own form


def test_goals_without_a_lead_unit_are_listed(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    master = demo_here["zh"]
    edit(master, lambda book: put(book["指标"], "M3", "待定"))  # 牵头单位 of 实验室
    run = run_cli(capsys, "forms", str(master), "--month", "2025-06", "--out", "out")
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1] == "以下指标没有牵头单位，未生成填报表：人工智能联合实验室"
    assert len(list(Path("out").glob("*.xlsx"))) == 7  # 科创局 leads two more goals
    science = read_workbook(Path("out") / "区科技创新局（示例）_2025年6月填报表.xlsx").book
    assert [goal.id for goal in science.template.goals] == ["ai4s", "ai-policy"]
    assert list(science.registers) == []  # no goal of its counts the labs any more


def new_firm(book: openpyxl.Workbook) -> None:
    put(book["企业"], "B70", "新企业")
    put(book["企业"], "E70", "洽谈中")


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        ("init", 2, "还没有做过月度更新：请先运行 tracker update，再生成填报表"),
        ("typo", 1, "有 1 个错误，未生成填报表"),
        ("new item", 2, "有 1 个条目还没有编号（上次更新后新填的）"),
    ],
)
def test_a_master_not_ready_gets_no_forms(
    demo_here: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    make: str,
    code: int,
    message: str,
) -> None:
    master = demo_here["zh"]
    if make == "init":
        master = Path("new.xlsx")
        assert run_cli(capsys, "init", str(master)).code == 0
    elif make == "typo":
        edit(master, lambda book: put(book["企业"], "G3", "约5"))
    else:  # a firm typed below the last one since the update
        edit(master, new_firm)
    before = master.read_bytes()
    run = run_cli(capsys, "forms", str(master), "--month", "2025-06")
    assert run.code == code
    assert message in run.err
    assert not Path("returns").exists()
    assert master.read_bytes() == before


@pytest.mark.engines
def test_a_form_recalculates_and_survives_a_libreoffice_save(
    forms: Path, tmp_path: Path, engines: Engines, capsys: pytest.CaptureFixture[str]
) -> None:
    """LibreOffice and gnumeric recalculate a form (its cached values poisoned first) to
    the figures ``tracker status`` computes for it; saved by LibreOffice, the form still
    reads back as the unit's part, with what it was sent with."""
    path = form_path(forms.parent, "区工业和信息化局")
    run = run_cli(capsys, "status", str(path), "--json")
    assert run.code == 0, run.err
    computed = {g["id"]: g for g in json.loads(run.out)["goals"]}
    poisoned = tmp_path / "poisoned.xlsx"
    assert poison_cached_values(path, poisoned) > 0
    (by_lo,) = engines.libreoffice([poisoned])
    for recalculated in (by_lo, engines.gnumeric(poisoned)):
        shown = completion_sheet(recalculated)
        assert set(shown) == set(computed)
        for goal_id, figures in shown.items():
            assert same(figures.actual, computed[goal_id]["actual"]), goal_id
            assert same(figures.expected, computed[goal_id]["expected"]), goal_id
    (saved,) = engines.libreoffice([path])
    copy = shutil.copy(saved, tmp_path / "saved.xlsx")
    back, sent = read_workbook(Path(copy)).book, read_workbook(path).book
    assert back.form == sent.form
    for register_id, rows in sent.registers.items():
        assert [(r.item_id, r.values) for r in back.rows(register_id)] == [
            (r.item_id, r.values) for r in rows
        ]


def test_units_whose_names_cut_alike_get_files_of_their_own(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    master = demo_here["zh"]
    long = "光明区人工智能产业发展专项工作领导小组办公室" * 3  # 66 characters

    def leads(book: openpyxl.Workbook) -> None:
        put(book["指标"], "M3", long + "甲")
        put(book["指标"], "M4", long + "乙")

    edit(master, leads)
    run = run_cli(capsys, "forms", str(master), "--month", "2025-06", "--out", "out")
    assert run.code == 0, run.err
    cut = long[:59] + "…_2025年6月填报表"
    names = sorted(path.name for path in Path("out").iterdir())
    assert len(names) == 9
    assert f"{cut}.xlsx" in names and f"{cut} (2).xlsx" in names
    read = [read_workbook(Path("out") / name).book.form for name in names]
    units = {form.unit for form in read if form is not None}
    assert {long + "甲", long + "乙"} <= units


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060", "\u2028"])
def test_invisible_characters_of_a_unit_stay_out_of_its_form_s_file_name(invisible: str) -> None:
    """A zero-width space pasted with a lead unit's name from a web page went into the
    name of its form's file, where no one can see or type it."""
    month = date(2025, 7, 1)
    name = form_name(f"区交通{invisible}运输局{invisible}", month, "zh")
    assert name == form_name("区交通运输局", month, "zh") == "区交通运输局_2025年7月填报表.xlsx"


def test_a_right_to_left_override_cannot_disguise_a_file_s_type() -> None:
    """U+202E shows "报告\u202excod.exe" as 报告exe.docx: it is dropped from a file name."""
    assert safe_file_name("报告\u202excod.exe") == "报告xcod.exe"


def test_a_form_open_on_a_rerun_leaves_the_others_rewritten(
    forms: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Forms made again (a later due date): one is open in Excel, so the new one goes
    beside it, the six others are replaced, and the exit code says not all went in place.
    A filled form saved under its own name is kept in tracker-backups/ when replaced."""
    industry = form_path(forms.parent, "区工业和信息化局")
    (industry.parent / f"~${industry.name}").write_bytes(b"")
    science = form_path(forms.parent, "区科技创新局")
    filled = science.read_bytes() + b""  # stands for a unit's answer saved back here
    open_before = industry.read_bytes()

    run = run_cli(capsys, "forms", str(forms), "--month", "2025-06", "--due", "2025-07-10")

    assert run.code == 3
    beside = industry.with_name(industry.stem + "（新）.xlsx")
    assert f"  区工业和信息化局{SAMPLE}：{beside}" in run.out.splitlines()
    assert run.err.strip().startswith(f"1 份填报表的原文件正在打开或无法替换：{industry}；")
    assert industry.read_bytes() == open_before
    new = read_workbook(beside).book.form
    assert new is not None and new.due == date(2025, 7, 10)
    again = read_workbook(science).book.form
    assert again is not None and again.due == date(2025, 7, 10)
    (kept,) = (science.parent / "tracker-backups").glob(f"{science.stem}_*.xlsx")
    assert kept.read_bytes() == filled


def test_forms_of_earlier_runs_are_pointed_out(
    forms: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A unit renamed since the last run: its old form stays, and is named."""
    edit(forms, lambda book: put(book["指标"], "M14", "区住房和城乡建设局"))  # housing
    run = run_cli(capsys, "forms", str(forms), "--month", "2025-06")
    assert run.code == 0, run.err
    assert run.err.strip() == (
        "文件夹里还有本次没有生成的填报表：区住房和建设局（示例）_2025年6月填报表.xlsx"
        "（改了名或不再牵头的单位的旧表？发出前请核对）"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--due", "2025-06-30"], "交回期限 2025-06-30 早于所报月份结束（2025-06-30）"),
        (["--contact", "张" * 501], "--contact 太长（501 个字符）"),
        (["--out", "a-file/forms"], "无法写入 a-file/forms"),
    ],
)
def test_what_cannot_be_done_is_said(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    Path("a-file").write_text("not a folder")
    run = run_cli(capsys, "forms", str(demo_here["zh"]), "--month", "2025-06", *args)
    assert run.code == 2
    assert run.err.startswith(message), run.err
    assert not Path("returns").exists()


def test_a_form_without_its_fingerprint_is_said_to_need_a_new_one(
    forms: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = form_path(forms.parent, "区交通运输局")
    edit(path, lambda book: book.remove(book["_form"]))
    run = run_cli(capsys, "check", str(path))
    assert run.code == 2
    assert run.err.strip().endswith("无法并入总表：请向办公室要一份新的填报表")


def test_only_the_month_reported_is_open_on_the_form_s_monthly_sheet(forms: Path) -> None:
    """The unit fills in June; the months before are there for reference, locked."""
    book = openpyxl.load_workbook(form_path(forms.parent, "区工业和信息化局"))
    monthly = book["月度填报"]
    header = [cell.value for cell in monthly[1]]
    month_col, value_col = header.index("月份") + 1, header.index("本月累计值") + 1
    notes_col = header.index("进展情况") + 1
    seen: dict[tuple[int, int], set[tuple[bool, bool]]] = {}
    for row in range(2, monthly.max_row + 1):
        month = monthly.cell(row, month_col).value
        if month is None:
            continue
        key = (month.year, month.month)
        locked = (
            monthly.cell(row, value_col).protection.locked,
            monthly.cell(row, notes_col).protection.locked,
        )
        seen.setdefault(key, set()).add(locked)
    assert seen[(2025, 6)] == {(False, False), (True, False)}  # a figure only where reported
    assert seen[(2025, 5)] == {(True, True)}
    assert seen[(2025, 12)] == {(True, True)}
    assert monthly.protection.sheet


def test_a_form_made_again_is_another_form_and_its_lead_units_are_locked(
    forms: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = form_path(forms.parent, "区投资推广署")
    first = read_workbook(path).book.form
    run = run_cli(capsys, "forms", str(forms), "--month", "2025-06")
    assert run.code == 0, run.err
    assert run.out.splitlines()[-1].startswith("被替换的 7 份旧表已备份到 ")
    again = read_workbook(path).book.form
    assert first is not None and again is not None
    assert json.loads(first.fingerprint)["form"] != json.loads(again.fingerprint)["form"]
    goals = openpyxl.load_workbook(path)["指标"]
    header = [cell.value for cell in goals[1]]
    for column in ("牵头单位", "配合单位"):
        assert goals.cell(2, header.index(column) + 1).protection.locked


@pytest.mark.parametrize(
    ("damage", "sheet"),
    [
        ("goals", "_tracker"),
        ("fingerprint", "_form"),
        ("another unit", "_form"),
    ],
)
def test_a_damaged_form_is_refused(
    forms: Path, capsys: pytest.CaptureFixture[str], damage: str, sheet: str
) -> None:
    path = form_path(forms.parent, "区交通运输局")
    other = form_path(forms.parent, "区住房和建设局")

    def spoil(book: openpyxl.Workbook) -> None:
        if damage == "goals":
            meta = book["_tracker"]
            row = next(r for r in meta.iter_rows() if r[0].value == "form:goals")
            put(meta, row[1].coordinate, "bogus")
        elif damage == "fingerprint":
            put(book["_form"], "A1", '{"format": "tracker-form/1"')
        else:  # the fingerprint sheet of another unit's form pasted in
            put(book["_form"], "A1", openpyxl.load_workbook(other)["_form"]["A1"].value)

    edit(path, spoil)
    run = run_cli(capsys, "check", str(path))
    assert run.code == 2
    assert f"其隐藏的“{sheet}”表（记录发出时的内容）缺失或已损坏" in run.err


def _scenarios(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path)["应用场景"]
    return [tuple(row) for row in sheet.iter_rows(min_row=2, max_col=6, values_only=True)]


@pytest.mark.parametrize(
    ("mistake", "codes"),
    [
        ("partial sort", {"number_moved"}),
        ("number cleared", {"number_blanked"}),
        ("another unit's number", {"number_not_sent"}),
    ],
)
def test_a_form_s_numbers_are_checked_against_what_it_was_sent_with(
    forms: Path, capsys: pytest.CaptureFixture[str], mistake: str, codes: set[str]
) -> None:
    """The checks the update makes on a master's item numbers, made on a form against
    the items it was sent with: a unit checks its form before sending it back."""
    path = form_path(forms.parent, "区工业和信息化局")
    rows = [row for row in _scenarios(path) if row[0]]
    assert (rows[0][4], rows[3][4]) == ("已上线", "建设中")

    def spoil(book: openpyxl.Workbook) -> None:
        sheet = book["应用场景"]
        if mistake == "partial sort":  # B:G of a live and a building scenario swapped
            for col in "BCDEFG":
                first, second = sheet[f"{col}2"].value, sheet[f"{col}5"].value
                sheet[f"{col}2"], sheet[f"{col}5"] = second, first
        elif mistake == "number cleared":
            sheet["A3"] = None
        else:  # a number of a city-governance scenario, the data bureau's
            put(sheet, "A2", "SCN-099")

    edit(path, spoil)
    run = run_cli(capsys, "check", str(path))
    assert run.code == 1, run.err
    found = {line.split(":")[0] for line in run.err.splitlines()[1:]}
    assert found and all(where.startswith("  应用场景!A") for where in found), run.err
    _, inspection = check_workbook(path)
    assert {p.code for p in inspection.errors} == codes


def test_the_as_of_date_is_locked_on_a_form(forms: Path) -> None:
    params = openpyxl.load_workbook(form_path(forms.parent, "区投资推广署"))["参数"]
    (cell,) = [row[1] for row in params.iter_rows(min_row=2) if row[0].value == "统计截止日期"]
    assert cell.protection.locked and params.protection.sheet


def test_a_filled_in_form_is_never_replaced_by_a_new_one(
    forms: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A unit's answer saved back under its own name: made again, the forms leave it as
    it is, the new one goes beside it, and the exit code says so."""
    path = form_path(forms.parent, "区工业和信息化局")
    edit(path, lambda book: put(book["应用场景"], "E5", "已上线"))  # SCN-004 went live
    answer = path.read_bytes()

    run = run_cli(capsys, "forms", str(forms), "--month", "2025-06")

    assert run.code == 3
    assert run.err.strip().startswith(f"1 份填报表的位置上已是单位交回、填过的表：{path}；没有覆盖")
    assert path.read_bytes() == answer
    beside = path.with_name(path.stem + "（新）.xlsx")
    assert f"  区工业和信息化局{SAMPLE}：{beside}" in run.out.splitlines()
    assert read_workbook(beside).book.rows("scenarios")[3].values["stage"] == "建设中"


@pytest.mark.parametrize(
    ("month", "said"),
    [
        ("2025-07", ""),  # the month after the last update: the usual round
        ("2025-12", "2025-12: 总表只记录到 2025-06，2025-12 之前还有月份没有更新"),
        ("2025-06", ""),  # the month last updated, again: its answers redo it
        ("2025-05", "2025-05: 总表已记录到 2025-06，2025-05 是更早的月份"),
    ],
)
def test_a_month_other_than_the_next_is_said(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str], month: str, said: str
) -> None:
    run = run_cli(capsys, "forms", str(demo_here["zh"]), "--month", month)
    assert run.code == 0
    assert run.err.strip().startswith(said) if said else run.err == ""
