"""A roll-up of many workbooks, against the floor of reading the same files.

    python benchmarks/rollup_speed.py [--repeat 3]

Two sets, each timed in the same run, interleaved with its floor:

* 30 demo-sized workbooks (the demo after its six monthly updates, copied);
* 5 workbooks of 20,000 register rows each (the demo with 20,000 firms pasted and
  imported by an update, as ``first_import.py`` makes it, copied).

Each copy is given a workbook id of its own, as workbooks made apart have (the roll-up
counts copies of one workbook once); nothing else in it changes. Every one is in the
totals, or the run stops.

The floor reads every cell of every sheet of the same files with python-calamine in one
fresh process: the least any tool that rolls them up must do. The roll-up reads and checks
each workbook as the update does, computes, and writes the roll-up workbook and brief.
Wall time is the median of ``--repeat`` runs; peak memory the largest resident set.
Results go to stdout as Markdown rows for docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import uuid
import zipfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from first_import import pasted
from measure import ENVIRONMENT, run

from tracker.commands.demo import build_demo
from tracker.workbook.reader import read_book

FLOOR = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from python_calamine import CalamineWorkbook
    cells = 0
    for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    print(cells)
    """
)


def copies(source: Path, folder: Path, count: int) -> Path:
    """``count`` workbooks of their own: ``source`` copied, with a workbook id of its own
    in place of the one copies share (a text of the workbook's shared strings), every
    part otherwise as it was, compressed as it was."""
    folder.mkdir()
    shared = read_book(source).workbook_id.encode()
    assert shared, f"{source} has no workbook id: it was never updated"
    with zipfile.ZipFile(source) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    assert sum(data.count(shared) for _, data in parts) == 1, "the id is in one place"
    for number in range(count):
        own = uuid.uuid4().hex.encode()
        with zipfile.ZipFile(folder / f"district-{number + 1:02d}.xlsx", "w") as copy:
            for info, data in parts:
                copy.writestr(info, data.replace(shared, own))
    return folder


def side_by_side(folder: Path, out: Path, repeat: int) -> dict[str, list[tuple[float, int]]]:
    rollup = [sys.executable, "-m", "tracker", "rollup", str(folder), "--out", str(out)]
    floor = [sys.executable, "-c", FLOOR, str(folder)]
    for command in (floor, rollup):  # once untimed: bytecode, page cache
        done = subprocess.run(command, check=False, capture_output=True, env=ENVIRONMENT)
        if done.returncode != 0 or done.stderr:  # every workbook in the totals, or no timing
            raise SystemExit(done.stderr.decode("utf-8", "replace") or done.returncode)
    timings: dict[str, list[tuple[float, int]]] = {"rollup": [], "floor": []}
    for _ in range(repeat):
        timings["floor"].append(run(floor))
        timings["rollup"].append(run(rollup))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "demo").mkdir()
        demo, _, _ = build_demo(work / "demo", "zh", datetime(2025, 7, 1, 9))
        small = copies(demo, work / "small", 30)
        (work / "large-source").mkdir()
        large_source = pasted(work / "large-source", args.rows)
        imported = subprocess.run(
            [sys.executable, "-m", "tracker", "update", str(large_source), "--month", "2025-07"],
            capture_output=True,
            text=True,
            env=ENVIRONMENT,
            check=False,
        )
        if imported.returncode != 0:
            raise SystemExit(imported.stderr)
        large = copies(large_source, work / "large", 5)
        results = {
            "30 demo-sized workbooks": side_by_side(small, work / "small.xlsx", args.repeat),
            f"5 workbooks of {args.rows:,} register rows": side_by_side(
                large, work / "large.xlsx", args.repeat
            ),
        }
    print("| roll-up of | roll-up | floor | ratio | peak memory (roll-up / floor) |")
    print("|---|---|---|---|---|")
    for title, timings in results.items():
        medians = {k: statistics.median(s for s, _ in v) for k, v in timings.items()}
        peaks = {k: max(mb for _, mb in v) for k, v in timings.items()}
        ratio = medians["rollup"] / medians["floor"]
        print(
            f"| {title} | {medians['rollup']:.2f} s | {medians['floor']:.2f} s | "
            f"{ratio:.2f} × | {peaks['rollup']} MB / {peaks['floor']} MB |"
        )


if __name__ == "__main__":
    main()
