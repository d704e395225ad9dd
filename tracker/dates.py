"""Dates as people write them: 2025-06-30, 2025/6/30, 2025.6.30, 2025年6月30日, ２０２５-６-３０,
2025年6月30号, and as other systems export them: 2025-06-30 00:00:00, 20250630."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# A time of day after the date, as other systems export dates (2025-06-30 00:00:00,
# 2025-06-30T14:30): a date column keeps the day, as it does of a cell holding a time.
_TIME = r"(?:(?:\s+|T)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?"
_DATE = re.compile(
    rf"^\s*(\d{{4}})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*[日号]?{_TIME}\s*$"
    r"|^\s*(\d{4})(\d{2})(\d{2})\s*$"  # 20250630
)


def parse_date(text: str) -> date | None:
    """The date ``text`` names, or None. Full-width digits and punctuation are accepted."""
    match = _DATE.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups() if part is not None)
    try:
        return date(year, month, day)
    except ValueError:
        return None
