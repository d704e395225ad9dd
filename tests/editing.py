"""Editing a workbook as a person would, with openpyxl: typing into cells, adding labs,
finding a monthly cell. openpyxl saves what it is given, as Excel would store it."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl


def put(sheet: Any, cell: str, value: object) -> None:
    """Type a value into a cell as a person would; text stays text even when it starts
    with = (openpyxl would otherwise store it as a formula)."""
    sheet[cell] = value
    if isinstance(value, str):
        sheet[cell].data_type = "s"


def header_columns(sheet: Any) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def last_row(sheet: Any, column: int = 2) -> int:
    return max((r for r in range(1, sheet.max_row + 1) if sheet.cell(r, column).value), default=1)


def letter(column: int) -> str:
    return str(openpyxl.utils.get_column_letter(column))


def sort_without_numbers(sheet: Any, row: int, other: int) -> None:
    """Two rows of a register swapped in every column but the first (编号), as a sort of a
    selection that left the number column out does: the numbers stay where they were."""
    for column in range(2, sheet.max_column + 1):
        one, two = sheet.cell(row, column), sheet.cell(other, column)
        one.value, two.value = two.value, one.value


def add_lab(book: Any, name: str, stage: str, **more: object) -> None:
    labs = book["实验室"]
    columns = header_columns(labs)
    row = last_row(labs, columns["实验室名称"]) + 1
    put(labs, f"{letter(columns['实验室名称'])}{row}", name)
    put(labs, f"{letter(columns['阶段'])}{row}", stage)
    for header, value in more.items():
        put(labs, f"{letter(columns[header])}{row}", value)


def monthly_cell(book: Any, goal_id: str, month: str, header: str) -> Any:
    sheet = book["月度填报"]
    columns = header_columns(sheet)
    for row in range(2, sheet.max_row + 1):
        when = sheet.cell(row, columns["月份"]).value
        if sheet.cell(row, columns["编号"]).value == goal_id and f"{when:%Y-%m}" == month:
            return sheet.cell(row, columns[header])
    raise KeyError((goal_id, month))


def with_labs(*entries: tuple[str, str]) -> Callable[[Any], None]:
    """A change that adds these labs (name, stage) below the last one."""

    def change(book: Any) -> None:
        for name, stage in entries:
            add_lab(book, name, stage)

    return change


def own_id(book: Any) -> None:
    """Give a copy of a workbook an id of its own, as a workbook made apart has: the
    roll-up takes two workbooks with one id for copies of one workbook."""
    meta = book["_tracker"]
    for row in meta.iter_rows(max_col=2):
        if row[0].value == "workbook":
            row[1].value = uuid.uuid4().hex
            return
    raise KeyError("workbook")


def edit(path: Path, change: Callable[[Any], None]) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def rewrite_parts(path: Path, change: Callable[[str, bytes], bytes]) -> None:
    """Rewrite the file's parts in place, each as ``change(name, data)`` returns it: what
    another program writes, or a file edited by hand."""
    import zipfile

    data = path.read_bytes()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            out.writestr(info, change(info.filename, source.read(info.filename)))


def replace_in_parts(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in every XML part of the file: text a program other than
    Excel might write (openpyxl itself cuts text at a cell's 32,767 characters)."""
    import html

    target = html.escape(new, quote=False).encode("utf-8")

    def replaced(name: str, part: bytes) -> bytes:
        return part.replace(old.encode("utf-8"), target) if name.endswith(".xml") else part

    rewrite_parts(path, replaced)
