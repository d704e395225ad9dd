"""Whole commands through the command line: exact exit codes and messages."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import tracker
from tests.editing import edit, monthly_cell
from tests.helpers import completion_sheet, run_cli, sheet_rows
from tests.test_template import GOALS_2025
from tracker.errors import TrackerError
from tracker.i18n import Lang

EN_UNITS = {"个": None, "项": "item", "家": "firms", "亿元": "100M yuan", "E": "EFLOPS"}


def test_init_writes_a_workbook_with_every_goal_of_2025(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "init", "goals.xlsx", "--as-of", "2025-06-30")
    assert run.code == 0, run.err
    assert run.out.strip() == "已生成工作簿：goals.xlsx"
    rows = sheet_rows(in_tmp / "goals.xlsx", "指标")
    header = rows[0]
    col = {name: header.index(name) for name in ("编号", "目标值", "单位", "比较", "牵头单位")}
    listed = [
        (row[col["编号"]], row[col["目标值"]], row[col["单位"]], row[col["比较"]])
        for row in rows[1:]
    ]
    assert listed == [(goal_id, target, unit, cmp) for goal_id, target, unit, cmp, _ in GOALS_2025]
    assert {row[col["牵头单位"]] for row in rows[1:]} == {""}  # not invented
    shown = completion_sheet(in_tmp / "goals.xlsx")
    assert list(shown) == [goal_id for goal_id, *_ in GOALS_2025]
    assert {s.status for s in shown.values()} == {"严重滞后"}  # nothing entered by June


def test_lead_units_not_yet_set_read_to_be_set(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(capsys, "init", "goals.xlsx", "--as-of", "2025-06-30")
    rows = sheet_rows(in_tmp / "goals.xlsx", "完成情况")
    lead = rows[4].index("牵头单位")
    assert {row[lead] for row in rows[5:18]} == {"待定"}


def test_init_refuses_to_overwrite(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "goals.xlsx").write_bytes(b"keep me")
    run = run_cli(capsys, "init", "goals.xlsx")
    assert run.code == 2
    assert run.err.strip() == "goals.xlsx 已存在；如要覆盖请加 --force，或换一个文件名"
    assert (in_tmp / "goals.xlsx").read_bytes() == b"keep me"
    assert run_cli(capsys, "init", "goals.xlsx", "--force").code == 0
    assert (in_tmp / "goals.xlsx").read_bytes()[:2] == b"PK"


def test_init_in_english(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "init", "goals.xlsx", "--lang", "en", "--as-of", "2025-06-30")
    assert run.code == 0
    assert run.out.strip() == "Workbook written: goals.xlsx"
    shown = completion_sheet(in_tmp / "goals.xlsx", "en")
    assert {s.status for s in shown.values()} == {"Far behind"}
    units = {row[3] for row in sheet_rows(in_tmp / "goals.xlsx", "Goals")[1:]}
    assert units == {"labs", "scenarios", "sites", "firms", "item", "EFLOPS", "100M yuan"}


def test_the_same_as_of_gives_the_same_bytes(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_cli(capsys, "init", "a.xlsx", "--as-of", "2025-06-30")
    run_cli(capsys, "init", "b.xlsx", "--as-of", "2025/6/30")
    assert (in_tmp / "a.xlsx").read_bytes() == (in_tmp / "b.xlsx").read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["init", "g.xlsx", "--as-of", "6月底"],
            "6月底 不是日期；请写成 YYYY-MM-DD，如 2025-06-30",
        ),
        (["init", "g.xls"], "工作簿文件名应以 .xlsx 结尾：g.xls"),
        (
            ["init", "g.xlsx", "--template", "nope"],
            "找不到模板 nope；运行 tracker templates 查看内置模板，或给出模板文件的路径",
        ),
        (["init", "missing/g.xlsx"], "无法写入 missing/g.xlsx（文件夹不存在）"),
        (["status", "nothing.xlsx"], "找不到文件 nothing.xlsx"),
    ],
)
def test_usage_problems_exit_2_with_one_sentence(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    run = run_cli(capsys, *args)
    assert run.code == 2
    assert run.err.strip().startswith(message)
    assert "Traceback" not in run.err
    assert len(run.err.strip().splitlines()) == 1


def test_a_bad_template_lists_every_problem(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.test_template import MINIMAL

    (in_tmp / "t.toml").write_text(MINIMAL.format(target='"三"'), encoding="utf-8")
    run = run_cli(capsys, "init", "g.xlsx", "--template", "t.toml")
    assert run.code == 2
    assert run.err.splitlines() == [
        "模板 t.toml 有 1 处问题，请逐条修正：",
        '  goals[ai-labs].target: 应为数字，实际为 "三"',
    ]
    assert not (in_tmp / "g.xlsx").exists()


def test_a_file_that_is_no_workbook(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls renamed")
    run = run_cli(capsys, "status", "old.xlsx")
    assert run.code == 2
    assert run.err.startswith("old.xlsx 不是 xlsx 工作簿（是 Excel 97-2003（.xls）")
    assert run.err.strip().endswith("请在 Excel 或 WPS 中打开并另存为 .xlsx 后重试")


def test_a_workbook_not_made_by_tracker(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import xlsxwriter

    with xlsxwriter.Workbook(str(in_tmp / "other.xlsx")) as workbook:
        workbook.add_worksheet("Sheet1").write(0, 0, "hello")
    run = run_cli(capsys, "status", "other.xlsx")
    assert run.code == 2
    assert run.err.strip() == (
        "other.xlsx 不是由 tracker 生成的工作簿（缺少内部的模板页 _tracker）；"
        "请用 tracker init 生成"
    )


def _june_report(demo_built: dict[str, Path], lang: str, into: Path) -> Path:
    """A copy of the demo's June report workbook (the mailed attachment) in ``into``."""
    (found,) = (demo_built[lang].parent / "reports" / "2025-06").glob("*.xlsx")
    return Path(shutil.copy(found, into / found.name))


def _unmarked(path: Path) -> None:
    """The report at ``path`` as versions before the mark wrote it: properties naming the
    template only."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    core = parts["docProps/core.xml"].decode("utf-8")
    assert "tracker report; " in core
    parts["docProps/core.xml"] = core.replace("tracker report; ", "").encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


REPORT_SAYS = {
    "zh": "{path} 是月度报告工作簿（由 tracker update 生成，只含数值），不是跟踪工作簿："
    "请使用生成它的那本工作簿",
    "en": "{path} is a monthly report workbook (values only, made by tracker update), not a "
    "tracking workbook: use the workbook it was made from",
}


@pytest.mark.parametrize("marked", [True, False], ids=["marked", "before-the-mark"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_month_report_workbook_is_named_as_one(
    demo_here: dict[str, Path],
    demo_built: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    lang: Lang,
    marked: bool,
) -> None:
    """The report workbook a city office receives by mail is no damaged tracking
    workbook: every command given it says what it is, in one sentence (exit 2)."""
    report = _june_report(demo_built, lang, demo_here[lang].parent)
    if not marked:
        _unmarked(report)
    said = REPORT_SAYS[lang].format(path=report.name)
    master = demo_here[lang].name
    for args in (
        ["status", report.name],
        ["status", report.name, "--json"],
        ["export", report.name, "--out", "out"],
        ["check", report.name],
        ["update", report.name, "--month", "2025-07"],
        ["forms", report.name, "--month", "2025-07"],
        ["collect", report.name, master, "--month", "2025-07"],
    ):
        run = run_cli(capsys, *args, "--lang", lang)
        assert (run.code, run.err.strip()) == (2, said), args
    run = run_cli(capsys, "collect", master, report.name, "--month", "2025-07", "--lang", lang)
    assert said in run.err
    run = run_cli(capsys, "rollup", report.name, master, "--out", "r.xlsx", "--lang", lang)
    assert run.code == 1 and said in run.err
    with pytest.raises(TrackerError) as refused:
        tracker.open_workbook(report)
    assert refused.value.message(lang) == REPORT_SAYS[lang].format(path=report)


def test_a_year_end_report_before_the_mark_is_named_by_its_sheets(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import xlsxwriter

    with xlsxwriter.Workbook(str(in_tmp / "final.xlsx")) as workbook:
        for name in ("Year-end", "Monthly history"):
            workbook.add_worksheet(name).write(0, 0, "figures")
    run = run_cli(capsys, "status", "final.xlsx", "--lang", "en")
    assert run.code == 2
    assert run.err.strip() == (
        "final.xlsx is a year-end report workbook (values only, made by tracker close), not "
        "a tracking workbook: use the workbook it was made from"
    )


def test_status_json(demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "status", "guangming-ai-2025-demo.xlsx", "--json")
    assert run.code == 0
    data = json.loads(run.out)
    assert data["as_of"] == "2025-06-30"
    assert [g["id"] for g in data["goals"]] == [goal_id for goal_id, *_ in GOALS_2025]
    for goal in data["goals"]:
        assert set(goal) >= {
            "id", "name", "unit", "target", "comparator", "actual", "completion", "expected",
            "status",
        }  # fmt: skip
        assert goal["status"] in {"done", "on_track", "behind", "critical"}
        assert goal["completion"] == goal["actual"] / goal["target"]
    labs = next(g for g in data["goals"] if g["id"] == "ai-labs")
    assert labs["name"] == "人工智能联合实验室"
    assert data["problems"] == []


def test_status_json_lists_the_problems_by_their_cells(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_here["zh"]
    cell = ""

    def typed_wrong(book: Any) -> None:
        nonlocal cell
        target = monthly_cell(book, "output", "2025-06", "本月累计值")
        target.value, cell = "二十五亿", f"月度填报!{target.coordinate}"

    edit(path, typed_wrong)
    run = run_cli(capsys, "status", path.name, "--json", "--lang", "en")
    assert run.code == 1  # the problems are said on stderr too, and the exit code says so
    problems = json.loads(run.out)["problems"]
    wrong = [problem for problem in problems if problem["place"] == cell]
    assert len(wrong) == 1 and wrong[0]["severity"] == "error", problems
    assert wrong[0]["code"] and "二十五亿" in wrong[0]["message"]
    assert "number" in wrong[0]["message"]  # in the language asked for


def test_status_as_of_another_date(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(
        capsys, "status", "guangming-ai-2025-demo.xlsx", "--json", "--as-of", "2025-12-31"
    )
    data = json.loads(run.out)
    assert data["as_of"] == "2025-12-31"
    labs = next(g for g in data["goals"] if g["id"] == "ai-labs")
    assert (labs["expected"], labs["status"]) == (3, "critical")  # 2 of 3 at the year's end


def test_status_table(demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "status", "guangming-ai-2025-demo-en.xlsx")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].startswith("Guangming District AI goals (2025)  as of 2025-06-30")
    assert lines[-1] == "1 done, 7 on track, 3 behind, 2 far behind"
    assert any(line.startswith("landing-points") and line.endswith("Far behind") for line in lines)


def test_demo(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "demo")
    assert run.code == 0
    path = in_tmp / "tracker-demo" / "guangming-ai-2025-demo.xlsx"
    assert path.exists()
    assert run.out.splitlines()[:2] == [
        f"演示工作簿：{Path('tracker-demo') / 'guangming-ai-2025-demo.xlsx'}",
        "其中的条目和牵头单位都是示例数据。",
    ]
    assert "已完成 1 项，正常推进 7 项，滞后 3 项，严重滞后 2 项" in run.out
    rows = sheet_rows(path, "实验室")
    assert all(row[1].endswith("（示例）") for row in rows[1:])
    june = Path("tracker-demo") / "reports" / "2025-06"
    trip = Path("tracker-demo") / "round-trip"
    assert run.out.splitlines()[-5:] == [
        f"演示已依次运行 2025-01 至 2025-06 的月度更新；本月报告：{june}",
        f"试发送的邮件（没有真正发出）：{june / 'message.eml'}；"
        f"用浏览器打开 {june / 'report.html'} 可看到邮件正文",
        "",
        f"填报往返示例（{trip}）：为各牵头单位生成 7 份 2025年7月填报表；区科技创新局（示例）"
        "填好交回并入；区发展和改革局（示例）的填报表有一处错误被退回，改正后并入；"
        "随后完成 2025-07 的月度更新",
        f"各单位报送情况见其总表的“报送情况”表：{trip / 'guangming-ai-2025-demo.xlsx'}",
    ]
    assert (in_tmp / june / "message.eml").stat().st_size > 0
    assert not (in_tmp / june / "sent.json").exists()  # a dry run sends nothing
    # each month's update finds the months before in the workbook itself, as a workbook
    # updated month by month does: no run log says it may be an old backup
    logs = sorted((in_tmp / "tracker-demo" / "reports").glob("2025-0*/run.log"))
    assert len(logs) == 6
    assert not [log for log in logs if "提醒" in log.read_text(encoding="utf-8")]
    assert 'host = "smtp.example.gov.cn"' in (in_tmp / "tracker-demo" / "tracker.toml").read_text(
        encoding="utf-8"
    )


def test_templates(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "templates")
    assert run.code == 0
    assert run.out.splitlines() == [
        "内置模板：",
        "guangming-ai-2025　光明区人工智能发展目标（2025年）（13 项指标）",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["frobnicate"],
            "没有 frobnicate 这个命令；可用的命令："
            "check, close, collect, demo, export, forms, init, remind, rollup, send, status, "
            "templates, update",
        ),
        (["init"], "缺少工作簿 WORKBOOK；运行 tracker init --help 查看用法"),
        (["rollup"], "缺少要汇总的工作簿或文件夹 SOURCES；运行 tracker rollup --help 查看用法"),
        (["collect", "g.xlsx"], "缺少交回的填报表 RETURNS；运行 tracker collect --help 查看用法"),
        (["init", "--lang", "en"], "WORKBOOK is missing; run tracker init --help for usage"),
        (
            ["init", "--bogus", "g.xlsx"],
            "tracker init 没有 --bogus 这个选项；运行 tracker init --help 查看选项",
        ),
        (["--bogus"], "tracker 没有 --bogus 这个选项；运行 tracker --help 查看选项"),
        (
            ["status", "g.xlsx", "--lang", "fr"],
            "--lang 只能是 zh、en 之一；运行 tracker status --help 查看用法",
        ),
        (
            ["init", "g.xlsx", "--template"],
            "--template 后面缺少值；运行 tracker init --help 查看用法",
        ),
        (
            ["status", "g.xlsx", "--json=yes"],
            "--json 后面不带值；运行 tracker status --help 查看用法",
        ),
        (
            ["status", "g.xlsx", "h.xlsx", "i.xlsx"],
            "tracker status 多出了 h.xlsx i.xlsx；运行 tracker status --help 查看用法",
        ),
        # --lang words the message even when parsing stopped before reaching it
        (
            ["status", "--lang", "en", "g.xlsx", "--json=yes"],
            "--json takes no value; run tracker status --help for usage",
        ),
        (
            ["init", "--lang=en", "g.xlsx", "--template"],
            "--template needs a value after it; run tracker init --help for usage",
        ),
        (
            ["status", "--lang", "en", "g.xlsx", "h.xlsx"],
            "tracker status does not take h.xlsx; run tracker status --help for usage",
        ),
    ],
)
def test_usage_errors_in_the_users_language(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    run = run_cli(capsys, *args)
    assert (run.code, run.err.strip()) == (2, message)


def test_a_file_name_that_starts_with_a_dash_is_shown_how_to_write(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook saved as -2025.xlsx is taken for an option (-2) by the command line; the
    message says how to name it as a file."""
    (in_tmp / "-2025.xlsx").write_bytes(b"")
    run = run_cli(capsys, "check", "-2025.xlsx")
    assert (run.code, run.err.strip()) == (
        2,
        "tracker check 没有 -2 这个选项；若 -2025.xlsx 是文件，请写成 ./-2025.xlsx",
    )
    run = run_cli(capsys, "status", "--lang", "en", "--json", "-2025.xlsx")
    assert (run.code, run.err.strip()) == (
        2,
        "tracker status has no option -2; if -2025.xlsx is a file, write it as ./-2025.xlsx",
    )
    # a word that is no file and no workbook's name is still an unknown option
    run = run_cli(capsys, "check", "-q", "g.xlsx")
    assert run.err.strip() == "tracker check 没有 -q 这个选项；运行 tracker check --help 查看选项"
    # an option given its value with "=" is an option, not a file named so
    for word, option in (("--out=r.json", "--out"), ("-o=r.xlsx", "-o")):
        run = run_cli(capsys, "check", "g.xlsx", word)
        assert run.err.strip() == (
            f"tracker check 没有 {option} 这个选项；运行 tracker check --help 查看选项"
        )


def test_a_folder_is_not_a_workbook(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (in_tmp / "out").mkdir()
    run = run_cli(capsys, "status", "out")
    assert (run.code, run.err.strip()) == (2, "out 是文件夹，不是工作簿文件")


FETCH_AGAIN = "可能没有复制或下载完整，请重新复制或下载该文件，或用备份替换它"
SAVE_AS = "请在 Excel 或 WPS 中打开并另存为 .xlsx 后重试"


def _zipped(name: str, content: str = "<document/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "what", "fix"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls renamed",
            "是 Excel 97-2003（.xls）或 WPS（.et）的旧格式",
            SAVE_AS,
        ),
        ("名称,阶段\n甲,已签约\n".encode("gbk"), "是文本文件，例如 CSV", SAVE_AS),
        (b"", "文件是空的", FETCH_AGAIN),
        (bytes(5000), "文件里只有零字节，内容没有写进去", FETCH_AGAIN),  # never written
        (_zipped("word/document.xml"), "是压缩文件，但其中没有 Excel 工作簿，例如 Word 文档", None),
        (
            _zipped("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            "是 OpenDocument 表格（.ods，LibreOffice 的格式），只是名称为 .xlsx",
            SAVE_AS,
        ),
        (b"%PDF-1.4\n\x00\x01\x02", "文件格式无法识别，例如 PDF 或图片", None),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "文件格式无法识别，例如 PDF 或图片", None),  # no NUL
    ],
)
def test_files_that_are_no_workbook(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], content: bytes, what: str, fix: str | None
) -> None:
    """Each says what the file is and what to do, not what the zip library said."""
    (in_tmp / "old.xlsx").write_bytes(content)
    run = run_cli(capsys, "status", "old.xlsx")
    fix = fix or "请确认选对了文件"
    assert (run.code, run.err) == (2, f"old.xlsx 不是 xlsx 工作簿（{what}）；{fix}\n")
    assert (in_tmp / "old.xlsx").read_bytes() == content


def test_an_ods_file_is_not_said_to_be_named_xlsx(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _zipped("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    (in_tmp / "g.ods").write_bytes(content)
    run = run_cli(capsys, "check", "g.ods")
    assert (run.code, run.err) == (
        2,
        f"g.ods 不是 xlsx 工作簿（是 OpenDocument 表格（.ods，LibreOffice 的格式））；{SAVE_AS}\n",
    )


@pytest.mark.parametrize("command", ["update", "close", "collect"])
@pytest.mark.parametrize("name", ["g.xlsm", "g.ods"])
def test_a_workbook_in_another_format_is_not_written_back(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], command: str, name: str
) -> None:
    """An .xlsm (or .ods) holds a workbook the reader can read; written back in place it
    would be an xlsx under the old name: macros gone, and Excel refuses the file."""
    run_cli(capsys, "init", "g.xlsx", "--as-of", "2025-06-30")
    (in_tmp / "g.xlsx").rename(in_tmp / name)
    before = (in_tmp / name).read_bytes()
    run = run_cli(capsys, command, name, *(["f.xlsx"] if command == "collect" else []))
    assert run.code == 2
    assert run.err.startswith(f"{name} 不是 .xlsx 文件：tracker 按 .xlsx 写回工作簿，")
    assert (in_tmp / name).read_bytes() == before
    assert sorted(p.name for p in in_tmp.iterdir()) == [name]


def test_a_truncated_workbook(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "init", "g.xlsx", "--as-of", "2025-06-30")
    whole = (in_tmp / "g.xlsx").read_bytes()
    (in_tmp / "g.xlsx").write_bytes(whole[: len(whole) // 2])
    run = run_cli(capsys, "status", "g.xlsx")
    assert run.code == 2
    assert run.err == f"g.xlsx 不是 xlsx 工作簿（文件不完整，无法作为压缩包打开）；{FETCH_AGAIN}\n"


def test_a_workbook_that_inflates_past_the_limit(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli(capsys, "init", "g.xlsx", "--as-of", "2025-06-30")
    monkeypatch.setenv("TRACKER_MAX_UNZIPPED_MB", "0.1")
    run = run_cli(capsys, "status", "g.xlsx")
    assert run.code == 2
    assert run.err.startswith("g.xlsx 解压后有 ")
    assert "超过 0 MB 的上限" in run.err or "超过 0.1 MB 的上限" in run.err


def _tracker(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )


def test_python_dash_m_and_version() -> None:
    result = _tracker("--version")
    assert result.returncode == 0
    assert b"tracker" in result.stdout


def test_a_console_that_cannot_show_a_character(tmp_path: Path) -> None:
    """A cp936 console (or an ASCII log) gets '?' for what it cannot show, not a crash."""
    from tests.test_template import MINIMAL

    (tmp_path / "t.toml").write_text(
        MINIMAL.format(target="3").replace(
            'name = "实验室"\ncategory', 'name = "实验室🚀€"\ncategory'
        ),
        encoding="utf-8",
    )
    assert _tracker("init", "g.xlsx", "--template", "t.toml", cwd=tmp_path).returncode == 0
    for encoding in ("cp936", "ascii"):
        result = _tracker("status", "g.xlsx", env={"PYTHONIOENCODING": encoding}, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        text = result.stdout.decode(encoding)
        assert "?" in text
        assert "Traceback" not in result.stderr.decode(encoding, "replace")


def test_an_as_of_date_typed_as_text_is_named_by_its_cell(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    run_cli(capsys, "init", "g.xlsx", "--as-of", "2025-06-30")
    book = openpyxl.load_workbook(in_tmp / "g.xlsx")
    book["参数"]["B3"] = "6月底"
    book.save(in_tmp / "g.xlsx")
    run = run_cli(capsys, "status", "g.xlsx")
    assert run.code == 1
    assert run.err.splitlines()[1] == (
        "  参数!B3: 统计截止日期不是日期（6月底）；请填写日期，如 2025-06-30"
        "（月度更新会自动填写；status 和 export 也可用 --as-of 指定）"
    )
    assert run_cli(capsys, "status", "g.xlsx", "--as-of", "2025-06-30").code == 0


def test_a_file_for_a_folder_and_a_folder_for_a_file(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / "notes.txt").write_text("", encoding="utf-8")
    (in_tmp / "settings").mkdir()
    run = run_cli(capsys, "send", "notes.txt")
    assert (run.code, run.err.strip()) == (
        2,
        "文件夹 FOLDER 应为文件夹，给出的是文件；运行 tracker send --help 查看用法",
    )
    run = run_cli(capsys, "send", "--lang", "en", "settings", "--config", "settings")
    assert (run.code, run.err.strip()) == (
        2,
        "--config should be a file, not a folder; run tracker send --help for usage",
    )


def unreadable(path: Path) -> None:
    """Make ``path`` a file that exists and cannot be read, even by root: a link to a
    write-only kernel setting; for other users, a file without permissions."""
    if os.geteuid() != 0:
        path.write_bytes(b"PK")
        path.chmod(0)
        return
    target = Path("/proc/sys/vm/compact_memory")
    try:
        target.open("rb").close()
    except PermissionError:
        path.symlink_to(target)
    else:
        pytest.skip("no file here that root cannot read")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_workbook_that_cannot_be_opened(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unreadable(in_tmp / "wb.xlsx")
    run = run_cli(capsys, "check", "wb.xlsx")
    assert (run.code, run.err.strip()) == (
        2,
        "无法打开 wb.xlsx（没有权限，或文件正在 Excel 中打开）",
    )


def test_the_language_of_a_mistyped_command(capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "sned", "x", "--lang", "en")
    assert run.code == 2
    assert run.err.startswith(
        "there is no command sned; the commands are check, close, collect, demo, export, forms, "
        "init"
    )


def test_the_language_from_the_environment(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """TRACKER_LANG is --lang's environment variable (click reads it): it words messages
    and outranks the workbook's language; --lang outranks it; a value that is no language
    is named as the variable's, not as an option never typed."""
    workbook = str(demo_here["zh"])
    monkeypatch.setenv("TRACKER_LANG", "en")
    assert run_cli(capsys, "status", workbook).out.startswith("Guangming District AI goals")
    assert run_cli(capsys, "status", workbook, "--lang", "zh").out.startswith("光明区")
    run = run_cli(capsys, "status", workbook, "--as-of", "someday")
    assert (run.code, run.err.strip()) == (
        2,
        "someday is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30",
    )
    monkeypatch.setenv("TRACKER_LANG", "fr")
    run = run_cli(capsys, "status", workbook)
    assert (run.code, run.err.strip()) == (
        2,
        "环境变量 TRACKER_LANG 的值 “fr” 无效，只能是 zh、en 之一；请改正或删除它",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2025-13-01"], "2025-13-01 不是日期；请写成 YYYY-MM-DD，如 2025-06-30"),
        (["--month", "2025-13"], "2025-13 不是月份；请写成 YYYY-MM，如 2025-06"),
    ],
)
def test_dates_and_months_are_read_as_options_are_parsed(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Click's parameter types read --as-of and --month before the command runs: a date
    that is no date stops it before any file is touched, named in the tool's words."""
    command = "status" if args[0] == "--as-of" else "update"
    run = run_cli(capsys, command, "nowhere.xlsx", *args)
    assert (run.code, run.err.strip()) == (2, message)
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize(
    "typed", ["２０２５－０７", "２０２５／７", "２０２５．０７", "2025－07", "２０２５年７月"]
)
def test_a_month_typed_in_full_width_is_read_as_a_date_is(typed: str) -> None:
    """A Chinese input method left in full-width mode: --as-of took ２０２５－０７－０１, and
    --month refused ２０２５－０７."""
    from tracker.commands.update import parse_month

    assert parse_month(typed) == date(2025, 7, 1)


def test_the_demo_runs_again_in_its_folder(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second demo into the same folder is the same demo: its report folders its own."""
    assert run_cli(capsys, "demo", "d").code == 0
    again = run_cli(capsys, "demo", "d")
    assert again.code == 0, again.err


def test_the_status_table_rounds_a_half_as_the_workbook_does(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """0.2 E of 16 E is 1.25%: the completion sheet's 0.0% shows 1.3%, the status table
    showed 1.2% (Python's format rounds the binary value half to even)."""
    from tracker.excel import CellValue
    from tracker.model import RegisterRow, new_book
    from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template
    from tracker.workbook.saving import save_book

    book = new_book(builtin_template(DEFAULT_TEMPLATE), "zh", date(2025, 6, 30))
    facility: dict[str, CellValue] = {"name": "一号", "stage": "投用", "eflops": 0.2}
    book.registers["compute"] = [RegisterRow("", facility)]
    save_book(in_tmp / "goals.xlsx", book)
    assert completion_sheet(in_tmp / "goals.xlsx")["compute"].completion == 0.0125
    run = run_cli(capsys, "status", "goals.xlsx")
    assert run.code == 0, run.err
    line = next(line for line in run.out.splitlines() if line.startswith("compute "))
    assert "  1.3%  " in line, line
