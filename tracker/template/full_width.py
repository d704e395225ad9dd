"""Full-width punctuation in a template, found where TOML could not read on.

A Chinese input method left on types “ ” ＝ ： ， ［ ］ and full-width digits and spaces;
TOML reads none of them, and its own message ("Invalid value (at line 4, column 9)") says
neither what the character is nor what to type. This finds the character at the place
TOML names (or, when a string was left open by a full-width quote, that quote on the same
line) and the half-width character to type instead.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from tracker.i18n import Msg

_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")
# Full-width characters TOML needs in their ASCII form, where NFKC does not give it (or
# gives one TOML does not use: a full-width colon meant the key's "=").
_INSTEAD = {
    "“": '"', "”": '"', "‘": '"', "’": '"', "：": "=", "、": ",", "【": "[", "】": "]",
}  # fmt: skip
_QUOTES = "“”‘’"


class FullWidth(NamedTuple):
    line: int
    column: int
    char: str
    fix: str | Msg


def _half_width(char: str) -> str | Msg | None:
    """What to type instead of ``char``, or None when it is no full-width character."""
    if char in _INSTEAD:
        return _INSTEAD[char]
    if char == "\u3000":
        return Msg("template.half_width_space")
    folded = unicodedata.normalize("NFKC", char)
    return folded if folded != char and folded.isascii() and folded.isprintable() else None


def full_width_at(text: str, detail: str) -> FullWidth | None:
    """The full-width character at the place of TOML's error ``detail`` in ``text``."""
    found = _PLACE.search(detail)
    if found is None:
        return None
    number, column = int(found[1]), int(found[2])
    lines = text.splitlines()
    if not 1 <= number <= len(lines):
        return None
    line = lines[number - 1]
    if 1 <= column <= len(line) and (fix := _half_width(line[column - 1])) is not None:
        return FullWidth(number, column, line[column - 1], fix)
    # A string closed by a full-width quote runs on to the line's end, where TOML stops.
    quote = next((i for i, char in enumerate(line) if char in _QUOTES), None)
    if quote is not None:
        return FullWidth(number, quote + 1, line[quote], '"')
    return None
