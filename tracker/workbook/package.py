"""The parts of an xlsx file, as the scans need them: each sheet's XML, the parts a sheet
refers to (comments, hyperlink targets), and the number format of each cell style.

An xlsx file is a zip of XML parts (ECMA-376 Part 2). Parts are read once and kept, so
several scans of one sheet decompress it once. XML that is parsed as a tree goes through
defusedxml; the large sheet parts are searched as bytes.
"""

from __future__ import annotations

import functools
import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from defusedxml import DefusedXmlException, ElementTree

from tracker.excel import TEXT_LIMIT, text_units
from tracker.workbook.not_xlsx import damaged_workbook

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
DCTERMS = "{http://purl.org/dc/terms/}"
EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
# Programs that write the time a file was saved in local time, marked as UTC.
LOCAL_CLOCK_APPLICATIONS = ("LibreOffice", "OpenOffice")
ROLLUP_MARK = "tracker roll-up"  # in a roll-up workbook's properties (tracker rollup)
REPORT_MARK = "tracker report"  # in a report workbook's properties (tracker update, close)
MAX_CORE = 65_536  # of the properties read to find it
COMMENTS_TYPE = "/comments"  # the end of a comments part's relationship type
_SHARED_ITEM = re.compile(rb"<si[ >]")
# python-calamine holds a sheet's whole used range in memory, 32 bytes a cell: one value in
# XFD1048576 asks for 512 GB and aborts the process. A sheet wider than this is refused.
MAX_CELLS = 10_000_000
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]{1,3})?[0-9]*:?([A-Z]{1,3})([0-9]+)"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]+)"')
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")

# The number formats every spreadsheet knows by number (ECMA-376 §18.8.30); the ones a
# locale defines differently (27–36, 50–58) are left out and kept by number.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
    11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm",
    17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "m/d/yy h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
    46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}  # fmt: skip


def unescape(text: str) -> str:
    """An OOXML string as its text: ``_x000B_`` is the character U+000B (how Excel stores
    characters XML cannot hold); ``_x005F_x000B_`` is the literal ``_x000B_``."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)


def column_number(letters: str) -> int:
    """``A`` is 1, ``XFD`` 16,384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def text_length(element: bytes) -> int:
    """The length of the text in one string element (``<si>`` or ``<is>``), all its runs
    together, as Excel counts it (``text_units``). Readers cut past 32,767 without a word."""
    texts = re.findall(rb"<t(?:\s[^>]*)?>([^<]*)</t>", element)
    text = "".join(unescape(html.unescape(t.decode("utf-8", "replace"))) for t in texts)
    return text_units(text)


@dataclass(frozen=True)
class Link:
    """A relationship of a part: where it points, and whether that is outside the file."""

    target: str
    external: bool
    type: str


def marks_rollup(core: bytes | None) -> bool:
    """Whether a workbook's properties (``docProps/core.xml``) are a roll-up's."""
    return core is not None and ROLLUP_MARK.encode() in core[:MAX_CORE]


def marks_report(core: bytes | None) -> bool:
    """Whether a workbook's properties (``docProps/core.xml``) are a report workbook's."""
    return core is not None and REPORT_MARK.encode() in core[:MAX_CORE]


class Package:
    """One xlsx file, read from its bytes; ``path`` names it in messages."""

    def __init__(self, data: bytes, path: str = "<memory>") -> None:
        self.data = data
        self.path = path
        self.archive = zipfile.ZipFile(io.BytesIO(data))
        self._names = set(self.archive.namelist())
        self._parts: dict[str, bytes] = {}

    def tree(self, name: str, data: bytes) -> Any:
        """A part parsed as XML (defusedxml: no entities); a part that is not well-formed,
        or that declares entities, means a damaged or hostile file: said in one sentence."""
        try:
            return ElementTree.fromstring(data)
        except (ElementTree.ParseError, DefusedXmlException) as error:
            raise damaged_workbook(self.path, f"{name}: {type(error).__name__}") from None

    @functools.cached_property
    def is_rollup(self) -> bool:
        """Whether it is a roll-up workbook the tool wrote (``tracker rollup``)."""
        return marks_rollup(self.part("docProps/core.xml"))

    @functools.cached_property
    def is_report(self) -> bool:
        """Whether it is a month's or a year's report workbook the tool wrote (marked so
        since the mark was added; ``reader`` knows earlier ones by their sheets)."""
        return marks_report(self.part("docProps/core.xml"))

    @functools.cached_property
    def date1904(self) -> bool:
        """Whether the workbook counts days in the 1904 date system (``<workbookPr
        date1904="1"/>``: Excel for Mac, or 使用 1904 日期系统 ticked), where a number
        stands for the day ``DAYS_1904`` later than in the 1900 system."""
        workbook = self.part("xl/workbook.xml")
        if workbook is None:
            return False
        found = self.tree("xl/workbook.xml", workbook).find(MAIN + "workbookPr")
        return found is not None and found.get("date1904", "").strip().lower() in ("1", "true")

    def part(self, name: str) -> bytes | None:
        """A part's bytes, or None when the file has no such part."""
        if name not in self._parts:
            if name not in self._names:
                return None
            self._parts[name] = self.archive.read(name)
        return self._parts[name]

    @functools.cached_property
    def sheets(self) -> dict[str, str]:
        """Each sheet's name and the part that holds it."""
        workbook = self.part("xl/workbook.xml")
        if workbook is None:
            return {}
        root = self.tree("xl/workbook.xml", workbook)
        targets = self.links("xl/workbook.xml")
        parts = {}
        for sheet in root.iter(MAIN + "sheet"):
            link = targets.get(str(sheet.get(DOC_REL)))
            if link is not None:
                parts[str(sheet.get("name"))] = link.target
        return parts

    def saved_at(self) -> datetime | None:
        """When the file was last saved, as the program that saved it wrote it in the
        document's properties (``dcterms:modified``, in UTC), if it did. LibreOffice
        writes its clock's local time there, marked as UTC (a Z): read as this machine's
        local time."""
        data = self.part("docProps/core.xml")
        if data is None:
            return None
        found = self.tree("docProps/core.xml", data).find(f"{DCTERMS}modified")
        text = (found.text or "").strip() if found is not None else ""
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        if self._saved_by_libreoffice() and moment.utcoffset() == timedelta(0):
            return moment.replace(tzinfo=None).astimezone()
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)

    def _saved_by_libreoffice(self) -> bool:
        """Whether the program that saved the file says it is LibreOffice (or
        OpenOffice), in ``docProps/app.xml``."""
        data = self.part("docProps/app.xml")
        if data is None:
            return False
        found = self.tree("docProps/app.xml", data).find(f"{EXTENDED}Application")
        application = (found.text or "").strip() if found is not None else ""
        return application.startswith(LOCAL_CLOCK_APPLICATIONS)

    def sheet(self, name: str) -> bytes | None:
        """The XML of the sheet called ``name``."""
        part = self.sheets.get(name)
        return self.part(part) if part else None

    def extent(self, name: str) -> tuple[int, str]:
        """How many cells the sheet's used range spans, and its farthest cell (by the
        ``<dimension>`` element, checked against the cells when it claims a wide range)."""
        data = self.sheet(name)
        if data is None:
            return 0, ""
        found = _DIMENSION.search(data[:4096])
        if found is not None:
            cells = column_number(found[2].decode()) * int(found[3])
            if cells <= MAX_CELLS:
                return cells, f"{found[2].decode()}{int(found[3])}"
        rows = columns = 0
        far = ""
        for match in _CELL_REF.finditer(data):
            column, row = column_number(match[1].decode()), int(match[2])
            if column > columns or row > rows:
                far = f"{match[1].decode()}{row}"
            rows, columns = max(rows, row), max(columns, column)
        return rows * columns, far

    def links(self, part: str) -> dict[str, Link]:
        """The relationships of ``part``, by id, their targets as part names (or as
        written, for targets outside the file)."""
        folder, name = posixpath.split(part)
        data = self.part(posixpath.join(folder, "_rels", name + ".rels"))
        if data is None:
            return {}
        found = {}
        rels = posixpath.join(folder, "_rels", name + ".rels")
        for rel in self.tree(rels, data).iter(RELS + "Relationship"):
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            if not external:
                joined = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
                target = posixpath.normpath(joined)
            found[str(rel.get("Id"))] = Link(target, external, rel.get("Type", ""))
        return found

    @functools.cached_property
    def long_strings(self) -> dict[int, int]:
        """The shared strings longer than a cell may hold, by index: their length. (A
        program, not Excel, writes them; python-calamine cuts them at 32,767 characters.)"""
        data = self.part("xl/sharedStrings.xml")
        if data is None or len(data) <= TEXT_LIMIT:
            return {}
        starts = [match.start() for match in _SHARED_ITEM.finditer(data)]
        found = {}
        for index, (start, end) in enumerate(zip(starts, [*starts[1:], len(data)], strict=True)):
            if end - start > TEXT_LIMIT:  # a UTF-8 character is at least one byte
                length = text_length(data[start:end])
                if length > TEXT_LIMIT:
                    found[index] = length
        return found

    @functools.cached_property
    def style_formats(self) -> list[str | int]:
        """The number format of each cell style (``s="3"`` is entry 3): its format code, or
        the number of a format the locale defines."""
        data = self.part("xl/styles.xml")
        if data is None:
            return []
        root = self.tree("xl/styles.xml", data)
        codes: dict[int, str] = dict(BUILTIN_FORMATS)
        for fmt in root.iter(MAIN + "numFmt"):
            number = fmt.get("numFmtId", "")
            if number.isdigit():
                codes[int(number)] = fmt.get("formatCode", "")
        formats: list[str | int] = []
        cell_xfs = root.find(MAIN + "cellXfs")
        for xf in cell_xfs.iter(MAIN + "xf") if cell_xfs is not None else ():
            number = xf.get("numFmtId", "0")
            index = int(number) if number.isdigit() else 0
            formats.append(codes.get(index, index))
        return formats
