"""The documented normal form of what people type (docs/update.md), and how to reach it.

People type numbers as text, in full-width digits, with thousands separators or a percent
sign; dates as serial numbers, date-times or text in several forms; choices with stray
spaces or in the other language. Each function takes one cell as read and returns its
normal form, or the problem that keeps it from having one. Free text is never altered,
except that control characters other than tab and newline are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

from tracker.dates import parse_date
from tracker.excel import CellValue, from_serial
from tracker.i18n import Lang
from tracker.model import PLAUSIBLE_DATES
from tracker.template import Column

TEXT_LIMIT = 32_767  # characters a cell can hold
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


@dataclass(frozen=True)
class Result:
    """A cell brought to normal form; ``problem`` names why it could not be, if so."""

    value: CellValue
    problem: str | None = None
    params: dict[str, object] = field(default_factory=dict)
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _squeeze(text: str) -> str:
    """Full-width letters, digits, spaces and signs made half-width, and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def number(value: CellValue) -> Result:
    """A number: numbers stay (to 15 significant digits, as a spreadsheet keeps them);
    text like ``１２``, ``1,234.5``, ``12%`` becomes one."""
    if isinstance(value, bool | datetime | date | time):
        return Result(value, "not_number")
    if isinstance(value, int | float):
        return Result(_digits(float(value)))
    assert isinstance(value, str)
    text = _squeeze(value).replace(" ", "")
    percent = text.endswith("%")
    if percent:
        text = text[:-1]
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return Result(value, "not_number")
    parsed = float(text)
    return Result(_digits(parsed / 100 if percent else parsed))


def _digits(value: float) -> float:
    """A number kept to the 15 significant digits a spreadsheet stores."""
    return float(format(value, ".15g"))


def day(value: CellValue) -> Result:
    """A date: dates stay, a date-time keeps its day, serial numbers and text such as
    ``2025/6/3``, ``2025年6月3日`` or ``2025.6.3`` become dates."""
    parsed: date | None
    if isinstance(value, bool):
        parsed = None
    elif isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif isinstance(value, int | float):
        parsed = from_serial(value) if 1 <= value < 2_958_466 else None
    elif isinstance(value, str):
        parsed = parse_date(value)
    else:
        parsed = None
    if parsed is None:
        return Result(value, "not_date")
    start, end = PLAUSIBLE_DATES
    if not start <= parsed <= end:
        return Result(value, "date_range", {"start": start.isoformat(), "end": end.isoformat()})
    return Result(parsed)


def choice(value: CellValue, column: Column, lang: Lang) -> Result:
    """One of the column's choices, spelled as the workbook's language spells it. Case,
    width and surrounding spaces do not matter, and the other language's word is accepted."""
    text = _squeeze(_text(value)).casefold()
    for option in column.choices:
        if text in (_squeeze(option.zh).casefold(), _squeeze(option.get("en")).casefold()):
            return Result(option.get(lang))
    return Result(value, "not_choice")


def text(value: CellValue) -> Result:
    """Free text: kept as typed, but control characters other than tab and newline are
    dropped (with a warning) and a text longer than a cell can hold is refused."""
    if not isinstance(value, str):
        return Result(value)
    if len(value) > TEXT_LIMIT:
        return Result(value, "too_long", {"length": len(value), "limit": TEXT_LIMIT})
    cleaned = _CONTROL.sub("", value)
    if cleaned != value:
        return Result(cleaned, warning="control_characters")
    return Result(value)


def item_id(value: CellValue) -> str:
    """An item number as text (a number typed as 5 reads "5")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _squeeze(str(value))


def _text(value: CellValue) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def cell(value: CellValue, column: Column, lang: Lang) -> Result:
    """Any register cell, by its column's type. Blank cells stay blank."""
    if value is None or (isinstance(value, str) and not value.strip() and column.type != "text"):
        return Result(None)
    if column.type == "number":
        return number(value)
    if column.type == "date":
        return day(value)
    if column.type == "choice":
        return choice(value, column, lang)
    return text(value)
