"""How fast is the monthly update on a large workbook, against the floor?

    python benchmarks/update_speed.py [--rows 20000] [--goals 200] [--repeat 3]

Builds a three-year template (36 months) with 200 goals over five registers, a workbook
holding 20,000 register items and 35 months of history, then times in the same run:

* ``tracker update`` for the 36th month (a fresh process, as people run it);
* the floor (``measure.py``): reading every cell of the same workbook with python-calamine
  and writing the same cells with xlsxwriter (a fresh process too), the least any tool
  that reads and rewrites the workbook must do.

Wall time is the median of ``--repeat`` runs; peak memory is the largest resident set of
the process. Results go to stdout as a Markdown row for docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import side_by_side, table

from tracker.history.records import History, goal_records, item_events, item_states, month_key
from tracker.history.timeline import Timeline
from tracker.model import Book, MonthlyEntry, RegisterRow, new_book
from tracker.progress import compute
from tracker.template.file import parse_template
from tracker.template.spec import Template, add_months
from tracker.workbook.writer import write_book

START = date(2025, 1, 1)
MONTHS = 36
REGISTERS = ("labs", "scenarios", "sites", "firms", "compute")
STAGES = ("规划", "在建", "建成", "投用")
KINDS = ("甲类", "乙类", "丙类")


def template_text(goals: int) -> str:
    """A three-year template: five registers of the same shape and ``goals`` goals."""
    parts = [
        '[template]\nid = "bench"\nversion = "1"\ntitle = "性能测试"\n',
        f"[period]\nstart = {START}\nend = {add_months(START, MONTHS) - timedelta(days=1)}\n",
        '[[categories]]\nid = "c"\nname = "类别"\n',
    ]
    for index, register in enumerate(REGISTERS):
        parts.append(
            f'[[registers]]\nid = "{register}"\nname = "登记表{index}"\nsheet = "登记表{index}"\n'
            f'sheet_en = "Register {index}"\nprefix = "R{index}"\n'
            '[[registers.columns]]\nid = "name"\nname = "名称"\ntype = "text"\nrequired = true\n'
            "unique = true\n"
            f'[[registers.columns]]\nid = "stage"\nname = "阶段"\ntype = "choice"\n'
            f"choices = {list(STAGES)}\nrequired = true\n".replace("'", '"')
            + f'[[registers.columns]]\nid = "kind"\nname = "类型"\ntype = "choice"\n'
            f"choices = {list(KINDS)}\n".replace("'", '"')
            + '[[registers.columns]]\nid = "size"\nname = "规模"\ntype = "number"\nminimum = 0\n'
            '[[registers.columns]]\nid = "opened"\nname = "日期"\ntype = "date"\n'
            '[[registers.columns]]\nid = "note"\nname = "备注"\ntype = "text"\n'
        )
    for number in range(goals):
        register = REGISTERS[number % len(REGISTERS)]
        kind = ("count", "sum", "value", "milestone")[number % 4]
        head = (
            f'[[goals]]\nid = "g{number}"\nname = "指标{number}"\ncategory = "c"\nkind = "{kind}"\n'
        )
        if kind == "milestone":
            parts.append(
                head
                + 'stages = [{ name = "立项", weight = 0.5 }, { name = "完成", weight = 0.5 }]\n'
            )
            continue
        head += f'unit = "个"\ntarget = {100 + number}\ncomparator = ">="\n'
        if kind == "value":
            parts.append(head)
            continue
        head += f'register = "{register}"\n'
        if kind == "sum":
            head += 'column = "size"\n'
        kind_name = KINDS[number % len(KINDS)]
        head += f'where = {{ stage = {{ at_least = "建成" }}, kind = "{kind_name}" }}\n'
        parts.append(head)
    return "\n".join(parts)


def large_book(template: Template, rows: int, rng: random.Random) -> Book:
    book = new_book(template, "zh", add_months(START, MONTHS) - timedelta(days=1))
    # As a workbook updated before: its id stays, so each timed run finds the report
    # folder the one before it wrote as its own (a new id would be another workbook's).
    book.workbook_id = "0" * 32
    per_register = rows // len(REGISTERS)
    for index, register in enumerate(template.registers):
        book.registers[register.id] = [
            RegisterRow(
                f"R{index}-{n + 1:03d}",
                {
                    "name": f"条目{index}-{n}",
                    "stage": rng.choice(STAGES),
                    "kind": rng.choice(KINDS),
                    "size": round(rng.uniform(0, 50), 2),
                    "opened": START + timedelta(days=rng.randint(0, 1000)),
                    "note": rng.choice(["", "备注", "=1+1 不是公式"]),
                },
            )
            for n in range(per_register)
        ]
        book.next_ids[register.id] = per_register + 1
    for goal in template.goals:
        if goal.kind == "value":
            for offset, month in enumerate(template.period.months):
                book.monthly[(goal.id, month)] = MonthlyEntry(
                    value=float(offset * 3), progress="进展"
                )
        elif goal.kind == "milestone":
            book.milestones[goal.id] = type(book.milestone(goal.id))(stage="立项")
    return book


def history_of(book: Book, months: int) -> History:
    """``months`` months of history, as monthly updates would have recorded them."""
    history = History()
    for offset in range(months):
        month = add_months(START, offset)
        key = month_key(month)
        as_of = add_months(month, 1) - timedelta(days=1)
        progress = compute(book, as_of)
        events = item_events(key, history.items_before(key), item_states(book))
        history.record(key, goal_records(book, progress, month), events)
    return history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--goals", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    template = parse_template(template_text(args.goals), "bench.toml")
    book = large_book(template, args.rows, rng)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path = work / "bench.xlsx"
        started = time.perf_counter()
        history = history_of(book, MONTHS - 1)
        write_book(
            str(path), book, timeline=Timeline(history, month_key(add_months(START, MONTHS - 2)))
        )
        built = time.perf_counter() - started
        size = path.stat().st_size / 2**20
        month = month_key(add_months(START, MONTHS - 1))
        update = [sys.executable, "-m", "tracker", "update", str(path), "--month", month]
        timings = side_by_side(path, update, args.repeat, work)
    cells = sum(len(rows) for rows in book.registers.values()) * 7
    print(f"workbook: {args.rows:,} register rows (~{cells:,} cells), {args.goals} goals, ")
    print(f"{MONTHS} months ({MONTHS - 1} in its history), {size:.1f} MB; built in {built:.1f} s")
    print()
    print("| run | update | floor | ratio | peak memory (update / floor) |")
    print("|---|---|---|---|---|")
    for line in table(f"the {MONTHS}th month", timings):
        print(line)


if __name__ == "__main__":
    main()
