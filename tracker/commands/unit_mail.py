"""Letters to the lead units, one unit at a time: each its form (``tracker forms
--send``) or a reminder (``tracker remind --send``), to the addresses ``[units]`` gives
it, handed to the server as ``tracker send`` hands the brief (``commands.delivery``) and
recorded in the month's returns folder (``report.unit_sends``).

A letter goes at most once: the same letter (by its digest) delivered to a unit before is
not sent again unless forced; an attempt never confirmed is asked about first, as
``tracker send`` does. A unit without an address is listed, never skipped silently. A
failure of one letter (a recipient or the message refused) lets the next unit's go; a
failure of the server (no connection, TLS, the login) stops the run, and the units not
tried are listed. One such run of a folder at a time.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from tracker.commands.delivery import (
    Deliver,
    hand_over,
    log_line,
    log_run,
    shown,
    still_owed,
    unresolved,
)
from tracker.commands.send import is_correction
from tracker.errors import NotDeliveredError, Problem, TrackerError, UsageError, os_reason
from tracker.i18n import Lang, t
from tracker.mail import smtp
from tracker.mail.addresses import envelope_addresses
from tracker.mail.note import Attachment, build_note
from tracker.mail.settings import SETTINGS_FILE, MailSettings, find_settings
from tracker.report.folder import SENT
from tracker.report.sends import Send
from tracker.report.unit_sends import UnitLedger
from tracker.safefile import held

SEND_WAIT = 600.0  # seconds a run waits for another run sending from the same folder
# Failures of one letter, not of the server: the next unit's letter may still go.
OF_ONE_LETTER = (
    "unitmail.recipient_refused",
    "unitmail.partly_sent",
    "mail.server_refused",
    "mail.too_big",
    "mail.no_smtputf8",
)
Result = Literal["sent", "rest", "already", "no_address", "unresolved", "failed", "not_tried"]


@dataclass(frozen=True)
class Letter:
    """What one unit is sent, and a digest of what it says: the same letter is sent once."""

    unit: str
    digest: str
    subject: str
    text: str
    attachment: Attachment | None = None
    corrects: bool = False  # a letter unlike the first sent says 更正 in its subject


@dataclass(frozen=True)
class Delivery:
    """What became of one unit's letter: ``sent``; ``rest`` (to those an earlier send
    missed); ``already`` delivered (to ``recipients`` at ``time``); ``no_address``;
    ``unresolved`` (an earlier attempt never confirmed) or ``failed``, with ``error``;
    ``not_tried`` (the run stopped before it)."""

    unit: str
    result: Result
    recipients: str = ""
    time: str = ""
    error: TrackerError | None = None


@dataclass(frozen=True)
class Mailing:
    record: Path  # the record of the letters: sent.json in the month's returns folder
    deliveries: tuple[Delivery, ...]
    strangers: tuple[str, ...]  # names in [units] that are no unit of the master
    warnings: tuple[Problem, ...]  # a run log that could not be written

    def units(self, *results: Result) -> list[str]:
        return [d.unit for d in self.deliveries if d.result in results]

    def failure(self) -> TrackerError | None:
        """Exit 3 when some unit did not get its letter, 2 when some earlier attempt must
        be checked first; nothing when every unit has it."""
        left = self.units("no_address", "failed", "not_tried")
        if left:
            done = len(self.units("sent", "rest", "already"))
            return NotDeliveredError("unitmail.not_all", left=len(left), done=done)
        waiting = self.units("unresolved")
        if waiting:
            return UsageError("unitmail.unresolved_left", count=len(waiting))
        return None


def unit_settings(config: Path | None, folder: Path) -> MailSettings:
    """The settings for mailing the units: ``--config``, or ``tracker.toml`` in ``folder``
    (the master's), with a ``[units]`` table, and the password at hand; checked before
    anything is written."""
    settings = find_settings(config, folder)
    if settings is None:
        raise UsageError("config.not_found", path=str(folder / SETTINGS_FILE))
    if not settings.units.present:
        raise UsageError("unitmail.no_units", path=str(settings.source))
    if settings.username:
        settings.password()
    return settings


def send_letters(
    letters: list[Letter],
    settings: MailSettings,
    folder: Path,
    kind: str,
    *,
    lang: Lang,
    now: datetime,
    units: list[str],
    headline: str,
    force: bool = False,
    deliver: Deliver = smtp.deliver,
) -> Mailing:
    """Send each letter to its unit, recording them in ``folder`` as ``kind`` (form,
    reminder); ``units`` are the master's, to tell names in [units] that are none."""
    password = settings.password() if settings.username else ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError("cli.cannot_write", path=str(folder), reason=os_reason(error)) from None
    run = _Run(settings, password, folder, kind, lang, now, headline, force, deliver)
    deliveries: list[Delivery] = []
    stopped = False
    with held(folder / SENT, SEND_WAIT, busy="unitmail.busy"):
        for letter in letters:
            addresses = settings.units.of(letter.unit)
            if stopped:
                delivery = Delivery(letter.unit, "not_tried")
            elif not addresses:
                delivery = Delivery(letter.unit, "no_address")
            else:
                delivery = run.send(letter, addresses)
                failure = delivery.error
                stopped = delivery.result == "failed" and (
                    failure is None or failure.key not in OF_ONE_LETTER
                )
            deliveries.append(delivery)
    strangers = tuple(settings.units.strangers(units))
    return Mailing(folder / SENT, tuple(deliveries), strangers, tuple(run.warnings))


@dataclass
class _Run:
    """One run's sending: the settings and password, where the letters are recorded and
    logged, and the run log's warnings, each said once."""

    settings: MailSettings
    password: str
    folder: Path
    kind: str
    lang: Lang
    now: datetime
    headline: str
    force: bool
    deliver: Deliver
    warnings: list[Problem] = dataclasses.field(default_factory=list)

    def send(self, letter: Letter, addresses: tuple[str, ...]) -> Delivery:
        """One unit's letter, unless it has had it."""
        ledger = UnitLedger(self.folder, self.kind, letter.unit)
        record = ledger.read()
        if record.pending is not None and not self.force:
            return Delivery(letter.unit, "unresolved", error=unresolved(record.pending))
        owed = still_owed(record, letter.digest, envelope_addresses(list(addresses)), self.force)
        delivered = [s for s in record.sends if s.digest == letter.digest and not s.missed]
        if delivered and not owed and not self.force:
            last = delivered[-1]
            return Delivery(letter.unit, "already", shown(last), last.time)
        correction = letter.corrects and is_correction(record.sends, letter.digest)
        subject = letter.subject
        if correction:
            subject = t(self.lang, "mail.correction", subject=subject)
        built = build_note(
            self.settings, addresses, subject, letter.text, self.now, letter.attachment
        )
        if owed:  # the same letter, to those who have not had it
            built = dataclasses.replace(built, recipients=owed)
        stamp = self.now.astimezone().isoformat(timespec="seconds")
        envelope = list(owed) if owed else None
        send = Send(
            built.message_id,
            stamp,
            list(addresses),
            [],
            subject,
            letter.digest,
            correction,
            envelope,
        )
        try:
            hand_over(
                built,
                self.settings,
                self.password,
                send,
                ledger,
                self.deliver,
                "unitmail.partly_sent",
            )
        except NotDeliveredError as failure:
            error = _for_units(failure)
            self._log(letter.unit, log_line(error, self.lang))
            return Delivery(letter.unit, "failed", error=error)
        recipients = ", ".join(built.recipients)
        self._log(
            letter.unit,
            t(self.lang, "log.sent", recipients=recipients, message_id=built.message_id),
        )
        return Delivery(letter.unit, "rest" if owed else "sent", recipients)

    def _log(self, unit: str, line: str) -> None:
        said = t(self.lang, "unitmail.log_line", unit=unit, line=line)
        for warning in log_run(self.folder, self.now, self.headline, said):
            if warning not in self.warnings:  # said once, however many letters
                self.warnings.append(warning)


def _for_units(error: NotDeliveredError) -> NotDeliveredError:
    """A refused recipient, said as one of [units]'s addresses (not of to and cc)."""
    if error.key == "mail.recipient_refused":
        return NotDeliveredError(
            "unitmail.recipient_refused", recipients=error.params["recipients"]
        )
    return error
