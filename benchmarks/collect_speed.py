"""How fast is collecting the units' returns into a large master, against the floor?

    python benchmarks/collect_speed.py [--rows 20000] [--goals 200] [--repeat 3]

Builds the workbook of ``update_speed.py`` (36 months, 200 goals over five registers,
20,000 register items, 35 months of history) with a lead unit for each register's goals,
writes the forms for the 36th month (five forms of about 4,000 items each), fills each in
as a unit would (one item in fifty moved on a stage, 20 items added, the month's figures
typed), then times in the same run:

* ``tracker collect`` of the five returns (a fresh process; the master is put back as it
  was before every run, so each run merges everything);
* the floor (``measure.py``): reading every cell of the master with python-calamine and
  writing the same cells with xlsxwriter, the least a tool that rewrites it must do.

Wall time is the median of ``--repeat`` runs; peak memory is the largest resident set of
the process. Results go to stdout as a Markdown row for docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import side_by_side, table
from update_speed import MONTHS, STAGES, START, history_of, large_book, template_text

from tracker.commands.forms import run_forms
from tracker.excel import CellValue
from tracker.history.records import month_key
from tracker.history.timeline import Timeline
from tracker.model import Assignment, Book, RegisterRow
from tracker.template.file import parse_template
from tracker.template.spec import add_months
from tracker.workbook.reader import read_book
from tracker.workbook.saving import save_book
from tracker.workbook.writer import write_book

ADDED = 20  # items each unit adds
MOVED = 50  # one item in this many moves on a stage


def with_units(book: Book) -> None:
    """A lead unit for the goals of each register (and the value and milestone goals
    among them): five units, each answering for one register."""
    for number, goal in enumerate(book.template.goals):
        book.assignments[goal.id] = Assignment(f"单位{number % 5}")


def fill(path: Path, month: datetime, rng: random.Random) -> tuple[int, int]:
    """A form filled in as a unit would; the cells changed and the items added."""
    form = read_book(path)
    changed = 0
    for register in form.template.registers:
        rows = form.rows(register.id)
        for row in rows[::MOVED]:
            stage = row.values.get("stage")
            later = STAGES[min(STAGES.index(str(stage)) + 1, len(STAGES) - 1)]
            if later != stage:
                row.values["stage"] = later
                changed += 1
        for n in range(ADDED):
            name = f"新条目{register.id}-{n}"
            values: dict[str, CellValue] = {
                "name": name,
                "stage": rng.choice(STAGES),
                "kind": "甲类",
                "size": 1.5,
            }
            rows.append(RegisterRow("", values))
    for goal in form.template.goals:
        if goal.kind == "value":
            entry = form.entry(goal.id, month.date())
            entry.value, entry.progress = 999.0, "本月进展"
            form.monthly[(goal.id, month.date())] = entry
            changed += 2
    save_book(path, form)
    return changed, ADDED * len(form.template.registers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--goals", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    template = parse_template(template_text(args.goals), "bench.toml")
    book = large_book(template, args.rows, rng)
    with_units(book)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path = work / "bench.xlsx"
        started = time.perf_counter()
        history = history_of(book, MONTHS - 1)
        latest = month_key(add_months(START, MONTHS - 2))
        write_book(str(path), book, timeline=Timeline(history, latest))
        month = add_months(START, MONTHS - 1)
        forms = run_forms(path, month=month, now=datetime(2027, 12, 1))
        cells = added = 0
        for written in forms.written:
            counts = fill(written.path, datetime.combine(month, datetime.min.time()), rng)
            cells, added = cells + counts[0], added + counts[1]
        built = time.perf_counter() - started
        size = path.stat().st_size / 2**20
        folder_of_forms = forms.written[0].path.parent
        collect = [
            sys.executable,
            "-m",
            "tracker",
            "collect",
            str(path),
            str(folder_of_forms),
            "--month",
            month_key(month),
        ]
        timings = side_by_side(path, collect, args.repeat, work)
    print(f"master: {args.rows:,} register rows, {args.goals} goals, {size:.1f} MB; ")
    print(
        f"{len(forms.written)} returns: {cells:,} cells changed, {added} items added; "
        f"built in {built:.1f} s"
    )
    print()
    print("| run | collect | floor | ratio | peak memory (collect / floor) |")
    print("|---|---|---|---|---|")
    for line in table(f"{len(forms.written)} returns", timings):
        print(line)


if __name__ == "__main__":
    main()
