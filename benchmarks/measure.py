"""What the benchmarks share: the floor, and timing a command in a fresh process.

The floor reads every cell of a workbook with python-calamine and writes the same cells
with xlsxwriter: the least any tool that reads and rewrites the workbook must do.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

# As people run it: an installed package has its bytecode compiled (pip does it), so the
# processes timed here may write theirs, and each command runs once before it is timed.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

FLOOR = textwrap.dedent(
    """
    import sys, xlsxwriter
    from python_calamine import CalamineWorkbook
    source, target = sys.argv[1], sys.argv[2]
    book = CalamineWorkbook.from_path(source)
    out = xlsxwriter.Workbook(target)
    for name in book.sheet_names:
        sheet = out.add_worksheet(name)
        for r, row in enumerate(book.get_sheet_by_name(name).to_python()):
            for c, value in enumerate(row):
                if value != "":
                    sheet.write(r, c, value)
    out.close()
    """
)


def run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident megabytes of one run in a fresh process."""
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command],
        capture_output=True,
        text=True,
        check=False,
        env=ENVIRONMENT,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command[:3]} failed:\n{result.stdout}\n{result.stderr}")
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    return elapsed, peak_kb // 1024


def floor_command(path: Path, target: Path) -> list[str]:
    return [sys.executable, "-c", FLOOR, str(path), str(target)]


def side_by_side(
    path: Path, update: list[str], repeat: int, scratch: Path
) -> dict[str, list[tuple[float, int]]]:
    """The update and the floor on the workbook at ``path``, interleaved so both see the
    same machine; the workbook is put back as it was before every update."""
    return compared({"": (path, update)}, repeat, scratch)[""]


def compared(
    sides: dict[str, tuple[Path, list[str]]], repeat: int, scratch: Path
) -> dict[str, dict[str, list[tuple[float, int]]]]:
    """For each side (a workbook and the update run on it; two versions of the tool, say),
    the floor and the update on that workbook, all interleaved; each workbook is put back
    as it was before every update."""
    pristine = {label: path.read_bytes() for label, (path, _) in sides.items()}
    timings: dict[str, dict[str, list[tuple[float, int]]]] = {
        label: {"update": [], "floor": []} for label in sides
    }
    warm_up = [sys.executable, "-c", "import tracker.cli.main, xlsxwriter, python_calamine"]
    subprocess.run(warm_up, check=True, env=ENVIRONMENT)
    for _ in range(repeat):
        for label, (path, update) in sides.items():
            path.write_bytes(pristine[label])
            timings[label]["floor"].append(run(floor_command(path, scratch / "floor.xlsx")))
            timings[label]["update"].append(run(update))
    return timings


def table(title: str, timings: dict[str, list[tuple[float, int]]]) -> list[str]:
    """The runs as Markdown rows: median wall time, peak memory, and the ratio."""
    medians = {label: statistics.median(s for s, _ in runs) for label, runs in timings.items()}
    peaks = {label: max(mb for _, mb in runs) for label, runs in timings.items()}
    ratio = medians["update"] / medians["floor"]
    return [
        f"| {title} | {medians['update']:.2f} s | {medians['floor']:.2f} s | {ratio:.2f} × "
        f"| {peaks['update']} MB / {peaks['floor']} MB |"
    ]
