"""The hidden sheet that carries what the tool needs to read a workbook back: its format,
language, whether its data are samples, the sheet names and headers it was written with,
the months its history holds, and the full text of the template it was made from.
Written and read here, so both sides agree on its rows.

Format 1 stored no names: such a workbook is read with the names that version wrote
(``format1_names``). Format 2 stores every sheet name and header by its text key, so a
later version that words a header differently still finds the columns.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker import __version__, jsontext
from tracker.excel import as_text
from tracker.i18n import Lang
from tracker.model import FORM_FORMAT, Form, Origin
from tracker.workbook.cells import Sheet
from tracker.workbook.format1_names import FORMAT_1_NAMES

FORMATS = ("tracker-workbook/1", "tracker-workbook/2")  # the first value on the sheet
META_FORMAT = FORMATS[-1]  # the one this version writes
TEXT_KEY = "template_text"  # the rows from here on hold the template, a line per row
NEXT_ID = "next_id:"  # followed by a register id: the next item number it gives
NAME = "name:"  # followed by a text key: the sheet name or header written for it
MONTHS = "months"  # the months the history holds, comma-separated
HISTORY_DIGEST = "history_digest"  # of the hidden history sheets, to notice an edit
FORM = "form:"  # followed by master, month, unit, due or goals: a lead unit's form
CLOSED = "closed"  # the month the period was closed in (tracker close)
ORIGIN = "origin"  # where a carried-over workbook came from, as JSON
WRITTEN = "written:"  # followed by a sheet's name: the cells the tool wrote there
FORM_SHEET = "_form"  # a form's fingerprint, as JSON text cut into cells
FINGERPRINT_CELL = 30_000  # characters of the fingerprint a cell holds


@dataclass(frozen=True)
class Meta:
    lang: Lang
    sample: bool
    template_text: str
    next_ids: dict[str, int] = field(default_factory=dict)
    workbook_id: str = ""
    names: dict[str, str] = field(default_factory=dict)
    months: tuple[str, ...] = ()  # recorded in the history, as its last writer left it
    history_digest: str = ""  # of the history as written (none in version 0.1)
    form: Form | None = None  # a lead unit's form (its fingerprint is on FORM_SHEET)
    closed: str = ""
    origin: Origin | None = None
    # The cells the tool wrote on each sheet it writes whole (``Layout.written_whole``), as
    # ``written_cells`` encodes them; none in workbooks written before this was recorded.
    written: dict[str, str] = field(default_factory=dict)


def write_meta(sheet: Sheet, template_id: str, meta: Meta) -> None:
    rows: list[tuple[str, str]] = [
        ("format", META_FORMAT),
        ("lang", meta.lang),
        ("sample", "1" if meta.sample else "0"),
        ("template", template_id),
        ("tool", __version__),
        ("workbook", meta.workbook_id),
        (MONTHS, ",".join(meta.months)),
        (HISTORY_DIGEST, meta.history_digest),
        *([(CLOSED, meta.closed)] if meta.closed else []),
        *([(ORIGIN, _origin_text(meta.origin))] if meta.origin is not None else []),
        *((NEXT_ID + register, str(number)) for register, number in sorted(meta.next_ids.items())),
        *_form_rows(meta.form),
        *((NAME + key, text) for key, text in sorted(meta.names.items())),
        *((WRITTEN + name, cells) for name, cells in meta.written.items()),
    ]
    for row, (key, value) in enumerate(rows):
        sheet.text(row, 0, key)
        sheet.text(row, 1, value)
    start = len(rows)
    sheet.text(start, 0, TEXT_KEY)
    for offset, line in enumerate(meta.template_text.split("\n")):
        if line:
            sheet.text(start + offset, 1, line)
    sheet.ws.very_hidden()
    sheet.ws.protect("", {})


def _form_rows(form: Form | None) -> list[tuple[str, str]]:
    if form is None:
        return []
    return [
        (FORM + "master", form.master),
        (FORM + "month", form.month),
        (FORM + "unit", form.unit),
        (FORM + "due", form.due.isoformat()),
        (FORM + "goals", ",".join(form.goals)),
        (FORM + "contact", form.contact),
    ]


def _origin_text(origin: Origin) -> str:
    return json.dumps(dataclasses.asdict(origin), ensure_ascii=False, sort_keys=True)


def _origin(text: str) -> Origin | None:
    """The origin a meta sheet names, or None when there is none it can be read as."""
    try:
        data = jsontext.loads(text)
        finals = {str(k): float(v) for k, v in data.get("finals", {}).items()}
        if not all(math.isfinite(v) for v in finals.values()) or not isinstance(
            data["closed"], bool
        ):
            return None
        return Origin(
            file=str(data["file"]),
            workbook_id=str(data["workbook_id"]),
            template_id=str(data["template_id"]),
            month=str(data["month"]),
            closed=bool(data["closed"]),
            finals=finals,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def write_chunked(sheet: Sheet, text: str) -> None:
    """Text on a hidden sheet of its own (a form's fingerprint, a master's record of
    returns), cut into cells a cell can hold."""
    for row, start in enumerate(range(0, len(text), FINGERPRINT_CELL)):
        sheet.text(row, 0, text[start : start + FINGERPRINT_CELL])
    sheet.ws.very_hidden()
    sheet.ws.protect("", {})


def read_chunked(rows: list[list[Any]]) -> str:
    return "".join(as_text(row[0]) for row in rows if row)


@dataclass(frozen=True)
class FormSays:
    """Whose a unit's form says it is: its master's workbook id, the month it reports and
    the unit."""

    master: str
    month: str
    unit: str


def fingerprint_says(text: str) -> FormSays | None:
    """Whose the form a fingerprint was made for is (its meta sheet deleted, say), or None
    when ``text`` is no fingerprint this version writes."""
    try:
        data = jsontext.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORM_FORMAT:
        return None
    master, month, unit = (data.get(key) for key in ("master", "month", "unit"))
    if not (isinstance(master, str) and isinstance(month, str) and isinstance(unit, str)):
        return None
    return FormSays(master, month, unit) if master and month and unit else None


def fingerprint_fits(text: str, form: Form) -> bool:
    """Whether ``text`` is a fingerprint of the format this version writes, made for the
    master, month and unit the form's meta names (a sheet pasted from another form, or
    edited, is not)."""
    try:
        data = jsontext.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and all(
        data.get(key) == value
        for key, value in (
            ("format", FORM_FORMAT),
            ("master", form.master),
            ("month", form.month),
            ("unit", form.unit),
        )
    )


def _form(values: dict[str, str]) -> Form | None:
    """The form a meta sheet describes, or None when it is a master's (or says too
    little to be a form: read as a master, whose sheets it then lacks)."""
    fields = {
        key.removeprefix(FORM): value for key, value in values.items() if key.startswith(FORM)
    }
    try:
        due = date.fromisoformat(fields["due"])
        return Form(
            master=fields["master"],
            month=fields["month"],
            unit=fields["unit"],
            due=due,
            goals=tuple(goal for goal in fields["goals"].split(",") if goal),
            contact=fields.get("contact", ""),
        )
    except (KeyError, ValueError):
        return None


def read_meta(rows: list[list[Any]]) -> Meta | None:
    """The meta sheet's contents, or None when it is not one tracker wrote."""
    values: dict[str, str] = {}
    lines: list[str] = []
    in_text = False
    for row in rows:
        key = as_text(row[0]) if row else ""
        value = as_text(row[1]) if len(row) > 1 else ""
        if key == TEXT_KEY:
            in_text = True
        if in_text:
            lines.append(value)
        elif key:
            values[key] = value
    if values.get("format") not in FORMATS or not lines:
        return None
    lang: Lang = "en" if values.get("lang") == "en" else "zh"
    next_ids = {
        key.removeprefix(NEXT_ID): int(value)
        for key, value in values.items()
        if key.startswith(NEXT_ID) and value.isdigit() and len(value) < 10
    }
    names = {key.removeprefix(NAME): value for key, value in values.items() if key.startswith(NAME)}
    written = {
        key.removeprefix(WRITTEN): value for key, value in values.items() if key.startswith(WRITTEN)
    }
    return Meta(
        lang=lang,
        sample=values.get("sample") == "1",
        template_text="\n".join(lines),
        next_ids=next_ids,
        workbook_id=values.get("workbook", ""),
        # Format 1 stored no names: those it wrote, frozen; format 2 stores every one.
        names={**FORMAT_1_NAMES[lang], **names},
        months=tuple(month for month in values.get(MONTHS, "").split(",") if month),
        history_digest=values.get(HISTORY_DIGEST, ""),
        form=_form(values),
        closed=values.get(CLOSED, ""),
        origin=_origin(values[ORIGIN]) if values.get(ORIGIN) else None,
        written=written,
    )
