"""Month by month: what each goal stood at, what happened to each item, what changed, and
where each goal is heading.

Each monthly update records a snapshot of every goal (its figures, status, notes and the
target in force) and the events of the register items (added, removed, moved to another
stage), keyed by the item number 编号 that identifies an item for good. Item events, not
whole copies, are kept: a register's state in any month is its events replayed. Running
the same month again replaces that month, so an update is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tracker.excel import CellValue, clean_round, is_blank
from tracker.i18n import Lang
from tracker.model import Book
from tracker.progress import Progress
from tracker.template.spec import SIGNS, AtLeast, Column, Register, Template


def month_key(month: date) -> str:
    """A month as history keys it: ``2025-06``."""
    return f"{month.year}-{month.month:02d}"


def month_of(key: str) -> date:
    """The first day of the month ``key`` names (``2025-06``): ``month_key`` undone."""
    year, number = (int(part) for part in key.split("-"))
    return date(year, number, 1)


def month_end(key: str) -> date:
    """The last day of the month ``key`` names: its as-of date."""
    first = month_of(key)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


@dataclass(frozen=True)
class GoalRecord:
    """One goal in one month, as the update found it, with the target then in force."""

    month: str
    goal_id: str
    name: str
    unit: str
    target: float
    comparator: str
    actual: float
    expected: float
    completion: float
    plan: float
    status: str
    lead: str = ""
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    # The day a month earlier than the latest was recorded again (``update --force``):
    # from the registers as they stood that day, not as they stood in the month.
    recomputed: str = ""

    @property
    def requirement(self) -> str:
        """The target as people read it: ≥3, >16."""
        return f"{SIGNS.get(self.comparator, self.comparator)}{self.target:g}"


@dataclass(frozen=True)
class ItemEvent:
    """Something that happened to a register item in a month."""

    month: str
    register: str
    item_id: str
    kind: str  # "added", "removed" or "stage"
    name: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class ItemState:
    name: str
    stage: str


@dataclass
class History:
    """Every month recorded so far."""

    goals: dict[str, list[GoalRecord]] = field(default_factory=dict)
    items: dict[str, list[ItemEvent]] = field(default_factory=dict)

    @property
    def months(self) -> list[str]:
        return sorted(self.goals)

    def previous(self, month: str) -> str | None:
        """The latest month recorded before ``month``."""
        earlier = [m for m in self.months if m < month]
        return earlier[-1] if earlier else None

    def items_before(self, month: str) -> dict[tuple[str, str], ItemState]:
        """Every item's state after all months before ``month``, events replayed in order."""
        state: dict[tuple[str, str], ItemState] = {}
        for key in sorted(m for m in self.items if m < month):
            for event in self.items[key]:
                item = (event.register, event.item_id)
                if event.kind == "removed":
                    state.pop(item, None)
                elif event.kind == "renamed":  # its after is the new name, not a stage
                    before = state.get(item)
                    state[item] = ItemState(event.name, before.stage if before else "")
                else:
                    state[item] = ItemState(event.name, event.after)
        return state

    def record(self, month: str, goals: list[GoalRecord], items: list[ItemEvent]) -> None:
        """Put ``month`` in, replacing what was recorded for it before."""
        self.goals[month] = goals
        self.items[month] = items

    def all_series(self) -> dict[str, list[GoalRecord]]:
        """Every goal's records, month by month (in one pass, for when all are wanted)."""
        series: dict[str, list[GoalRecord]] = {}
        for month in self.months:
            for record in self.goals[month]:
                series.setdefault(record.goal_id, []).append(record)
        return series


def stage_column(register: Register, template: Template) -> Column | None:
    """The register's stage: the choice column a goal counts ``at_least`` on, if any."""
    for goal in template.goals:
        if goal.in_register is not None and goal.in_register.register == register.id:
            for condition in goal.conditions:
                if isinstance(condition, AtLeast):
                    return register.column(condition.column)
    return None


def canonical(value: CellValue, column: Column | None) -> str:
    """A choice as history keeps it: the Chinese word, whatever the workbook's language."""
    if column is None or is_blank(value):
        return ""
    text = str(value)
    for choice in column.choices:
        if text in (choice.zh, choice.get("en")):
            return choice.zh
    return text


def canonical_label(register: Register, template: Template, value: str, lang: Lang) -> str:
    """A stage history keeps in Chinese, as the workbook's language spells it."""
    column = stage_column(register, template)
    if column is not None:
        for choice in column.choices:
            if choice.zh == value:
                return choice.get(lang)
    return value


def item_states(book: Book) -> dict[tuple[str, str], ItemState]:
    """Every numbered item of ``book`` now: its name and stage."""
    state = {}
    for register in book.template.registers:
        column = stage_column(register, book.template)
        key = register.key.id
        for row in book.rows(register.id):
            if row.item_id:
                name = "" if is_blank(row.values.get(key)) else str(row.values.get(key))
                stage = canonical(row.values.get(column.id), column) if column else ""
                state[(register.id, row.item_id)] = ItemState(name, stage)
    return state


def item_events(
    month: str, before: dict[tuple[str, str], ItemState], now: dict[tuple[str, str], ItemState]
) -> list[ItemEvent]:
    """What happened to the items between two states."""
    events = []
    for (register, item_id), state in now.items():
        old = before.get((register, item_id))
        if old is None:
            events.append(ItemEvent(month, register, item_id, "added", state.name, "", state.stage))
            continue
        if old.name != state.name:  # renamed: kept, so the name history follows
            events.append(
                ItemEvent(month, register, item_id, "renamed", state.name, old.name, state.name)
            )
        if old.stage != state.stage:
            events.append(
                ItemEvent(month, register, item_id, "stage", state.name, old.stage, state.stage)
            )
    for (register, item_id), old in before.items():
        if (register, item_id) not in now:
            events.append(ItemEvent(month, register, item_id, "removed", old.name, old.stage, ""))
    return events


# Office suites keep 15 significant digits, so a record carries its completion to 9 decimals:
# what the hidden sheet holds then reads back the same after Excel or LibreOffice saves it.
RECORD_DIGITS = 9


def goal_records(
    book: Book, progress: Progress, month: date, recomputed: str = ""
) -> list[GoalRecord]:
    """Every goal this month, with the notes people wrote for it; ``recomputed`` is the
    day, when the month is recorded again after later months were."""
    lang = book.lang
    records = []
    for result in progress.goals:
        goal = result.goal
        entry = book.entry(goal.id, month)
        records.append(
            GoalRecord(
                month=month_key(month),
                goal_id=goal.id,
                name=goal.name.get(lang),
                unit=goal.unit.get(lang),
                target=goal.target,
                comparator=goal.comparator,
                actual=result.actual,
                expected=result.expected,
                completion=clean_round(result.completion, RECORD_DIGITS),
                plan=result.plan,
                status=result.status.value,
                lead=book.assignment(goal.id).lead,
                progress=entry.progress,
                problems=entry.problems,
                next_steps=entry.next_steps,
                recomputed=recomputed,
            )
        )
    return records


CHANGE_KINDS = (
    "baseline",  # the first month recorded: how many items each register starts with
    "item_added",
    "item_removed",
    "stage",
    "renamed",
    "figure",  # a goal's actual figure
    "target",  # a target revised by a new template
    "goal_added",
    "goal_removed",
)
ITEM_CHANGE_KINDS = frozenset(CHANGE_KINDS[:5])


@dataclass(frozen=True)
class Change:
    """One line of the change log: what changed against the month before. ``count`` is
    set when the line stands for many items (``item_id`` then holds their number ranges)."""

    kind: str  # one of CHANGE_KINDS
    subject: str  # a register id (a change of items) or a goal id
    item_id: str = ""
    name: str = ""
    before: str = ""
    after: str = ""
    count: int = 0

    @property
    def of_items(self) -> bool:
        """Whether the change is of a register's items (its subject a register id), not of
        a goal; a goal and a register may share an id."""
        return self.kind in ITEM_CHANGE_KINDS


# More items than this added, removed, moved on or renamed in one register in one month
# are told in one line, with their number ranges: the register itself lists them.
LISTED = 20
RANGES_SHOWN = 6  # number ranges named in such a line before "…"


def ranges_text(change: Change, lang: Lang) -> str:
    """A change's item number, or for many items their number ranges, as ``lang`` lists
    them: the ranges are stored joined with 、 (as every version wrote them)."""
    return change.item_id.replace("、", ", ") if lang == "en" else change.item_id


def number_ranges(item_ids: list[str]) -> str:
    """Item numbers as ranges: LAB-005–LAB-020, LAB-023, … (at most a few ranges)."""
    numbered: list[tuple[str, int, str]] = []
    for item_id in item_ids:
        prefix, _, digits = item_id.rpartition("-")
        numbered.append((prefix, int(digits) if digits.isdigit() else -1, item_id))
    numbered.sort()
    ranges: list[str] = []
    start = end = numbered[0]
    for item in [*numbered[1:], None]:
        if item is not None and item[0] == end[0] and item[1] == end[1] + 1 and item[1] >= 0:
            end = item
            continue
        ranges.append(start[2] if start == end else f"{start[2]}–{end[2]}")
        if item is not None:
            start = end = item
    shown = ranges[:RANGES_SHOWN]
    return "、".join(shown) + ("…" if len(ranges) > RANGES_SHOWN else "")


def _summarised(changes: list[Change]) -> list[Change]:
    """Item changes, each register's kind of change in one line once there are many."""
    groups: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        groups.setdefault((change.subject, change.kind), []).append(change)
    result: list[Change] = []
    for (register, kind), group in groups.items():
        if len(group) <= LISTED:
            result += group
            continue
        pairs: dict[tuple[str, str], list[str]] = {}
        for change in group:  # stage changes: one line per move (洽谈中 → 已签约)
            key = (change.before, change.after) if kind == "stage" else ("", "")
            pairs.setdefault(key, []).append(change.item_id)
        for (before, after), item_ids in pairs.items():
            ranges = number_ranges(item_ids)
            result.append(Change(kind, register, ranges, "", before, after, len(item_ids)))
    return result


def changes_in(history: History, month: str) -> list[Change]:
    """What changed in ``month`` against the latest month recorded before it."""
    previous = history.previous(month)
    events = history.items.get(month, [])
    if previous is None:
        counts: dict[str, int] = {}
        for event in events:
            counts[event.register] = counts.get(event.register, 0) + (event.kind == "added")
        return [Change("baseline", register, after=str(n)) for register, n in counts.items()]
    result = _summarised(
        [
            Change(
                "item_" + e.kind if e.kind in ("added", "removed") else e.kind,
                e.register,
                e.item_id,
                e.name,
                e.before,
                e.after,
            )
            for e in events
        ]
    )
    before = {r.goal_id: r for r in history.goals[previous]}
    now = {r.goal_id: r for r in history.goals[month]}
    for goal_id, record in now.items():
        old = before.get(goal_id)
        if old is None:
            result.append(Change("goal_added", goal_id, name=record.name, after=record.requirement))
            continue
        if old.requirement != record.requirement:
            result.append(
                Change(
                    "target",
                    goal_id,
                    name=record.name,
                    before=old.requirement,
                    after=record.requirement,
                )
            )
        if old.actual != record.actual:
            result.append(
                Change(
                    "figure",
                    goal_id,
                    name=record.name,
                    before=f"{old.actual:g}",
                    after=f"{record.actual:g}",
                )
            )
    for goal_id, old in before.items():
        if goal_id not in now:
            result.append(Change("goal_removed", goal_id, name=old.name, before=old.requirement))
    return result
