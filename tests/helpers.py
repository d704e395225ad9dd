"""Test helpers: real spreadsheet engines, reading workbooks back, running the CLI."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from tracker.cli.main import main

LO_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop>
</item>
</oor:items>
"""


class Engines:
    """LibreOffice and gnumeric, each recalculating a workbook from scratch on load."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.profile = folder / "lo-profile"
        (self.profile / "user").mkdir(parents=True)
        (self.profile / "user" / "registrymodifications.xcu").write_text(LO_PROFILE)
        self.runs = 0

    @staticmethod
    def need(program: str) -> str:
        found = shutil.which(program)
        if found is None:
            pytest.skip(f"{program} is not installed (apt-get install the engine)")
        return found

    def libreoffice(self, paths: Sequence[Path]) -> list[Path]:
        """Open each file in LibreOffice (recalculating every formula) and save it as xlsx."""
        soffice = self.need("soffice")
        self.runs += 1
        out = self.folder / f"lo-{self.runs}"
        out.mkdir()
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(out),
                *map(str, paths),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        results = [out / path.name for path in paths]
        for result in results:
            assert result.exists(), f"LibreOffice did not write {result}"
        return results

    def gnumeric(self, path: Path) -> Path:
        """Open the file in gnumeric's ssconvert with --recalc and save it as xlsx."""
        ssconvert = self.need("ssconvert")
        self.runs += 1
        out = self.folder / f"gnumeric-{self.runs}-{path.name}"
        subprocess.run(
            [ssconvert, "--recalc", str(path), str(out)],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return out


def sheet_rows(path: Path, sheet: str) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    rows: list[list[Any]] = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return rows


# The status words the completion sheet shows, by status code and language.
WORDS = {
    "zh": {"done": "已完成", "on_track": "正常推进", "behind": "滞后", "critical": "严重滞后"},
    "en": {"done": "Done", "on_track": "On track", "behind": "Behind", "critical": "Far behind"},
}


@dataclass(frozen=True)
class Shown:
    """What a completion sheet shows for one goal."""

    actual: float
    completion: float
    expected: float
    status: str


COMPLETION_HEADERS = {
    "zh": ("完成情况", "编号", "完成值", "完成率", "序时目标", "进度状态"),
    "en": ("Completion", "ID", "Actual", "Completion", "Expected", "Status"),
}


def completion_sheet(path: Path, lang: str = "zh") -> dict[str, Shown]:
    """The completion sheet's figures by goal id, found by their headers."""
    sheet, *headers = COMPLETION_HEADERS[lang]
    rows = sheet_rows(path, sheet)
    header_row = next(i for i, row in enumerate(rows) if row and row[0] == headers[0])
    header = rows[header_row]
    cols = [header.index(h) for h in headers]
    shown = {}
    for row in rows[header_row + 1 :]:
        if not row or not isinstance(row[cols[0]], str) or not row[cols[0]]:
            break
        shown[row[cols[0]]] = Shown(*(row[c] for c in cols[1:]))
    return shown


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    """Every formula in the file, by (sheet, cell)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    found = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found[(ws.title, cell.coordinate)] = str(cell.value)
    return found


def longest_formula(path: Path) -> int:
    """The longest formula in the workbook, data validations and conditional formats too
    (as openpyxl reads them: without the leading '=' of a cell formula)."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    lengths = [len(formula) for formula in formula_cells(path).values()]
    for ws in book.worksheets:
        lengths += [len(str(v.formula1 or "")) for v in ws.data_validations.dataValidation]
        lengths += [
            len(formula) for rules in ws.conditional_formatting for rule in rules.rules
            for formula in rule.formula
        ]  # fmt: skip
    return max(lengths)


def cell_value(rows: list[list[Any]], coordinate: str) -> Any:
    match = re.fullmatch(r"([A-Z]+)(\d+)", coordinate)
    assert match
    col = 0
    for char in match[1]:
        col = col * 26 + ord(char) - 64
    row = int(match[2]) - 1
    if row >= len(rows) or col - 1 >= len(rows[row]):
        return ""
    return rows[row][col - 1]


def same(a: Any, b: Any) -> bool:
    """Equal values, numbers within rounding noise, dates by day."""
    if isinstance(a, datetime):
        a = a.date()
    if isinstance(b, datetime):
        b = b.date()
    if isinstance(a, date) or isinstance(b, date):
        return bool(a == b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return bool(a == b)


def poison_cached_values(source: Path, target: Path) -> int:
    """Copy ``source`` with every formula's cached result replaced by a wrong one; returns
    how many were replaced."""
    pattern = re.compile(r"(<f>[^<]*</f>)<v>[^<]*</v>")
    replaced = 0
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                text, count = pattern.subn(r"\1<v>987654</v>", data.decode("utf-8"))
                replaced += count
                data = text.encode("utf-8")
            zout.writestr(info, data)
    return replaced


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    """Run the command line in-process, as ``tracker ARGS``; returns exit code and output."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    code = exit_info.value.code
    return Run(code if isinstance(code, int) else 1, captured.out, captured.err)


def run_quiet(*args: str) -> Run:
    """Run the command line in-process without pytest's capture fixture (for hypothesis
    tests, which may not use function-scoped fixtures)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as done:
            code = done.code
        else:  # pragma: no cover - main always exits
            code = 0
    return Run(code if isinstance(code, int) else 1, out.getvalue(), err.getvalue())


def refused_untouched(
    capsys: pytest.CaptureFixture[str], path: Path, code: int, *args: str
) -> list[str]:
    """Run the update for 2025-08 expecting a refusal: the exit ``code``, the file byte
    for byte as it was; returns the lines it said."""
    before = path.read_bytes()
    run = run_cli(capsys, "update", path.name, "--month", "2025-08", *args)
    assert run.code == code, run.err
    assert path.read_bytes() == before
    return run.err.splitlines()
