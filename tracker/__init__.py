"""tracker: goal-tracking workbooks that compute their own completion against the plan.

The core, at this level, imports no edge: ``model`` (what the workbook holds, read), ``progress``
(completion against the plan), ``excel`` (cell values as spreadsheets have them), ``dates``,
``places`` (cell addresses for messages), ``errors``, ``i18n`` with ``texts/`` (every sentence
in Chinese and English) and ``safefile`` (files written whole, a workbook held by one run).

The packages, each importing only those below it (``lint-imports`` checks it):

* ``cli``: the command line, the only place errors become messages and exit codes;
* ``data``: the data out: tables of a workbook as pandas DataFrames and as export files;
* ``commands``: the work of each command, joining the edges (``update``, ``send``, ``demo``);
* ``mail``: the brief as a message, and its delivery;
* ``report``: a month's report folder: the brief, the report workbook, the record of sends;
* ``workbook``: reading and writing the tracking workbook;
* ``inputs``: what people typed, checked and brought to its normal form; item numbers;
* ``history``: month-by-month records of goals and items, changes, forecasts, snapshots;
* ``template``: goal templates: the dataclasses, the TOML file, revisions, the catalogue.

``docs/architecture.md`` walks through them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Tracking", "open_workbook"]

if TYPE_CHECKING:
    from tracker.data.frames import Tracking, open_workbook


def __getattr__(name: str) -> Any:
    """``tracker.open_workbook`` and ``tracker.Tracking``, imported (with pandas) when first
    asked for: ``import tracker`` and the command line never import pandas."""
    if name in __all__:
        from tracker.data import frames

        return getattr(frames, name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")
