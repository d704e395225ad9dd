"""The words of starting a workbook from another (``tracker init --carry-over``): what
carries, what does not, and why, in Chinese and English."""

from __future__ import annotations

CARRY_TEXTS: dict[str, tuple[str, str]] = {}
