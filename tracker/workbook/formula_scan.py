"""What only openpyxl can tell about a workbook: formulas people typed into input cells, and
formula cells whose cached result is an error (a formula someone broke, ``#REF!``).

Reading every cell with openpyxl would be ten times slower than calamine, so each sheet's
XML is first searched for the bytes that give these away (``<f`` for a formula, ``t="e"``
for an error); only a sheet that has them is opened with openpyxl.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml import ElementTree

from tracker.errors import Problem
from tracker.places import Places, cell_name

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the zip member that holds it."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(RELS + "Relationship")}
    parts = {}
    for sheet in workbook.iter(MAIN + "sheet"):
        target = targets.get(sheet.get(DOC_REL), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[str(sheet.get("name"))] = posixpath.normpath(path)
    return parts


def input_cells(places: Places) -> dict[str, set[tuple[int, int]]]:
    """The cells people type into, by sheet, as the reader found them."""
    cells: dict[str, set[tuple[int, int]]] = {}
    for where in places.registers.values():
        cells.setdefault(where.sheet, set()).update(
            (row, col) for row in where.rows for col in where.columns.values()
        )
    for where, keys in (
        (places.milestones, ("stage", "reached", "note")),
        (places.monthly, ("value", "progress", "problems", "next_steps")),
    ):
        columns = [where.columns[k] for k in keys if k in where.columns]
        cells.setdefault(where.sheet, set()).update(
            (row, col) for row in where.rows for col in columns
        )
    return cells


def scan(path: Path, places: Places) -> list[Problem]:
    """Warnings for typed formulas (their values are kept) and broken formula cells (the
    update writes every formula afresh)."""
    inputs = input_cells(places)
    with zipfile.ZipFile(path) as archive:
        parts = sheet_parts(archive)
        with_formulas, with_errors = [], []
        for name, part in parts.items():
            try:
                data = archive.read(part)
            except KeyError:
                continue
            if name in inputs and b"<f" in data:
                with_formulas.append(name)
            if b't="e"' in data:
                with_errors.append(name)
    problems: list[Problem] = []
    if with_formulas:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for name in with_formulas:
                problems += _typed_formulas(book[name], values[name], name, inputs[name])
        finally:
            book.close()
            values.close()
    if with_errors:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for name in with_errors:
                problems += _errors(book[name], name)
        finally:
            book.close()
    return problems


def _typed_formulas(
    sheet: Any, values: Any, name: str, inputs: set[tuple[int, int]]
) -> list[Problem]:
    problems = []
    cached = {
        (cell.row - 1, cell.column - 1): cell.value
        for row in values.iter_rows()
        for cell in row
        if hasattr(cell, "column")
    }
    for row in sheet.iter_rows():
        for cell in row:
            if not hasattr(cell, "column") or cell.data_type != "f":
                continue
            place = (cell.row - 1, cell.column - 1)
            if place in inputs:
                value = cached.get(place)
                problems.append(
                    Problem(
                        cell_name(name, *place),
                        "input.typed_formula",
                        {"formula": str(cell.value), "value": "" if value is None else str(value)},
                        severity="warning",
                    )
                )
    return problems


def _errors(sheet: Any, name: str) -> list[Problem]:
    return [
        Problem(
            cell_name(name, cell.row - 1, cell.column - 1),
            "input.broken_formula",
            {"error": str(cell.value)},
            severity="warning",
        )
        for row in sheet.iter_rows()
        for cell in row
        if hasattr(cell, "column") and cell.data_type == "e"
    ]
