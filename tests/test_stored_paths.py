"""Paths a report folder stores read the same on every system (issue 11): written with
``/``, and one written on Windows with ``\\`` still finds its workbook here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tracker.report.folder import read_report


def test_the_workbook_path_is_stored_with_slashes(demo_built: dict[str, Path]) -> None:
    folder = demo_built["zh"].parent / "reports" / "2025-06"
    stored = json.loads((folder / "report.json").read_text("utf-8"))["workbook"]
    assert stored == "../../guangming-ai-2025-demo.xlsx"
    assert read_report(folder).workbook == demo_built["zh"].resolve()


def test_a_report_folder_written_on_windows_reads_here(
    demo_built: dict[str, Path], tmp_path: Path
) -> None:
    """A folder copied from a Windows PC, its report.json naming the workbook as Windows
    wrote it before this version (``..\\\\..\\\\x.xlsx``)."""
    workbook = Path(shutil.copy(demo_built["zh"], tmp_path / "光明区 目标.xlsx"))
    folder = Path(
        shutil.copytree(
            demo_built["zh"].parent / "reports" / "2025-06", tmp_path / "reports" / "2025-06"
        )
    )
    manifest = folder / "report.json"
    data = json.loads(manifest.read_text("utf-8"))
    data["workbook"] = "..\\..\\光明区 目标.xlsx"
    manifest.write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    assert read_report(folder).workbook == workbook.resolve()
