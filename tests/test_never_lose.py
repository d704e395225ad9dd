"""The eighteen ways real edits broke the update (issue 8), each as it was found.

Setup as in the report: the demo workbook after its six months, updated for 2025-07.
Each test makes the edit a person would make (with openpyxl, which stores what it is
given as Excel would), runs the command, and checks the exit code, the message naming
the place, and that no cell people entered was lost or changed unless it should be.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.comments import Comment
from python_calamine import CalamineWorkbook

from tests.editing import (
    add_lab,
    edit,
    header_columns,
    letter,
    monthly_cell,
    put,
    replace_in_parts,
)
from tests.helpers import Engines, refused_untouched, run_cli, sheet_rows
from tracker.model import Book
from tracker.safefile import lock_path, temporary_prefix
from tracker.workbook.reader import read_book, read_workbook


def entries(book: Book) -> dict[str, Any]:
    """Everything people entered, to compare before and after."""
    return {
        "registers": {
            register: [(row.item_id, row.values, row.extra) for row in rows]
            for register, rows in book.registers.items()
        },
        "own": book.extra_columns,
        "monthly": book.monthly,
        "milestones": book.milestones,
        "units": {goal.id: book.assignment(goal.id) for goal in book.template.goals},
    }


def column(book: Any, sheet: str, header: str) -> str:
    return letter(header_columns(book[sheet])[header])


# 1 -------------------------------------------------------------------------------------


def test_1_a_line_break_from_word_in_a_lead_unit(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel stores a line break pasted from Word as _x000B_; it used to reach the
    completion sheet's cached value raw, and the file no longer opened."""
    edit(w, lambda book: put(book["指标"], "M3", "区科技创新局_x000B_（牵头）"))
    check = run_cli(capsys, "check", w.name)
    assert "  指标!M3: 含有单元格存不下的字符" in check.err
    before = entries(read_book(w))
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert "  指标!M3: 含有单元格存不下的字符（如从 Word 粘贴来的换行符）" in run.err
    openpyxl.load_workbook(w)  # opens: every part is well-formed
    after = read_book(w)
    assert after.assignment("ai-labs").lead == "区科技创新局\n（牵头）"
    before["units"]["ai-labs"] = after.assignment("ai-labs")
    assert entries(after) == before
    shown = sheet_rows(w, "完成情况")
    header = next(r for r in shown if r and r[0] == "编号")
    row = next(r for r in shown if r and r[0] == "ai-labs")
    assert row[header.index("牵头单位")] == "区科技创新局\n（牵头）"


@pytest.mark.engines
def test_1_libreoffice_shows_the_whole_completion_sheet(
    w: Path, engines: Engines, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(w, lambda book: put(book["指标"], "M3", "区科技创新局_x000B_（牵头）"))
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0
    (saved,) = engines.libreoffice([w])
    ids = [row[0] for row in sheet_rows(saved, "完成情况")[5:] if row and row[0]]
    assert len(ids) == 13


def test_1_a_workbook_that_does_not_read_back_is_never_put_in_place(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The written file is read back before it replaces the old one: a writer that let a
    control character through raw (as before) makes the update stop, nothing replaced."""
    from tracker.workbook import cells

    monkeypatch.setattr(cells, "escaped", lambda text: text)
    monkeypatch.setattr("tracker.inputs.normal_form.printable", lambda text: text)
    edit(w, lambda book: put(book["指标"], "M3", "区科技创新局_x000B_（牵头）"))
    before = w.read_bytes()
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 70
    assert "NotWrittenFaithfully" in run.err
    assert w.read_bytes() == before
    assert not list(w.parent.glob(".~tracker-*.xlsx"))


# 2 -------------------------------------------------------------------------------------


def test_2_a_colleague_s_save_during_the_update_is_kept(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save arriving through a share or a sync tool while the update runs (no ~$ lock
    file): the update saves its result beside and leaves the colleague's file alone."""
    from tracker.workbook import saving

    colleague = w.with_name("colleague.xlsx")
    shutil.copy(w, colleague)
    edit(colleague, lambda book: put(book["企业"], "B70", "同事新登记的企业"))
    real = saving.write_book  # type: ignore[attr-defined]

    def write_then_a_colleague_saves(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        shutil.copy(colleague, w)
        return result

    monkeypatch.setattr(saving, "write_book", write_then_a_colleague_saves)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 3
    beside = w.with_name("guangming-ai-2025-demo（2025-08更新）.xlsx")
    assert run.err.strip() == (
        f"{w.name} 在更新期间被保存过（可能是同事的修改），为免覆盖未替换；本次结果另存为 "
        f"{beside.name}。请等对方保存完毕后重新运行 tracker update，以包括其修改"
    )
    assert w.read_bytes() == colleague.read_bytes()
    assert beside.exists()


def test_2_an_update_waits_for_another_and_then_gives_up(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock\n"
            "with FileLock(sys.argv[1]):\n    print('held', flush=True); time.sleep(30)",
            str(lock_path(w)),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr("tracker.commands.update.LOCK_WAIT", 0.5)
        before = w.read_bytes()
        run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert run.code == 3
    assert run.err.strip() == (
        f"{w.name} 正由另一个 tracker update 更新，等了 0.5 秒仍未结束；请等它完成后再运行"
    )
    assert w.read_bytes() == before


@pytest.mark.slow
def test_2_two_updates_at_once_lose_no_month(w: Path) -> None:
    """Two updates started together: the second waits for the first, then reads what the
    first wrote. Every month a run reported done is in the history."""
    runs = {
        month: subprocess.Popen(
            [sys.executable, "-m", "tracker", "update", w.name, "--month", month],
            cwd=w.parent,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for month in ("2025-08", "2025-09")
    }
    codes = {month: process.wait(timeout=120) for month, process in runs.items()}
    assert set(codes.values()) <= {0, 2}, codes  # 2: 2025-08 after 2025-09 needs --force
    assert 0 in codes.values()
    history = read_workbook(w).history
    assert history is not None
    for month, code in codes.items():
        if code == 0:
            assert month in history.months
    assert history.months[:7] == [f"2025-{m:02d}" for m in range(1, 8)]


# 3 -------------------------------------------------------------------------------------


def _duration(sheet: Any, cell: str, hours: int = 30) -> None:
    sheet[cell] = timedelta(hours=hours)
    sheet[cell].number_format = "[h]:mm:ss"


def test_3_a_duration_in_a_number_column_is_named_by_its_cell(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def durations(book: Any) -> None:
        _duration(book["企业"], f"{column(book, '企业', '年产值（亿元）')}2")
        cell = monthly_cell(book, "output", "2025-08", "本月累计值")
        cell.value, cell.number_format = timedelta(hours=30), "[h]:mm:ss"

    edit(w, durations)
    lines = refused_untouched(capsys, w, 1)
    value = next(line for line in lines if line.startswith("  月度填报!"))
    assert value.endswith(
        ": “本月累计值”应为数字，实际为时长 30:00:00（输入 30:00 这样的内容会被当作时长）；只填数字"
    )
    assert (
        "  企业!G2: “年产值（亿元）”应为数字，实际为时长 30:00:00"
        "（输入 30:00 这样的内容会被当作时长）；只填数字"
    ) in lines


def test_3_a_duration_in_a_text_or_own_column_is_kept(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def durations(book: Any) -> None:
        labs = book["实验室"]
        _duration(labs, "G2")  # 备注, a text column
        put(labs, "H1", "用时")
        _duration(labs, "H2", 45)

    edit(w, durations)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    lab = read_book(w).registers["labs"][0]
    # Shown by its own format in both columns, it stays what it is: 30:00:00 as typed.
    assert lab.values["note"] == timedelta(hours=30)
    assert lab.extra == [timedelta(hours=45)]
    labs = openpyxl.load_workbook(w)["实验室"]
    assert labs["G2"].number_format == labs["H2"].number_format == "[h]:mm:ss"


# 4 -------------------------------------------------------------------------------------


def test_4_two_columns_with_the_same_header_are_refused(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def copy_stage_left(book: Any) -> None:
        labs = book["实验室"]
        labs.insert_cols(5)  # 阶段 moves from E to F; its copy goes into E
        for row in range(1, labs.max_row + 1):
            labs.cell(row, 5).value = labs.cell(row, 6).value
        put(labs, "F2", "运行中")  # then the stage is changed in the original

    edit(w, copy_stage_left)
    lines = refused_untouched(capsys, w, 1)
    assert (
        "  实验室!E1: 表头“阶段”出现了不止一次（另见 实验室!F1），不知该读哪一列；"
        "请删除多出的一列，或给它改名"
    ) in lines


# 5 and 6 -------------------------------------------------------------------------------


def _template(text: str, folder: Path) -> str:
    (folder / "revised.toml").write_text(text, encoding="utf-8")
    return "revised.toml"


def test_5_a_column_renamed_in_the_template_keeps_its_cells(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.template.catalog import builtin_template

    text = builtin_template("guangming-ai-2025").text
    labs = text.index('id = "labs"')
    end = text.index("[[registers]]", labs)
    block = (
        text[labs:end]
        .replace('id = "stage"', 'id = "phase"')
        .replace('id = "note"', 'id = "remark"')
    )
    text = text[:labs] + block + text[end:]
    text = text.replace(
        'register = "labs"\nwhere = { stage = {', 'register = "labs"\nwhere = { phase = {'
    )
    edit(w, lambda book: put(book["实验室"], "G3", "第二个实验室的备注"))
    before = read_book(w).registers["labs"]
    run = run_cli(
        capsys, "update", w.name, "--month", "2025-08", "--template", _template(text, w.parent)
    )
    assert run.code == 0, run.err
    after = read_book(w)
    assert after.extra_columns["labs"] == []
    assert [(r.item_id, r.values["phase"], r.values["remark"]) for r in after.rows("labs")] == [
        (r.item_id, r.values["stage"], r.values["note"]) for r in before
    ]
    assert after.rows("labs")[1].values["remark"] == "第二个实验室的备注"


def test_5_a_new_required_column_says_where_to_add_it(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.template.catalog import builtin_template

    text = builtin_template("guangming-ai-2025").text
    at = text.index('[[registers]]\nid = "scenarios"')
    column = (
        '[[registers.columns]]\nid = "contact"\nname = "联系人"\ntype = "text"\nrequired = true\n\n'
    )
    lines = refused_untouched(
        capsys, w, 2, "--template", _template(text[:at] + column + text[at:], w.parent)
    )
    assert lines == [
        "新模板给“实验室”加了必填列“联系人”，而表中 4 个条目都还没有这一列；"
        "请先在 实验室!H1 加一列，表头写“联系人”并逐条填好，再运行"
    ]


def test_5_a_new_optional_column_comes_in_empty(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A revised template that adds a column people may leave empty (联系人) ended the
    update in exit 70 (KeyError: 'contact'), found by a review: the items come in with
    the column empty, every other cell as it was."""
    from tracker.template.catalog import builtin_template

    text = builtin_template("guangming-ai-2025").text
    at = text.index('[[registers]]\nid = "scenarios"')
    column = '[[registers.columns]]\nid = "contact"\nname = "联系人"\ntype = "text"\n\n'
    before = read_book(w).registers["labs"]
    run = run_cli(
        capsys,
        "update",
        w.name,
        "--month",
        "2025-08",
        "--template",
        _template(text[:at] + column + text[at:], w.parent),
    )
    assert run.code == 0, run.err
    after = read_book(w).rows("labs")
    assert [row.values.get("contact") for row in after] == [None] * len(before)
    assert [{k: v for k, v in row.values.items() if k != "contact"} for row in after] == [
        row.values for row in before
    ]


def test_6_a_goal_the_template_drops_keeps_its_entries_in_the_snapshot(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tracker.template.catalog import builtin_template

    text = builtin_template("guangming-ai-2025").text
    start = text.index('[[goals]]\nid = "ai4s"')
    end = text.index("[[goals]]", start + 5)
    edit(w, lambda book: put(book["里程碑"], "G2", "方案已报区政府"))
    run = run_cli(
        capsys,
        "update",
        w.name,
        "--month",
        "2025-08",
        "--template",
        _template(text[:start] + text[end:], w.parent),
    )
    assert run.code == 0, run.err
    assert (
        "  ai4s: 指标 ai4s（AI for Science示范样板）不在新模板中，"
        "它的里程碑阶段和说明、牵头和配合单位已移出工作簿，保存在本月的 snapshot.json 中"
    ) in run.err.splitlines()
    snapshot = json.loads((w.parent / "reports/2025-08/snapshot.json").read_text("utf-8"))
    (dropped,) = snapshot["dropped"]
    assert dropped == {
        "goal": "ai4s",
        "name": "AI for Science示范样板",
        "milestone": {"stage": "建设", "reached": "2025-04-15", "note": "方案已报区政府"},
        "units": {"lead": "区科技创新局（示例）", "partners": ""},
    }
    changes = [row[:3] for row in sheet_rows(w, "本月变化")[3:]]
    assert ["删除指标", "指标", "ai4s"] in changes


def test_a_revision_that_changes_the_templates_id_says_what_that_does(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The roll-up groups workbooks by their template's id: a revision that changed it
    set the district apart from the others without a word."""
    from tracker.template.catalog import builtin_template

    text = builtin_template("guangming-ai-2025").text
    revised = text.replace('id = "guangming-ai-2025"', 'id = "guangming-ai-2025-rev"', 1)
    run = run_cli(
        capsys, "update", w.name, "--month", "2025-08", "--template", _template(revised, w.parent)
    )
    assert run.code == 0, run.err
    assert (
        "  template.id: 模板编号由 guangming-ai-2025 改为 guangming-ai-2025-rev："
        "tracker rollup 会把本工作簿与用原模板的工作簿分开列出，不计入同一合计；"
        "如果只是修订模板，请保留原编号"
    ) in run.err.splitlines()
    assert read_book(w).template.id == "guangming-ai-2025-rev"  # as asked, and said
    same = run_cli(capsys, "update", w.name, "--month", "2025-08", "--template", "revised.toml")
    assert same.code == 0 and "template.id" not in same.err


# 7 -------------------------------------------------------------------------------------


def _error(sheet: Any, cell: str, value: str) -> None:
    sheet[cell] = value
    sheet[cell].data_type = "e"


def test_7_an_error_value_in_a_number_column_is_named(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(w, lambda book: _error(book["企业"], "G3", "#N/A"))
    lines = refused_untouched(capsys, w, 1)
    assert (
        "  企业!G3: “年产值（亿元）”中是错误值 #N/A（可能是从公式结果粘贴来的）；"
        "请填写实际内容，或清空"
    ) in lines
    assert not any("公式出错" in line for line in lines)


def test_7_an_error_value_in_a_text_or_own_column_stays_as_text(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def errors(book: Any) -> None:
        _error(book["实验室"], "G2", "#DIV/0!")
        put(book["实验室"], "H1", "核对")
        _error(book["实验室"], "H3", "#N/A")

    edit(w, errors)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert "公式出错" not in run.err
    labs = read_book(w).registers["labs"]
    assert labs[0].values["note"] == "#DIV/0!"
    assert labs[1].extra == ["#N/A"]


# 8 -------------------------------------------------------------------------------------


def test_8_an_unwritable_report_folder_stops_before_anything_is_replaced(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (w.parent / "not-a-folder").write_text("a file where the folder should be")
    before = w.read_bytes()
    backups = sorted((w.parent / "tracker-backups").iterdir())
    run = run_cli(
        capsys, "update", w.name, "--month", "2025-08", "--reports", "not-a-folder/reports"
    )
    assert run.code == 3
    lines = run.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"报告文件夹 {Path('not-a-folder/reports/2025-08')} 无法写入（")
    assert lines[0].endswith(
        "），工作簿未更新；请检查该文件夹的权限，或用 --reports 指定别的文件夹"
    )
    assert w.read_bytes() == before
    assert sorted((w.parent / "tracker-backups").iterdir()) == backups


# 9 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("指标!M2", "  指标!M2: 文字有 40000 个字，超过单元格上限 32767 个；请删减"),
        ("实验室!H1", "  实验室!H1: 文字有 40000 个字，超过单元格上限 32767 个；请删减"),
        (
            "实验室!A2",
            "  实验室!A2: 文字有 40000 个字，超过单元格上限 32767 个；请删减",
        ),
        ("企业!A2", "  企业!A2: 编号被改成了 ENT-111111111111111111111111111111111111…(4,304)，"),
    ],
    ids=["lead unit", "own column header", "item number", "a 4300-digit number"],
)
def test_9_over_long_text_where_checks_did_not_look(
    w: Path, capsys: pytest.CaptureFixture[str], where: str, message: str
) -> None:
    sheet, cell = where.split("!")
    text = "ENT-" + "1" * 4300 if sheet == "企业" else "长" * 40_000
    edit(w, lambda book: put(book[sheet], cell, "PLACEHOLDER"))
    replace_in_parts(w, "PLACEHOLDER", text)
    lines = refused_untouched(capsys, w, 1)
    assert any(line.startswith(message) for line in lines), lines


# 10 ------------------------------------------------------------------------------------


def _without_history(book: Any) -> None:
    del book["_goal_history"]
    del book["_item_history"]


def test_10_history_sheets_deleted_and_no_report_folders(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's copy has the report folder of 2025-07 only: six months would be lost."""
    edit(w, _without_history)
    lines = refused_untouched(capsys, w, 2)
    months = ", ".join(f"2025-{m:02d}" for m in range(1, 7))
    assert lines == [
        f"{w.name} 的历史缺少 {months}：工作簿的隐藏历史页和报告文件夹 {Path('reports')} 中都没有；"
        f"请从 {Path('tracker-backups')} 中的备份恢复工作簿，或把这些月份的报告文件夹放回原处"
        "（或用 --reports 指定）；确要在缺少这些月份的情况下继续，请加 --force"
    ]
    forced = run_cli(capsys, "update", w.name, "--month", "2025-08", "--force")
    assert forced.code == 0, forced.err
    assert f"按 --force 继续：历史中缺少的月份（{months}）不再记录" in forced.err
    history = read_workbook(w).history
    assert history is not None and history.months == ["2025-07", "2025-08"]


def test_10_history_sheets_deleted_are_rebuilt_from_the_report_folders(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "init", "w.xlsx", "--as-of", "2025-01-31").code == 0
    path = in_tmp / "w.xlsx"
    edit(path, lambda book: add_lab(book, "甲", "已揭牌"))
    for month in ("2025-01", "2025-02", "2025-03"):
        assert run_cli(capsys, "update", "w.xlsx", "--month", month).code == 0
    edit(path, _without_history)
    run = run_cli(capsys, "update", "w.xlsx", "--month", "2025-04")
    assert run.code == 0, run.err
    assert "工作簿中的历史页缺失或被改动，已从报告文件夹重建（3 个月）" in run.err
    history = read_workbook(path).history
    assert history is not None and history.months == ["2025-01", "2025-02", "2025-03", "2025-04"]


# 11 ------------------------------------------------------------------------------------


def test_11_a_month_redone_with_force_is_said_and_marked(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "update", w.name, "--month", "2025-05", "--force")
    assert run.code == 0, run.err
    assert (
        "  2025-05: 2025-05 早于已记录的 2025-07，按 --force 重新记录：所用的是登记表现在的内容，"
        "之后新增或推进的条目也算在 2025-05 里；该月在“月度历史”中标为重算（*）"
    ) in run.err.splitlines()
    header = sheet_rows(w, "月度历史")[3]
    assert "2025年5月*" in header and "2025年6月" in header
    note = sheet_rows(w, "月度历史")[1][0]
    assert f"2025-05* 于 {date.today().isoformat()} 按当时的登记表重算。" in note
    snapshot = json.loads((w.parent / "reports/2025-05/snapshot.json").read_text("utf-8"))
    assert {record["recomputed"] for record in snapshot["goals"]} == {date.today().isoformat()}


# 12 ------------------------------------------------------------------------------------


def test_12_comments_links_and_number_formats_are_kept(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def dress(book: Any) -> None:
        labs = book["实验室"]
        labs["B2"].comment = Comment("联系人：张三 13800000000", "王五")
        labs["C3"].hyperlink = "https://www.example.gov.cn/lab?id=3&x=1"
        put(labs, "H1", "例会时间")
        labs["H1"].comment = Comment("每周一次", "王五")
        labs["H2"], labs["H2"].number_format = clock(14, 30), "h:mm"
        put(labs, "I1", "经费到位率")
        labs["I2"], labs["I2"].number_format = 0.35, "0%"
        labs["B40"].comment = Comment("空行上的批注", "王五")
        firms = book["企业"]
        firms["G2"].number_format = '#,##0.0"亿"'

    edit(w, dress)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert "  实验室!B40: 这里的批注不会保留（不在任何条目的行上，或这张表每月重写）" in run.err
    book = openpyxl.load_workbook(w)
    labs = book["实验室"]
    assert labs["B2"].comment.text == "联系人：张三 13800000000"
    assert labs["B2"].comment.author == "王五"
    assert labs["C3"].hyperlink.target == "https://www.example.gov.cn/lab?id=3&x=1"
    assert labs["H1"].comment.text == "每周一次"
    assert (labs["H2"].value, labs["H2"].number_format) == (clock(14, 30), "h:mm")
    assert (labs["I2"].value, labs["I2"].number_format) == (0.35, "0%")
    assert book["企业"]["G2"].number_format == '#,##0.0"亿"'
    about = " ".join(str(cell) for row in sheet_rows(w, "说明") for cell in row)
    assert "批注、超链接和数字格式" in about and "填充色、字体" in about
    # ... and again, from the workbook this update wrote.
    assert run_cli(capsys, "update", w.name, "--month", "2025-09").code == 0
    assert openpyxl.load_workbook(w)["实验室"]["C3"].hyperlink.target.endswith("x=1")


# 13 ------------------------------------------------------------------------------------


def test_13_merged_cells_are_named(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(w, lambda book: book["实验室"].merge_cells("C2:C3"))
    lines = refused_untouched(capsys, w, 1)
    assert (
        "  实验室!C2:C3: C2:C3 是合并单元格，更新会读错或丢失其中的内容；"
        "请取消合并（开始 → 合并后居中），再把内容填到每个单元格"
    ) in lines


# 14 ------------------------------------------------------------------------------------


def _new_lab_numbered(number: str) -> Any:
    def change(book: Any) -> None:
        add_lab(book, "新实验室", "洽谈中")
        put(book["实验室"], "A6", number)

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _new_lab_numbered("XYZ"),
            "  实验室!A6: 编号 XYZ 不是 tracker 编的号：编号由月度更新自动填写；请清空这一格"
            "（原有的编号可以放在自己加的列中）",
        ),
        (
            _new_lab_numbered("LAB-1"),
            "  实验室!A6: 编号 LAB-1 不是 tracker 编的号：编号由月度更新自动填写；请清空这一格"
            "（原有的编号可以放在自己加的列中）",
        ),
        (
            _new_lab_numbered("LAB-077"),
            "  实验室!A6: 编号 LAB-077 不是 tracker 编的号：编号由月度更新自动填写；请清空这一格"
            "（原有的编号可以放在自己加的列中）",
        ),
        (
            lambda book: put(book["实验室"], "A4", "LAB-009"),
            "  实验室!A4: 编号被改成了 LAB-009，这个条目原来的编号是 LAB-003；请改回 LAB-003",
        ),
        (
            lambda book: put(book["实验室"], "A5", None),
            "  实验室!A5: 编号被清空了：这一行的“医学影像人工智能联合实验室（示例）”原来的编号是"
            " LAB-004；请填回 LAB-004（如确是新条目，请改名以区分）",
        ),
    ],
    ids=["XYZ", "LAB-1", "never given", "edited", "blanked"],
)
def test_14_numbers_the_tool_did_not_give_are_refused(
    w: Path, capsys: pytest.CaptureFixture[str], change: Any, message: str
) -> None:
    edit(w, change)
    assert message in refused_untouched(capsys, w, 1)


def test_14_a_retired_number_is_not_taken_by_another_item(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(w, lambda book: book["实验室"].delete_rows(3))  # LAB-002 is removed in 2025-08
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0

    def reuse(book: Any) -> None:
        add_lab(book, "另一个实验室", "洽谈中")
        put(book["实验室"], "A5", "LAB-002")

    edit(w, reuse)
    before = w.read_bytes()
    run = run_cli(capsys, "update", w.name, "--month", "2025-09")
    assert run.code == 1
    assert (
        "  实验室!A5: 编号 LAB-002 属于已删除的条目“AI for Science人工智能联合实验室（示例）”"
        "（2025-08 删除），不能给别的条目用；如是把它放回，请用原来的名称（放回后可再改名）；"
        "否则请清空这一格，更新时会给新编号"
    ) in run.err.splitlines()
    assert w.read_bytes() == before


def test_14_an_item_put_back_with_its_number_is_welcome(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    removed = read_book(w).registers["labs"][1]
    edit(w, lambda book: book["实验室"].delete_rows(3))
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0

    def put_back(book: Any) -> None:
        add_lab(book, str(removed.values["name"]), str(removed.values["stage"]))
        put(book["实验室"], "A5", "LAB-002")

    edit(w, put_back)
    run = run_cli(capsys, "update", w.name, "--month", "2025-09")
    assert run.code == 0, run.err
    assert [r.item_id for r in read_book(w).registers["labs"]] == [
        "LAB-001",
        "LAB-003",
        "LAB-004",
        "LAB-002",
    ]


# 15 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["2025/7/31", "7月底", None], ids=["date text", "words", "cleared"]
)
def test_15_the_as_of_date_does_not_block_the_update(
    w: Path, capsys: pytest.CaptureFixture[str], typed: str | None
) -> None:
    edit(w, lambda book: put(book["参数"], "B3", typed))
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert read_book(w).as_of == date(2025, 8, 31)


# 16 ------------------------------------------------------------------------------------


def test_16_a_read_only_workbook_is_not_overwritten(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w.chmod(0o444)
    before = w.read_bytes()
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 3
    beside = "guangming-ai-2025-demo（2025-08更新）.xlsx"
    assert run.err.strip() == (
        f"{w.name} 设为只读，未替换；新工作簿已另存为 {beside}。"
        "如要更新原文件，请取消它的只读属性后重新运行"
    )
    assert w.read_bytes() == before
    assert w.stat().st_mode & 0o777 == 0o444
    assert (w.parent / beside).exists()


def test_16_a_symbolic_link_stays_a_link(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    real = w.parent / "shared" / w.name
    real.parent.mkdir()
    w.rename(real)
    w.symlink_to(real)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert w.is_symlink() and w.resolve() == real.resolve()
    history = read_workbook(real).history
    assert history is not None and history.months[-1] == "2025-08"
    assert not list(real.parent.glob(".~tracker-*.xlsx"))


# 17 ------------------------------------------------------------------------------------


def test_17_leftovers_of_a_killed_run_are_removed(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = w.parent / f"{temporary_prefix(w)}abcd1234.xlsx"
    mine.write_bytes(b"")
    someone_elses = w.parent / f"{temporary_prefix(w.with_name('other.xlsx'))}abcd.xlsx"
    someone_elses.write_bytes(b"")
    month = w.parent / "reports" / "2025-08"
    month.mkdir(parents=True)
    stale = month / ".~tracker-0a1b2c3d-xyz.json"
    stale.write_bytes(b"")
    long_ago = time.time() - 3600
    os.utime(stale, (long_ago, long_ago))
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0
    assert not mine.exists() and not stale.exists()
    assert someone_elses.exists()  # another workbook's update may be writing it


@pytest.mark.slow
def test_17_kill_9_in_the_middle_then_run_again(w: Path) -> None:
    command = [sys.executable, "-m", "tracker", "update", w.name, "--month", "2025-08"]
    process = subprocess.Popen(command, cwd=w.parent, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(w.parent.glob(".~tracker-*.xlsx")) and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.005)
    process.kill()
    process.wait()
    read_book(w)  # whole: the old workbook or the new one, never half of either
    again = subprocess.run(command, cwd=w.parent, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert not list(w.parent.glob(".~tracker-*.xlsx"))


# 18 ------------------------------------------------------------------------------------


def test_18_a_password_protected_workbook(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with w.open("rb") as plain, w.with_name("locked.xlsx").open("wb") as locked:
        OOXMLFile(plain).encrypt("secret", locked)
    run = run_cli(capsys, "update", "locked.xlsx", "--month", "2025-08")
    assert (run.code, run.err.strip()) == (
        2,
        "locked.xlsx 设有打开密码，无法读取；请在 Excel 中打开它，删除密码"
        "（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空后确定）并保存，再重试",
    )


def test_18_a_deleted_column_and_a_title_row_above_the_header(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = w.with_name("copy.xlsx")
    shutil.copy(w, copy)
    edit(w, lambda book: book["实验室"].delete_cols(5))
    assert refused_untouched(capsys, w, 2) == [
        f"{w.name} 的“实验室”表第 1 行缺少列名“阶段”：这一列被删除或表头被改了；"
        "请把表头改回原名，或从 tracker-backups 中的备份恢复这一列"
    ]

    def title(book: Any) -> None:
        book["实验室"].insert_rows(1)
        put(book["实验室"], "A1", "光明区人工智能联合实验室登记表")

    edit(copy, title)
    assert refused_untouched(capsys, copy, 2) == [
        "copy.xlsx 的“实验室”表的表头应在第 1 行，现在在第 2 行；请删除在表头上方插入的行"
    ]


def test_18_a_year_typed_into_a_date_cell(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def year(book: Any) -> None:
        book["实验室"]["F4"] = 2025
        book["实验室"]["F4"].number_format = "yyyy-mm-dd"

    edit(w, year)
    assert (
        "  实验室!F4: “揭牌日期”中的 2025 是年份，不是日期（会被当作 1905-07-17）；"
        "请填写完整日期，如 2025-06-30"
    ) in refused_untouched(capsys, w, 1)


def test_18_a_figure_typed_for_a_counted_goal_is_not_ignored_silently(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def figure(book: Any) -> None:
        monthly_cell(book, "ai-labs", "2025-08", "本月累计值").value = 5
        monthly_cell(book, "ai-firms", "2025-08", "本月累计值").value = "3个"

    edit(w, figure)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err  # "3个" was also an error: 应为数字
    warnings = [line for line in run.err.splitlines() if "不会被采用" in line]
    assert [line.partition(": ")[2] for line in warnings] == [
        "这个指标由登记表或里程碑自动计算，此处填写的 5 不会被采用；请清空这一格",
        '这个指标由登记表或里程碑自动计算，此处填写的 "3个" 不会被采用；请清空这一格',
    ]


def test_18_a_date_typed_for_a_counted_goal_is_refused_not_a_crash(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kept as typed, a date was written back in the figures' format and read back as a
    number: exit 70."""
    edit(
        w,
        lambda book: setattr(
            monthly_cell(book, "ai-labs", "2025-08", "本月累计值"), "value", date(2025, 8, 3)
        ),
    )
    lines = refused_untouched(capsys, w, 1)
    assert any("“本月累计值”应为数字" in line for line in lines), lines


def test_18_an_error_value_for_a_counted_goal_is_refused(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#N/A pasted as a value is no text typed: it was kept and written back as text."""
    edit(
        w,
        lambda book: setattr(
            monthly_cell(book, "ai-labs", "2025-08", "本月累计值"), "value", "#N/A"
        ),
    )
    lines = refused_untouched(capsys, w, 1)
    assert any("#N/A" in line and "不会被采用" not in line for line in lines[1:]), lines


def test_every_file_the_update_writes_reads_back(w: Path) -> None:
    """openpyxl and calamine open the workbook, the report workbook and the backups."""
    folder = w.parent
    for path in [w, *folder.glob("reports/*/*.xlsx"), *folder.glob("tracker-backups/*.xlsx")]:
        openpyxl.load_workbook(path).close()
        CalamineWorkbook.from_path(str(path))
    assert datetime.now()  # the fixture ran a real update


def test_14_a_backup_put_back_and_the_month_run_again(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The run being redone does not judge numbers: its workbook may be the one from
    before it (a backup put back), whose new items have no numbers yet."""
    edit(w, lambda book: add_lab(book, "新实验室", "洽谈中"))
    before = w.read_bytes()
    assert run_cli(capsys, "update", w.name, "--month", "2025-08").code == 0
    assert read_book(w).registers["labs"][-1].item_id == "LAB-005"
    w.write_bytes(before)  # the backup put back
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert read_book(w).registers["labs"][-1].item_id == "LAB-005"
