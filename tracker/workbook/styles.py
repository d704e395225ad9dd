"""Cell formats of a tracking workbook: inputs look different from formulas and parameters.

Formats are created on first use and cached, so the same request always yields the same
format object and the file's bytes stay the same from run to run.
"""

from __future__ import annotations

from typing import Any, Literal

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from tracker.i18n import Lang
from tracker.template.spec import SIGNS
from tracker.workbook.palette import STATUS_COLORS

Kind = Literal["text", "centered", "number", "date", "date_left", "percent", "month", "wrap"]

INPUT_FILL = "#FFF2CC"  # light yellow: people type here
FORMULA_FILL = "#F2F2F2"  # light grey: computed, locked
PARAM_FILL = "#DDEBF7"  # light blue: from the template, locked
FORECAST_FILL = "#E4DFEC"  # light purple: an estimate, not an actual
HEADER_FILL = "#BDD7EE"
LINK_COLOR = "#0563C1"  # Excel's hyperlink blue
BORDER_COLOR = "#BFBFBF"


def number_format(precision: int, comparator: str | None = None) -> str:
    """``#,##0.00``; with a comparator the target reads ``≥3``, ``>16`` or ``≤1.25``."""
    base = "#,##0" + ("." + "0" * precision if precision else "")
    if comparator is None:
        return base
    return f'"{SIGNS[comparator]}"{base}'


class Styles:
    """The formats of one workbook."""

    def __init__(self, workbook: Workbook, lang: Lang) -> None:
        self.workbook = workbook
        self.font = "等线" if lang == "zh" else "Calibri"
        self.date_format = "yyyy-mm-dd"
        self.month_format = 'yyyy"年"m"月"' if lang == "zh" else "yyyy-mm"
        self._cache: dict[tuple[object, ...], Format] = {}

    def _make(self, key: tuple[object, ...], props: dict[str, Any]) -> Format:
        if key not in self._cache:
            base: dict[str, Any] = {"font_name": self.font, "font_size": 10, "valign": "vcenter"}
            self._cache[key] = self.workbook.add_format({**base, **props})
        return self._cache[key]

    def _kind(
        self, kind: Kind, precision: int = 2, comparator: str | None = None
    ) -> dict[str, Any]:
        kinds: dict[Kind, dict[str, Any]] = {
            "text": {"num_format": "@"},
            "centered": {"num_format": "@", "align": "center"},
            "wrap": {"num_format": "@", "text_wrap": True},
            "number": {"num_format": number_format(precision, comparator)},
            "date": {"num_format": self.date_format, "align": "center"},
            "date_left": {"num_format": self.date_format, "align": "left"},
            "month": {"num_format": self.month_format, "align": "center"},
            "percent": {"num_format": "0.0%"},
        }
        return kinds[kind]

    def _cell(self, fill: str, locked: bool, props: dict[str, Any]) -> dict[str, Any]:
        return {
            "bg_color": fill,
            "border": 1,
            "border_color": BORDER_COLOR,
            "locked": locked,
            **props,
        }

    def _filled(
        self, role: str, fill: str, locked: bool, kind: Kind, precision: int, comparator: str | None
    ) -> Format:
        key = (role, kind, precision, comparator)
        if key in self._cache:  # the common case: looked up once per cell written
            return self._cache[key]
        return self._make(key, self._cell(fill, locked, self._kind(kind, precision, comparator)))

    def input(self, kind: Kind, precision: int = 2) -> Format:
        """A cell people fill in: yellow, unlocked."""
        return self._filled("input", INPUT_FILL, False, kind, precision, None)

    def formula(self, kind: Kind, precision: int = 2, comparator: str | None = None) -> Format:
        """A computed cell: grey, locked."""
        return self._filled("formula", FORMULA_FILL, True, kind, precision, comparator)

    def param(self, kind: Kind, precision: int = 2, comparator: str | None = None) -> Format:
        """A value from the template: light blue, locked."""
        return self._filled("param", PARAM_FILL, True, kind, precision, comparator)

    def recorded(self) -> Format:
        """A recorded fact on a sheet of record (the returns sheet): light blue, locked,
        long text wrapped."""
        props = self._cell(PARAM_FILL, True, {"text_wrap": True, "valign": "top"})
        return self._make(("recorded",), props)

    def item_id(self) -> Format:
        """The 编号 column: filled in by the tool. Left unlocked so sorting works in Excel."""
        props = self._cell(FORMULA_FILL, False, {"num_format": "@", "font_color": "#595959"})
        return self._make(("item_id",), props)

    def column(self, kind: Kind, precision: int = 2) -> Format:
        """Default format of an input column below the table: unlocked, no fill."""
        return self._make(
            ("column", kind, precision), {"locked": False, **self._kind(kind, precision)}
        )

    def unlocked(self) -> Format:
        """Columns right of a register, where people may add columns of their own."""
        return self._make(("unlocked",), {"locked": False})

    def kept(self, kind: Kind | None, num_format: str | int | None, link: bool) -> Format:
        """A register cell in what a person gave it: an input cell (``kind``) or a cell of
        a column they added (``None``), in their number format, looking like a link."""
        key = ("kept", kind, num_format, link)
        if key not in self._cache:
            if kind is None:
                props: dict[str, Any] = {"locked": False}
            else:
                props = self._cell(INPUT_FILL, False, self._kind(kind))
            if num_format is not None:
                props["num_format"] = num_format
            if link:
                props |= {"font_color": LINK_COLOR, "underline": 1}
            self._make(key, props)
        return self._cache[key]

    def header(self) -> Format:
        return self._make(
            ("header",),
            {
                "bold": True,
                "bg_color": HEADER_FILL,
                "border": 1,
                "border_color": "#8EA9DB",
                "text_wrap": True,
                "align": "center",
                "locked": True,
            },
        )

    def own_header(self) -> Format:
        """The header of a column people added: bold like a header, but theirs to change."""
        return self._make(
            ("own_header",),
            {"bold": True, "text_wrap": True, "align": "center", "locked": False, "border": 1},
        )

    def forecast(self, precision: int) -> Format:
        """A forecast: an estimate, set apart from actuals (italic, its own fill)."""
        props = self._cell(FORECAST_FILL, True, self._kind("number", precision))
        return self._make(
            ("forecast", precision), {**props, "italic": True, "font_color": "#5B3C88"}
        )

    def forecast_note(self) -> Format:
        props = self._cell(FORECAST_FILL, True, {"text_wrap": True, "valign": "top"})
        return self._make(("forecast_note",), {**props, "italic": True, "font_color": "#5B3C88"})

    def title(self) -> Format:
        return self._make(("title",), {"bold": True, "font_size": 16})

    def heading(self) -> Format:
        return self._make(("heading",), {"bold": True, "font_size": 12})

    def label(self) -> Format:
        return self._make(("label",), {"bold": True})

    def label_right(self) -> Format:
        return self._make(("label_right",), {"bold": True, "align": "right"})

    def plain(self, kind: Kind) -> Format:
        """A value shown as plain text on a page of prose (the about sheet)."""
        return self._make(("plain", kind), {"align": "left", **self._kind(kind)})

    def text(self, wrap: bool = False) -> Format:
        return self._make(("text", wrap), {"text_wrap": wrap, "valign": "top"})

    def note(self) -> Format:
        return self._make(("note",), {"font_color": "#595959", "text_wrap": True})

    def banner(self) -> Format:
        """A warning line, such as the demo-data notice."""
        return self._make(("banner",), {"bold": True, "font_color": "#C00000"})

    def status(self, code: int, kind: Kind | None = None) -> Format:
        """A cell in a status's colours (numbers as whole numbers)."""
        fill, font = STATUS_COLORS[code - 1]
        props: dict[str, Any] = {"bg_color": fill, "font_color": font, "border": 1}
        props["border_color"] = BORDER_COLOR
        if kind is not None:
            props.update(self._kind(kind, 0))
        return self._make(("status", code, kind), props)

    def input_fill(self) -> Format:
        """The conditional format that makes a cell look like an input: its fill and
        border, nothing else."""
        key = ("input_dxf",)
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format(
                {"bg_color": INPUT_FILL, "border": 1, "border_color": BORDER_COLOR}
            )
        return self._cache[key]

    def status_highlight(self, code: int) -> Format:
        """The conditional format of a status cell (fill and font colour only)."""
        fill, font = STATUS_COLORS[code - 1]
        key = ("status_dxf", code)
        if key not in self._cache:
            self._cache[key] = self.workbook.add_format({"bg_color": fill, "font_color": font})
        return self._cache[key]
