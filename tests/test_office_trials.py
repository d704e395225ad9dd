"""What three months of the monthly cycle done in LibreOffice itself found (issue 15, items
1 to 6): figures labelled as what they are, digits typed in text columns kept as text,
rows that can be deleted, what is shown agreeing with what is judged, typed-over formulas
told about, and locks named for their program."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.editing import edit
from tests.helpers import formula_cells, run_cli, sheet_rows
from tracker.inputs.uscc import check_character
from tracker.model import new_book
from tracker.progress import Status, compute
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template

USCC = "91440300MA5FXXXX0" + check_character("91440300MA5FXXXX0")


def test_a_goal_sharing_its_id_with_a_register_is_labelled_a_goal(
    demo_built: dict[str, Path],
) -> None:
    """#1: the goal ``compute`` shares its id with the register ``compute``; its April figure
    was labelled an item of 算力设施 in 本月变化 and printed in the brief."""
    reports = demo_built["zh"].parent / "reports" / "2025-04"
    (report_book,) = reports.glob("*.xlsx")
    rows = sheet_rows(report_book, "本月变化")
    compute = [row for row in rows if row[2] == "compute"]
    assert compute == [["完成值变化", "指标", "compute", "可调度算力规模", "6.5", "9.7"]]
    brief = (reports / "report.txt").read_text(encoding="utf-8")
    assert "完成值变化：算力设施" not in brief
    assert "阶段变化：算力设施 CMP-002" in brief  # the register's own change stays


def libreoffice_edits(tmp_path: Path, workbook: Path, edits: dict[str, Any]) -> dict[str, Any]:
    """Type and delete rows in ``workbook`` through LibreOffice's UNO bridge, then save it
    as xlsx in place (``tests/uno_typing.py``, run by the system Python that has uno)."""
    python = Path("/usr/bin/python3")
    found = shutil.which("soffice") and python.exists()
    if not found or subprocess.run([python, "-c", "import uno"], check=False).returncode:
        pytest.skip("LibreOffice with python3-uno is not installed")
    spec = tmp_path / "edits.json"
    spec.write_text(json.dumps(edits, ensure_ascii=False), encoding="utf-8")
    script = Path(__file__).with_name("uno_typing.py")
    done = subprocess.run(
        [python, str(script), str(tmp_path / "lo-profile"), str(workbook), str(spec)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def test_typed_in_libreoffice_and_a_protected_row_deleted_everything_is_kept_as_typed(
    demo_here: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#2 and #3: typing goes through LibreOffice's own input parsing (zh-CN), a row of the
    protected 低空起降点 is deleted, the file is saved as xlsx; the update keeps every
    typed cell as typed, digits in text columns as text, and records the removal."""
    workbook = demo_here["zh"]
    firms = sheet_rows(workbook, "企业")
    new = len(firms) + 1  # the first empty row, as the sheet numbers it
    typed = {
        "B": "360",  # a firm named with digits: text, not the number 360
        "C": USCC,
        "D": "中游（模型与算法）",
        "E": "已落地",
        "F": "2025-07-15",
        "G": "12.5",
        "H": "12",  # a note of digits: text
    }
    edits = {
        "typed": [["企业", f"{col}{new}", text] for col, text in typed.items()]
        + [["企业", "H2", "007"]],  # digits over an existing note, leading zeros kept
        "delete_rows": [["低空起降点", 3]],
    }
    done = libreoffice_edits(tmp_path, workbook, edits)
    assert done["refused"] == [], "LibreOffice refused to delete a register row"
    assert done["deleted"] == [["低空起降点", 3, "起降点02（示例）"]]

    run = run_cli(capsys, "update", workbook.name, "--month", "2025-07")
    assert run.code == 0, run.out + run.err
    after = sheet_rows(workbook, "企业")
    row = after[new - 1]
    assert row[0].startswith("ENT-")
    assert row[1:] == [
        "360", USCC, "中游（模型与算法）", "已落地", date(2025, 7, 15), 12.5, "12"
    ]  # fmt: skip
    assert after[1][7] == "007"
    sites = [r[1] for r in sheet_rows(workbook, "低空起降点")]
    assert "起降点02（示例）" not in sites and "起降点03（示例）" in sites
    changes = sheet_rows(workbook, "本月变化")
    assert ["删除条目", "低空起降点", "LDP-002", "起降点02（示例）"] in [r[:4] for r in changes]


@pytest.mark.parametrize(
    ("as_of", "expected", "status"),
    [
        (date(2025, 1, 31), 0, Status.ON_TRACK),  # 3 × 1/12 = 0.25 shows as 0: 0 of 0
        (date(2025, 2, 28), 1, Status.CRITICAL),  # 0.5 shows as 1: 0 of 1, a third behind
    ],
)
def test_the_status_judges_the_figures_shown(as_of: date, expected: int, status: Status) -> None:
    """#4: ai-labs in January showed 完成值 0 and 序时目标 0, yet 滞后 (the unrounded 0.25
    decided), and the brief listed it as needing attention, "序时应达0个"."""
    template = builtin_template(DEFAULT_TEMPLATE)
    (labs,) = (p for p in compute(new_book(template, "zh", as_of)).goals if p.goal.id == "ai-labs")
    assert (labs.actual, labs.expected, labs.status) == (0, expected, status)


def test_values_typed_over_formulas_are_told_before_the_formula_comes_back(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#5: in a copy whose protection was removed, 计算!D2 and 完成情况!F7 were typed over;
    the update wrote the formulas back without a word."""

    def type_over(book: Any) -> None:
        book["计算"]["D2"] = 42
        book["完成情况"]["F7"] = "九十九"
        book["月度填报"]["F2"] = 7

    edit(w, type_over)
    run = run_cli(capsys, "update", w.name, "--month", "2025-07")
    assert run.code == 0, run.err
    told = [line.strip() for line in run.err.splitlines() if "公式单元格" in line]
    assert told == [
        f"{cell}: 这是公式单元格，填入的值 {value} 不会保留：更新会写回公式；"
        "要改数请改它所依据的填报内容"
        for cell, value in (("计算!D2", "42"), ("完成情况!F7", "九十九"), ("月度填报!F2", "7"))
    ]
    formulas = formula_cells(w)
    assert formulas[("计算", "D2")].startswith("=ROUND(")
    assert formulas[("完成情况", "F7")].startswith("=")
    assert formulas[("月度填报", "F2")].startswith("=IF(")


def test_a_formula_only_cleared_is_not_told(w: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def clear(book: Any) -> None:
        book["计算"]["D2"] = None

    edit(w, clear)
    run = run_cli(capsys, "update", w.name, "--month", "2025-07")
    assert run.code == 0, run.err
    assert "公式单元格" not in run.err
    assert formula_cells(w)[("计算", "D2")].startswith("=ROUND(")


def test_a_libreoffice_lock_is_named_for_libreoffice(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#6: the exit-3 message blamed Excel or WPS for LibreOffice's ``.~lock.NAME#``."""
    w.with_name(f".~lock.{w.name}#").write_text("tester,host,2025-08-01\n", encoding="utf-8")
    before = w.read_bytes()
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 3, run.err
    assert "LibreOffice" in run.err
    assert "Excel" not in run.err and "WPS" not in run.err
    assert w.read_bytes() == before  # the new workbook went beside it
