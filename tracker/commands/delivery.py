"""Handing one message to the server and keeping its record: shared by ``tracker send``
(a month's report, recorded in its folder) and the letters to the lead units (their forms
and reminders, recorded in the month's returns folder).

A record is kept in a *ledger*: just before each DATA the attempt is written down and
flushed to the disk, and once the server has taken the message it becomes a send, so a
run killed, or left without the server's answer, leaves an attempt the next run asks
about rather than send again. A server that takes only so many recipients per message
is sent the rest in further messages; a send that stops part way is recorded with those
it missed, and owes them alone the message.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from tracker.errors import NotDeliveredError, Problem, UsageError, os_reason
from tracker.i18n import Cause, Lang, Msg, t
from tracker.mail.addresses import envelope_addresses
from tracker.mail.message import Built
from tracker.mail.settings import MailSettings
from tracker.report.folder import LOG
from tracker.report.run_log import append_log
from tracker.report.sends import Record, Send

Deliver = Callable[..., None]  # smtp.deliver: (built, settings, password, journal=…)
# Failures said in the run log as they are: they say themselves what was sent.
SAID_WHOLE = ("mail.partly_sent", "mail.sent_not_recorded", "unitmail.partly_sent")


class Ledger(Protocol):
    """Where a message's record is kept."""

    @property
    def where(self) -> Path:
        """The file, as a message names it."""

    def read(self) -> Record: ...

    def begin(self, attempt: Send) -> None:
        """Write ``attempt`` down, before the message may go."""

    def abandon(self) -> None:
        """The attempt under way did not deliver: no longer pending."""

    def done(self, send: Send) -> None:
        """Add ``send``, resolving the attempt it was."""


def still_owed(
    record: Record, digest: str, recipients: Sequence[str], force: bool
) -> tuple[str, ...]:
    """Those of ``recipients`` still owed the message with ``digest`` when a send of it
    reached only some: the last send, stopped part way (a plain send finishes it), or an
    attempt never confirmed that the server took in part (a forced send finishes it,
    as the user has found it did not arrive). Nobody otherwise: a send goes to all."""
    if record.pending is not None:
        partial = record.pending if force and reached(record.pending) else None
    else:
        last = record.sends[-1] if record.sends else None
        partial = last if last is not None and last.missed and not force else None
    if partial is None or partial.digest != digest:
        return ()
    entries = [*record.sends, *record.unknown, *([record.pending] if record.pending else [])]
    taken = {a.lower() for e in entries if e.digest == digest for a in reached(e)}
    return tuple(a for a in recipients if a.lower() not in taken)


def reached(send: Send) -> list[str]:
    """The addresses ``send`` is known to have reached."""
    everyone = send.envelope or envelope_addresses([*send.to, *send.cc])
    missed = {address.lower() for address in send.missed}
    return [address for address in everyone if address.lower() not in missed]


def shown(send: Send) -> str:
    """Who ``send`` reached, as the settings wrote them when it reached them all."""
    return send.recipients if send.envelope is None and not send.missed else listed(reached(send))


def listed(addresses: Sequence[str]) -> str:
    return ", ".join(addresses)


def unresolved(attempt: Send) -> UsageError:
    """An attempt never confirmed: ask first. Those the server took in an earlier part of
    it are said apart, as they have it."""
    confirmed = reached(attempt)
    if not confirmed:
        return UsageError(
            "mail.unresolved_attempt",
            time=attempt.time,
            recipients=attempt.recipients,
            message_id=attempt.message_id,
        )
    return UsageError(
        "mail.unresolved_part",
        time=attempt.time,
        confirmed=listed(confirmed),
        unconfirmed=listed(attempt.missed),
        message_id=attempt.message_id,
    )


def hand_over(
    built: Built,
    settings: MailSettings,
    password: str,
    send: Send,
    ledger: Ledger,
    deliver: Deliver,
    partly: str = "mail.partly_sent",
) -> None:
    """Deliver ``built`` and record it as ``send`` in ``ledger``. A failure is raised as
    it came, the attempt given up when the message cannot have gone (left pending when it
    may have); a send that reached some only is recorded as such and raised as ``partly``;
    a send that cannot be recorded is said (the next run would send it again)."""
    journal = _Journal(ledger, send, built.recipients)
    try:
        deliver(built, settings, password, journal=journal)
    except NotDeliveredError as error:
        unknown = error.key == "mail.result_unknown"
        if journal.served and not unknown:  # stopped part way: the rest are owed it
            partial = _partly_sent(journal, error, partly)
            write_down(ledger, journal.outcome())
            raise partial from None
        if journal.began and not unknown:
            with contextlib.suppress(OSError):  # still pending: the next send asks first
                ledger.abandon()
        raise
    write_down(ledger, send)


def write_down(ledger: Ledger, send: Send) -> None:
    """``send`` written down as done; a record that cannot be written is said, or the
    next run would send the message again to those who have it."""
    try:
        ledger.done(send)
    except OSError as error:
        raise NotDeliveredError(
            "mail.sent_not_recorded",
            recipients=listed(reached(send)),
            path=str(ledger.where),
            reason=os_reason(error),
        ) from None


def log_line(error: NotDeliveredError, lang: Lang) -> str:
    """How a failed send is said in the run log."""
    if error.key in SAID_WHOLE:
        return error.message(lang)
    key = "log.send_unknown" if error.key == "mail.result_unknown" else "log.send_failed"
    return t(lang, key, message=error.message(lang))


def log_run(folder: Path, now: datetime, headline: str, line: str) -> tuple[Problem, ...]:
    """The entry in run.log; a log that cannot be written is a warning, never the reason a
    send counts as failed (nor does it hide why one failed)."""
    try:
        append_log(folder, now, headline, [line])
    except OSError as error:
        params: dict[str, object] = {"reason": os_reason(error)}
        return (Problem(str(folder / LOG), "report.log_not_written", params, "warning"),)
    return ()


class _Journal:
    """The send's entries in its ledger as the server takes the message: the attempt,
    written down durably before each DATA (if this run is killed or loses the server's
    answer from then on, the next one knows the message may have gone), and who has it
    so far, when the server takes recipients in several messages."""

    def __init__(self, ledger: Ledger, send: Send, recipients: Sequence[str]) -> None:
        self.ledger = ledger
        self.send = send
        self.waiting = list(recipients)  # not yet known to have it
        self.served: list[str] = []
        self.began = False

    def outcome(self) -> Send:
        return dataclasses.replace(self.send, missed=self.waiting)

    def before_data(self, recipients: Sequence[str]) -> None:
        try:
            self.ledger.begin(self.outcome())
        except OSError as error:
            raise NotDeliveredError(
                "mail.cannot_write", path=str(self.ledger.where), reason=os_reason(error)
            ) from None
        self.began = True

    def accepted(self, recipients: Sequence[str]) -> None:
        self.served += recipients
        self.waiting = [address for address in self.waiting if address not in recipients]
        if self.waiting:  # written down at once: a later part may never be confirmed
            with contextlib.suppress(OSError):  # the last word, write_down, says if not
                self.ledger.begin(self.outcome())


def _partly_sent(journal: _Journal, error: NotDeliveredError, key: str) -> NotDeliveredError:
    """The failure of a part, said without its "nothing was sent", no longer so."""
    return NotDeliveredError(
        key,
        served=listed(journal.served),
        missed=listed(journal.waiting),
        reason=Cause(Msg(error.key, error.params)),
    )
