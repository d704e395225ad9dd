"""What a workbook shows of the past and the future: the history, this month's changes and
the forecasts. Empty for a workbook that has not been through a monthly update yet."""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.history.assessment import Assessment
from tracker.history.forecast import Forecast
from tracker.history.records import Change, History


@dataclass
class Timeline:
    history: History = field(default_factory=History)
    month: str | None = None  # the month of the latest update, "2025-06"
    changes: list[Change] = field(default_factory=list)
    forecasts: dict[str, Forecast] = field(default_factory=dict)
    assessment: Assessment | None = None  # the year-end results, once the period is closed
