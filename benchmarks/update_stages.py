"""Where an update's time goes, stage by stage, beside the floor's own stages.

    python benchmarks/update_stages.py [--rows 20000] [--repeat 5]

On the workbook ``first_import.py`` makes (the demo with ``--rows`` firms pasted), times
the first import (2025-07) and the month after (2025-08) in this one process, each stage
by ``time.perf_counter`` around the function that does it, unsampled: reading, checking,
writing, reading back, the rest. Start-up (the interpreter and the imports of
``tracker update``) is timed in fresh processes. Each update runs twice, interleaved: with
Python's cycle collector as it comes, and as the command line tunes it
(``garbage_collected_seldom``); the time spent collecting is its own column. The floor's
stages (start-up, the python-calamine read, xlsxwriter's write) are timed in a process of
their own, interleaved.

What this answers: how much of the goal (the update within a multiple of the floor) the
stages the update cannot do without already take: starting, reading the workbook, writing
it, and reading it back before it replaces the old one (issue 8 asks for that re-read).
Medians of ``--repeat`` runs go to stdout as Markdown rows for docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from first_import import pasted
from measure import ENVIRONMENT

import tracker.commands.update as update_module
import tracker.workbook.saving as saving_module
from tracker.cli.main import garbage_collected_seldom
from tracker.commands.update import run_update

# The functions timed, by module, and the stage each is: the first call of
# ``read_workbook`` is the reading; the one inside ``verify_written`` is the re-read.
STAGES = {
    update_module: {
        "read_workbook": "read",
        "checked": "check",
        "save_book": "save",
        "write_snapshot": "report",
        "write_report": "report",
    },
    saving_module: {"write_book": "write", "verify_written": "re-read"},
}
ORDER = ("start-up", "read", "check", "write", "re-read", "report", "the rest")
COLUMNS = (*ORDER, "of which collecting")


@contextmanager
def timed(spent: dict[str, float]) -> Iterator[None]:
    """The functions of ``STAGES`` timed into ``spent`` while inside; put back after."""
    originals: list[tuple[Any, str, Callable[..., Any]]] = []

    def wrap(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - started

        return timed_call

    for module, names in STAGES.items():
        for name, stage in names.items():
            original = getattr(module, name)
            originals.append((module, name, original))
            setattr(module, name, wrap(stage, original))
    try:
        yield
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


def startup(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=ENVIRONMENT)
    return time.perf_counter() - started


@contextmanager
def collecting(spent: dict[str, float]) -> Iterator[None]:
    """The time Python's cycle collector takes while inside, into ``spent``."""
    started = [0.0]

    def clock(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent["of which collecting"] += time.perf_counter() - started[0]

    gc.callbacks.append(clock)
    try:
        yield
    finally:
        gc.callbacks.remove(clock)


def update_stages(path: Path, month: date, tuned: bool) -> dict[str, float]:
    """The stages of one update; with the cycle collector as the command line tunes it,
    or as Python sets it."""
    spent: dict[str, float] = defaultdict(float)
    collector = garbage_collected_seldom() if tuned else contextlib.nullcontext()
    started = time.perf_counter()
    with timed(spent), collecting(spent), collector:
        run_update(path, month, datetime(2025, 9, 1, 9))
    total = time.perf_counter() - started
    spent["save"] -= spent["write"] + spent["re-read"]  # the lock, backup and replace
    spent["the rest"] = total - sum(v for k, v in spent.items() if k in ORDER) + spent["save"]
    del spent["save"]
    spent["start-up"] = startup("import tracker.cli.main, tracker.commands.update")
    return spent


# The floor's read and write, timed in a process of its own as the floor runs: with
# Python's cycle collector as it comes.
FLOOR_STAGES = textwrap.dedent(
    """
    import sys, time, xlsxwriter
    from python_calamine import CalamineWorkbook
    started = time.perf_counter()
    book = CalamineWorkbook.from_path(sys.argv[1])
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    read = time.perf_counter() - started
    started = time.perf_counter()
    out = xlsxwriter.Workbook(sys.argv[2])
    for name, rows in sheets.items():
        sheet = out.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value != "":
                    sheet.write(r, c, value)
    out.close()
    print(read, time.perf_counter() - started)
    """
)


def floor_stages(path: Path, target: Path) -> dict[str, float]:
    spent = {"start-up": startup("import xlsxwriter, python_calamine")}
    result = subprocess.run(
        [sys.executable, "-c", FLOOR_STAGES, str(path), str(target)],
        capture_output=True,
        text=True,
        check=True,
        env=ENVIRONMENT,
    )
    spent["read"], spent["write"] = (float(part) for part in result.stdout.split())
    return spent


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {stage: statistics.median(run.get(stage, 0.0) for run in runs) for stage in COLUMNS}


def rows_of(title: str, update: dict[str, float], floor: dict[str, float]) -> list[str]:
    core = sum(update[stage] for stage in ("start-up", "read", "write", "re-read"))
    floor_total = sum(floor[stage] for stage in ("start-up", "read", "write"))
    cells = " | ".join(f"{update[stage]:.2f}" for stage in COLUMNS)
    return [
        f"| {title} | {cells} | {sum(update[stage] for stage in ORDER):.2f} | "
        f"{floor['start-up']:.2f} + {floor['read']:.2f} + {floor['write']:.2f} "
        f"= {floor_total:.2f} | {core / floor_total:.2f} × |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sides = {"floor": None, "as it comes": False, "tuned": True}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "book").mkdir()
        path = pasted(work / "book", args.rows)
        before_import = path.read_bytes()
        update_stages(path, date(2025, 7, 1), True)  # once untimed: bytecode, page cache
        imported = path.read_bytes()
        runs: dict[str, dict[str, list[dict[str, float]]]] = {
            month: {side: [] for side in sides} for month in ("first", "after")
        }
        for _ in range(args.repeat):
            for month, start, data in (
                ("first", date(2025, 7, 1), before_import),
                ("after", date(2025, 8, 1), imported),
            ):
                for side, tuned in sides.items():
                    path.write_bytes(data)
                    for later in ("2025-07", "2025-08"):  # each month from where it starts
                        if later >= start.strftime("%Y-%m"):
                            shutil.rmtree(work / "book" / "reports" / later, True)
                    runs[month][side].append(
                        floor_stages(path, work / "floor.xlsx")
                        if tuned is None
                        else update_stages(path, start, tuned)
                    )
    print("| run | " + " | ".join(COLUMNS) + " | update | floor | the four against the floor |")
    print("|---|" + "---|" * (len(COLUMNS) + 3))
    for month, title in (("first", "first import"), ("after", "the month after")):
        floor = medians(runs[month]["floor"])
        floor = {stage: floor[stage] for stage in ("start-up", "read", "write")}
        for side in ("as it comes", "tuned"):
            label = f"{title}, cycle collector {side}"
            for line in rows_of(label, medians(runs[month][side]), floor):
                print(line)


if __name__ == "__main__":
    main()
