"""Output to a console that may not show every character.

A Windows console in code page 936, or a scheduled task writing to a log, cannot encode
every character a workbook may hold. Output replaces what it cannot encode instead of
failing, and tables are padded by display width so Chinese columns line up.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from tracker.excel import display_width


def make_streams_safe() -> None:
    """Replace unencodable characters on stdout and stderr instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def say(text: str = "", stream: TextIO | None = None) -> None:
    """Print a line; does nothing when there is no console (pythonw, some schedulers) or
    when the reader went away (``tracker demo | head``), which is not an error."""
    target = stream if stream is not None else sys.stdout
    if target is None or getattr(target, "closed", False):
        return
    try:
        print(text, file=target)
        target.flush()
    except BrokenPipeError:
        # Point the stream at nothing, so the interpreter's final flush stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, target.fileno())
        os.close(devnull)


def displayable(text: str) -> str:
    """``text`` as the console will show it: what its encoding cannot show becomes '?'."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    return text.encode(encoding, "replace").decode(encoding)


width = display_width  # columns a text takes on a terminal


def fit(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` display columns, ending in … when cut."""
    if width(text) <= columns:
        return text
    result = ""
    for char in text:
        if width(result + char) > columns - 1:
            break
        result += char
    return result + "…"


def table(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Rows laid out in columns; ``right[i]`` aligns column i to the right."""
    rows = [[displayable(cell) for cell in row] for row in rows]
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - width(cell))
            cells.append(pad + cell if right[i] else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return lines
