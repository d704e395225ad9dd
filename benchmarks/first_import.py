"""A first import: 20,000 firms pasted into a register at once, and the month after.

    python benchmarks/first_import.py [--rows 20000] [--repeat 3]

Starts from the demo workbook after its six monthly updates, pastes ``--rows`` firms below
the last one (as a person pastes an existing list: names, stages, dates, figures, no item
numbers), then times in the same run, interleaved with the floor on the same file:

* the first import: ``tracker update`` for 2025-07, which numbers, records and lists
  every new firm;
* an ordinary month on the workbook that import wrote: ``tracker update`` for 2025-08,
  nothing changed.

Wall time is the median of ``--repeat`` runs; peak memory the largest resident set.
Results go to stdout as Markdown rows for docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import side_by_side, table

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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path = pasted(work, args.rows)
        size = path.stat().st_size / 2**20

        def update(month: str) -> list[str]:
            return [sys.executable, "-m", "tracker", "update", str(path), "--month", month]

        first = side_by_side(path, update("2025-07"), args.repeat, work)
        imported = path.stat().st_size / 2**20
        # The months after: on the workbook the import wrote, with its report folders.
        month = side_by_side(path, update("2025-08"), args.repeat, work)
    print(f"workbook: the demo with {args.rows:,} firms pasted, {size:.1f} MB; after the ")
    print(f"import {imported:.1f} MB")
    print()
    print("| run | update | floor | ratio | peak memory (update / floor) |")
    print("|---|---|---|---|---|")
    for line in table("first import (2025-07)", first) + table("the month after", month):
        print(line)


if __name__ == "__main__":
    main()
