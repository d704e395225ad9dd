"""The lead units' addresses: the ``[units]`` table of ``tracker.toml`` (``docs/email.md``).

Each key is a unit's name as the goals sheet gives it, compared as units are compared
(spaces, full and half width and case do not count); each value is one address or a list
of them, with display names if wanted, as ``to`` in ``[mail]``. ``tracker forms --send``
mails each unit its form, ``tracker remind --send`` its reminder, to these addresses alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.mail.addresses import check_address
from tracker.returns.units import unit_key
from tracker.template.toml_reader import (
    CONTROL_OR_BREAK,
    Table,
    TomlReader,
    at,
    is_table,
    show,
)

WHERE = "units"


@dataclass(frozen=True)
class UnitAddresses:
    """Each unit named in ``[units]`` with its addresses, as written; ``present`` tells a
    file without the table from one whose table is empty."""

    entries: tuple[tuple[str, tuple[str, ...]], ...] = ()
    present: bool = False

    def of(self, unit: str) -> tuple[str, ...]:
        """The addresses of ``unit`` (its name compared loosely); none when not named."""
        wanted = unit_key(unit)
        return next((found for name, found in self.entries if unit_key(name) == wanted), ())

    def strangers(self, units: list[str]) -> list[str]:
        """The names in the table that are none of ``units`` (a typo, or a unit that no
        longer leads a goal)."""
        known = {unit_key(unit) for unit in units}
        return [name for name, _ in self.entries if unit_key(name) not in known]


def read_units(reader: TomlReader, data: Table) -> UnitAddresses:
    """The ``[units]`` table of ``data``, each problem recorded with its key."""
    if WHERE not in data:
        return UnitAddresses()
    table = reader.value(data, WHERE, "", is_table, "expected_table", False)
    if table is None:
        return UnitAddresses(present=True)
    entries: list[tuple[str, tuple[str, ...]]] = []
    seen: dict[str, str] = {}
    for name, value in table.items():
        where = at(WHERE, name)
        key = unit_key(name)
        if not key or CONTROL_OR_BREAK.search(name):
            reader.add(where, "unit_name", actual=show(name))
            continue
        if key in seen:
            reader.add(where, "unit_twice", other=seen[key])
            continue
        seen[key] = name
        addresses = _addresses(reader, value, where)
        entries.append((" ".join(name.split()), addresses))
    return UnitAddresses(tuple(entries), present=True)


def _addresses(reader: TomlReader, value: object, where: str) -> tuple[str, ...]:
    """One address, or a list of at least one, each checked as ``to`` is."""
    if isinstance(value, str):
        places = [(where, value)]
    elif isinstance(value, list) and value:
        places = [(at(where, index), item) for index, item in enumerate(value, start=1)]
    else:
        reader.add(where, "unit_addresses", actual=show(value))
        return ()
    found: list[str] = []
    for place, item in places:
        if not isinstance(item, str):
            reader.general(place, "expected_text", actual=show(item))
        elif CONTROL_OR_BREAK.search(item):
            escaped = item.encode("unicode_escape").decode()
            reader.add(place, "control_character", actual=show(escaped))
        else:
            check_address(reader, item.strip(), place)
            found.append(item.strip())
    return tuple(found)
