"""The hidden sheet that carries what the tool needs to read a workbook back: its format,
language, whether its data are samples, and the full text of the template it was made
from. Written and read here, so both sides agree on its rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tracker import __version__
from tracker.excel import as_text
from tracker.i18n import LANGS, Lang
from tracker.workbook.cells import Sheet

META_FORMAT = "tracker-workbook/1"  # the first value on the sheet
TEXT_KEY = "template_text"  # the rows from here on hold the template, a line per row


NEXT_ID = "next_id:"  # followed by a register id: the next item number it gives


@dataclass(frozen=True)
class Meta:
    lang: Lang
    sample: bool
    template_text: str
    next_ids: dict[str, int]
    workbook_id: str


def write_meta(
    sheet: Sheet,
    lang: Lang,
    sample: bool,
    template_id: str,
    text: str,
    next_ids: dict[str, int],
    workbook_id: str,
) -> None:
    rows: list[tuple[str, str]] = [
        ("format", META_FORMAT),
        ("lang", lang),
        ("sample", "1" if sample else "0"),
        ("template", template_id),
        ("tool", __version__),
        ("workbook", workbook_id),
        *((NEXT_ID + register, str(number)) for register, number in sorted(next_ids.items())),
    ]
    for row, (key, value) in enumerate(rows):
        sheet.text(row, 0, key)
        sheet.text(row, 1, value)
    start = len(rows)
    sheet.text(start, 0, TEXT_KEY)
    for offset, line in enumerate(text.split("\n")):
        if line:
            sheet.text(start + offset, 1, line)
    sheet.ws.very_hidden()
    sheet.ws.protect("", {})


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
    if values.get("format") != META_FORMAT or not lines:
        return None
    lang = values.get("lang", "zh")
    next_ids = {
        key.removeprefix(NEXT_ID): int(value)
        for key, value in values.items()
        if key.startswith(NEXT_ID) and value.isdigit()
    }
    return Meta(
        lang=lang if lang in LANGS else "zh",
        sample=values.get("sample") == "1",
        template_text="\n".join(lines),
        next_ids=next_ids,
        workbook_id=values.get("workbook", ""),
    )
