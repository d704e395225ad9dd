"""A first import: 20,000 firms pasted into a register at once, and the month after.

    python benchmarks/first_import.py [--rows 20000] [--repeat 3] [--before REV]

Starts from the demo workbook after its six monthly updates, pastes ``--rows`` firms below
the last one (as a person pastes an existing list: names, stages, dates, figures, no item
numbers), then times in the same run, interleaved with the floor on the same file:

* the first import: ``tracker update`` for 2025-07, which numbers, records and lists
  every new firm;
* an ordinary month on the workbook that import wrote: ``tracker update`` for 2025-08,
  nothing changed.

With ``--before REV``, the same again at that commit (checked out into a git worktree,
its own workbook pasted and imported by its own code), interleaved with the runs above: the
tool's two versions side by side on the same machine, each against the floor of the
workbook it wrote.

Wall time is the median of ``--repeat`` runs; peak memory the largest resident set.
Results go to stdout as Markdown rows for docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import ENVIRONMENT, compared, table
from startup import command, worktree

from tracker.commands.demo import build_demo
from tracker.history.timeline import Timeline
from tracker.model import RegisterRow
from tracker.workbook.reader import read_workbook
from tracker.workbook.writer import write_book

STAGES = ("洽谈中", "已签约", "已落地")
CHAINS = ("上游（算力与芯片）", "中游（模型与算法）", "下游（应用与服务）")


def pasted(folder: Path, rows: int) -> Path:
    """The demo workbook with ``rows`` firms pasted below the last one."""
    path, _, _ = build_demo(folder, "zh", datetime(2025, 7, 1, 9))
    reading = read_workbook(path)
    book = reading.book
    rng = random.Random(7)
    for n in range(rows):
        stage = rng.choice(STAGES)
        settled = date(2024, 1, 1) + timedelta(days=rng.randint(0, 540))
        book.registers["firms"].append(
            RegisterRow(
                "",
                {
                    "name": f"导入企业{n:05d}",
                    "uscc": None,
                    "chain": rng.choice(CHAINS),
                    "stage": stage,
                    "settled": settled if stage == "已落地" else None,
                    "output": round(rng.uniform(0, 20), 2) if stage == "已落地" else None,
                    "note": rng.choice([None, "来自招商台账", "=不是公式"]),
                },
            )
        )
    assert reading.history is not None
    write_book(str(path), book, timeline=Timeline(reading.history, reading.history.months[-1]))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", help="also time the tool at this commit, interleaved")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        work = Path(folder)
        (work / "after").mkdir()
        paths = {"": pasted(work / "after", args.rows)}
        updates = {"": [sys.executable, "-m", "tracker", "update", str(paths[""])]}
        if args.before:
            tree = stack.enter_context(worktree(args.before, work / "tree"))
            code = (
                f"sys.path.insert(0, {str(Path(__file__).parent)!r}); "
                f"from pathlib import Path; from first_import import pasted; "
                f"pasted(Path({str(work / 'before')!r}), {args.rows})"
            )
            (work / "before").mkdir()
            subprocess.run(command(tree, code), check=True, env=ENVIRONMENT)
            paths[args.before] = next((work / "before").glob("*.xlsx"))
            main_at = "from tracker.cli.main import main; main(sys.argv[1:])"
            updates[args.before] = [*command(tree, main_at), "update", str(paths[args.before])]
        size = paths[""].stat().st_size / 2**20

        def months(month: str) -> dict[str, tuple[Path, list[str]]]:
            return {side: (paths[side], [*updates[side], "--month", month]) for side in paths}

        first = compared(months("2025-07"), args.repeat, work)
        imported = paths[""].stat().st_size / 2**20
        # The months after: on the workbook each import wrote, with its report folders.
        month = compared(months("2025-08"), args.repeat, work)
    print(f"workbook: the demo with {args.rows:,} firms pasted, {size:.1f} MB; after the ")
    print(f"import {imported:.1f} MB")
    print()
    print("| run | update | floor | ratio | peak memory (update / floor) |")
    print("|---|---|---|---|---|")
    for side in paths:
        at = f" at {side}" if side else ""
        for line in table(f"first import (2025-07){at}", first[side]) + table(
            f"the month after{at}", month[side]
        ):
            print(line)


if __name__ == "__main__":
    main()
