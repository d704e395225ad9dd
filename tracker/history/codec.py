"""One codec for the history: a record as a row of cells (the workbook's hidden sheets)
or as a JSON object (``snapshot.json``), and back, both by its fields' names.

Each stored form says its version: a hidden sheet by its header row of field names (a
later version adds fields, an earlier one had fewer, whose defaults stand in), a
snapshot by its ``format``. Reading takes the fields it knows by name. A field it does
not know (written by a later version, or typed in) is left out and said, never dropped
in silence; a record that lacks a field with no default, or holds one of the wrong type,
is refused with ``ValueError``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tracker.excel import as_text
from tracker.history.records import Change, GoalRecord, ItemEvent

Record = TypeVar("Record", GoalRecord, ItemEvent, Change)


@dataclass(frozen=True)
class Shape:
    """A record type's fields, in order, each with the way a stored value becomes it and
    its default (``dataclasses.MISSING`` for none)."""

    names: tuple[str, ...]
    converts: tuple[Callable[[Any], Any], ...]
    defaults: tuple[Any, ...]


_SHAPES: dict[type[Any], Shape] = {}


def shape(kind: type[Any]) -> Shape:
    """The fields of ``kind`` (a record class), worked out once."""
    if kind not in _SHAPES:
        _SHAPES[kind] = _shape(kind)
    return _SHAPES[kind]


def _shape(kind: type[Any]) -> Shape:
    converts = {"float": _number, "int": _whole, "str": _text}
    found = dataclasses.fields(kind)
    return Shape(
        names=tuple(f.name for f in found),
        converts=tuple(
            converts[f.type if isinstance(f.type, str) else f.type.__name__] for f in found
        ),
        defaults=tuple(f.default for f in found),
    )


def values(record: GoalRecord | ItemEvent | Change) -> list[Any]:
    """The record's fields in their order (its dataclass is plain, not slotted)."""
    return list(vars(record).values())


def as_dict(record: GoalRecord | ItemEvent | Change) -> dict[str, Any]:
    """The record's fields by name (``dataclasses.asdict`` copies deeply, and slowly)."""
    return dict(vars(record))


class Reader(Generic[Record]):
    """Records of ``kind`` from rows whose fields ``names`` gives, in its order (a hidden
    sheet's header): each field found once, by name. ``unknown`` are the names it left
    out; a field with no default missing from ``names`` is refused at once."""

    def __init__(self, kind: type[Record], names: Sequence[str]) -> None:
        self.kind: type[Record] = kind
        wanted = shape(kind)
        where = {name: place for place, name in reversed(list(enumerate(names)))}
        self.unknown = [name for name in dict.fromkeys(names) if name and name not in wanted.names]
        self.plan: list[tuple[int | None, Callable[[Any], Any], Any]] = []
        for name, convert, default in zip(
            wanted.names, wanted.converts, wanted.defaults, strict=True
        ):
            place = where.get(name)
            if place is None and default is dataclasses.MISSING:
                raise ValueError(f"no field {name}")
            self.plan.append((place, convert, default))

    def row(self, cells: Sequence[Any]) -> Record:
        """The record a row holds."""
        width = len(cells)
        return self.kind(
            *(
                default if place is None else convert(cells[place] if place < width else None)
                for place, convert, default in self.plan
            )
        )


def from_dict(kind: type[Record], data: Mapping[str, Any]) -> tuple[Record, list[str]]:
    """The record ``data`` holds, and the names in it this version does not know."""
    if not isinstance(data, Mapping):
        raise ValueError(f"not a record: {data!r}")
    reader = _reader(kind, tuple(data))
    return reader.row(list(data.values())), reader.unknown


_READERS: dict[tuple[type[Any], tuple[str, ...]], Reader[Any]] = {}


def _reader(kind: type[Record], names: tuple[str, ...]) -> Reader[Record]:
    """One reader for every record written with the same names in the same order (a
    snapshot's 20,000 records share one): working out the plan costs more than a row."""
    reader = _READERS.get((kind, names))
    if reader is None:
        if len(_READERS) > 64:  # records typed by hand, each its own way
            _READERS.clear()
        reader = _READERS[kind, names] = Reader(kind, names)
    return reader


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise ValueError(f"not a whole number: {value!r}")
    return int(value)


def _text(value: Any) -> str:
    return value if type(value) is str else as_text(value)
