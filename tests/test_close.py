"""The year's end: a workbook filled for twelve months through the command line (items
added and moved on, figures typed, notes, a lead unit) is closed; its year-end
assessment is checked against values worked out here, on the sheet, in the brief and in
the mail a real SMTP server receives; the closed workbook refuses an update unless
forced."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.editing import header_columns, last_row, letter, monthly_cell, put
from tests.helpers import run_cli, run_quiet
from tests.smtp_servers import smtp_server
from tests.test_send import settings
from tracker.commands.update import run_update
from tracker.errors import UsageError
from tracker.history.assessment import assess
from tracker.history.records import GoalRecord, History
from tracker.template.file import parse_template
from tracker.workbook.wording import remark

TEMPLATE = Path(__file__).parent / "data" / "year-end.toml"
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
# What is typed each month: the figures of the two reported goals (cumulative), and the
# labs registered or moved on (name → stage).
OUTPUT = [1, 2, 3, 4, 5, 6, 8, 10, 11, 9, 8.5, 8]  # 产值 ≥10: met in August, then fell
COMPUTE = [2, 3, 4, 5, 6, 8, 10, 12, 13, 14, 15, 16]  # 算力 >16: ends exactly at 16
LABS = {
    "2025-01": {"甲实验室": "洽谈中"},
    "2025-03": {"甲实验室": "已签约"},
    "2025-07": {"乙实验室": "已签约", "丙实验室": "已签约"},
    "2025-09": {"甲实验室": "已揭牌", "乙实验室": "已揭牌"},
    "2025-11": {"丙实验室": "已揭牌"},
}
CENTRE = {"2025-01": "谋划", "2025-06": "建设", "2025-11": "建成"}
NOTE = "产值回落，主要因两家企业外迁"
LEAD = "区发展和改革局"


def run_update_of(path: Path, month: str, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_cli(capsys, "update", str(path), "--month", month)
    assert run.code == 0, run.err


def type_month(path: Path, month: str) -> None:
    """What people type for ``month``, as they would in Excel."""
    book = openpyxl.load_workbook(path)
    index = MONTHS.index(month)
    for goal_id, figures in (("output", OUTPUT), ("compute", COMPUTE)):
        monthly_cell(book, goal_id, month, "本月累计值").value = figures[index]
    if month == "2025-12":
        monthly_cell(book, "output", month, "进展情况").value = NOTE
    labs = book["实验室"]
    columns = header_columns(labs)
    names = {labs.cell(r, columns["实验室名称"]).value: r for r in range(2, labs.max_row + 1)}
    for name, stage in LABS.get(month, {}).items():
        row = names.get(name) or last_row(labs, columns["实验室名称"]) + 1
        put(labs, f"{letter(columns['实验室名称'])}{row}", name)
        put(labs, f"{letter(columns['阶段'])}{row}", stage)
    if month in CENTRE:
        sheet = book["里程碑"]
        cols = header_columns(sheet)
        row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "centre")
        sheet.cell(row, cols["当前阶段"]).value = CENTRE[month]
    if month == "2025-01":
        sheet = book["指标"]
        cols = header_columns(sheet)
        row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "output")
        sheet.cell(row, cols["牵头单位"]).value = LEAD
    book.save(path)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook after eleven monthly updates, December typed but not yet updated."""
    folder = tmp_path_factory.mktemp("year")
    path = folder / "年终.xlsx"
    # (a module's fixture has no capsys: the command line runs quietly)
    assert (
        run_quiet("init", str(path), "--template", str(TEMPLATE), "--as-of", "2025-01-31").code == 0
    )
    for month in MONTHS:
        type_month(path, month)
        if month != "2025-12":
            run = run_quiet("update", str(path), "--month", month)
            assert run.code == 0, run.err
    return folder


@pytest.fixture
def closed(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A copy of the year's workbook, closed; its folder."""
    folder = tmp_path / "year"
    shutil.copytree(year, folder)
    run = run_cli(capsys, "close", str(folder / "年终.xlsx"))
    assert run.code == 0, run.err
    assert "已结束考核期" in run.out and "2025-12" in run.out
    assert "共 5 项目标：完成 2 项，未完成 3 项" in run.out
    return folder


# The assessment worked out by hand from what was typed above:
#   labs (≥3 unveiled, due December): 3 in November, so met, first in November; at
#     mid-year none was unveiled, so the run-rate said 0: wrong.
#   labs-signed (≥2 signed, due June): judged on June, when only 甲 was signed (乙 and 丙
#     came in July): 1, short by 1, never met by its deadline; no mid-year forecast
#     (due by then).
#   output (≥10): 10 in August, 8 in December: missed by 2, first met in August; at
#     mid-year 1 → 6 over five months, a pace of 1, six more months: 12, said met: wrong.
#   compute (>16): exactly 16: missed by 0 (it must exceed); at mid-year 2 → 8 over five
#     months, 1.2 a month: 8 + 7.2 = 15.2, said missed: right.
#   centre (milestone): 建成 in November: met (100%), no forecast.
# the columns compared: 考核月份, 期末完成值, 完成情况, 差距, 首次达标, 年中预测, 预测是否准确
COMPARED = (
    "考核月份",
    "期末完成值",
    "完成情况",
    "差距",
    "首次达标",
    "年中预测（2025年6月）",
    "预测是否准确",
)
EXPECTED = {
    "labs": ("2025年12月", 3, "已完成", None, "2025年11月", 0, "不准确"),
    "labs-signed": ("2025年6月", 1, "未完成", 1, None, None, None),
    "output": ("2025年12月", 8, "未完成", 2, "2025年8月", 12, "不准确"),
    "compute": ("2025年12月", 16, "未完成", 0, None, 15.2, "准确"),
    "centre": ("2025年12月", 1, "已完成", None, "2025年11月", None, None),
}


def year_end_rows(path: Path, sheet: str = "年度总结") -> dict[str, dict[str, Any]]:
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    header = rows[3]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[4:] if row[0]}


def test_the_assessment_on_the_sheet_is_what_was_worked_out(closed: Path) -> None:
    path = closed / "年终.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["说明", "完成情况", "年度总结"]
    assert book.active.title == "年度总结"
    rows = year_end_rows(path)
    assert list(rows) == list(EXPECTED)
    for goal_id, expected in EXPECTED.items():
        row = rows[goal_id]
        found = tuple(row[column] for column in COMPARED)
        assert found == expected, goal_id
    assert rows["output"]["说明"] == "2025年8月曾达到目标，其后回落"
    assert rows["output"]["进展情况"] == NOTE
    assert rows["output"]["牵头单位"] == LEAD
    assert rows["compute"]["说明"] == "恰好等于目标值，须超过目标才算完成"
    assert rows["labs-signed"]["说明"] == "期限为 2025-06-30，按2025年6月的记录考核"
    assert rows["labs-signed"]["目标"] == 2 and rows["compute"]["目标"] == 16


def test_the_year_end_report_folder_and_its_mail(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    final = closed / "reports" / "2025-final"
    manifest = json.loads((final / "report.json").read_text(encoding="utf-8"))
    assert manifest["final"] is True and manifest["month"] == "2025-12"
    attachment = final / "年终考核用例年度总结_2025年12月.xlsx"
    assert year_end_rows(attachment) == year_end_rows(closed / "年终.xlsx")
    text = (final / "report.txt").read_text(encoding="utf-8")
    assert "共 5 项目标：完成 2 项，未完成 3 项" in text
    assert not re.search(r"\d, \w", text)  # Chinese commas, as in the monthly brief
    assert "年中按进度预测了 3 项目标，其中 1 项判断正确。" in text
    missed = text[text.index("== 未完成的目标 ==") : text.index("== 已完成的目标 ==")]
    for name in ("上半年签约实验室", "产值", "算力"):
        assert f"- {name} [未完成]" in missed
    assert "差 2.00亿元" in missed and "年中（2025年6月）预测 12.00亿元：预计完成" in missed
    html = (final / "report.html").read_text(encoding="utf-8")
    assert " class=" not in html and NOTE in html  # every style inline
    with smtp_server("plain") as (port, inbox):
        config = settings(closed, port, "none")
        run = run_cli(capsys, "send", str(final), "--config", str(config))
    assert run.code == 0, run.err
    (arrived,) = inbox.messages
    message = email.message_from_bytes(arrived.data, policy=email.policy.default)
    assert message["Subject"] == "年终考核用例 2025年度目标完成情况"
    (part,) = list(message.iter_attachments())
    assert part.get_content() == attachment.read_bytes()


def test_a_closed_workbook_refuses_an_update_unless_forced(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = closed / "年终.xlsx"
    before = path.read_bytes()
    run = run_cli(capsys, "update", str(path), "--month", "2025-12")
    assert run.code == 2
    assert "已于 2025-12 结束考核期" in run.err and "--force" in run.err
    assert path.read_bytes() == before
    run = run_cli(capsys, "close", str(path), "--lang", "en")
    assert run.code == 2 and "was closed at 2025-12" in run.err
    status = run_cli(capsys, "status", str(path), "--json")
    assert json.loads(status.out)["closed"] == "2025-12"
    assert "已于 2025-12 结束考核期" in run_cli(capsys, "status", str(path)).out
    # A correction after the close: a figure typed again, forced; still closed, the
    # assessment and its report follow the correction.
    book = openpyxl.load_workbook(path)
    monthly_cell(book, "output", "2025-12", "本月累计值").value = 10
    book.save(path)
    run = run_cli(capsys, "update", str(path), "--month", "2025-12", "--force")
    assert run.code == 0, run.err
    assert year_end_rows(path)["output"]["完成情况"] == "已完成"
    final = closed / "reports" / "2025-final" / "report.txt"
    assert "共 5 项目标：完成 3 项，未完成 2 项" in final.read_text(encoding="utf-8")


def test_a_close_moved_to_another_month_leaves_one_attachment(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Closed at December, then again at June (forced): the year-end folder kept
    December's attachment beside June's, and one forwarding the folder's workbook by hand
    could pick the old one (found by a break-it pass). The folder holds the report it
    names, and no other."""
    final = closed / "reports" / "2025-final"
    december = final / "年终考核用例年度总结_2025年12月.xlsx"
    assert december.is_file()
    run = run_cli(capsys, "close", str(closed / "年终.xlsx"), "--month", "2025-06", "--force")
    assert run.code == 0, run.err
    assert not december.exists()
    assert [p.name for p in final.glob("*.xlsx")] == ["年终考核用例年度总结_2025年6月.xlsx"]


def test_a_stale_attachment_is_forgotten_only_when_safe(
    closed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the rule above may never do (found by a review of it): fail the close when the
    old attachment cannot go (open in Excel on Windows), or delete a file the manifest was
    edited to name (a person's own, the workbook itself): a report folder's manifest
    names only what its digest vouches for."""
    final = closed / "reports" / "2025-final"
    december = final / "年终考核用例年度总结_2025年12月.xlsx"
    unlink = Path.unlink

    def in_use(path: Path, missing_ok: bool = False) -> None:
        if path.name == december.name:
            raise PermissionError(13, "The process cannot access the file", str(path))
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", in_use)
    run = run_cli(capsys, "close", str(closed / "年终.xlsx"), "--month", "2025-06", "--force")
    monkeypatch.undo()
    assert run.code == 0, run.err
    assert december.exists()  # left over, the report written all the same

    own = final / "批注版.xlsx"
    own.write_bytes(b"a person's own workbook")
    manifest = json.loads((final / "report.json").read_text("utf-8"))
    manifest["attachment"] = own.name
    (final / "report.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    run = run_cli(capsys, "close", str(closed / "年终.xlsx"), "--month", "2025-07", "--force")
    assert run.code == 0, run.err
    assert own.read_bytes() == b"a person's own workbook"


def test_closing_in_english(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "year"
    shutil.copytree(year, folder)
    run = run_cli(capsys, "close", str(folder / "年终.xlsx"), "--lang", "en")
    assert run.code == 0, run.err
    assert "Closed" in run.out and "5 goals: 2 met, 3 missed" in run.out
    assert "Year-end report: " in run.out


@pytest.mark.parametrize("typed", ["To be set", " 待定 "])
def test_a_lead_typed_as_the_word_for_none_is_no_lead_of_the_year_end_brief(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    """As the monthly brief and `tracker forms` take it: "To be set" typed in a Chinese
    workbook read 牵头单位：To be set in the year-end brief."""
    folder = tmp_path / "year"
    shutil.copytree(year, folder)
    book = openpyxl.load_workbook(folder / "年终.xlsx")
    sheet = book["指标"]
    cols = header_columns(sheet)
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "output")
    sheet.cell(row, cols["牵头单位"]).value = typed
    book.save(folder / "年终.xlsx")
    run = run_cli(capsys, "close", str(folder / "年终.xlsx"))
    assert run.code == 0, run.err
    final = folder / "reports" / "2025-final"
    for name in ("report.txt", "report.html"):
        text = (final / name).read_text(encoding="utf-8")
        assert "牵头单位" not in text and "To be set" not in text and "待定" not in text, name


def test_a_goal_due_after_the_close_is_not_yet_due(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Closed early, at November: goals due in December are judged on November's record
    and, where not met, said to be not yet due rather than missed."""
    folder = tmp_path / "year"
    shutil.copytree(year, folder)
    path = folder / "年终.xlsx"
    run = run_cli(capsys, "close", str(path), "--month", "2025-11")
    assert run.code == 0, run.err
    assert "共 5 项目标：完成 2 项，未完成 1 项，期限未到 2 项" in run.out
    rows = year_end_rows(path)
    assert rows["output"]["完成情况"] == "期限未到" and rows["output"]["期末完成值"] == 8.5
    assert rows["labs-signed"]["完成情况"] == "未完成"  # due in June: judged, missed
    assert rows["centre"]["完成情况"] == "已完成"  # 建成 in November


def test_a_closed_workbook_takes_no_more_forms_reminders_or_returns(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = closed / "年终.xlsx"
    before = path.read_bytes()
    returned = closed / "returns" / "某单位.xlsx"  # any file: the master is refused first
    returned.parent.mkdir()
    shutil.copy(path, returned)
    for args in (
        ["forms", str(path), "--month", "2025-12"],
        ["remind", str(path), "--month", "2025-12"],
        ["collect", str(path), str(returned)],
    ):
        run = run_cli(capsys, *args)
        assert run.code == 2, (args, run.err)
        assert "已于 2025-12 结束考核期" in run.err and "--carry-over" in run.err, args
    assert path.read_bytes() == before


def test_another_workbooks_year_end_report_is_never_overwritten(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    final = closed / "reports" / "2025-final"
    before = {p.name: p.read_bytes() for p in final.iterdir()}
    other = closed / "另一本.xlsx"
    assert run_cli(capsys, "init", str(other), "--template", str(TEMPLATE)).code == 0
    run = run_cli(capsys, "close", str(other), "--month", "2025-11")
    assert run.code == 2 and "另一本工作簿的报告" in run.err
    assert {p.name: p.read_bytes() for p in final.iterdir()} == before


def test_a_close_cut_short_is_finished_by_running_it_again(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Stopped after the workbook was replaced, before the year-end report was whole (its
    manifest is written last): close again finishes it, without --force."""
    final = closed / "reports" / "2025-final"
    (final / "report.json").unlink()
    run = run_cli(capsys, "close", str(closed / "年终.xlsx"))
    assert run.code == 0, run.err
    assert "没有完整的年度总结报告" in run.err and "已重新结束并补齐报告" in run.err
    assert json.loads((final / "report.json").read_text(encoding="utf-8"))["final"] is True


def test_a_close_made_without_mail_settings_is_not_closed_again_once_they_are_added(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Closed whole where there was no tracker.toml (no email to write); mail settings
    put beside the workbook afterwards (to send the reports) do not make the close look
    cut short: a close again is refused, as for any closed workbook, and the workbook is
    not written again."""
    path = closed / "年终.xlsx"
    before = path.read_bytes()
    settings(closed, 25, "none")
    run = run_cli(capsys, "close", str(path))
    assert run.code == 2, run.err
    assert "已于 2025-12 结束考核期" in run.err
    assert path.read_bytes() == before
    assert not (closed / "reports" / "2025-final" / "message.eml").exists()


def test_a_close_stopped_at_its_email_after_the_month_was_run_is_finished(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """December updated first (its run log there before the close), then a close stopped
    by a full disk between the year-end report and its email (the email's name taken by a
    folder: the same refusal): the close again finishes it without --force."""
    folder = tmp_path / "year"
    shutil.copytree(year, folder)
    path = folder / "年终.xlsx"
    assert run_cli(capsys, "update", str(path), "--month", "2025-12").code == 0
    settings(folder, 25, "none")
    final = folder / "reports" / "2025-final"
    (final / "message.eml").mkdir(parents=True)
    assert run_cli(capsys, "close", str(path)).code == 3
    (final / "message.eml").rmdir()
    run = run_cli(capsys, "close", str(path))
    assert run.code == 0, run.err
    assert (final / "message.eml").is_file()


def test_a_year_end_email_deleted_after_it_was_sent_does_not_reopen_the_close(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    final = closed / "reports" / "2025-final"
    with smtp_server("plain") as (port, _inbox):
        config = settings(closed, port, "none")
        assert run_cli(capsys, "send", str(final), "--config", str(config)).code == 0
    (final / "message.eml").unlink()  # tidied away by hand: it went
    path = closed / "年终.xlsx"
    before = path.read_bytes()
    run = run_cli(capsys, "close", str(path))
    assert run.code == 2, run.err
    assert "已于 2025-12 结束考核期" in run.err
    assert path.read_bytes() == before


def test_a_year_end_report_changed_after_it_was_sent_is_said(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    final = closed / "reports" / "2025-final"
    with smtp_server("plain") as (port, _inbox):
        config = settings(closed, port, "none")
        run = run_cli(capsys, "send", str(final), "--config", str(config))
    assert run.code == 0 and "已发送 2025-final 的报告" in run.out
    path = closed / "年终.xlsx"
    book = openpyxl.load_workbook(path)
    monthly_cell(book, "output", "2025-12", "本月累计值").value = 10
    book.save(path)
    run = run_cli(capsys, "close", str(path), "--force")
    assert run.code == 0, run.err
    assert "年度总结报告已于" in run.err and "tracker send" in run.err


def test_a_month_after_the_close_is_refused_and_the_period_must_be_over(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "year"
    shutil.copytree(year, folder)
    path = folder / "年终.xlsx"
    before = path.read_bytes()
    with pytest.raises(UsageError) as refusal:  # as if run on 15 December 2025
        run_update(path, None, datetime(2025, 12, 15, 9), closing=True)
    assert refusal.value.key == "close.not_ended"
    assert path.read_bytes() == before
    assert run_cli(capsys, "close", str(path), "--month", "2025-11").code == 0
    run = run_cli(capsys, "update", str(path), "--month", "2025-12", "--force")
    assert run.code == 2 and "tracker close --month 2025-12 --force" in run.err


def record(month: str, actual: float, target: float, comparator: str = ">=") -> GoalRecord:
    return GoalRecord(month, "g", "g", "个", target, comparator, actual, 0, 0, 0, "behind")


def test_a_target_raised_later_is_not_a_figure_that_fell() -> None:
    """Met in June against 50, the target raised to 60 in August, 58 at the end: missed
    by 2, and never met against the target in force at the deadline."""
    template = parse_template(TEMPLATE.read_text(encoding="utf-8"), "year-end.toml")
    history = History()
    figures = [(6, 52, 50), (7, 53, 50), (8, 55, 60), (12, 58, 60)]
    for month, actual, target in figures:
        key = f"2025-{month:02d}"
        history.goals[key] = [dataclasses.replace(record(key, actual, target), goal_id="output")]
    (outcome,) = [o for o in assess(template, history, "2025-12").outcomes if o.goal.id == "output"]
    assert not outcome.met and outcome.shortfall == 2 and outcome.first_met == ""
    assert not outcome.met_then_missed


def test_a_goal_below_its_target_exactly_at_it_is_said_to_be_missed_for_that() -> None:
    template = parse_template(TEMPLATE.read_text(encoding="utf-8"), "year-end.toml")
    history = History()
    history.goals["2025-12"] = [dataclasses.replace(record("2025-12", 7, 7, "<"), goal_id="output")]
    assessment = assess(template, history, "2025-12")
    (outcome,) = [o for o in assessment.outcomes if o.goal.id == "output"]
    assert not outcome.met and outcome.shortfall == 0
    assert remark(outcome, "2025-12", "zh") == "恰好等于目标值，须低于目标才算完成"
    assert remark(outcome, "2025-12", "en") == "exactly at the target, which it must be below"


def meta_value(path: Path, key: str, value: str) -> None:
    """Change a value on the hidden meta sheet, as a hand edit would."""
    book = openpyxl.load_workbook(path)
    sheet = book["_tracker"]
    (row,) = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == key]
    sheet.cell(row, 2).value = value
    book.save(path)


def test_a_hand_edited_close_or_origin_reads_as_none(
    closed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The meta sheet is hidden and protected; a value edited there by hand (not a month
    of the period, figures that are no numbers) is taken as absent, never a crash."""
    path = closed / "年终.xlsx"
    meta_value(path, "closed", "garbage")
    status = run_cli(capsys, "status", str(path), "--json")
    assert json.loads(status.out)["closed"] is None
    run = run_cli(capsys, "update", str(path), "--month", "2025-12", "--force")
    assert run.code == 0, run.err
    new = closed / "新.xlsx"
    run = run_cli(capsys, "init", str(new), "--template", str(TEMPLATE), "--carry-over", str(path))
    assert run.code == 0, run.err
    book = openpyxl.load_workbook(new)
    sheet = book["_tracker"]
    (row,) = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "origin"]
    origin = json.loads(sheet.cell(row, 2).value)
    origin["finals"]["output"] = "nan"
    sheet.cell(row, 2).value = json.dumps(origin)
    book.save(new)
    status = run_cli(capsys, "status", str(new), "--json")
    assert json.loads(status.out)["origin"] is None  # strict JSON: no NaN in it


def test_a_sheet_of_their_own_named_like_the_year_end_sheet_is_theirs_while_open(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "year"
    shutil.copytree(year, folder)
    path = folder / "年终.xlsx"
    book = openpyxl.load_workbook(path)
    book.create_sheet("年度总结")["A1"] = "我们自己的总结"
    book.save(path)
    run = run_cli(capsys, "check", str(path))
    assert run.code == 1 and "年度总结" in run.err  # not taken for the tool's, not dropped


def test_closing_in_english_names_the_sheet_as_the_workbook_does(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Messages in English about a Chinese workbook: its year-end sheet is 年度总结 there,
    not a Year-end sheet no one can find."""
    folder = tmp_path / "year"
    shutil.copytree(year, folder)
    run = run_cli(capsys, "close", str(folder / "年终.xlsx"), "--lang", "en")
    assert run.code == 0, run.err
    assert "the workbook has a “年度总结” sheet" in run.out
    assert "on the “本月变化” sheet" in run.out
    assert "Year-end sheet" not in run.out and "“Changes”" not in run.out
