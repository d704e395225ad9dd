"""Dates as people write them: 2025-06-30, 2025/6/30, 2025.6.30, 2025年6月30日, ２０２５-６-３０."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str) -> date | None:
    """The date ``text`` names, or None. Full-width digits and punctuation are accepted."""
    match = _DATE.match(unicodedata.normalize("NFKC", text))
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None
