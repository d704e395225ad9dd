"""The record of the units' returns a master carries (``Book.returns``): JSON text cut
into the cells of a hidden sheet, as a form carries its fingerprint. Written and read
here, so both sides agree on it. Its format comes first; a record of another format, or
one edited by hand past reading, is not read (the reader says so: the returns it named
can then be collected again)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

from tracker import jsontext
from tracker.model import RETURNS_FORMAT, MonthReturns, ReturnLine, ReturnRecord
from tracker.workbook.cells import Sheet
from tracker.workbook.meta_sheet import read_chunked, write_chunked

RETURNS_SHEET = "_returns"


def encode_returns(returns: dict[str, MonthReturns]) -> str:
    """The record as JSON text, its format first, months in order."""
    months = {
        month: {
            "units": entry.units,
            "due": entry.due.isoformat() if entry.due else "",
            "records": [dataclasses.asdict(record) for record in entry.records],
        }
        for month, entry in sorted(returns.items())
    }
    return json.dumps(
        {"format": RETURNS_FORMAT, "months": months},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def decode_returns(text: str) -> dict[str, MonthReturns] | None:
    """The record ``text`` holds, or None when it is not one this version reads."""
    try:
        data = jsontext.loads(text)
        if not isinstance(data, dict) or data.get("format") != RETURNS_FORMAT:
            return None
        return {month: _month(entry) for month, entry in data["months"].items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _month(entry: dict[str, Any]) -> MonthReturns:
    records = [
        ReturnRecord(
            **{
                **record,
                "lines": tuple(ReturnLine(**line) for line in record["lines"]),
                "problems": tuple(str(p) for p in record.get("problems", ())),
            }
        )
        for record in entry["records"]
    ]
    due = date.fromisoformat(entry["due"]) if entry["due"] else None
    return MonthReturns([str(unit) for unit in entry["units"]], due, records)


def write_returns(sheet: Sheet, returns: dict[str, MonthReturns]) -> None:
    write_chunked(sheet, encode_returns(returns))


def read_returns(rows: list[list[Any]]) -> dict[str, MonthReturns] | None:
    return decode_returns(read_chunked(rows))
