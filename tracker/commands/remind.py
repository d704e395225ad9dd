"""``tracker remind``: the lead units whose return for a month is missing or was rejected
(催报), as the master's record of the returns collected says (``Book.returns``); a month
never collected has every unit that gets a form missing. With ``--send`` each is mailed
a reminder (``commands.unit_mail``), a rejected one saying why, once a day: the same
reminder (the same day, standing and reason) is not sent to a unit twice unless forced.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker.commands.form_mail import asking
from tracker.commands.forms import CONTACT_LIMIT, RETURNS
from tracker.commands.unit_mail import Letter
from tracker.commands.update import refuse_closed, within_period
from tracker.errors import UsageError
from tracker.history.records import month_key
from tracker.i18n import Lang, month_words, t
from tracker.returns.units import divide
from tracker.template.spec import Label
from tracker.workbook.reader import MAX_UNZIPPED, read_workbook

KIND = "reminder"  # as the returns folder's record of letters keeps them
OWED = ("missing", "rejected")  # the standings reminded of


@dataclass(frozen=True)
class Owed:
    """A unit whose return is ``missing`` or ``rejected`` (``file``, for ``reason``)."""

    unit: str
    standing: str
    file: str = ""
    reason: str = ""  # in the master's language, as collecting said it
    problems: tuple[str, ...] = ()  # each with its cell, when the last collect listed them

    @property
    def why(self) -> str:
        """The reason and its problems, a line each (the reason without the colon that
        introduces them, when there are none)."""
        if not self.problems:
            return self.reason.rstrip("：:")
        return "\n".join([self.reason, *("  " + problem for problem in self.problems)])


@dataclass(frozen=True)
class RemindOutcome:
    lang: Lang
    month: date
    title: Label
    due: date | None  # as the forms said, once collected; None when not known
    units: list[str]  # the units due to return a form
    owed: list[Owed]
    collected: bool  # whether returns were collected for the month at all
    folder: Path  # the month's returns folder, where the reminders are recorded
    contact: str = ""


def run_remind(
    path: Path, *, month: date, contact: str = "", max_unzipped: int = MAX_UNZIPPED
) -> RemindOutcome:
    """The units owing the master at ``path`` their return for ``month``."""
    if len(contact) > CONTACT_LIMIT:
        raise UsageError("forms.contact_too_long", limit=CONTACT_LIMIT, length=len(contact))
    book = read_workbook(path, max_unzipped).book
    if book.form is not None:
        raise UsageError("remind.is_form", path=str(path), unit=book.form.unit)
    refuse_closed(book, path, False, "forms.closed")
    within_period(book.template, month, "forms.month_outside")
    entry = book.returns.get(month_key(month))
    units = list(entry.units) if entry is not None and entry.units else []
    units = units or [unit.name for unit in divide(book).units]
    if not units:
        raise UsageError("forms.no_units", path=str(path))
    owed = []
    for unit in units:
        standing = entry.standing(unit) if entry is not None else "missing"
        record = entry.latest(unit) if entry is not None else None
        if standing == "rejected" and record is not None:
            owed.append(Owed(unit, standing, record.file, record.rejected, record.problems))
        elif standing in OWED:
            owed.append(Owed(unit, standing))
    return RemindOutcome(
        lang=book.lang,
        month=month,
        title=book.template.title,
        due=entry.due if entry is not None else None,
        units=units,
        owed=owed,
        collected=entry is not None,
        folder=path.parent / RETURNS / month_key(month),
        contact=contact,
    )


def reminder_letters(outcome: RemindOutcome, lang: Lang, today: date) -> list[Letter]:
    """A reminder in ``lang`` to each unit owing its return, dated ``today``."""
    letters = []
    for owed in outcome.owed:
        due = t(lang, "unitmail.due", due=outcome.due.isoformat()) if outcome.due else ""
        fields = {
            "unit": owed.unit,
            "title": outcome.title.get(lang),
            "month": month_words(outcome.month, lang),
        }
        ask = asking(lang, outcome.contact)
        if owed.standing == "rejected":
            text = t(
                lang,
                "unitmail.rejected_text",
                file=owed.file,
                reason=owed.why,
                due=due,
                ask=ask,
                **fields,
            )
        else:
            text = t(lang, "unitmail.missing_text", due=due, ask=ask, **fields)
        said = [today.isoformat(), owed.standing, owed.file, owed.why]
        digest = hashlib.sha256(
            json.dumps(said, ensure_ascii=False).encode("utf-8", "surrogatepass")
        )
        subject = t(lang, "unitmail.reminder_subject", **fields)
        letters.append(Letter(owed.unit, digest.hexdigest()[:16], subject, text))
    return letters
