"""Which lead unit (牵头单位) answers for which goals and items: the one rule returns are
made by (``docs/returns.md``).

* A goal is its lead unit's, as the goals sheet names it. A goal whose lead is not set
  (left empty, or 待定 / To be set typed in) is no unit's: it gets no form, and is listed.
* A register goal's unit answers for every item the goal *could* count: the items meeting
  its equality conditions (a category, a type), at any stage and any date, since a unit
  reports an item before it counts. A goal without an equality condition takes every
  item of its register.
* An item no unit's goal takes stays with the office. An item two units' goals take goes
  to both, and is a conflict only if both change it, differently.
* A figure reported month by month, and a milestone, are their goal's unit's.

Units are told apart by their names as people type them loosely: ignoring spaces
wherever they are (a full-width one too), full and half width, and case (``区科技 创新局``
is ``区科技创新局``, ``待　定`` is 待定).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.excel import folded, is_blank
from tracker.i18n import LANGS, t
from tracker.model import Book
from tracker.progress import equal_choices
from tracker.template.spec import Goal


@dataclass
class Unit:
    """One lead unit and its part of the workbook."""

    name: str  # as first written on the goals sheet
    goals: list[str] = field(default_factory=list)  # goal ids, in the template's order
    # Register id → the indexes of its rows the unit answers for, in the register's order.
    items: dict[str, list[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Division:
    """The workbook divided among its lead units."""

    units: tuple[Unit, ...]  # in the order the goals sheet first names them
    unassigned: tuple[str, ...]  # goals whose lead unit is not set: no form
    office: dict[str, tuple[int, ...]]  # items no unit's goal takes, by register

    def unit(self, name: str) -> Unit | None:
        """The unit called ``name`` (compared loosely), if any."""
        wanted = unit_key(name)
        return next((u for u in self.units if unit_key(u.name) == wanted), None)


def answering_unit(division: Division, unit: str, goals: tuple[str, ...]) -> str:
    """The unit a form of ``unit`` for ``goals`` answers for now: its own, or, when the
    office renamed that unit since the form went out (no goal names it any more, and
    every goal of the form that still has a lead is led by one unit that leads no goal
    the form lacks), the name the goals sheet gives it now."""
    if division.unit(unit) is not None:
        return unit
    leads = [u for u in division.units if set(u.goals) & set(goals)]
    if len(leads) == 1 and set(leads[0].goals) <= set(goals):
        return leads[0].name
    return unit


def unit_key(name: str) -> str:
    """A unit's name as names are compared."""
    return "".join(folded(name).split())


def not_set(lead: str) -> bool:
    """Whether a lead cell names no unit: empty, or the word for "to be set"."""
    key = unit_key(lead)
    return not key or key in {unit_key(t(lang, "to_be_set")) for lang in LANGS}


def divide(book: Book) -> Division:
    """Each lead unit with the goals it leads and the items those goals could count."""
    units: dict[str, Unit] = {}
    unassigned: list[str] = []
    for goal in book.template.goals:
        lead = book.assignment(goal.id).lead.strip()
        if not_set(lead):
            unassigned.append(goal.id)
            continue
        unit = units.setdefault(unit_key(lead), Unit(" ".join(lead.split())))
        unit.goals.append(goal.id)
        if goal.in_register is not None:
            register_id = goal.in_register.register
            taken = set(unit.items.get(register_id, [])) | set(_items_of(book, goal))
            unit.items[register_id] = sorted(taken)
    office: dict[str, tuple[int, ...]] = {}
    for register in book.template.registers:
        taken = {index for unit in units.values() for index in unit.items.get(register.id, [])}
        key = register.key.id
        left = tuple(
            index
            for index, row in enumerate(book.rows(register.id))
            if index not in taken and not is_blank(row.values.get(key))
        )
        if left:
            office[register.id] = left
    return Division(tuple(units.values()), tuple(unassigned), office)


def _items_of(book: Book, goal: Goal) -> list[int]:
    """The rows of the goal's register it could count: its key filled, and every equality
    condition met (compared as the count compares: ignoring case)."""
    assert goal.in_register is not None
    register = book.template.register(goal.in_register.register)
    wanted = equal_choices(goal, register, book.lang)
    key = register.key.id
    return [
        index
        for index, row in enumerate(book.rows(register.id))
        if not is_blank(row.values.get(key))
        and all(
            isinstance(value := row.values.get(column), str) and value.casefold() in accepted
            for column, accepted in wanted.items()
        )
    ]
