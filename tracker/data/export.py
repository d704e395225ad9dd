"""``tracker export``: a workbook's tables as files for BI tools (FineBI, Power BI, 帆软报表)
and for pandas: one file per table and a README listing every column.

CSV is UTF-8 with a BOM, so Excel opens Chinese as it is; dates are ISO (2025-06-30); an
empty cell is an empty field. The JSON is a list of records per file; the workbook
format a workbook per table, its text stored as text. Each file is written whole to a
temporary name and moved into place; a folder that holds anything but an earlier
export is never written into.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Literal

import pandas as pd

from tracker import __version__, jsontext
from tracker.data.frames import frame
from tracker.data.tables import Table, Tables, shown_month
from tracker.errors import UsageError, cannot_write
from tracker.i18n import Lang, t
from tracker.safefile import (
    LEFTOVER_AGE,
    TEMPORARY,
    clear_leftovers,
    readable,
    write_atomically,
)

Format = Literal["csv", "xlsx", "json"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "json")
README = "README.md"
# Names the files the export wrote, so the next export into the folder replaces them and
# nothing else.
MARKER = ".tracker-export.json"


@dataclass(frozen=True)
class Exported:
    folder: Path
    files: list[Path]  # the tables' files, then the README


def export(tables: Tables, out: Path, form: Format = "csv") -> Exported:
    """Every table of ``tables`` into the folder ``out`` (made if missing) as ``form``.
    The folder's list of files is written first, naming the earlier export's files and
    this one's, so an export stopped midway leaves a folder the next export takes; the
    README is written last; files of the earlier export this one does not write go."""
    earlier = _earlier_export(out)
    # Every table encoded before the first file is written: one that cannot be stops here.
    # Dated by the figures' as-of day, not the clock: the same workbook exports the same bytes.
    created = datetime.combine(tables.as_of, time())
    encoded = [
        (f"{table.name}.{form}", _encoded(frame(table), form, created)) for table in tables.all
    ]
    names = [name for name, _ in encoded] + [README]
    try:
        out.mkdir(parents=True, exist_ok=True)
        clear_leftovers(out, older_than=LEFTOVER_AGE)  # a killed export's
        _mark(out, sorted({*earlier, *names}), complete=False)
        files = [write_atomically(out / name, data) for name, data in encoded]
        files.append(write_atomically(out / README, readme(tables, form).encode("utf-8")))
        for name in set(earlier) - set(names):
            (out / name).unlink(missing_ok=True)
        _mark(out, names, complete=True)
    except OSError as error:
        named = Path(error.filename) if error.filename else out
        raise cannot_write(out if named.name.startswith(TEMPORARY) else named, error) from None
    return Exported(out, files)


# How a formula begins: Excel opening a CSV takes such a text for one (a "+86" phone
# number, "=HYPERLINK(…)" pasted as text), though the file holds it as it was typed.
FORMULA_START = ("=", "+", "-", "@")


def formula_like(tables: Tables) -> list[tuple[str, int, str, str]]:
    """The texts of ``tables`` that begin as a formula does, the header's included, each
    by its CSV file, line (the header is line 1), column and text, for the command line
    to warn of."""
    found = []
    for table in tables.all:
        for field in table.fields:
            if _formula_like(field.name):
                found.append((f"{table.name}.csv", 1, field.name, field.name))
        for line, row in enumerate(table.rows, start=2):
            for field, value in zip(table.fields, row, strict=True):
                if _formula_like(value):
                    found.append((f"{table.name}.csv", line, field.name, str(value)))
    return found


def _formula_like(value: object) -> bool:
    return isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_START)


def _mark(out: Path, names: list[str], complete: bool) -> None:
    listed = {"files": names, "complete": complete}
    write_atomically(out / MARKER, json.dumps(listed, ensure_ascii=False).encode("utf-8"))


# Files an office suite keeps beside a file it has open: never the user's data.
LOCK_FILES = ("~$", ".~lock.")


def _earlier_export(out: Path) -> list[str]:
    """The files an earlier export wrote into ``out``; refused when ``out`` is a file, or
    a folder holding anything else (an office suite's lock files aside)."""
    if not out.exists():
        return []
    if not out.is_dir():
        raise UsageError("export.exists", path=str(out))
    found = {path.name for path in out.iterdir() if not path.name.startswith(LOCK_FILES)}
    found -= {name for name in found if name.startswith(TEMPORARY)}  # a killed run's
    if not found:
        return []
    try:
        listed = jsontext.loads((out / MARKER).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        listed = None
    if not isinstance(listed, list):
        raise UsageError("export.exists", path=str(out))
    # Only plain names in the folder: a list edited to name ../x deletes nothing outside.
    plain = [name for name in listed if isinstance(name, str) and Path(name).name == name]
    if not found <= {*plain, MARKER} or MARKER in plain:
        raise UsageError("export.exists", path=str(out))
    return [name for name in plain if name not in ("", ".", "..")]


def _encoded(data: pd.DataFrame, form: Format, created: datetime) -> bytes:
    if form == "xlsx":
        data = _plain_dates(data)
        buffer = io.BytesIO()
        options = {"strings_to_formulas": False, "strings_to_urls": False}
        with pd.ExcelWriter(
            buffer,
            engine="xlsxwriter",
            date_format="yyyy-mm-dd",
            datetime_format="yyyy-mm-dd hh:mm:ss",
            engine_kwargs={"options": options},
        ) as writer:
            writer.book.set_properties({"created": created})
            data.to_excel(writer, index=False, sheet_name="data")
        return buffer.getvalue()
    dated = _iso_dates(data)
    if form == "json":  # Python's own floats: every digit back (pandas' JSON keeps 15)
        plain = dated.astype(object).where(dated.notna(), None)
        records = plain.to_dict("records")
        return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")
    return dated.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _plain_dates(data: pd.DataFrame) -> pd.DataFrame:
    """Columns of dates with no time as dates, so a workbook shows them as 2025-06-30."""
    plain = data.copy()
    for name in data.columns:
        column = data[name]
        if pd.api.types.is_datetime64_any_dtype(column) and not _timed(column):
            plain[name] = column.dt.date.astype(object).where(column.notna(), None)
    return plain


def _timed(column: pd.Series) -> bool:
    filled = column.dropna()
    return bool((filled != filled.dt.normalize()).any())


def _iso_dates(data: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text: 2025-06-30, or 2025-06-30T14:30:00 in a column with times."""
    dated = data.copy()
    for name in data.columns:
        column = data[name]
        if pd.api.types.is_datetime64_any_dtype(column):
            pattern = "%Y-%m-%dT%H:%M:%S" if _timed(column) else "%Y-%m-%d"
            dated[name] = column.dt.strftime(pattern).astype("string")
    return dated


def readme(tables: Tables, form: Format) -> str:
    """What the export holds, in the tables' language: every file, its rows, its columns
    with their kinds and meanings."""
    lang = tables.lang
    lines = [
        f"# {t(lang, 'data.readme.title', title=tables.title)}",
        "",
        t(
            lang,
            "data.readme.intro",
            version=__version__,
            workbook=readable(tables.path.name),
            as_of=tables.as_of.isoformat(),
        ),
    ]
    if tables.form is not None:
        lines += ["", _form_note(tables)]
    if form == "csv":
        lines += ["", t(lang, "data.readme.csv_formulas")]
    if tables.problems.rows:
        lines += ["", t(lang, "data.readme.problems", count=len(tables.problems.rows))]
    for table in tables.all:
        lines += _table_section(table, form, lang)
    return "\n".join(lines) + "\n"


def _form_note(tables: Tables) -> str:
    """The README's note that the export is of a lead unit's form, not a whole workbook."""
    assert tables.form is not None
    return t(
        tables.lang,
        "data.readme.form",
        workbook=readable(tables.path.name),
        unit=tables.form.unit,
        month=shown_month(tables.form.month, tables.lang),
        count=len(tables.goals.rows),
    )


def _table_section(table: Table, form: Format, lang: Lang) -> list[str]:
    file = f"{table.name}.{form}"
    section = t(lang, "data.readme.section", file=file, title=table.title, count=len(table.rows))
    lines = ["", f"## {section}", ""]
    lines += [t(lang, "data.readme.columns"), "|---|---|---|"]
    for field in table.fields:
        kind = t(lang, f"data.kind.{field.kind}", choices=" < ".join(field.choices))
        lines.append(f"| {_cell(field.name)} | {_cell(kind)} | {_cell(field.about)} |")
    return lines


def _cell(text: str) -> str:
    """Text in a Markdown table cell: its bars escaped, on one line."""
    return " ".join(text.replace("|", "\\|").split())
