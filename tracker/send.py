"""Sending a month's report: read the folder the update left, build the message, hand it
to the SMTP server, and record the send in the folder.

A month already sent is refused unless forced; a forced send of a report that changed
since it was last sent says 更正 (Correction) in its subject. A dry run writes the message
to ``message.eml`` and contacts nobody. A failed send is logged and recorded as nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tracker.errors import NotDeliveredError, Problem, UsageError, os_reason
from tracker.files import held, write_atomically
from tracker.i18n import t
from tracker.mail import smtp
from tracker.mail.message import Built, build_message
from tracker.mail.settings import SETTINGS_FILE, MailSettings, find_settings
from tracker.report.folder import Report, read_report
from tracker.report.run_log import LOG, append_log
from tracker.report.sends import (
    SENT,
    Send,
    abandon_attempt,
    begin_attempt,
    read_record,
    read_sends,
    record_send,
)

MESSAGE = "message.eml"

Deliver = Callable[..., None]  # smtp.deliver: (built, settings, password, before_data=…)
SEND_WAIT = 600.0  # seconds a send waits for another send of the same folder to finish


@dataclass(frozen=True)
class SendOutcome:
    report: Report
    settings: MailSettings
    built: Built
    message: Path  # the .eml written: what was sent, or would be
    sent: bool  # False for a dry run
    correction: bool
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
            return _send(report, now, config, dry_run, force, deliver)
    except (UsageError, NotDeliveredError) as error:
        error.lang = report.lang
        raise


def _send(
    report: Report,
    now: datetime,
    config: Path | None,
    dry_run: bool,
    force: bool,
    deliver: Deliver,
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
        attempt = record.pending
        raise UsageError(
            "mail.unresolved_attempt",
            time=attempt.time,
            recipients=attempt.recipients,
            message_id=attempt.message_id,
        )
    if sends and not force and not dry_run:
        last = sends[-1]
        raise UsageError(
            "mail.already_sent", month=report.month, time=last.time, recipients=last.recipients
        )
    correction = is_correction(sends, current)
    built = build_message(report, settings, now, correction)
    try:
        message = _save_message(folder, built)
    except NotDeliveredError as error:
        _log(folder, now, "send", t(lang, "log.send_failed", message=error.message(lang)))
        raise
    if dry_run:
        warnings = _log(folder, now, "send --dry-run", t(lang, "log.dry_run", path=str(message)))
        return SendOutcome(report, settings, built, message, False, correction, warnings)
    password = settings.password() if settings.username else ""
    stamp = now.astimezone().isoformat(timespec="seconds")
    to, cc = [*settings.to], [*settings.cc]
    send = Send(built.message_id, stamp, to, cc, built.subject, current, correction)
    began: list[bool] = []

    def before_data() -> None:
        """Written down, durably, before the message goes: if this run is killed or loses
        the server's answer from here on, the next one knows it may have gone."""
        try:
            begin_attempt(folder, send)
        except OSError as error:
            raise NotDeliveredError(
                "mail.cannot_write", path=str(folder / SENT), reason=os_reason(error)
            ) from None
        began.append(True)

    try:
        deliver(built, settings, password, before_data=before_data)
    except NotDeliveredError as error:
        unknown = error.key == "mail.result_unknown"
        if began and not unknown:
            with contextlib.suppress(OSError):  # still pending: the next send asks first
                abandon_attempt(folder)
        key = "log.send_unknown" if unknown else "log.send_failed"
        _log(folder, now, "send", t(lang, key, message=error.message(lang)))
        raise
    recipients = ", ".join(built.recipients)
    try:
        record_send(folder, send)
    except OSError as error:  # sent: say so, or the next run would send it again
        unrecorded = NotDeliveredError(
            "mail.sent_not_recorded",
            recipients=recipients,
            path=str(folder / SENT),
            reason=os_reason(error),
        )
        _log(folder, now, "send", unrecorded.message(lang))
        raise unrecorded from None
    line = t(lang, "log.sent", recipients=recipients, message_id=built.message_id)
    warnings = _log(folder, now, "send", line)
    return SendOutcome(report, settings, built, message, True, correction, warnings)
