"""The documented normal form of what people type (docs/update.md), and how to reach it.

People type numbers as text, in full-width digits, with thousands separators or a percent
sign; dates as serial numbers, date-times or text in several forms; choices with stray
spaces or in the other language. Each function takes one cell as read and returns its
normal form, or the problem that keeps it from having one. Free text is never altered,
except for characters a cell cannot keep: a line break pasted from Word (U+000B) becomes a
line break, other control characters are dropped, and a broken UTF-16 pair (a file's
``_xD83D_`` escape) becomes U+FFFD, each with a warning. A value in a text column that a
spreadsheet stored as a number, date, time or duration becomes the text it shows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import NamedTuple

from tracker.dates import parse_date
from tracker.excel import (
    FIRST_SERIAL,
    LARGEST,
    LAST_SERIAL,
    TEXT_LIMIT,
    CellValue,
    ErrorValue,
    Percent,
    as_text,
    folded,
    from_serial,
    joined,
    serial,
    squeeze,
    text_units,
)
from tracker.i18n import Lang, Msg
from tracker.model import PLAUSIBLE_DATES
from tracker.template.spec import Column

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})  # Word's line and page breaks
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
# What a form's habit puts where there is nothing to enter (不适用、无), folded.
_NOTHING = frozenset({"-", "--", "—", "——", "–", "/", "\\", "无", "暂无", "n/a", "na", "none"})
_DIGITS_APART = re.compile(r"\d\s+\d")  # 3 5: two numbers, or one with a slip of the thumb
_SPACED = re.compile(r"^[+-]?\d{1,3}( +\d{3})+(\.\d*)?$")  # 1 234 567.5, 1  234


class Result(NamedTuple):
    """A cell brought to normal form; ``problem`` names why it could not be, if so. (A
    named tuple: one is made for every cell read, so it is kept light.)"""

    value: CellValue
    problem: str | None = None
    params: Mapping[str, object] = MappingProxyType({})
    warning: str | None = None


def number(value: CellValue) -> Result:
    """A number: numbers stay (to 15 significant digits, as a spreadsheet keeps them);
    text like ``１２``, ``1,234.5``, ``12%`` becomes one."""
    if isinstance(value, ErrorValue):
        return Result(value, "error_value")
    if isinstance(value, timedelta):  # 30:00 typed in a spreadsheet is a duration
        return Result(value, "duration")
    if isinstance(value, bool | datetime | date | time):
        return Result(value, "not_number")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return Result(value, "not_number")
        if abs(value) > LARGEST:
            return Result(value, "too_large")
        return Result(_digits(float(value)))
    assert isinstance(value, str)
    if _nothing(value):
        return Result(value, "placeholder", {"kind": Msg("entry.number")})
    text = squeeze(value)
    percent = text.endswith("%")
    if percent:
        text = text[:-1].rstrip()
    text = _unspaced(text)
    if _DIGITS_APART.search(text):
        return Result(value, "spaced_digits")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        return Result(value, "not_number")
    parsed = float(text)
    if not math.isfinite(parsed):  # 1e999 is a number to Python, not to a spreadsheet
        return Result(value, "not_number")
    if abs(parsed) > LARGEST:
        return Result(value, "too_large")
    return Result(_digits(parsed / 100 if percent else parsed))


def _nothing(text: str) -> bool:
    """Whether ``text`` is a dash, a slash or 无 standing for nothing to enter."""
    return folded(text) in _NOTHING


def _unspaced(text: str) -> str:
    """A number's text without the spaces that group its thousands (``1 234``); spaces
    elsewhere stay, so ``3 5`` (two numbers, or a slip) is not read as 35."""
    text = re.sub(r"^([+-]) +", r"\1", text)
    return text.replace(" ", "") if _SPACED.match(text) else text


def points(value: CellValue) -> Result:
    """A figure of a goal in percent (覆盖率 ≥ 90, unit %): a percentage is read in its
    unit, so 92% typed in a spreadsheet (kept as 0.92 in a percent format) and the text
    ``92%`` are 92; anything else is read as ``number`` reads it."""
    if isinstance(value, Percent):
        return Result(_digits(value * 100))
    if isinstance(value, str) and not isinstance(value, ErrorValue):
        text = squeeze(value)
        if text.endswith("%"):
            checked = number(text[:-1])
            return Result(value, "not_number") if checked.problem else checked
    return number(value)


def in_points(value: CellValue) -> Result:
    """``points`` for a cell of the monthly sheet: one holding only spaces is empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Result(None)
    return points(value)


def _digits(value: float) -> float:
    """A number kept to the 15 significant digits a spreadsheet stores."""
    return float(format(value, ".15g"))


def day(value: CellValue) -> Result:
    """A date: dates stay, a date-time keeps its day, serial numbers and text such as
    ``2025/6/3``, ``2025年6月3日`` or ``2025.6.3`` become dates."""
    parsed: date | None
    if isinstance(value, ErrorValue):
        return Result(value, "error_value")
    if isinstance(value, bool | timedelta):
        parsed = None
    elif isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif isinstance(value, int | float):
        parsed = from_serial(value) if _serial_day(value) else None
    elif isinstance(value, str):
        if _nothing(value):
            return Result(value, "placeholder", {"kind": Msg("entry.date")})
        parsed = parse_date(value)
    else:
        parsed = None
    if parsed is None:
        return Result(value, "not_date")
    start, end = PLAUSIBLE_DATES
    if not start <= parsed <= end:
        year = int(serial(parsed))
        if start.year <= year <= end.year:  # 2025 typed into a date cell: 1905-07-17
            return Result(value, "year_not_date", {"year": year, "date": parsed.isoformat()})
        params = {"start": start.isoformat(), "end": end.isoformat()}
        if not isinstance(value, str):  # a serial number is shown as the date it is
            params["value"] = parsed.isoformat()
        return Result(value, "date_range", params)
    return Result(parsed)


def _serial_day(value: float) -> bool:
    """Whether a number is a day's serial: a day before 1900 in whole days only."""
    return 1 <= value < LAST_SERIAL or (FIRST_SERIAL <= value < 0 and float(value).is_integer())


def choice(value: CellValue, column: Column, lang: Lang) -> Result:
    """One of the column's choices, spelled as the workbook's language spells it. Case,
    width and surrounding spaces do not matter, and the other language's word is accepted."""
    return _choice(value, spellings(column, lang))


def _choice(value: CellValue, known: dict[str, str]) -> Result:
    if isinstance(value, str) and value in known:  # typed exactly: the common case
        return Result(known[value])
    if isinstance(value, ErrorValue):
        return Result(value, "error_value")
    found = known.get(folded(as_text(value)))
    return Result(found) if found is not None else Result(value, "not_choice")


def spellings(column: Column, lang: Lang) -> dict[str, str]:
    """Each way a choice may be written (both languages, folded) → the workbook's label."""
    spellings = {}
    for option in column.choices:
        label = option.get(lang)
        for word in (option.zh, option.get("en")):
            spellings[folded(word)] = label
        spellings[label] = label
    return spellings


def text(value: CellValue) -> Result:
    """Free text: kept as typed, but for characters a cell cannot keep (a warning), and a
    text longer than a cell can hold is refused. A value stored as a number, date, time or
    duration becomes the text a spreadsheet shows for it (``360``, ``2025-06-30``)."""
    if not isinstance(value, str):
        return Result(as_text(value) if value is not None else None)
    if isinstance(value, ErrorValue):
        value = as_text(value)
    if len(value) > TEXT_LIMIT // 2 and (length := text_units(value)) > TEXT_LIMIT:
        return Result(value, "too_long", {"length": length, "limit": TEXT_LIMIT})
    if _CONTROL.search(value) is None:
        return Result(value)
    return Result(printable(value) or None, warning="control_characters")


def printable(value: str) -> str:
    """``value`` with what a cell cannot keep mended: Word's line and page breaks as line
    breaks, surrogate pairs joined, a lone half as U+FFFD, other control characters gone."""
    return _CONTROL.sub("", joined(value.translate(_LINE_BREAKS)))


def item_id(value: str) -> str:
    """An item number as the tool writes it: half-width, upper-case, trimmed
    (``ｌａｂ-００２ `` → ``LAB-002``)."""
    return squeeze(value).upper()


def normaliser(column: Column, lang: Lang) -> Callable[[CellValue], Result]:
    """The normal form of a column's cells, as one function (made once per column, so a
    register of many rows is normalised without looking its column up again). A cell that
    holds only spaces is empty."""
    by_type: Callable[[CellValue], Result]
    if column.type == "number":
        by_type = number
    elif column.type == "date":
        by_type = day
    elif column.type == "choice":
        known = spellings(column, lang)

        def by_type(value: CellValue) -> Result:
            return _choice(value, known)
    else:
        by_type = text

    def normal(value: CellValue) -> Result:
        if value is None or (isinstance(value, str) and not value.strip()):
            return Result(None)
        return by_type(value)

    return normal
