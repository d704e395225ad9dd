"""Sending a month's report: read the folder the update left, build the message, hand it
to the SMTP server, and record the send in the folder.

A month already sent is refused unless forced; a forced send of a report that changed
since it was last sent says 更正 (Correction) in its subject. A send that reached only some
of its recipients (a server's limit per message, then a failure) is finished by the next
plain send, which goes to the others alone. A dry run writes the message to
``message.eml`` and contacts nobody. A failed send is logged and recorded as nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker.commands.delivery import (
    Deliver,
    hand_over,
    log_line,
    log_run,
    shown,
    still_owed,
    unresolved,
)
from tracker.errors import NotDeliveredError, Problem, UsageError, os_reason
from tracker.i18n import t
from tracker.mail import smtp
from tracker.mail.message import Built, build_message
from tracker.mail.settings import SETTINGS_FILE, MailSettings, find_settings
from tracker.report.folder import MESSAGE, SENT, Report, read_report
from tracker.report.sends import (
    Record,
    Send,
    abandon_attempt,
    begin_attempt,
    read_record,
    read_sends,
    record_send,
)
from tracker.safefile import held, write_atomically

SEND_WAIT = 600.0  # seconds a send waits for another send of the same folder to finish


@dataclass(frozen=True)
class SendOutcome:
    report: Report
    settings: MailSettings
    built: Built
    message: Path  # the .eml written: what was sent, or would be
    sent: bool  # False for a dry run
    correction: bool
    resumed: bool = False  # sent only to those an earlier, partial send did not reach
    warnings: tuple[Problem, ...] = ()  # a run log that could not be written


def settings_for(report: Report, config: Path | None) -> MailSettings:
    """The settings ``--config`` names, or ``tracker.toml`` beside the report's workbook."""
    settings = find_settings(config, report.workbook.parent)
    if settings is None:
        raise UsageError("config.not_found", path=str(report.workbook.parent / SETTINGS_FILE))
    return settings


def is_correction(sends: list[Send], digest: str) -> bool:
    """Whether sending the report with ``digest`` corrects what went before: it differs
    from the first version sent (every later send of a changed report is a correction,
    not only the first of them)."""
    return bool(sends) and sends[0].digest != digest


def write_message(report: Report, settings: MailSettings, now: datetime) -> Path:
    """The message as ``tracker send`` would build it now, saved as ``message.eml``: for a
    look before sending. Marked as a correction when the month was sent in another form."""
    correction = is_correction(read_sends(report.folder), report.digest)
    built = build_message(report, settings, now, correction)
    return write_atomically(report.folder / MESSAGE, built.data)  # the update says if it fails


def _save_message(folder: Path, built: Built) -> Path:
    path = folder / MESSAGE
    try:
        return write_atomically(path, built.data)
    except OSError as error:
        raise NotDeliveredError(
            "mail.cannot_write", path=str(path), reason=os_reason(error)
        ) from None


def run_send(
    folder: Path,
    now: datetime,
    *,
    config: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    deliver: Deliver = smtp.deliver,
) -> SendOutcome:
    """Send (or, with ``dry_run``, only build) the report in ``folder``."""
    report = read_report(folder)
    try:
        # One send of a folder at a time: a second one waits, then finds the first's
        # record and refuses, so two runs started together deliver one message.
        with held(folder / SENT, SEND_WAIT, busy="mail.busy"):
            return _send(report, now, config, deliver, dry_run=dry_run, force=force)
    except (UsageError, NotDeliveredError) as error:
        error.lang = report.lang
        raise


def _send(
    report: Report,
    now: datetime,
    config: Path | None,
    deliver: Deliver,
    *,
    dry_run: bool,
    force: bool,
) -> SendOutcome:
    lang = report.lang
    folder = report.folder
    settings = settings_for(report, config)
    current = report.current_digest()
    if current != report.digest:  # edited by hand, or an update cut short: not this report
        raise UsageError("report.changed_since_update", path=str(folder))
    record = read_record(folder)
    sends = record.sends
    if record.pending is not None and not force and not dry_run:
        raise unresolved(record.pending)
    owed = still_owed(record, current, settings.recipients, force)
    if sends and not owed and not force and not dry_run:
        last = sends[-1]
        raise UsageError(
            "mail.already_sent", month=report.label, time=last.time, recipients=shown(last)
        )
    correction = is_correction(sends, current)
    built = build_message(report, settings, now, correction)
    if owed:  # the same message, to those who have not had it
        built = dataclasses.replace(built, recipients=owed)
    try:
        message = _save_message(folder, built)
    except NotDeliveredError as error:
        log_run(folder, now, "send", t(lang, "log.send_failed", message=error.message(lang)))
        raise
    if dry_run:
        line = t(lang, "log.dry_run", path=str(message))
        warnings = log_run(folder, now, "send --dry-run", line)
        return SendOutcome(
            report, settings, built, message, False, correction, bool(owed), warnings
        )
    password = settings.password() if settings.username else ""
    stamp = now.astimezone().isoformat(timespec="seconds")
    to, cc = [*settings.to], [*settings.cc]
    envelope = list(owed) if owed else None
    send = Send(built.message_id, stamp, to, cc, built.subject, current, correction, envelope)
    try:
        hand_over(built, settings, password, send, _ReportLedger(folder), deliver)
    except NotDeliveredError as error:
        log_run(folder, now, "send", log_line(error, lang))
        raise
    recipients = ", ".join(built.recipients)
    line = t(lang, "log.sent", recipients=recipients, message_id=built.message_id)
    warnings = log_run(folder, now, "send", line)
    return SendOutcome(report, settings, built, message, True, correction, bool(owed), warnings)


@dataclass(frozen=True)
class _ReportLedger:
    """The report folder's ``sent.json``, as ``delivery.hand_over`` keeps a send in it."""

    folder: Path

    @property
    def where(self) -> Path:
        return self.folder / SENT

    def read(self) -> Record:
        return read_record(self.folder)

    def begin(self, attempt: Send) -> None:
        begin_attempt(self.folder, attempt)

    def abandon(self) -> None:
        abandon_attempt(self.folder)

    def done(self, send: Send) -> None:
        record_send(self.folder, send)
