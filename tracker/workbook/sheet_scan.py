"""What only a sheet's XML tells about the cells people fill in: merged ranges, error values
pasted as values (``#N/A``), comments (批注), hyperlinks and number formats.

python-calamine reads a cell's value only: an error value reads as an empty cell, a time
typed as ``14:30`` as a time with no format. The update rewrites every workbook afresh, so
what it should keep or refuse is found here, in one pass over each input sheet's XML.
Large sheets are searched as bytes for the few cells concerned; small parts (comments,
relationships) are parsed with defusedxml.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import xl_cell_to_rowcol

from tracker.excel import TEXT_LIMIT
from tracker.workbook.package import (
    COMMENTS_TYPE,
    MAIN,
    Link,
    Package,
    text_length,
    unescape,
)

Cell = tuple[int, int]  # 0-based row and column
MAX_LINK = 2079  # characters Excel keeps in a hyperlink's address
DRAWING_TYPE = "/drawing"  # the end of the relationship type of a sheet's charts and pictures
MAX_LINKED_CELLS = 10_000  # cells one hyperlink's range may cover before it is left out
# The number formats the tool itself writes on registers (compared folded: lower case, no
# quotes or backslashes): a cell in any other format was formatted by a person.
TOOL_DATE_FORMAT = "yyyy-mm-dd"
TOOL_FORMATS = frozenset({"general", "@", "#,##0.00", TOOL_DATE_FORMAT})

# Elements as Excel, WPS and LibreOffice write them; a prefix (``<x:c>``, as some programs
# built on the OpenXML SDK write) is allowed. Attribute values are double-quoted.
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([^"]+)"')
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="e"[^>]*>')
_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]{1,7})"')
_STYLE = re.compile(rb'\bs="([0-9]+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_HYPERLINK = re.compile(rb"<(?:\w+:)?hyperlink\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


@dataclass
class Findings:
    """One sheet's cells that need more than their value."""

    merged: list[str] = field(default_factory=list)  # ranges as written: B2:C3
    errors: dict[Cell, str] = field(default_factory=dict)  # error values, no formula
    comments: dict[Cell, tuple[str, str]] = field(default_factory=dict)  # text, author
    links: dict[Cell, str] = field(default_factory=dict)  # as xlsxwriter's write_url takes it
    lost_links: dict[Cell, str] = field(default_factory=dict)  # links that cannot be kept
    formats: dict[Cell, str | int] = field(default_factory=dict)  # a person's number formats
    too_long: dict[Cell, int] = field(default_factory=dict)  # text past a cell's limit: length
    negatives: dict[Cell, float] = field(default_factory=dict)  # numbers below 0, as stored
    drawing: bool = False  # charts, pictures or shapes on the sheet
    pictures: set[Cell] = field(default_factory=set)  # pictures in cells (WPS, Excel 365)


def scan_sheet(package: Package, name: str) -> Findings:
    """Everything ``scan`` finds on the sheet called ``name``."""
    findings = Findings()
    data = package.sheet(name)
    if data is None:
        return findings
    if b"<mergeCell" in data:
        findings.merged = [ref.decode() for ref in _MERGE.findall(data)]
    if b't="e"' in data:
        findings.errors = _error_values(data)
    findings.too_long = _long_texts(data, package.long_strings)
    if b"v>-" in data:
        findings.negatives = _negative_numbers(data)
    if b"DISPIMG(" in data or b' vm="' in data:
        findings.pictures = _pictures(data)
    styles = _personal_styles(package)
    if styles:
        findings.formats = _formats(data, styles, package.style_formats)
    part = package.sheets[name]
    links = package.links(part)
    if b"<hyperlink" in data:
        _hyperlinks(data, links, findings)
    findings.drawing = any(
        link.type.endswith(DRAWING_TYPE) and b"Anchor" in (package.part(link.target) or b"")
        for link in links.values()
    )  # LibreOffice gives every sheet a drawing part, most often holding nothing
    for link in links.values():
        if link.type.endswith(COMMENTS_TYPE) and not link.external:
            data = package.part(link.target)
            if data is not None:
                findings.comments.update(_comments(package.tree(link.target, data)))
    return findings


TABLE_TYPE = "/table"  # the end of the relationship type of a sheet's tables (ListObjects)
# Names a spreadsheet defines of itself: print areas and titles, a filter's range (Excel's
# _xlnm.…, LibreOffice's __Anonymous_Sheet_DB__0), Excel's for its newer functions
# (_xlfn.IFS, _xlpm. a LAMBDA's parameters); hidden ones are a program's own too.
PROGRAMS_NAMES = ("_xlnm.", "__Anonymous_Sheet_DB__", "_xlfn.", "_xlpm.")
# Excel's built-in names as Gnumeric saves them, without the _xlnm. prefix.
BUILT_IN_NAMES = frozenset({"print_area", "print_titles", "_filterdatabase", "sheet_title"})


def own_tables(package: Package) -> list[tuple[str, str, str]]:
    """The tables (套用表格格式, an Excel ListObject) on any sheet: its sheet, name and
    range. The tool writes none, so each is a person's, and the rewrite drops it."""
    found = []
    for sheet, part in package.sheets.items():
        for link in package.links(part).values():
            if link.external or not link.type.endswith(TABLE_TYPE):
                continue
            data = package.part(link.target)
            if data is None:
                continue
            root = package.tree(link.target, data)
            name = root.get("displayName") or root.get("name") or ""
            found.append((sheet, unescape(name), root.get("ref", "")))
    return found


def own_names(package: Package) -> list[tuple[str, str]]:
    """The names people defined (名称管理器): each name and what it refers to. The tool
    defines none of its own, and the rewrite drops them."""
    data = package.part("xl/workbook.xml")
    if data is None or b"definedName" not in data:
        return []
    found = []
    for element in package.tree("xl/workbook.xml", data).iter(MAIN + "definedName"):
        name = element.get("name", "")
        hidden = element.get("hidden") in ("1", "true")
        if hidden or name.startswith(PROGRAMS_NAMES) or name.casefold() in BUILT_IN_NAMES:
            continue
        found.append((unescape(name), unescape(element.text or "")))
    return found


def _cell(ref: bytes | str) -> Cell:
    text = ref.decode() if isinstance(ref, bytes) else ref
    row, col = xl_cell_to_rowcol(text.replace("$", ""))
    return row, col


def _error_values(data: bytes) -> dict[Cell, str]:
    """Cells holding an error value: pasted as values, typed, or the result of a formula
    someone typed (python-calamine reads all of them as empty)."""
    errors = {}
    for match in _ERROR_CELL.finditer(data):
        ref = _REF.search(match[0])
        closing = _CELL_END.search(data, match.end())
        end = closing.start() if closing is not None else -1
        if ref is None or match[0].endswith(b"/>") or end < 0:
            continue
        value = _VALUE.search(data[match.end() : end])
        if value is not None:
            errors[_cell(ref[1])] = html.unescape(value[1].decode("utf-8", "replace"))
    return errors


_NEGATIVE = re.compile(rb"<(?:\w+:)?v>(-[0-9.Ee+-]{1,30})</(?:\w+:)?v>")
_TYPE = re.compile(rb'\bt="([A-Za-z]+)"')


def _negative_numbers(data: bytes) -> dict[Cell, float]:
    """Cells holding a number below 0. python-calamine reads one in a date format (a date
    before 1900, as LibreOffice keeps them: 1898-07-03 is -545) as a time of day, and the
    day would be lost."""
    found = {}
    for value in _NEGATIVE.finditer(data):
        start = max(data.rfind(b"<c ", 0, value.start()), data.rfind(b":c ", 0, value.start()))
        end = data.find(b">", start)
        if start < 0 or _CELL_END.search(data, end, value.start()) is not None:
            continue  # not inside a cell's element
        tag = data[start : end + 1]
        ref, kind = _REF.search(tag), _TYPE.search(tag)
        if ref is None or (kind is not None and kind[1] != b"n"):
            continue
        try:
            found[_cell(ref[1])] = float(value[1])
        except ValueError:
            continue
    return found


_PICTURE = re.compile(rb'DISPIMG\(|\svm="')
# From a cell's tag to DISPIMG( in its formula: the formula's opening, and no end of it.
_FORMULA_OPEN = re.compile(rb"\s*<(?:\w+:)?f\b[^>]*>(?:(?!</(?:\w+:)?f>).)*", re.DOTALL)


def _pictures(data: bytes) -> set[Cell]:
    """Cells holding a picture: WPS's (嵌入单元格图片) is the formula =DISPIMG("ID_…",1),
    its saved value that text; Excel's (放在单元格中) is the error #VALUE! with the picture
    in the cell's value metadata (``vm``). Neither picture can be kept. (A linked data type,
    Excel's Stocks, is text with ``vm``: its text is kept.)"""
    found = set()
    for mark in _PICTURE.finditer(data):
        start = max(data.rfind(b"<c ", 0, mark.start()), data.rfind(b":c ", 0, mark.start()))
        end = data.find(b">", start)
        if start < 0 or end < 0 or _CELL_END.search(data, end, mark.start()) is not None:
            continue  # not inside a cell's element
        tag = data[start : end + 1]
        if mark[0] != b"DISPIMG(" and (end < mark.start() or b't="e"' not in tag):
            continue  # vm="…" on a cell's own tag; on text, a linked data type (Stocks)
        if mark[0] == b"DISPIMG(" and _FORMULA_OPEN.fullmatch(data, end + 1, mark.start()) is None:
            continue  # a picture is the formula; in text (inline, as Gnumeric saves it): words
        ref = _REF.search(tag)
        if ref is not None:
            found.add(_cell(ref[1]))
    return found


_SHARED_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="s"[^>]*>\s*<(?:\w+:)?v>([0-9]+)</')
_INLINE_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="inlineStr"[^>]*>')


def _long_texts(data: bytes, long_strings: dict[int, int]) -> dict[Cell, int]:
    """Cells whose text is longer than a cell may hold (readers would cut it silently):
    shared strings, and strings written inline."""
    found: dict[Cell, int] = {}
    if long_strings:
        for match in _SHARED_CELL.finditer(data):
            length = long_strings.get(int(match[1]))
            ref = _REF.search(match[0])
            if length is not None and ref is not None:
                found[_cell(ref[1])] = length
    if b"inlineStr" in data and len(data) > TEXT_LIMIT:
        for match in _INLINE_CELL.finditer(data):
            closing = _CELL_END.search(data, match.end())
            end = closing.start() if closing is not None else -1
            ref = _REF.search(match[0])
            if ref is not None and end - match.end() > TEXT_LIMIT:
                length = text_length(data[match.end() : end])
                if length > TEXT_LIMIT:
                    found[_cell(ref[1])] = length
    return found


def _folded(code: str | int) -> str:
    return code.lower().replace('"', "").replace("\\", "") if isinstance(code, str) else ""


def _personal_styles(package: Package) -> list[int]:
    """The cell styles whose number format the tool never writes on a register."""
    return [
        index
        for index, code in enumerate(package.style_formats)
        if isinstance(code, int) or _folded(code) not in TOOL_FORMATS
    ]


def _formats(data: bytes, styles: list[int], codes: list[str | int]) -> dict[Cell, str | int]:
    """The cells in one of ``styles``, and their number formats."""
    numbers = b"|".join(str(index).encode() for index in styles)
    # Elements as most programs write them (<c …>) are found by their name; a sheet whose
    # elements have a prefix (<x:c …>) by a slower pattern.
    element = rb"<c\b" if b"<c " in data else rb"<(?:\w+:)?c\b"
    pattern = re.compile(element + rb'[^>]*?\bs="(?:' + numbers + rb')"[^>]*>')
    found: dict[Cell, str | int] = {}
    for match in pattern.finditer(data):
        ref, style = _REF.search(match[0]), _STYLE.search(match[0])
        if ref is not None and style is not None:
            found[_cell(ref[1])] = codes[int(style[1])]
    return found


def in_tool_date_format(package: Package, name: str) -> set[Cell]:
    """The cells of the sheet called ``name`` in the tool's own date format."""
    data = package.sheet(name)
    codes = package.style_formats
    styles = [index for index, code in enumerate(codes) if _folded(code) == TOOL_DATE_FORMAT]
    return set(_formats(data, styles, codes)) if data is not None and styles else set()


def _hyperlinks(data: bytes, links: dict[str, Link], findings: Findings) -> None:
    for match in _HYPERLINK.finditer(data):
        attributes = {
            key.decode(): html.unescape(value.decode("utf-8", "replace"))
            for key, value in _ATTRIBUTE.findall(match[1])
        }
        ref = attributes.get("ref", "")
        target = links.get(attributes.get("r:id", ""))
        location = attributes.get("location", "")
        if target is not None and target.external:
            address = target.target + (f"#{location}" if location else "")
        elif location:
            address = "internal:" + location
        else:
            continue
        address = _writable(address)
        cells = _range(ref)
        for cell in cells[:MAX_LINKED_CELLS]:
            if address and len(address.encode("utf-16-le")) // 2 <= MAX_LINK:
                findings.links[cell] = address
            else:
                findings.lost_links[cell] = attributes.get("display", "") or ref
        for cell in cells[MAX_LINKED_CELLS:]:
            findings.lost_links[cell] = ref


def _writable(address: str) -> str:
    """An address as xlsxwriter's ``write_url`` takes it; "" when it cannot. xlsxwriter
    reads a file's path as a drive when it can (its first two characters), and fails on
    one shorter than that: a one-letter name beside the workbook is given as ``./图``, and
    ``file:///`` with no file after it cannot be written."""
    if address.startswith("file://"):
        path = address.removeprefix("file:///") if address[7:8] == "/" else address[7:]
        return address if len(path) > 1 else ""
    if address.startswith(("internal:", "mailto:")) or "://" in address:
        return address
    if address.startswith("\\\\"):  # a file on a share: \\server\share\a.pdf
        return "external:" + address
    if address.startswith("#") and len(address) > 1:  # a place in this workbook
        return "internal:" + address[1:]
    if address and not address.startswith("#") and ":" not in address[2:]:
        # a file beside the workbook, by its relative path
        return "external:" + ("./" + address if len(address) == 1 else address)
    return ""


def _range(ref: str) -> list[Cell]:
    """The cells of ``B2`` or ``B2:C5``."""
    if not re.fullmatch(r"\$?[A-Z]{1,3}\$?[0-9]{1,7}(:\$?[A-Z]{1,3}\$?[0-9]{1,7})?", ref):
        return []
    first, _, last = ref.partition(":")
    (top, left), (bottom, right) = _cell(first), _cell(last or first)
    if (bottom - top + 1) * (right - left + 1) > MAX_LINKED_CELLS:
        bottom = top + MAX_LINKED_CELLS // (right - left + 1)
    return [(row, col) for row in range(top, bottom + 1) for col in range(left, right + 1)]


def _comments(root: Any) -> dict[Cell, tuple[str, str]]:
    """The comments of a comments part: each cell's text and author."""
    authors = [unescape(author.text or "") for author in root.iter(MAIN + "author")]
    found = {}
    for comment in root.iter(MAIN + "comment"):
        ref = comment.get("ref", "")
        if not re.fullmatch(r"[A-Z]{1,3}[0-9]{1,7}", ref):
            continue
        text = "".join(t.text or "" for t in comment.iter(MAIN + "t"))
        author_id = comment.get("authorId", "")
        number = int(author_id) if author_id.isdigit() else -1
        author = authors[number] if 0 <= number < len(authors) else ""
        found[_cell(ref)] = (unescape(text), author)
    return found
