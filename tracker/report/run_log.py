"""``run.log`` in a month's report folder: a line for each run (update, dry run, send, a
send that failed) and what it read, wrote and warned about, so a scheduled run leaves a
trace. Appended to, never rewritten; it never holds a password."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tracker import __version__
from tracker.report.folder import LOG


def append_log(folder: Path, now: datetime, headline: str, details: list[str]) -> None:
    """One entry: ``[time] headline`` and its details, indented."""
    stamp = now.astimezone().isoformat(timespec="seconds")
    lines = [f"[{stamp}] tracker {__version__}: {headline}", *("    " + d for d in details)]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOG).open("a", encoding="utf-8", errors="replace", newline="\n") as out:
        out.write("\n".join(lines) + "\n")
