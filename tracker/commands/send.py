"""Sending a month's report: read the folder the update left, build the message, hand it
to the SMTP server, and record the send in the folder.

A month already sent is refused unless forced; a forced send of a report that changed
since it was last sent says 更正 (Correction) in its subject. A send that reached only some
of its recipients (a server's limit per message, then a failure) is finished by the next
plain send, which goes to the others alone. A dry run writes the message to
``message.eml`` and contacts nobody. A failed send is logged and recorded as nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker.errors import NotDeliveredError, Problem, UsageError, os_reason
from tracker.i18n import Cause, Lang, Msg, t
from tracker.mail import smtp
from tracker.mail.addresses import envelope_addresses
from tracker.mail.message import Built, build_message
from tracker.mail.settings import SETTINGS_FILE, MailSettings, find_settings
from tracker.report.folder import LOG, MESSAGE, SENT, Report, read_report
from tracker.report.run_log import append_log
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

Deliver = Callable[..., None]  # smtp.deliver: (built, settings, password, journal=…)
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


def still_owed(record: Record, digest: str, settings: MailSettings, force: bool) -> tuple[str, ...]:
    """Those in the settings still owed the report with ``digest`` when a send of it
    reached only some: the last send, stopped part way (a plain send finishes it), or an
    attempt never confirmed that the server took in part (a forced send finishes it,
    as the user has found it did not arrive). Nobody otherwise: a send goes to all."""
    if record.pending is not None:
        partial = record.pending if force and _reached(record.pending) else None
    else:
        last = record.sends[-1] if record.sends else None
        partial = last if last is not None and last.missed and not force else None
    if partial is None or partial.digest != digest:
        return ()
    entries = [*record.sends, *record.unknown, *([record.pending] if record.pending else [])]
    reached = {a.lower() for e in entries if e.digest == digest for a in _reached(e)}
    return tuple(a for a in settings.recipients if a.lower() not in reached)


def _reached(send: Send) -> list[str]:
    """The addresses ``send`` is known to have reached."""
    everyone = send.envelope or envelope_addresses([*send.to, *send.cc])
    missed = {address.lower() for address in send.missed}
    return [address for address in everyone if address.lower() not in missed]


def _shown(send: Send) -> str:
    """Who ``send`` reached, as the settings wrote them when it reached them all."""
    return send.recipients if send.envelope is None and not send.missed else _listed(_reached(send))


def _listed(addresses: Sequence[str]) -> str:
    return ", ".join(addresses)


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


def _log(folder: Path, now: datetime, headline: str, line: str) -> tuple[Problem, ...]:
    """The entry in run.log; a log that cannot be written is a warning, never the reason a
    send counts as failed (nor does it hide why one failed)."""
    try:
        append_log(folder, now, headline, [line])
    except OSError as error:
        params: dict[str, object] = {"reason": os_reason(error)}
        return (Problem(str(folder / LOG), "report.log_not_written", params, "warning"),)
    return ()


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
        raise _unresolved(record.pending)
    owed = still_owed(record, current, settings, force)
    if sends and not owed and not force and not dry_run:
        last = sends[-1]
        raise UsageError(
            "mail.already_sent", month=report.month, time=last.time, recipients=_shown(last)
        )
    correction = is_correction(sends, current)
    built = build_message(report, settings, now, correction)
    if owed:  # the same message, to those who have not had it
        built = dataclasses.replace(built, recipients=owed)
    try:
        message = _save_message(folder, built)
    except NotDeliveredError as error:
        _log(folder, now, "send", t(lang, "log.send_failed", message=error.message(lang)))
        raise
    if dry_run:
        warnings = _log(folder, now, "send --dry-run", t(lang, "log.dry_run", path=str(message)))
        return SendOutcome(
            report, settings, built, message, False, correction, bool(owed), warnings
        )
    password = settings.password() if settings.username else ""
    stamp = now.astimezone().isoformat(timespec="seconds")
    to, cc = [*settings.to], [*settings.cc]
    envelope = list(owed) if owed else None
    send = Send(built.message_id, stamp, to, cc, built.subject, current, correction, envelope)
    journal = _Journal(folder, send, built.recipients)
    try:
        deliver(built, settings, password, journal=journal)
    except NotDeliveredError as error:
        unknown = error.key == "mail.result_unknown"
        if journal.served and not unknown:  # stopped part way: the rest are owed it
            partial = _partly_sent(journal, error)
            _record(folder, now, lang, journal.outcome(), partial)
            raise partial from None
        if journal.began and not unknown:
            with contextlib.suppress(OSError):  # still pending: the next send asks first
                abandon_attempt(folder)
        key = "log.send_unknown" if unknown else "log.send_failed"
        _log(folder, now, "send", t(lang, key, message=error.message(lang)))
        raise
    _record(folder, now, lang, send, None)
    recipients = ", ".join(built.recipients)
    line = t(lang, "log.sent", recipients=recipients, message_id=built.message_id)
    warnings = _log(folder, now, "send", line)
    return SendOutcome(report, settings, built, message, True, correction, bool(owed), warnings)


def _unresolved(attempt: Send) -> UsageError:
    """An attempt never confirmed: ask first. Those the server took in an earlier part of
    it are said apart, as they have it."""
    confirmed = _reached(attempt)
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
        confirmed=_listed(confirmed),
        unconfirmed=_listed(attempt.missed),
        message_id=attempt.message_id,
    )


class _Journal:
    """The send's entries in ``sent.json`` as the server takes the message: the attempt,
    written down durably before each DATA (if this run is killed or loses the server's
    answer from then on, the next one knows the message may have gone), and who has it
    so far, when the server takes recipients in several messages."""

    def __init__(self, folder: Path, send: Send, recipients: Sequence[str]) -> None:
        self.folder = folder
        self.send = send
        self.waiting = list(recipients)  # not yet known to have it
        self.served: list[str] = []
        self.began = False

    def outcome(self) -> Send:
        return dataclasses.replace(self.send, missed=self.waiting)

    def before_data(self, recipients: Sequence[str]) -> None:
        try:
            begin_attempt(self.folder, self.outcome())
        except OSError as error:
            raise NotDeliveredError(
                "mail.cannot_write", path=str(self.folder / SENT), reason=os_reason(error)
            ) from None
        self.began = True

    def accepted(self, recipients: Sequence[str]) -> None:
        self.served += recipients
        self.waiting = [address for address in self.waiting if address not in recipients]
        if self.waiting:  # written down at once: a later part may never be confirmed
            with contextlib.suppress(OSError):  # the last word, record_send, says if not
                begin_attempt(self.folder, self.outcome())


def _partly_sent(journal: _Journal, error: NotDeliveredError) -> NotDeliveredError:
    """The failure of a part, said without its "nothing was sent", no longer so."""
    return NotDeliveredError(
        "mail.partly_sent",
        served=_listed(journal.served),
        missed=_listed(journal.waiting),
        reason=Cause(Msg(error.key, error.params)),
    )


def _record(
    folder: Path, now: datetime, lang: Lang, send: Send, failure: NotDeliveredError | None
) -> None:
    """``send`` written down as done, with the run's failure (when it reached only some)
    in the log; a record that cannot be written is said, or the next run would send the
    report again to those who have it."""
    reached = _listed(_reached(send))
    try:
        record_send(folder, send)
    except OSError as error:
        unrecorded = NotDeliveredError(
            "mail.sent_not_recorded",
            recipients=reached,
            path=str(folder / SENT),
            reason=os_reason(error),
        )
        _log(folder, now, "send", unrecorded.message(lang))
        raise unrecorded from None
    if failure is not None:
        _log(folder, now, "send", failure.message(lang))
