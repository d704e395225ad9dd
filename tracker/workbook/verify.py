"""A written workbook, read back before it replaces the one people work in.

Every part must be well-formed XML (a control character that slipped into a cached value
makes Excel "repair" the file and LibreOffice cut a sheet short), and every entry people
made must read back as it was written: the items with their numbers, values, columns of
their own, comments, links and number formats; the monthly figures and notes; the
milestones; the lead units. A workbook that fails is never put in place.
"""

from __future__ import annotations

import xml.parsers.expat
import zipfile
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from tracker.errors import TrackerError
from tracker.excel import CellValue
from tracker.model import Book, CellExtras, RegisterRow
from tracker.workbook.reader import MAX_UNZIPPED, read_workbook


class NotWrittenFaithfully(Exception):
    """The workbook just written does not read back as written: a bug in tracker."""


def verify_written(path: Path, book: Book, max_unzipped: int = MAX_UNZIPPED) -> None:
    """Raise ``NotWrittenFaithfully`` unless the workbook at ``path`` is well-formed and
    holds every entry of ``book``."""
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            parser = xml.parsers.expat.ParserCreate()
            try:
                parser.Parse(archive.read(info), True)
            except xml.parsers.expat.ExpatError as error:
                raise NotWrittenFaithfully(f"{info.filename}: {error}") from None
    try:
        written = read_workbook(path, max_unzipped, history=False).book
    except TrackerError as error:  # the tool's own output refused: a bug, not the user's
        raise NotWrittenFaithfully(f"{error.key} {error.params}") from None
    for name, wrote, read in _entries(book, written):
        if wrote != read:
            raise NotWrittenFaithfully(f"{name} does not read back as written")


def _entries(book: Book, written: Book) -> list[tuple[str, object, object]]:
    entries: list[tuple[str, object, object]] = []
    for register in book.template.registers:
        rows, back = book.rows(register.id), written.rows(register.id)
        entries.append((f"{register.id}: the number of items", len(rows), len(back)))
        for row, read in zip(rows, back, strict=False):
            if row != read:  # most often equal as they stand; else compare what counts
                entries.append((f"{register.id} {row.item_id}", _row(row), _row(read)))
        headers = book.extra_columns.get(register.id, [])
        entries.append(
            (f"{register.id}: own columns", headers, written.extra_columns.get(register.id, []))
        )
        notes = _pointed(book.header_extras.get(register.id, {}))
        read_notes = _pointed(written.header_extras.get(register.id, {}))
        entries.append((f"{register.id}: own headers", notes, read_notes))
    entries += [
        ("the monthly sheet", book.monthly, written.monthly),
        ("the milestones", book.milestones, written.milestones),
        ("the lead units", _assignments(book), _assignments(written)),
        ("the item numbers", book.next_ids, written.next_ids),
        ("the workbook id", book.workbook_id, written.workbook_id),
        ("the close", book.closed, written.closed),
        ("the origin", book.origin, written.origin),
        ("the returns collected", book.returns, written.returns),
    ]
    return entries


def _pointed(extras: dict[str, CellExtras]) -> dict[str, CellExtras]:
    return {k: replace(c, link=_pointing(c.link)) if c.link else c for k, c in extras.items()}


Item = tuple[str, dict[str, CellValue], list[CellValue], dict[str, CellExtras]]


def _row(row: RegisterRow) -> Item:
    """An item as written and read: empty cells and trailing empty own cells aside, and
    links by where they point."""
    values: dict[str, CellValue] = {k: v for k, v in row.values.items() if v not in (None, "")}
    extra = [None if value == "" else value for value in row.extra]
    while extra and extra[-1] is None:
        extra.pop()
    extras = {
        key: replace(cell, link=_pointing(cell.link)) if cell.link else cell
        for key, cell in row.extras.items()
    }
    return row.item_id, values, extra, extras


def _pointing(link: str) -> str:
    """Where a hyperlink points, however it is spelled: xlsxwriter writes a file's path
    with backslashes and escapes spaces (``docs\\a%20b.pdf`` for ``docs/a b.pdf``)."""
    text = unquote(link)
    for prefix in ("external:", "file:///", "file://"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    return text.replace("\\", "/")


def _assignments(book: Book) -> dict[str, tuple[str, str]]:
    return {
        goal.id: (book.assignment(goal.id).lead, book.assignment(goal.id).partners)
        for goal in book.template.goals
    }
