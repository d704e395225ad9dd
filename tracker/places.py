"""Where each entry of a book sits in its workbook, so a problem names its cell (低空起降点!D17).

The reader records the places it read from: columns may have been moved and rows left
empty, so places are found, not assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from xlsxwriter.utility import xl_rowcol_to_cell


def cell_name(sheet: str, row: int, col: int) -> str:
    """A cell as people name it: ``实验室!E5`` (0-based row and column in)."""
    return f"{sheet}!{xl_rowcol_to_cell(row, col)}"


@dataclass
class SheetPlaces:
    """One sheet: the column of each field, and the row of each entry."""

    sheet: str
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)
    header_row: int = 0
    formulas: dict[str, int] = field(default_factory=dict)  # the tool's formula columns

    def header(self, key: str) -> str:
        """The header cell of ``key``: ``实验室!H1``; the header row (``实验室!1:1``) for a
        column the sheet does not have yet."""
        if key not in self.columns:
            return f"{self.sheet}!{self.header_row + 1}:{self.header_row + 1}"
        return cell_name(self.sheet, self.header_row, self.columns[key])

    def cell(self, index: int, key: str) -> str:
        """The cell of ``key`` in the ``index``-th entry; the whole row (``实验室!5:5``)
        for a column the sheet does not have yet (one a revised template adds)."""
        row = self.rows[index]
        if key not in self.columns:
            return f"{self.sheet}!{row + 1}:{row + 1}"
        return cell_name(self.sheet, row, self.columns[key])


@dataclass
class Places:
    registers: dict[str, SheetPlaces] = field(default_factory=dict)
    milestones: SheetPlaces = field(default_factory=lambda: SheetPlaces(""))
    milestone_index: dict[str, int] = field(default_factory=dict)
    monthly: SheetPlaces = field(default_factory=lambda: SheetPlaces(""))
    monthly_index: dict[tuple[str, date], int] = field(default_factory=dict)
    goals: SheetPlaces = field(default_factory=lambda: SheetPlaces(""))
    goal_index: dict[str, int] = field(default_factory=dict)
    as_of: str = ""

    def register(self, register_id: str, index: int, column_id: str) -> str:
        return self.registers[register_id].cell(index, column_id)

    def milestone(self, goal_id: str, key: str) -> str:
        return self.milestones.cell(self.milestone_index[goal_id], key)

    def month(self, goal_id: str, month: date, key: str) -> str:
        return self.monthly.cell(self.monthly_index[(goal_id, month)], key)

    def goal(self, goal_id: str, key: str) -> str:
        """A cell of the goals sheet (牵头单位, 配合单位)."""
        return self.goals.cell(self.goal_index[goal_id], key)
