"""The colours a reader learns once and then sees everywhere: in the workbook, in the
brief and in its pictures."""

from __future__ import annotations

# Fill and font colour of each status, in status-code order: done, on track, behind, far behind.
STATUS_COLORS = (
    ("#BDD7EE", "#1F4E79"),
    ("#C6EFCE", "#006100"),
    ("#FFEB9C", "#9C5700"),
    ("#FFC7CE", "#9C0006"),
)
ACTUAL_COLOR = "#2E75B6"  # the figure reached: bars and lines
PLAN_COLOR = "#BFBFBF"  # the plan (序时进度): bars; its mark on a progress bar is darker
PLAN_MARK_COLOR = "#404040"
