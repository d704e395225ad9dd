"""The start-up of ``tracker --help`` at two commits, side by side in one run.

    python benchmarks/startup.py [--before REV] [--after REV] [--repeat 21]

Each commit is checked out into a temporary git worktree and run from it by this Python
(the same installed dependencies for both), byte-compiled first as an installed package
is. The runs alternate, so both see the same machine; wall time is the median. Also timed,
at ``--after`` only: ``import tracker``, and opening the demo workbook with
``tracker.open_workbook`` (which imports pandas). Results go to stdout as Markdown rows for
docs/performance.md.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import ENVIRONMENT, run

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def worktree(rev: str, folder: Path) -> Iterator[Path]:
    """The tree of ``rev`` checked out at ``folder``, byte-compiled; removed again after,
    also when the benchmark fails."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(folder), rev],
        check=True,
        capture_output=True,
    )
    try:
        compileall.compile_dir(folder / "tracker", quiet=1)
        yield folder
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=False
        )


def command(tree: Path, code: str) -> list[str]:
    return [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(tree)!r}); {code}"]


HELP = "from tracker.cli.main import main; main(['--help'])"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="4d9d32d")
    parser.add_argument("--after", default="HEAD")
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, contextlib.ExitStack() as stack:
        work = Path(scratch)
        trees = {
            rev: stack.enter_context(worktree(rev, work / f"tree-{n}"))
            for n, rev in enumerate((args.before, args.after))
        }
        after = trees[args.after]
        demo = work / "demo"
        subprocess.run(
            command(after, f"from tracker.cli.main import main; main(['demo', {str(demo)!r}])"),
            env=ENVIRONMENT,
            capture_output=True,
            check=False,
        )
        workbook = next(demo.glob("*.xlsx"))
        runs = {
            f"`tracker --help` at {args.before}": command(trees[args.before], HELP),
            f"`tracker --help` at {args.after}": command(after, HELP),
            f"`import tracker` at {args.after}": command(after, "import tracker"),
            f"`tracker.open_workbook(demo)` at {args.after}": command(
                after, f"import tracker; tracker.open_workbook({str(workbook)!r})"
            ),
        }
        timings: dict[str, list[tuple[float, int]]] = {label: [] for label in runs}
        for argv in runs.values():  # once untimed: bytecode, page cache
            run(argv)
        for _ in range(args.repeat):
            for label, argv in runs.items():
                timings[label].append(run(argv))
    print("| run | wall time (median) | peak memory |")
    print("|---|---|---|")
    for label, found in timings.items():
        seconds = sorted(s for s, _ in found)[len(found) // 2]
        peak = max(mb for _, mb in found)
        print(f"| {label} | {seconds:.3f} s | {peak} MB |")


if __name__ == "__main__":
    main()
