"""Typed reading of a parsed TOML tree, collecting every problem with its place.

Each accessor checks one value, records a ``Problem`` (``goals[ai-labs].target: 应为数字，
实际为 "三"``) when it is missing or of the wrong type, and returns a fallback, so a whole
file is checked in one pass and all its problems are reported together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from tracker.errors import Problem
from tracker.excel import text_units
from tracker.template.spec import Label


def at(where: str, key: str | int) -> str:
    """The place of ``key`` inside ``where``: ``goals[ai-labs].target``, ``stages[2]``."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def show(value: object) -> str:
    """A TOML value as a message shows it."""
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_text(value: object) -> bool:
    return isinstance(value, str)


def is_bool(value: object) -> bool:
    return isinstance(value, bool)


def is_list(value: object) -> bool:
    return isinstance(value, list)


def is_table(value: object) -> bool:
    return isinstance(value, dict)


def is_date(value: object) -> bool:
    """A TOML date (not a date-time), or text in the form 2025-12-31."""
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
        return True
    return isinstance(value, date) and not isinstance(value, datetime)


def as_date(value: object) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else cast(date, value)


Table = Mapping[str, object]
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")  # ids: lower-case letters, digits, - and _
# Characters no cell, file name or mail header should carry: C0 and C1 controls. Text of
# one line (a title, a name, a choice) may not break lines or hold tabs either.
# The longest text a template may give, in UTF-16 units: a cell holds 32,767, and the
# workbook writes some texts with more around them (跟踪表 after the title, the key
# before it in the stored template).
LONGEST_TEXT = 30_000
NUMBER_LIMIT = 1e15  # the largest number a template may give (Excel keeps 15 digits)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class TomlReader:
    """Accessors over a TOML tree; problems are recorded under ``prefix`` message keys."""

    def __init__(
        self,
        prefix: str = "template.",
        numbers_within: float | None = NUMBER_LIMIT,
        stored: bool = False,
    ) -> None:
        """``numbers_within``: the largest number any key may hold (None: each key's own
        check decides, as the mail settings' timeout does). ``stored``: the text is the
        copy a workbook keeps of its template (see ``newer``)."""
        self.prefix = prefix
        self.numbers_within = numbers_within
        self.stored = stored
        self.problems: list[Problem] = []

    def add(self, where: str, message: str, /, **params: object) -> None:
        """A problem particular to this kind of file (``template.bad_condition``)."""
        self.problems.append(Problem(where, self.prefix + message, params))

    def newer(self, where: str, message: str, /, **params: object) -> None:
        """A problem by a rule made after workbooks could be made that break it (a goal id
        ``true``, a target finer than its precision): a template file is refused, but the
        copy a workbook keeps is read as it was when the workbook was made, so no workbook
        becomes unreadable when the tool is updated."""
        if not self.stored:
            self.add(where, message, **params)

    def general(self, where: str, message: str, /, **params: object) -> None:
        """A problem any TOML file can have (``toml.missing``, ``toml.expected_text``)."""
        self.problems.append(Problem(where, "toml." + message, params))

    def keys(self, table: Table, where: str, allowed: Sequence[str]) -> None:
        """Record every key of ``table`` that is not ``allowed`` (a typo, usually)."""
        for key in table:
            if key not in allowed:
                self.general(at(where, key), "unknown_key", allowed=", ".join(allowed))

    def value(
        self,
        table: Table,
        key: str,
        where: str,
        check: Callable[[object], bool],
        problem: str,
        required: bool,
    ) -> Any:
        """The value at ``key`` when present and of the right type, else None. A missing
        required key and a value of the wrong type are recorded as problems."""
        if key not in table:
            if required:
                self.general(at(where, key), "missing")
            return None
        value = table[key]
        if not check(value):
            if problem == "expected_text" and isinstance(value, int | float | date):
                # version = 2025.1: the number (or date, or true) meant as text, unquoted
                quoted = f'{key} = "{show(value)}"'
                self.general(at(where, key), "expected_quoted", actual=show(value), quoted=quoted)
            else:
                self.general(at(where, key), problem, actual=show(value))
            return None
        return value

    def text(
        self, table: Table, key: str, where: str, default: str = "", *, blank: bool = False
    ) -> str:
        """Text that must be there (or, given a non-empty default, may be left out), on one
        line. Blank text counts as missing, unless ``blank`` (a unit: PUE has none)."""
        value = self.value(table, key, where, is_text, "expected_text", not default)
        if value is None:
            return default
        text = self._checked(value, at(where, key), multiline=False)
        if not text and not default and not blank:
            self.general(at(where, key), "blank")
        return text

    def optional_text(
        self, table: Table, key: str, where: str, *, multiline: bool = False
    ) -> str | None:
        """Text that may be left out; ``multiline`` text may break lines (a quoted source)."""
        value = self.value(table, key, where, is_text, "expected_text", False)
        return self._checked(value, at(where, key), multiline) if value is not None else None

    def _checked(self, value: str, where: str, multiline: bool) -> str:
        """``value`` stripped, with a problem recorded when no cell could hold it."""
        text = value.strip()
        if len(text) > LONGEST_TEXT // 2 and (length := text_units(text)) > LONGEST_TEXT:
            self.general(where, "too_long", limit=LONGEST_TEXT, actual=length)
        elif (CONTROL if multiline else CONTROL_OR_BREAK).search(text):
            self.general(where, "control" if multiline else "control_or_break")
        return text

    def number(self, table: Table, key: str, where: str, default: float | None = None) -> float:
        """A number that must be there unless a default is given."""
        value = self.value(table, key, where, is_number, "expected_number", default is None)
        if value is not None and self._holdable(float(value), at(where, key)):
            return float(value)
        return default if default is not None else 0.0

    def optional_number(self, table: Table, key: str, where: str) -> float | None:
        value = self.value(table, key, where, is_number, "expected_number", False)
        if value is not None and self._holdable(float(value), at(where, key)):
            return float(value)
        return None

    def _holdable(self, value: float, where: str) -> bool:
        """Whether a spreadsheet holds ``value`` and computes with it: not nan or inf, and
        within NUMBER_LIMIT (beyond it sums and rounding lose their digits)."""
        limit = self.numbers_within
        if limit is None or (math.isfinite(value) and abs(value) <= limit):
            return True
        self.general(where, "number_range", limit=f"{limit:.0e}", actual=show(value))
        return False

    def flag(self, table: Table, key: str, where: str) -> bool:
        return self.value(table, key, where, is_bool, "expected_bool", False) is True

    def day(self, table: Table, key: str, where: str, default: date | None = None) -> date:
        """A date that must be there unless a default is given; fallback ``date.min``."""
        value = self.value(table, key, where, is_date, "expected_date", default is None)
        if value is not None:
            return as_date(value)
        return default if default is not None else date.min

    def optional_day(self, table: Table, key: str, where: str) -> date | None:
        value = self.value(table, key, where, is_date, "expected_date", False)
        return as_date(value) if value is not None else None

    def texts(self, table: Table, key: str, where: str) -> tuple[str, ...]:
        values = self.value(table, key, where, is_list, "expected_list", False) or []
        result = []
        for index, value in enumerate(values):
            place = at(at(where, key), index + 1)
            if isinstance(value, str):
                result.append(self._checked(value, place, multiline=False))
            else:
                self.general(place, "expected_text", actual=show(value))
        return tuple(result)

    def table(self, table: Table, key: str, where: str) -> dict[str, object]:
        return self.value(table, key, where, is_table, "expected_table", True) or {}

    def tables(
        self, table: Table, key: str, where: str, required: bool = True
    ) -> list[tuple[str, dict[str, object]]]:
        """An array of tables, each with its place: ``goals[ai-labs]`` or ``goals[3]``."""
        if isinstance(table.get(key), dict):  # [goals] written for [[goals]]
            prefix = re.sub(r"\[[^\]]*\]", "", where)  # registers[labs] → registers
            header = f"{prefix}.{key}" if prefix else key
            self.general(at(where, key), "one_bracket", header=header)
            return []
        values = self.value(table, key, where, is_list, "expected_list", required) or []
        result = []
        for index, value in enumerate(values):
            item_id = value.get("id") if isinstance(value, dict) else None
            place = f"{at(where, key)}[{item_id if isinstance(item_id, str) else index + 1}]"
            if isinstance(value, dict):
                result.append((place, value))
            else:
                self.general(place, "expected_table", actual=show(value))
        return result

    def ident(self, table: Table, where: str, seen: set[str]) -> str:
        """An id (``ai-labs``) that is well formed and not used before in ``seen``."""
        value = self.text(table, "id", where)
        if value and not ID_PATTERN.match(value):
            self.add(at(where, "id"), "bad_id", actual=show(value))
        elif value in seen:
            self.add(at(where, "id"), "duplicate_id", actual=show(value))
        seen.add(value)
        return value

    def label(self, table: Table, key: str, where: str, *, blank: bool = False) -> Label:
        """A Chinese name at ``key`` with its optional English form at ``key_en``."""
        return Label(
            self.text(table, key, where, blank=blank), self.optional_text(table, key + "_en", where)
        )
