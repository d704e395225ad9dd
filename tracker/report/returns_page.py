"""The month's returns, as the report folder keeps them: ``returns.json`` for programs
and ``returns.html`` for people (a page to open in a browser or attach to a mail). Both
say, for the month: each unit due to return and its standing (on time, late, rejected,
missing), every return collected and what it did line by line, and what the last run of
``tracker collect`` did (files rejected and passed over, with why)."""

from __future__ import annotations

import dataclasses
import json
from functools import partial
from pathlib import Path
from typing import Any

from tracker.i18n import t
from tracker.model import Book, MonthReturns
from tracker.report.folder import RETURNS_HTML, RETURNS_JSON
from tracker.report.render import ENVIRONMENT
from tracker.safefile import write_atomically
from tracker.workbook.returns_sheet import STANDING_STATUS

FORMAT = "tracker-returns-report/1"


def returns_json(book: Book, month: str, run: dict[str, Any]) -> dict[str, Any]:
    """The month's returns as ``returns.json`` holds them."""
    entry = book.returns.get(month, MonthReturns())
    standing = []
    for unit in entry.all_units():
        latest = entry.latest(unit)
        standing.append(
            {
                "unit": unit,
                "standing": entry.standing(unit),
                "file": latest.file if latest else "",
                "received": latest.received if latest else "",
                "rejected": entry.refusal(unit),
            }
        )
    records = [
        {key: value for key, value in dataclasses.asdict(r).items() if key != "added"}
        for r in entry.records
    ]
    return {
        "format": FORMAT,
        "month": month,
        "due": entry.due.isoformat() if entry.due else "",
        "units": standing,
        "records": records,
        "last_run": run,
    }


def write_returns_report(folder: Path, book: Book, month: str, run: dict[str, Any]) -> Path:
    """``returns.json`` and ``returns.html`` in the month's report folder; the JSON's
    path."""
    data = returns_json(book, month, run)
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        (record["unit"], line)
        for record in data["records"]
        if not record["rejected"]
        for line in record["lines"]
    ]
    standings = [unit["standing"] for unit in data["units"]]
    counts = {kind: standings.count(kind) for kind in STANDING_STATUS}
    page = ENVIRONMENT.get_template("returns.html").render(
        data=data, lines=lines, counts=counts, t=partial(t, book.lang), lang=book.lang
    )
    write_atomically(folder / RETURNS_HTML, page.encode("utf-8"))
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomically(folder / RETURNS_JSON, text.encode("utf-8"))
    return folder / RETURNS_JSON
