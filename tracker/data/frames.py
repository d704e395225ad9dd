"""A tracking workbook as pandas DataFrames: ``tracker.open_workbook(path)``.

Read-only: nothing is written, to the workbook or beside it. The figures are computed
from what people entered, as ``tracker status --json`` computes them, never taken from
the cached values a spreadsheet saved. A workbook with problems in what was entered is
read all the same, its problems listed in ``problems``; one that cannot be read at all
raises ``tracker.errors.TrackerError``, whose ``message(lang)`` says why in one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from pandas._libs.tslibs.nattype import NaTType

from tracker.commands.update import Examined, examine_workbook
from tracker.data.tables import Field, Table, Tables, workbook_tables
from tracker.dates import parse_date
from tracker.i18n import LANGS, Lang
from tracker.template.spec import Template
from tracker.workbook.meta_sheet import FormSays
from tracker.workbook.reader import MAX_UNZIPPED


def frame(table: Table) -> pd.DataFrame:
    """A table as a DataFrame: numbers as float64, dates as datetime64, choices as ordered
    categoricals in the template's order, text as strings; empty cells missing."""
    names = [field.name for field in table.fields]
    if len(set(names)) < len(names):  # tables.register_table names each column once
        raise ValueError(f"{table.name}: a column name twice in {names}")
    columns = list(zip(*table.rows, strict=True)) if table.rows else [()] * len(table.fields)
    series = {f.name: _series(f, values) for f, values in zip(table.fields, columns, strict=True)}
    return pd.DataFrame(series, columns=names)


def _series(field: Field, values: tuple[object, ...]) -> pd.Series:
    if field.kind == "number":
        return pd.Series(values, dtype="float64")
    if field.kind == "date":
        return pd.Series([_moment(value) for value in values], dtype="datetime64[ns]")
    if field.kind == "choice":
        kind = pd.CategoricalDtype(list(dict.fromkeys(field.choices)), ordered=True)
        return pd.Series(values, dtype=kind)
    return pd.Series([None if v == "" else v for v in values], dtype="string")


# The dates pandas holds in nanoseconds, as datetime64[ns] columns do.
EARLIEST, LATEST = date(1677, 9, 22), date(2262, 4, 11)


def _moment(value: object) -> pd.Timestamp | NaTType:
    """A date as pandas holds it; one it cannot (before 1677 or after 2262: a typing
    slip the checks name, such as 2925) is missing."""
    if not isinstance(value, date):
        return pd.NaT
    day = value.date() if isinstance(value, datetime) else value
    return pd.Timestamp(value) if EARLIEST <= day <= LATEST else pd.NaT


@dataclass(frozen=True, repr=False)
class Tracking:
    """One tracking workbook as DataFrames, with its template's metadata and its as-of
    date. ``at(day)`` gives the same workbook with its figures at another date."""

    path: Path
    template: Template
    lang: Lang
    as_of: date
    goals: pd.DataFrame
    registers: dict[str, pd.DataFrame]  # by register id: labs, firms, ...
    history: pd.DataFrame
    changes: pd.DataFrame
    problems: pd.DataFrame
    # When the file is a lead unit's form (tracker forms), whose: its unit, month and
    # master workbook's id; None for a whole workbook.
    form: FormSays | None
    _examined: Examined

    @property
    def title(self) -> str:
        """The template's title in the language of the tables."""
        return self.template.title.get(self.lang)

    @property
    def template_id(self) -> str:
        return self.template.id

    def at(self, as_of: Day) -> Tracking:
        """The figures as they stand at ``as_of`` (the registers and history unchanged)."""
        return _tracking(self._examined, self.path, self.lang, _day(as_of))

    def __repr__(self) -> str:
        items = ", ".join(f"{key}: {len(frame)}" for key, frame in self.registers.items())
        whose = f" (the form of {self.form.unit} for {self.form.month})" if self.form else ""
        return (
            f"<Tracking {self.title!r}{whose} as of {self.as_of.isoformat()}: "
            f"{len(self.goals)} goals; items {{{items}}}; {len(self.history)} history rows; "
            f"{len(self.problems)} problems>"
        )


# A day as people hand one over: a date, a datetime or pandas Timestamp, NumPy's
# datetime64, or text as the command line takes it (2025-06-30, 2025/6/30, 2025年6月30日).
Day = date | datetime | str | np.datetime64


def _day(value: Day | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, np.datetime64) and not np.isnat(value):
        value = pd.Timestamp(value)
    if isinstance(value, datetime) and not pd.isna(value):  # a pandas Timestamp is one too
        return value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and (day := parse_date(value)) is not None:
        return day
    raise ValueError(f"as_of must be a date (2025-06-30), not {value!r}")


def open_workbook(path: str | Path, lang: Lang | None = None, as_of: Day | None = None) -> Tracking:
    """The tracking workbook at ``path`` as DataFrames, in ``lang`` ("zh" or "en"; the
    workbook's own language by default), its figures at ``as_of`` (a date, a datetime,
    a pandas Timestamp, or text such as "2025-06-30" or "2025/6/30"; the workbook's
    统计截止日期 by default). Its report
    folders beside it fill in the months of history it lacks, as the monthly update
    reads them."""
    if lang is not None and lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    where = Path(path)
    return _tracking(examine_workbook(where, MAX_UNZIPPED), where, lang, _day(as_of))


def _tracking(examined: Examined, path: Path, lang: Lang | None, as_of: date | None) -> Tracking:
    tables: Tables = workbook_tables(examined, path, lang, as_of)
    return Tracking(
        path=path,
        template=tables.template,
        lang=tables.lang,
        as_of=tables.as_of,
        goals=frame(tables.goals),
        registers={key: frame(table) for key, table in tables.registers.items()},
        history=frame(tables.history),
        changes=frame(tables.changes),
        problems=frame(tables.problems),
        form=tables.form,
        _examined=examined,
    )
