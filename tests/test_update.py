"""The monthly update through the command line, as people would run it."""

from __future__ import annotations

import json
import warnings
import zipfile
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest

from tests.editing import add_lab, edit, monthly_cell, put, sort_without_numbers, with_labs
from tests.helpers import Engines, run_cli, sheet_rows
from tracker.workbook.reader import read_book, read_workbook

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


@pytest.fixture
def workbook(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run_cli(capsys, "init", "目标.xlsx", "--as-of", "2025-01-31").code == 0
    return in_tmp / "目标.xlsx"


def test_an_update_numbers_items_records_the_month_and_backs_up(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(workbook, with_labs(("甲实验室", "已揭牌"), ("乙实验室", " 已签约 ")))
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == (
        "已更新 目标.xlsx：2025-01，已完成 0 项，正常推进 1 项，滞后 12 项，严重滞后 0 项"
    )
    book = read_book(workbook)
    labs = book.registers["labs"]
    assert [(r.item_id, r.values["name"], r.values["stage"]) for r in labs] == [
        ("LAB-001", "甲实验室", "已揭牌"),
        ("LAB-002", "乙实验室", "已签约"),  # tidied: the spaces are gone
    ]
    assert book.as_of == date(2025, 1, 31)
    assert (workbook.parent / "reports" / "2025-01" / "snapshot.json").exists()
    backups = list((workbook.parent / "tracker-backups").glob("目标_*.xlsx"))
    assert len(backups) == 1
    assert read_book(backups[0]).registers["labs"][1].values["stage"] == " 已签约 "


def test_numbers_are_never_given_twice(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(workbook, with_labs(("甲", "已揭牌"), ("乙", "已揭牌")))
    run_cli(capsys, "update", workbook.name, "--month", "2025-01")

    def delete_second_and_add(book: Any) -> None:
        book["实验室"].delete_rows(3)
        add_lab(book, "丙", "洽谈中")

    edit(workbook, delete_second_and_add)
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-02").code == 0
    ids = [r.item_id for r in read_book(workbook).registers["labs"]]
    assert ids == ["LAB-001", "LAB-003"]  # LAB-002 was deleted and stays unused


def test_the_change_log_and_the_history(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(workbook, with_labs(("甲", "已签约"), ("乙", "已揭牌")))
    run_cli(capsys, "update", workbook.name, "--month", "2025-01")

    def february(book: Any) -> None:
        labs = book["实验室"]
        put(labs, "E2", "已揭牌")  # 甲 moves on
        labs.delete_rows(3)  # 乙 is removed
        add_lab(book, "丙", "洽谈中")

    edit(workbook, february)
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-02").code == 0
    rows = sheet_rows(workbook, "本月变化")
    assert rows[0][0] == "本月变化：2025-02（与 2025-01 相比）"
    assert [row[:6] for row in rows[3:]] == [
        ["阶段变化", "实验室", "LAB-001", "甲", "已签约", "已揭牌"],
        ["新增条目", "实验室", "LAB-003", "丙", "", "洽谈中"],
        ["删除条目", "实验室", "LAB-002", "乙", "已揭牌", ""],
    ]
    snapshot = json.loads((workbook.parent / "reports/2025-02/snapshot.json").read_text("utf-8"))
    assert [c["kind"] for c in snapshot["changes"]] == ["stage", "item_added", "item_removed"]
    history = read_workbook(workbook).history
    assert history is not None and history.months == ["2025-01", "2025-02"]
    labs = {r.month: r.actual for r in history.all_series()["ai-labs"]}
    assert labs == {"2025-01": 1, "2025-02": 1}


def test_running_a_month_again_replaces_it(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(workbook, with_labs(("甲", "已揭牌")))
    run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    first = workbook.read_bytes()
    snapshot = (workbook.parent / "reports/2025-01/snapshot.json").read_text("utf-8")
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-01").code == 0
    assert workbook.read_bytes() == first
    assert (workbook.parent / "reports/2025-01/snapshot.json").read_text("utf-8") == snapshot


def test_the_history_survives_its_sheets_being_deleted(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(workbook, with_labs(("甲", "已揭牌")))
    for month in MONTHS[:3]:
        assert run_cli(capsys, "update", workbook.name, "--month", month).code == 0

    def mangle(book: Any) -> None:
        del book["_goal_history"]
        book["_item_history"]["A1"] = "scribbled"

    edit(workbook, mangle)
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-04")
    assert run.code == 0
    assert "工作簿中的历史页缺失或被改动，已从报告文件夹重建（3 个月）" in run.err
    history = read_workbook(workbook).history
    assert history is not None and history.months == MONTHS[:4]


def test_a_month_outside_the_period(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2026-01")
    assert (run.code, run.err.strip()) == (
        2,
        "2026-01 不在模板的考核期内；可更新的月份为 2025-01 至 2025-12，请用 --month 指定",
    )
    assert run_cli(capsys, "update", workbook.name, "--month", "六月").code == 2
    assert workbook.read_bytes() == before


def test_a_refused_update_names_every_problem_and_changes_nothing(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def mistakes(book: Any) -> None:
        add_lab(book, "甲", "揭牌了")  # 实验室!E2
        add_lab(book, "甲", "已揭牌", 揭牌日期="下个月")  # 实验室!B3 duplicate, 实验室!F3 date
        put(book["企业"], "G2", "约5")  # 企业!G2: no number (and 企业!B2, E2 left empty)
        put(book["里程碑"], "D2", "建好了")  # 里程碑!D2
        monthly_cell(book, "output", "2025-01", "本月累计值").value = -1  # 月度填报!E10

    edit(workbook, mistakes)
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 1
    assert run.err.splitlines() == [
        "目标.xlsx 有 8 个错误，未更新，文件保持原样；请逐条修正后重新运行：",
        '  实验室!E2: "揭牌了" 不是“阶段”的选项；可选：洽谈中、已签约、已揭牌、运行中',
        '  实验室!B3: “实验室名称”的 "甲" 与 实验室!B2 重复；同一条目只登记一次',
        '  实验室!F3: “揭牌日期”应为日期（如 2025-06-30），实际为 "下个月"',
        "  企业!B2: “企业名称”未填写；这一列必填",
        "  企业!E2: “阶段”未填写；这一列必填",
        '  企业!G2: “年产值（亿元）”应为数字，实际为 "约5"；只填数字，单位不用写',
        '  里程碑!D2: "建好了" 不是这个里程碑的阶段；可选：谋划、建设、建成',
        "  月度填报!E10: “本月累计值”不能小于 0，实际为 -1",
    ]
    assert workbook.read_bytes() == before
    assert not (workbook.parent / "reports").exists()
    assert run_cli(capsys, "check", workbook.name).code == 1
    assert workbook.read_bytes() == before


@pytest.mark.parametrize(
    ("warnings", "lang", "said"),
    [
        (0, "zh", "g.xlsx 有 2 个错误，未更新，文件保持原样；"),
        (1, "zh", "g.xlsx 有 2 个错误（另有 1 个提醒），未更新，文件保持原样；"),
        (0, "en", "g.xlsx has 2 errors, so it was not updated"),
        (3, "en", "g.xlsx has 2 errors (and 3 warnings), so it was not updated"),
    ],
)
def test_a_refusal_counts_warnings_only_when_there_are_some(
    warnings: int, lang: Any, said: str
) -> None:
    """ "有 8 个错误（另有 0 个提醒）" said there were no warnings in so many words."""
    from tracker.commands.update import refused
    from tracker.errors import Problem
    from tracker.inputs.checks import Inspection
    from tracker.model import Book

    problems = [Problem("A1", "input.required", {"column": "x"})] * 2
    problems += [Problem("A2", "input.required", {"column": "x"}, "warning")] * warnings
    inspection = Inspection(book=cast(Book, None), problems=problems)
    refusal = refused("update.refused", Path("g.xlsx"), inspection, lang)
    assert refusal.message(lang).startswith(said)


def test_check_on_a_clean_workbook(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "check", workbook.name)
    assert (run.code, run.out.strip(), run.err) == (0, "目标.xlsx：没有发现问题", "")


@pytest.mark.engines
def test_typed_and_broken_formulas_are_warned_about(
    workbook: Path, engines: Engines, capsys: pytest.CaptureFixture[str]
) -> None:
    """A formula typed into an input cell keeps its value; a formula someone broke shows
    its cached error. Both are warnings: the update writes values and formulas afresh.
    LibreOffice computes and caches the results, as Excel would on saving."""

    def formulas(book: Any) -> None:
        add_lab(book, "甲", "已揭牌")
        book["实验室"]["G2"] = "=1+1"  # a formula typed into 备注
        book["计算"]["D3"] = "=#REF!+1"  # a formula someone broke

    edit(workbook, formulas)
    (saved,) = engines.libreoffice([workbook])
    run = run_cli(capsys, "check", str(saved))
    assert run.code == 0
    lines = run.err.splitlines()
    # 备注 is a text column: the formula's value 2 is kept as the text "2".
    assert lines[0] == (
        '1 个单元格将在月度更新时规范（如 实验室!G2：2 → "2"）；在此之前，工作簿中的公式按原样计算'
    )
    assert lines[1:5] == [
        "发现 0 个错误、3 个提醒：",
        "  实验室!G2: 输入单元格中是公式 =1+1；更新后保留其值 2，不再是公式",
        "  计算!D3: 公式出错（#REF!），可能被改坏；更新会重写全部公式",
        "  完成情况!F7: 另有 10 个公式单元格因此显示错误（如本单元格）；更新会重写全部公式",
    ]
    assert run_cli(capsys, "update", str(saved), "--month", "2025-01").code == 0
    assert read_book(saved).registers["labs"][0].values["note"] == "2"


def test_what_openpyxl_cannot_read_is_said_by_the_checks_not_by_openpyxl(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A date cell holding 1e308, in a workbook openpyxl is asked about (a formula typed
    into an input cell): openpyxl's warning, in English and naming no sheet, stays quiet;
    the checks name the cell."""

    def huge_date(book: Any) -> None:
        add_lab(book, "甲", "已揭牌")
        book["实验室"]["F2"] = 1e308
        book["实验室"]["F2"].number_format = "yyyy-mm-dd"
        book["实验室"]["G2"] = "=1+1"

    edit(workbook, huge_date)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = run_cli(capsys, "check", workbook.name)
    assert [str(w.message) for w in caught] == []
    assert run.code == 1
    assert "  实验室!F2: “揭牌日期”应为日期（如 2025-06-30），实际为 1e+308\n" in run.err


def test_an_open_workbook_is_left_alone(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workbook.parent / "~$目标.xlsx").write_bytes(b"lock")
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 3
    beside = workbook.parent / "目标（2025-01更新）.xlsx"
    assert run.err.strip() == (
        "目标.xlsx 正在 Excel 或 WPS 中打开，无法替换；新工作簿已另存为 目标（2025-01更新）.xlsx。"
        "请关闭后删除原文件，再把新文件改名为 目标.xlsx（或关闭后重新运行 tracker update）"
    )
    assert workbook.read_bytes() == before
    assert read_workbook(beside).history is not None


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old .xls"),
            "不是 xlsx 工作簿（",
        ),
        (lambda p: p.write_bytes(p.read_bytes()[:5000]), "不是 xlsx 工作簿（"),
        (lambda p: _without_sheet(p, "低空起降点"), "缺少工作表“低空起降点”；请从备份中恢复该表"),
        (
            lambda p: _renamed_header(p),
            "的“实验室”表第 1 行缺少列名“阶段”：这一列被删除或表头被改了；"
            "请把表头改回原名，或从 tracker-backups 中的备份恢复这一列",
        ),
    ],
    ids=["old xls", "truncated", "missing sheet", "renamed header"],
)
def test_broken_workbooks_are_refused_untouched(
    workbook: Path, capsys: pytest.CaptureFixture[str], damage: Any, message: str
) -> None:
    damage(workbook)
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 2
    assert message in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert workbook.read_bytes() == before


def _without_sheet(path: Path, name: str) -> None:
    edit(path, lambda book: book.remove(book[name]))


def _renamed_header(path: Path) -> None:
    edit(path, lambda book: put(book["实验室"], "E1", "进展阶段"))


def test_a_zip_bomb_is_refused(
    workbook: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with zipfile.ZipFile(workbook, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "xl/media/padding.bin", b"\0" * 3_000_000
        )  # 3 MB of zeros, a few KB zipped
    before = workbook.read_bytes()
    monkeypatch.setenv("TRACKER_MAX_UNZIPPED_MB", "2")
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 2
    assert "超过 2 MB 的上限" in run.err
    assert workbook.read_bytes() == before


def test_rows_added_below_columns_moved_and_a_column_of_ones_own(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def rearrange(book: Any) -> None:
        labs = book["实验室"]
        add_lab(book, "甲", "已揭牌")
        put(labs, "B300", "远在下面的实验室")  # far below the last row, past empty rows
        put(labs, "E300", "已签约")
        for row in range(1, 301):  # swap 研究方向 (D) and 阶段 (E)
            d, e = labs.cell(row, 4).value, labs.cell(row, 5).value
            labs.cell(row, 4).value, labs.cell(row, 5).value = e, d
        put(labs, "H1", "联系人")
        put(labs, "H2", "张三 138")

    edit(workbook, rearrange)
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 0, run.err
    book = read_book(workbook)
    labs = book.registers["labs"]
    assert [(r.item_id, r.values["name"], r.values["stage"], r.extra) for r in labs] == [
        ("LAB-001", "甲", "已揭牌", ["张三 138"]),
        ("LAB-002", "远在下面的实验室", "已签约", [None]),
    ]
    assert book.extra_columns["labs"] == ["联系人"]
    assert sheet_rows(workbook, "实验室")[0][:8] == [
        "编号", "实验室名称", "共建单位", "研究方向", "阶段", "揭牌日期", "备注", "联系人",
    ]  # fmt: skip


def test_problems_in_moved_columns_name_the_cell_they_are_in(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def rearrange(book: Any) -> None:
        labs = book["实验室"]
        add_lab(book, "甲", "揭牌了", 揭牌日期="下个月")
        for row in range(1, 3):  # 阶段 (E) to the front, 揭牌日期 (F) to the far right
            values = [labs.cell(row, c).value for c in range(1, 8)]
            order = [values[4], *values[:4], values[6], None, None, values[5]]
            for column, value in enumerate(order, start=1):
                labs.cell(row, column).value = value

    edit(workbook, rearrange)
    assert sheet_rows(workbook, "实验室")[0][:9] == [
        "阶段", "编号", "实验室名称", "共建单位", "研究方向", "备注", "", "", "揭牌日期",
    ]  # fmt: skip
    run = run_cli(capsys, "check", workbook.name)
    assert run.code == 1
    assert run.err.splitlines()[1:] == [
        '  实验室!A2: "揭牌了" 不是“阶段”的选项；可选：洽谈中、已签约、已揭牌、运行中',
        '  实验室!I2: “揭牌日期”应为日期（如 2025-06-30），实际为 "下个月"',
    ]


def test_a_revised_template(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tracker.template.catalog import builtin_template

    edit(workbook, with_labs(("甲", "已揭牌")))
    run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    original = builtin_template("guangming-ai-2025").text
    assert original.count("target = 3\n") == 1  # the labs' target
    revised = original.replace("target = 3\n", "target = 4\n")
    revised += (
        '\n[[goals]]\nid = "new-goal"\nname = "新增指标"\ncategory = "talent"\nkind = "value"\n'
    )
    revised += 'unit = "人"\ntarget = 100\ncomparator = ">="\n'
    (workbook.parent / "revised.toml").write_text(revised, encoding="utf-8")
    run = run_cli(
        capsys, "update", workbook.name, "--month", "2025-02", "--template", "revised.toml"
    )
    assert run.code == 0, run.err
    changes = [row[:6] for row in sheet_rows(workbook, "本月变化")[3:]]
    assert ["目标调整", "指标", "ai-labs", "人工智能联合实验室", "≥3", "≥4"] in changes
    assert ["新增指标", "指标", "new-goal", "新增指标", "", "≥100"] in changes
    history = read_workbook(workbook).history
    assert history is not None
    targets = {r.month: r.target for r in history.all_series()["ai-labs"]}
    assert targets == {"2025-01": 3, "2025-02": 4}  # what was in force each month
    assert read_book(workbook).template.goal("ai-labs").target == 4


def test_forecasts_say_how_they_were_made(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def month(number: int, value: float, labs: list[tuple[str, str]]) -> Any:
        def change(book: Any) -> None:
            monthly_cell(book, "output", f"2025-{number:02d}", "本月累计值").value = value
            for name, stage in labs:
                add_lab(book, name, stage)

        return change

    edit(workbook, month(1, 10, [("甲", "已揭牌")]))
    run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    edit(workbook, month(2, 20, [("乙", "已签约"), ("丙", "洽谈中")]))
    run_cli(capsys, "update", workbook.name, "--month", "2025-02")
    edit(workbook, month(3, 30, []))
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-03").code == 0
    rows = sheet_rows(workbook, "月度历史")
    header = rows[3]
    found = {row[0]: row for row in rows[4:] if row and row[0]}
    rate, pipeline, how = (
        header.index(h) for h in ("预测：按月均进度", "预测：含在途条目", "预测说明")
    )
    # output: 10 → 30 over two months, 10 a month for the 9 months left: 30 + 90 = 120
    assert found["output"][rate] == 120
    assert found["output"][how] == "月均进度：按 2025-01 至 2025-03 的月均变化推算到截止日期"
    # labs: one unveiled; 乙 and 丙 at earlier stages would make three
    assert found["ai-labs"][pipeline] == 3
    assert found["ai-labs"][how].endswith(
        "在途条目：另有 2 个条目处于前期阶段，假设全部达到计数阶段"
    )
    assert found["ai4s"][how] == "里程碑按阶段计，不作预测"


def test_a_forecast_of_one_item_in_the_pipeline_says_one_item(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An English workbook with one lab short of the counted stage: its note read
    "pipeline: 1 more items at an earlier stage, as if all of them got there"."""
    assert run_cli(capsys, "init", "goals.xlsx", "--lang", "en", "--as-of", "2025-01-31").code == 0

    def labs(book: Any) -> None:
        sheet = book["Labs"]
        for row, (name, stage) in enumerate((("A", "Unveiled"), ("B", "In talks")), start=2):
            put(sheet, f"B{row}", name)
            put(sheet, f"E{row}", stage)

    edit(in_tmp / "goals.xlsx", labs)
    assert run_cli(capsys, "update", "goals.xlsx", "--month", "2025-01").code == 0
    rows = sheet_rows(in_tmp / "goals.xlsx", "Monthly history")
    header = rows[3]
    how = header.index("How it was made")
    note = next(row[how] for row in rows[4:] if row and row[0] == "ai-labs")
    assert "pipeline: 1 more item at an earlier stage" in note, note
    assert "1 more items" not in note and "all of them" not in note


@pytest.mark.engines
def test_a_workbook_saved_by_libreoffice_updates_cleanly(
    tmp_path: Path, engines: Engines, capsys: pytest.CaptureFixture[str]
) -> None:
    """LibreOffice writes its own styles, real cached values and its own XML; the update
    reads it all the same, keeps every entry and the history of the months before, and
    has nothing to warn about."""
    from tracker.commands.demo import demo_book
    from tracker.workbook.writer import write_book

    source = tmp_path / "demo.xlsx"
    write_book(str(source), demo_book())
    first = run_cli(capsys, "update", str(source), "--month", "2025-05")
    assert first.code == 0, first.err
    before = read_workbook(source)
    assert before.history is not None and before.history.months
    (saved,) = engines.libreoffice([source])
    run = run_cli(capsys, "update", str(saved), "--month", "2025-06")
    assert run.code == 0, run.err
    assert run.err == ""
    after = read_workbook(saved)
    for register, rows in before.book.registers.items():
        assert after.book.registers[register] == rows, register
    assert after.book.monthly == before.book.monthly
    assert after.book.milestones == before.book.milestones
    assert after.book.assignments == before.book.assignments
    assert after.book.workbook_id == before.book.workbook_id
    assert after.history is not None and not after.history_damaged
    assert after.history.months == [*before.history.months, "2025-06"]
    for month in before.history.months:
        assert after.history.goals[month] == before.history.goals[month], month
    assert {m: e for m, e in after.history.items.items() if m != "2025-06"} == before.history.items


def test_a_copy_in_the_same_folder_does_not_take_the_history(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy shares the report folders; each workbook's own history still wins."""
    import shutil

    edit(workbook, with_labs(("甲", "已揭牌"), ("乙", "已签约")))
    run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    copy = workbook.with_name("目标 - 副本.xlsx")
    shutil.copy(workbook, copy)
    edit(copy, lambda book: put(book["实验室"], "B2", "改了名字"))
    assert run_cli(capsys, "update", copy.name, "--month", "2025-01").code == 0
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-02").code == 0
    changes = [row[:6] for row in sheet_rows(workbook, "本月变化")[3:]]
    assert changes == [["与上次更新相比没有变化", None, None, None, None, None]] or not any(
        row[0] in ("名称变化", "删除条目", "新增条目") for row in changes
    )


def test_an_earlier_month_needs_force(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(workbook, with_labs(("甲", "已揭牌")))
    for month in MONTHS[:3]:
        run_cli(capsys, "update", workbook.name, "--month", month)
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert (run.code, run.err.strip()) == (
        2,
        "2025-01 早于已记录的最近月份 2025-03；如确要重做这个月，请加 --force"
        "（之后各月的记录保持原样）",
    )
    assert workbook.read_bytes() == before
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-01", "--force").code == 0
    history = read_workbook(workbook).history
    assert history is not None and history.months == MONTHS[:3]


def test_months_skipped_are_said(workbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--month 2025-04 typed for 2025-02: said at once, while --force can put it right."""
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-01").code == 0
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-04")
    assert run.code == 0
    assert (
        "  2025-04: 2025-02、2025-03 没有更新记录，本次直接更新了 2025-04；"
        "如果月份输错了，请用 --month 指定正确的月份并加 --force 重做"
    ) in run.err.splitlines()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-05")
    assert (run.code, "没有更新记录" in run.err) == (0, False)  # the next month: nothing said


def test_item_numbers_are_tidied_not_taken_for_new_items(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(workbook, with_labs(("甲", "已揭牌"), ("乙", "已揭牌")))
    run_cli(capsys, "update", workbook.name, "--month", "2025-01")

    def retype(book: Any) -> None:
        put(book["实验室"], "A2", "LAB-001 ")
        put(book["实验室"], "A3", "ｌａｂ－００２")

    edit(workbook, retype)
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-02").code == 0
    assert [r.item_id for r in read_book(workbook).registers["labs"]] == ["LAB-001", "LAB-002"]
    assert sheet_rows(workbook, "本月变化")[3][0] == "与上次更新相比没有变化"


def test_renamed_and_moved_on_in_the_same_month(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(workbook, with_labs(("甲", "已签约")))
    run_cli(capsys, "update", workbook.name, "--month", "2025-01")

    def rename_and_move(book: Any) -> None:
        put(book["实验室"], "B2", "甲′")
        put(book["实验室"], "E2", "已揭牌")

    edit(workbook, rename_and_move)
    run_cli(capsys, "update", workbook.name, "--month", "2025-02")
    changes = [row[:6] for row in sheet_rows(workbook, "本月变化")[3:5]]
    assert changes == [
        ["名称变化", "实验室", "LAB-001", "甲′", "甲", "甲′"],
        ["阶段变化", "实验室", "LAB-001", "甲′", "已签约", "已揭牌"],
    ]


def firm(book: Any, **cells: object) -> None:
    """A firm with a name and a stage, and the given cells."""
    put(book["企业"], "B2", "某公司")
    put(book["企业"], "E2", "已落地")
    for cell, value in cells.items():
        put(book["企业"], cell, value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda book: firm(book, G2="1e999"),
            '  企业!G2: “年产值（亿元）”应为数字，实际为 "1e999"；只填数字，单位不用写',
        ),
        (
            # typed as a number, the code has lost its last digits already: a spreadsheet
            # keeps and shows 15 (…672624 → …673000)
            lambda book: firm(book, C2=914403007152672624),
            "  企业!C2: 统一社会信用代码 914403007152673000 不对：应为 18 位，"
            "最后一位校验位按 GB 32100-2015 计算；请核对营业执照",
        ),
        (
            lambda book: put(book["月度填报"], "J1", "我的备注"),
            "  月度填报!J1: 这张表不能加列（“我的备注”）：月度更新会整表重写；"
            "请把内容移到登记表或说明栏中",
        ),
        (
            lambda book: put(book["月度填报"], "A3", "二月"),
            "  月度填报!A3: 月份单元格被改动（二月）；请从备份中恢复这一行",
        ),
        (
            lambda book: put(book["月度填报"], "B3", "nonsense"),
            "  月度填报!B3: 编号 nonsense 不是本表的指标；请恢复原编号，或删除这一行",
        ),
        (
            lambda book: put(book["月度填报"], "G400", "七月补充说明"),
            "  月度填报!G400: 这一行不属于任何指标和月份（七月补充说明）：月度更新会整表重写，"
            "这一行不会保留；请把内容移到所属指标、月份那一行的说明栏，或删去",
        ),
        (
            lambda book: put(book["月度填报"], "A400", "备注：以上为初步数据"),
            "  月度填报!A400: 这一行不属于任何指标和月份（备注：以上为初步数据）：月度更新会"
            "整表重写，这一行不会保留；请把内容移到所属指标、月份那一行的说明栏，或删去",
        ),
        (
            lambda book: put(book["月度填报"], "C400", "以上数据待核"),
            "  月度填报!C400: 这一行不属于任何指标和月份（以上数据待核）：月度更新会整表重写，"
            "这一行不会保留；请把内容移到所属指标、月份那一行的说明栏，或删去",
        ),
    ],
    ids=[
        "infinite",
        "code as a number",
        "own column on the monthly sheet",
        "month",
        "goal id",
        "a note below the table",
        "a note below the table, in the month column",
        "a note below the table, beside the goals' names",
    ],
)
def test_more_refusals(
    workbook: Path, capsys: pytest.CaptureFixture[str], change: Any, message: str
) -> None:
    edit(workbook, change)
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 1
    assert message in run.err.splitlines()
    assert workbook.read_bytes() == before


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("12345678901234567890", 1.23456789012346e19),  # a bank account pasted as text
        (12345678901234567890, 1.23456789012346e19),
        (1e300, 1e300),
        (9.99999999999999e307, 9.99999999999999e307),  # the largest Excel holds
    ],
    ids=["20 digits as text", "20 digits", "1e300", "the largest"],
)
def test_a_huge_number_in_a_summed_column_is_taken_as_a_spreadsheet_takes_it(
    workbook: Path, capsys: pytest.CaptureFixture[str], typed: object, kept: float
) -> None:
    """Found by trying: a number of 20 digits (a bank account pasted into 可调度算力) in a
    column a goal adds up stopped the update with exit 70: the rounding of the sum worked
    with 28 digits at most. Excel takes such a number to 15 significant digits, and so
    does the update."""

    def facility(book: Any) -> None:
        sheet = book["算力设施"]
        put(sheet, "B2", "某算力中心")
        put(sheet, "E2", "投用")
        put(sheet, "F2", typed)

    edit(workbook, facility)
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 0, run.err
    assert read_book(workbook).registers["compute"][0].values["eflops"] == kept
    figure = next(row for row in sheet_rows(workbook, "完成情况") if row[0] == "compute")
    assert kept in figure


@pytest.mark.parametrize("typed", [1.5e308, -1e308, "1.5e308"])
def test_a_number_larger_than_excel_holds_is_refused(
    workbook: Path, capsys: pytest.CaptureFixture[str], typed: object
) -> None:
    """Excel's largest number is 9.99999999999999E+307 (its specifications and limits);
    a larger one, which LibreOffice or a program may write, is refused like 1e999 (a sum
    of two would be infinite, which no spreadsheet file can hold)."""
    edit(workbook, lambda book: firm(book, G2=typed))
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 1, run.err
    said = "超过 Excel 能存的最大数（9.99999999999999E+307）；请核对"
    assert any(
        line.startswith("  企业!G2: “年产值（亿元）”的 ") and line.endswith(said)
        for line in run.err.splitlines()
    ), run.err
    assert workbook.read_bytes() == before


def test_a_new_row_sorted_with_a_numbered_one_without_the_numbers_is_refused(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A lab added below LAB-002, then the two rows sorted without the 编号 column: LAB-002
    would take the new lab's name and its own would come back as a new item, its
    history cut. The row without a number is named, with both names."""
    edit(workbook, with_labs(("甲实验室", "已揭牌"), ("乙实验室", "已签约")))
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-01").code == 0

    def add_and_sort(book: Any) -> None:
        add_lab(book, "丙实验室", "洽谈中")
        sort_without_numbers(book["实验室"], 3, 4)  # LAB-002 and the new lab

    edit(workbook, add_and_sort)
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-02")
    assert run.code == 1
    assert (
        "  实验室!A4: 这一行没有编号，名称“乙实验室”却是 LAB-002 的，而 LAB-002 那一行现在是"
        "“丙实验室”：可能排序时没选中“编号”列，编号与条目错开了；请撤销排序，不要改动编号"
        "（如确是 LAB-002 改了名、又新增了同名条目，请给新条目另取名称以示区分）"
    ) in run.err.splitlines()
    assert workbook.read_bytes() == before


def test_an_item_renamed_and_a_new_one_given_its_old_name_are_both_kept(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a sort: LAB-002 renamed, and a new lab given its old name at a stage of its
    own (a sort would have dragged LAB-002's stage along with the name)."""
    edit(workbook, with_labs(("甲实验室", "已揭牌"), ("乙实验室", "已签约")))
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-01").code == 0

    def rename_and_add(book: Any) -> None:
        put(book["实验室"], "B3", "乙实验室（一期）")
        add_lab(book, "乙实验室", "洽谈中")

    edit(workbook, rename_and_add)
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-02")
    assert run.code == 0, run.err
    labs = read_book(workbook).registers["labs"]
    assert [(row.item_id, row.values["name"]) for row in labs] == [
        ("LAB-001", "甲实验室"),
        ("LAB-002", "乙实验室（一期）"),
        ("LAB-003", "乙实验室"),
    ]


def test_a_cell_the_template_fills_changed_by_hand_is_named_and_written_back(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The goals, monthly and milestone sheets are protected without a password: a target
    or a goal's name typed over there would be undone by the update without a word."""

    def revise(book: Any) -> None:
        goals = book["指标"]
        assert (goals["A2"].value, goals["E2"].value) == ("compute", 16)
        put(goals, "E2", 20)  # the target, on the goals sheet
        put(goals, "D2", "EFLOPS")  # its unit, a cell of text
        put(book["月度填报"], "C3", "实验室（改名）")  # a goal's name beside a month
        milestones = book["里程碑"]
        put(milestones, "B2", milestones["B2"].value + "（新）")
        # Typed otherwise, the same: a date as text, a comparator in full width, a number
        # as text; and a full-width space below the monthly table is no note.
        put(goals, "H2", "2025/12/31")
        put(goals, "F2", "＞")
        put(goals, "G2", "2")
        put(book["月度填报"], "H400", "\u3000")

    edit(workbook, revise)
    run = run_cli(capsys, "check", workbook.name)
    assert run.code == 0
    said = [line.split(": ", 1) for line in run.err.splitlines() if line.startswith("  ")]
    by_cell = dict(said)
    assert sorted(by_cell) == ["  指标!D2", "  指标!E2", "  月度填报!C3", "  里程碑!B2"]
    assert by_cell["  指标!E2"].startswith("模板写定的“16”被改成了“20”：月度更新会按模板写回原值")
    assert "tracker update --template" in by_cell["  指标!E2"]
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 0, run.err
    assert "  指标!E2: 模板写定的“16”被改成了“20”" in run.err
    written_back = read_workbook(workbook).problems
    assert not [problem for problem in written_back if problem.code == "template_cell"]


def test_a_typed_formula_without_a_value_is_not_lost(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def formula(book: Any) -> None:
        add_lab(book, "甲", "已揭牌")
        book["实验室"]["G2"] = "=1+1"  # saved by openpyxl: no value computed

    edit(workbook, formula)
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 1
    assert (
        "  实验室!G2: 输入单元格中是公式 =1+1，但没有计算结果；更新后此单元格为空，请改填数值"
        in run.err.splitlines()
    )


def test_text_that_starts_with_an_equals_sign_is_no_formula(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A note typed as text "=1+1" beside a formula on the same sheet: only the formula
    is one (the text was taken for one when the sheet held any formula)."""

    def formula(book: Any) -> None:
        add_lab(book, "甲", "已揭牌")
        add_lab(book, "乙", "已揭牌")
        book["实验室"]["G2"] = "=1+1"
        book["实验室"]["G2"].data_type = "s"  # as text, the way Excel keeps '=1+1
        book["实验室"]["G3"] = "=1+1"

    edit(workbook, formula)
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 1
    named = [line for line in run.err.splitlines() if "=1+1" in line]
    assert named == [
        "  实验室!G3: 输入单元格中是公式 =1+1，但没有计算结果；更新后此单元格为空，请改填数值"
    ]


@pytest.mark.parametrize(
    ("winerror", "message"),
    [
        (32, "目标.xlsx 正在 Excel 或 WPS 中打开，无法替换；"),
        (5, "无法替换 目标.xlsx（没有权限，或文件正在 Excel 中打开）；新工作簿已另存为"),
    ],
    ids=["sharing violation", "access denied"],
)
def test_when_the_replace_is_refused(
    workbook: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    winerror: int,
    message: str,
) -> None:
    """Windows refuses to replace a file a program holds (WinError 32), with no lock file
    to tell; or denies it for another reason (WinError 5: rights, a sync client). The new
    workbook goes beside the old one either way, saying which."""
    original = Path.replace
    before = workbook.read_bytes()

    def refuse(self: Path, target: Any) -> Any:
        if Path(target).resolve() == workbook.resolve():
            error = PermissionError(13, "The process cannot access the file")
            error.winerror = winerror  # type: ignore[attr-defined]
            raise error
        return original(self, target)

    monkeypatch.setattr(Path, "replace", refuse)
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 3
    assert run.err.startswith(message)
    assert workbook.read_bytes() == before
    assert (workbook.parent / "目标（2025-01更新）.xlsx").exists()
    assert not list(workbook.parent.glob(".~tracker-*.xlsx"))  # no temporary file left behind
    assert len(list((workbook.parent / "tracker-backups").glob("*.xlsx"))) == 1


def test_backups_never_overwrite_each_other(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(3):  # within the same second, most likely
        assert run_cli(capsys, "update", workbook.name, "--month", "2025-01").code == 0
    assert len(list((workbook.parent / "tracker-backups").glob("目标_*.xlsx"))) == 3


def test_a_template_dropping_a_register_with_items(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.template.catalog import builtin_template

    edit(workbook, with_labs(("甲", "已揭牌")))
    text = builtin_template("guangming-ai-2025").text
    start = text.index('[[registers]]\nid = "labs"')
    end = text.index('[[registers]]\nid = "scenarios"')
    without_labs = text[:start] + text[end:]
    without_labs = without_labs.replace('register = "labs"', 'register = "scenarios"')
    without_labs = without_labs.replace('where = { stage = { at_least = "已揭牌" } }', "")
    (workbook.parent / "t.toml").write_text(without_labs, encoding="utf-8")
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01", "--template", "t.toml")
    assert (run.code, run.err.strip()) == (
        2,
        "新模板去掉了登记表“实验室”，而它还有 1 个条目；请先在新模板中保留该登记表，或把条目移走",
    )


def test_a_required_column_added_by_hand_and_then_by_the_template(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.template.catalog import builtin_template

    def contact(book: Any) -> None:
        add_lab(book, "甲", "已揭牌")
        put(book["实验室"], "H1", "联系人")
        put(book["实验室"], "H2", "张三")

    edit(workbook, contact)
    text = builtin_template("guangming-ai-2025").text
    column = (
        '[[registers.columns]]\nid = "contact"\nname = "联系人"\ntype = "text"\nrequired = true\n\n'
    )
    at = text.index('[[registers]]\nid = "scenarios"')
    (workbook.parent / "t.toml").write_text(text[:at] + column + text[at:], encoding="utf-8")
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01", "--template", "t.toml")
    assert run.code == 0, run.err
    book = read_book(workbook)
    assert book.registers["labs"][0].values["contact"] == "张三"
    assert book.extra_columns["labs"] == []


def test_the_month_s_report_folder_and_the_file_s_permissions(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without mail settings there is no message; the rewritten workbook keeps the
    permissions the user gave the file it replaces."""
    workbook.chmod(0o640)
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 0, run.err
    folder = workbook.parent / "reports" / "2025-01"
    assert f"本月报告（通报、报告工作簿、快照、运行记录）：{Path('reports') / '2025-01'}" in run.out
    assert sorted(p.name for p in folder.iterdir()) == [
        "report.html",
        "report.json",
        "report.txt",
        "run.log",
        "snapshot.json",
        "光明区人工智能发展目标（2025年）进展_2025年1月.xlsx",
    ]
    assert workbook.stat().st_mode & 0o777 == 0o640
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-01").code == 0
    assert (folder / "run.log").read_text(encoding="utf-8").count("月度更新 2025-01") == 2


def test_a_run_log_that_cannot_be_written(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workbook is updated and the report written, but its run log cannot be: exit 3,
    saying what to do."""
    (workbook.parent / "reports" / "2025-01" / "run.log").mkdir(parents=True)
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01")
    assert run.code == 3
    folder = Path("reports") / "2025-01"
    assert run.err.startswith(f"工作簿已更新，但报告文件 {folder} 无法写入（")
    assert (workbook.parent / folder / "report.json").is_file()


def test_a_revised_template_changing_a_prefix_of_numbered_items_is_refused(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fifth break-it pass (templates): a revised prefix left LAB-001 beside the next new
    item's XLAB-002, one register numbered two ways (carry-over refuses the same change)."""
    from tracker.template.catalog import builtin_template

    edit(workbook, with_labs(("甲", "已揭牌")))
    assert run_cli(capsys, "update", workbook.name, "--month", "2025-01").code == 0
    text = builtin_template("guangming-ai-2025").text.replace('prefix = "LAB"', 'prefix = "XLAB"')
    (workbook.parent / "t.toml").write_text(text, encoding="utf-8")
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-02", "--template", "t.toml")
    assert (run.code, run.err.strip()) == (
        2,
        "新模板把登记表“实验室”的编号前缀由 LAB 改为 XLAB，而它已有 1 个编了号的条目；"
        '条目的编号不能改，请在新模板中保留 prefix = "LAB"',
    )
    assert workbook.read_bytes() == before


def test_next_periods_template_given_to_update_is_refused(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fifth break-it pass (templates): next year's template given to `update
    --template` (instead of `init --carry-over`) turned this year's workbook into next
    year's, every month's figures and notes moved out to a snapshot, with exit 0."""
    text = (Path(__file__).parent / "data" / "next-year.toml").read_text(encoding="utf-8")
    (workbook.parent / "t.toml").write_text(text, encoding="utf-8")
    before = workbook.read_bytes()
    run = run_cli(capsys, "update", workbook.name, "--month", "2026-01", "--template", "t.toml")
    assert (run.code, run.err.strip()) == (
        2,
        "新模板的考核期（2026-01 至 2026-12）与工作簿的考核期（2025-01 至 2025-12）没有重叠："
        "它是下一考核期的模板，不是修订；请用 tracker init 新工作簿.xlsx --template 新模板.toml "
        f"--carry-over {workbook.name} 开始下一期的工作簿",
    )
    assert workbook.read_bytes() == before


def test_a_choice_renamed_in_one_language_by_a_revised_template_follows(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fifth break-it pass (templates): a revised template renaming a stage in Chinese
    (已揭牌 → 已挂牌, "Unveiled" kept) refused every lab at that stage, to be retyped one by
    one, though next year's template carries the same rename by the other language."""
    from tracker.template.catalog import builtin_template

    edit(workbook, with_labs(("甲", "已揭牌"), ("乙", "运行中"), ("丙", "已挂牌 ")))
    text = builtin_template("guangming-ai-2025").text.replace("已揭牌", "已挂牌")
    (workbook.parent / "t.toml").write_text(text, encoding="utf-8")
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01", "--template", "t.toml")
    assert run.code == 0, run.err
    labs = read_book(workbook).registers["labs"]
    assert [row.values["stage"] for row in labs] == ["已挂牌", "运行中", "已挂牌"]


def test_a_stage_renamed_in_one_language_by_a_revised_template_follows(
    workbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same for a milestone's stage (AI for Science at 建设, renamed 在建, "Being built"
    kept): it was refused, to be picked again."""
    from tracker.template.catalog import builtin_template

    edit(workbook, lambda book: put(book["里程碑"], "D2", "建设"))  # ai4s
    text = builtin_template("guangming-ai-2025").text
    text = text.replace('{ name = "建设", name_en = "Being built", weight = 0.3 },\n  '
                        '{ name = "建成"', '{ name = "在建", name_en = "Being built", weight = '
                        '0.3 },\n  { name = "建成"', 1)  # fmt: skip
    assert "在建" in text
    (workbook.parent / "t.toml").write_text(text, encoding="utf-8")
    run = run_cli(capsys, "update", workbook.name, "--month", "2025-01", "--template", "t.toml")
    assert run.code == 0, run.err
    assert read_book(workbook).milestones["ai4s"].stage == "在建"
