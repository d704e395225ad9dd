"""Spreadsheet semantics the core mirrors, so Python and the workbook's formulas agree.

Each function here states which formula behaviour it reproduces. The recalculation tests
(LibreOffice and gnumeric) hold these to account.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tracker.dates import parse_date

# A cell as read: python-calamine gives a duration typed as 30:00 as a timedelta.
CellValue = str | float | int | bool | date | datetime | time | timedelta | None


class ErrorValue(str):
    """An error value a cell holds with no formula behind it (``#N/A`` pasted as a value):
    text to a text column, never a number or a date."""


# The error values python-calamine reads (those of Excel 2007); newer Excel writes others
# (#SPILL!, #CALC!, #FIELD! …), which it refuses to read a sheet with.
ERROR_VALUES = frozenset(
    {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}
)


class Percent(float):
    """A number a spreadsheet shows as a percentage: 92% typed in a cell is kept as 0.92 in
    a percent format. To formulas it is the number it is; a goal in percent reads it as
    92 (``normal_form.points``)."""


def is_percent_format(code: str | int | None) -> bool:
    """Whether a number format shows a percentage: Excel's built-in 9 (0%) and 10 (0.00%),
    or a format with a % outside quotes."""
    if isinstance(code, int):
        return code in (9, 10)
    return code is not None and "%" in re.sub(r'"[^"]*"|\\.', "", code)


SHEET_ROWS = 1_048_576  # the rows of a sheet
FORMULA_LIMIT = 8_192  # the longest formula Excel opens, in characters
CRITERION_LIMIT = 255  # characters a spreadsheet criterion may hold
LARGEST = 9.99999999999999e307  # the largest number Excel holds (its specifications)
TEXT_LIMIT = 32_767  # what a cell holds, counted as Excel counts: in UTF-16 units
SURROGATE = re.compile("[\ud800-\udfff]")  # half of a UTF-16 pair: no text UTF-8 can hold


def joined(text: str) -> str:
    """``text`` with its UTF-16 halves put together (``_xD83D__xDE00_`` read back as two
    halves is one emoji) and a half without its partner made U+FFFD: text UTF-8 can hold."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def text_units(text: str) -> int:
    """The length of ``text`` as Excel counts it: a character outside the basic plane
    (an emoji) counts twice."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


EPOCH = datetime(1899, 12, 30)  # serial 0 in the 1900 date system, past the 1900 leap bug
# A workbook in the 1904 date system (Excel for Mac) stores a day's serial this much
# smaller: its serial 0 is 1904-01-01.
DAYS_1904 = 1462


CLEAN_DIGITS = 9  # decimals a figure is cleaned to before it is rounded to its precision


def excel_round(value: float, digits: int) -> float:
    """``ROUND(value, digits)``: half away from zero, on the 15 significant digits a
    spreadsheet keeps, so 2.675 → 2.68 and 16.000000000000004 → 16."""
    exact = Decimal(format(value, ".15g"))
    if digits >= 0 and exact.adjusted() >= 14:  # its 15 digits are all before the point:
        return float(exact)  # nothing to round (and 1e19 to 9 places is past Decimal's 28)
    return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def clean_round(value: float, digits: int) -> float:
    """``ROUND(ROUND(value, 9), digits)``, the rounding every figure gets on both sides.

    Rounding to 9 decimals first removes the binary noise of a sum (9.386 + 2.839 is
    12.224999999999998), so a figure on a half boundary rounds the same way in Excel,
    LibreOffice, gnumeric (whose ROUND works on the binary value) and Python."""
    return excel_round(excel_round(value, CLEAN_DIGITS), digits)


def percent_shown(value: float, digits: int) -> str:
    """``value`` as a spreadsheet's percent format with ``digits`` decimals shows it
    (``0.0%``): rounded half away from zero on the 15 digits it keeps, so 0.125 reads 13%
    and 0.0125 1.3%, where Python's ``%`` format rounds the binary value half to even (12%,
    1.2%). Every share the tool shows outside a workbook is written by this one rule."""
    percent = value * 100
    if math.isinf(percent):  # a figure near the largest Excel holds: nothing to round,
        # and past a float once scaled ("inf%"): its 15 digits times 100, as Excel shows it
        exact = _percent_of(value)
    else:  # its 15 digits in decimal: 1e23, not the float's 99999999999999991611392
        exact = Decimal(format(excel_round(percent, digits), ".15g"))
    return f"{exact + 0:.{digits}f}%"  # + 0: never "-0%"


def exact_percent(share: float) -> str:
    """A share a template gives (a tolerance, a stage's weight) with the digits it has:
    5%, 12.5%; a rule is said as written, not rounded as a figure is shown."""
    # its 15 digits, as a spreadsheet keeps them, times 100 in decimal (0.07 is 7, never
    # 7.000000000000001); said whole, never with an exponent (5e-05) nor cut to six
    # decimals (12.345679 for 12.3456789, 0 for 0.0000001); + 0: never "-0%"
    percent = _percent_of(share).normalize() + 0
    return f"{percent:f}%"


def _percent_of(share: float) -> Decimal:
    """``share`` times 100 in decimal, on the 15 digits a spreadsheet keeps of it."""
    return Decimal(format(share, ".15g")).scaleb(2)


def as_text(value: object) -> str:
    """A cell read as text, as a spreadsheet shows it: a whole number without ".0" (and to
    the 15 digits a spreadsheet keeps), a date as 2025-06-30, a time as 14:30, a duration
    as 30:00:00, a boolean as TRUE, an empty cell as "". (Infinite and NaN never come
    from a cell.)"""
    if value is None:
        return ""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _shown_number(value)
    if isinstance(value, datetime):
        if value.time() == time():
            return value.date().isoformat()
        return f"{value.date().isoformat()} {_clock(value.time())}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return _clock(value)
    if isinstance(value, timedelta):
        seconds = round(value.total_seconds())
        sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
        return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return str(value)


# Whole numbers this large are written out in full, as a spreadsheet's formula bar does.
WRITTEN_OUT = 1e21


def _shown_number(value: float) -> str:
    """A number to the 15 significant digits a spreadsheet keeps and shows: an 18-digit
    code pasted as a number (914403001234567890, stored as 9.14403001234568E+17) is
    914403001234568000, never digits the float holds past them (…567936)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    shown = f"{value:.15g}"
    if "e" in shown and value.is_integer() and abs(value) < WRITTEN_OUT:
        return str(int(Decimal(shown)))
    return shown


def _clock(moment: time) -> str:
    """14:30, or 14:30:05 when there are seconds."""
    seconds = f":{moment.second:02d}" if moment.second else ""
    return f"{moment.hour}:{moment.minute:02d}{seconds}"


def is_blank(value: CellValue) -> bool:
    """``cell=""``: an empty cell (or an empty string) is blank; a space is not."""
    return value is None or value == ""


def number(value: CellValue) -> float | None:
    """The number a cell holds, as SUMIFS and COUNT see it: numbers and dates, not text or
    booleans."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, datetime | date):
        return serial(value)
    return None


def serial(value: date | datetime) -> float:
    """The serial number a spreadsheet stores for a date (1900 system)."""
    moment = value if isinstance(value, datetime) else datetime.combine(value, time())
    delta = moment - EPOCH
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6


# The serial numbers of the days a spreadsheet can hold: back from 1900 (as LibreOffice
# keeps them: 1898-07-03 is -545) to 0001-01-01, and up to 9999-12-31.
FIRST_SERIAL = -693_593
LAST_SERIAL = 2_958_466  # the day after 9999-12-31


def moment_of(value: float) -> datetime:
    """The date and time of a serial number, counted from ``EPOCH`` (as LibreOffice counts
    days before 1900: -545 is 1898-07-03), to the millisecond a spreadsheet keeps (so it
    reads back the same through ``serial``)."""
    return EPOCH + timedelta(milliseconds=round(value * 86_400_000))


def days(value: time | timedelta) -> float:
    """A time of day or a duration as a spreadsheet stores it: a fraction of days."""
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400


def from_serial(value: float) -> date:
    """The calendar date of a serial number (its time of day dropped)."""
    return date.fromordinal(EPOCH.toordinal() + int(value))


def same_text(cell: CellValue, criterion: str) -> bool:
    """``COUNTIFS(range, criterion)`` and ``range=criterion`` for text: equal ignoring
    case, nothing trimmed. Numbers and booleans never equal a text criterion (choices are
    validated not to look like numbers)."""
    return isinstance(cell, str) and cell.casefold() == criterion.casefold()


def safe_criterion(value: str) -> bool:
    """Whether a spreadsheet reads ``value`` as plain text when it is a COUNTIFS criterion:
    not an operator, wildcard, number, percentage, fraction, date, time or boolean."""
    squeezed = value.strip()
    numeric = squeezed.rstrip("%").replace(",", "")
    try:
        float(numeric)
        looks_numeric = True
    except ValueError:
        looks_numeric = False
    return bool(
        squeezed
        and text_units(value) <= CRITERION_LIMIT
        and value[0] not in "=<>"
        and not set(value) & set("*?~")
        and not looks_numeric
        and squeezed.casefold() not in ("true", "false")
        and not re.fullmatch(r"[\d\s]+/[\d\s]+|\d{1,2}:\d{2}(:\d{2})?", squeezed)
        and parse_date(squeezed) is None
    )


# Characters that show nothing, pasted from web pages and Word: zero-width space, joiners,
# word joiner, byte-order mark. Ignored wherever a value is compared or parsed.
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff"))


def squeeze(text: str) -> str:
    """Full-width letters, digits, spaces and signs made half-width, invisible characters
    dropped, and trimmed."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()


def folded(text: str) -> str:
    """A text as values are compared (duplicates, headers, names): full-width folded,
    invisible characters dropped, trimmed, case ignored."""
    return squeeze(text).casefold()


def display_width(text: str) -> int:
    """Columns a text takes on a terminal or in a spreadsheet column: East Asian wide
    characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
