"""The letter that carries each unit's form (``tracker forms --send``): what it is, the
month, the due day and whom to ask, in a few lines, with the form attached under its
name. A form made again with the same content (the same cells as sent, due day, contact)
is the same letter, and goes to a unit once; a form whose content changed is a new one,
marked 更正 (Correction) for a unit that had the earlier one."""

from __future__ import annotations

import hashlib
import json

from tracker.commands.forms import FormsOutcome
from tracker.commands.unit_mail import Letter
from tracker.i18n import Lang, month_words, t
from tracker.mail.note import Attachment
from tracker.model import Form

KIND = "form"  # as the returns folder's record of letters keeps them


def form_letters(outcome: FormsOutcome, lang: Lang) -> list[Letter]:
    """A letter in ``lang`` for each form written, but not for a unit whose filled-in
    answer stands where its form would go: it has answered."""
    letters = []
    for written in outcome.written:
        if written.answer or written.form is None:
            continue
        form = written.form
        name = (written.in_place_of or written.path).name  # the name the form is meant to have
        fields = {
            "unit": written.unit,
            "title": outcome.title.get(lang),
            "month": month_words(outcome.month, lang),
            "due": form.due.isoformat(),
            "file": name,
        }
        text = t(lang, "unitmail.form_text", ask=asking(lang, form.contact), **fields)
        letters.append(
            Letter(
                written.unit,
                form_digest(form),
                t(lang, "unitmail.form_subject", **fields),
                text,
                Attachment(name, written.path.read_bytes()),
                corrects=True,
            )
        )
    return letters


def asking(lang: Lang, contact: str) -> str:
    """Whom to ask: the contact given, else the sender (a reply to the letter)."""
    return t(lang, "unitmail.ask", contact=contact) if contact else t(lang, "unitmail.ask_reply")


def form_digest(form: Form) -> str:
    """What a form says, whenever it was made: its fingerprint without its own id and
    time, and what its guide tells the unit."""
    sent = {k: v for k, v in form.carried.items() if k not in ("form", "made")}
    said = [sent, form.due.isoformat(), form.contact, list(form.goals)]
    text = json.dumps(said, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
