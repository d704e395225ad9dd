"""Handing a message to the SMTP server, all or nothing.

Implicit TLS (``ssl``, port 465), ``starttls`` (587) or ``none``; certificates verified
against the system's authorities, or ``ca_file``'s, unless the settings say ``verify =
false``. Every recipient is offered before the message is: if the server refuses any,
the transaction is reset and nobody gets it, so the record of sends never lies.

A failure that may pass (the server cannot be reached, drops the line, answers 4xx) is
tried again after a pause that doubles each time; one that will not (TLS, a refused login
or recipient, a 5xx) is reported at once. Each becomes one ``NotDeliveredError`` sentence
that never includes the password.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable

from tracker.errors import NotDeliveredError
from tracker.i18n import Msg
from tracker.mail.message import Built
from tracker.mail.settings import MailSettings

ATTEMPTS = 3
FIRST_PAUSE = 1.0  # seconds before the second attempt; then twice as long each time


class _Transient(Exception):
    """A failure worth another try; carries the error to report if none succeeds."""

    def __init__(self, error: NotDeliveredError) -> None:
        super().__init__(error.key)
        self.error = error


def tls_context(settings: MailSettings) -> ssl.SSLContext:
    """Verification on, against ``ca_file`` when given; off only when asked in so many words."""
    cafile = str(settings.ca_file) if settings.ca_file else None
    context = ssl.create_default_context(cafile=cafile)
    if not settings.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def deliver(
    built: Built,
    settings: MailSettings,
    password: str,
    attempts: int = ATTEMPTS,
    pause: float = FIRST_PAUSE,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Send ``built`` as ``settings`` say, trying transient failures ``attempts`` times."""
    for attempt in range(1, attempts + 1):
        try:
            _send_once(built, settings, password)
            return
        except _Transient as failure:
            if attempt == attempts:
                if "attempts" in failure.error.params:
                    failure.error.params["attempts"] = attempts
                raise failure.error from None
            sleep(pause * 2 ** (attempt - 1))


def _send_once(built: Built, settings: MailSettings, password: str) -> None:
    context = tls_context(settings)
    try:
        smtp = _connect(settings, context)
    except ssl.SSLError as error:
        raise _tls_failed(settings, _why(error)) from None
    except (OSError, smtplib.SMTPException) as error:  # refused, unreachable, timed out
        raise _Transient(_unreachable(settings, error)) from None
    try:
        with smtp:
            _transact(smtp, built, settings, password, context)
    except ssl.SSLError as error:
        raise _tls_failed(settings, _why(error)) from None
    except smtplib.SMTPResponseException as error:  # before OSError: smtplib's are OSErrors
        failure = NotDeliveredError("mail.server_refused", reason=_reply(error))
        if 400 <= error.smtp_code < 500:
            raise _Transient(failure) from None
        raise failure from None
    except OSError as error:  # the line dropped (SMTPServerDisconnected), a timeout
        raise _Transient(_unreachable(settings, error)) from None


def _tls_failed(settings: MailSettings, reason: str | Msg) -> NotDeliveredError:
    return NotDeliveredError(
        "mail.tls_failed", host=settings.host, port=settings.port, reason=reason
    )


def _unreachable(settings: MailSettings, error: BaseException) -> NotDeliveredError:
    return NotDeliveredError(
        "mail.cannot_connect",
        host=settings.host,
        port=settings.port,
        reason=_why(error),
        attempts=ATTEMPTS,
    )


def _connect(settings: MailSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)


def _transact(
    smtp: smtplib.SMTP,
    built: Built,
    settings: MailSettings,
    password: str,
    context: ssl.SSLContext,
) -> None:
    smtp.ehlo()
    if settings.security == "starttls":
        if not smtp.has_extn("starttls"):
            raise _tls_failed(settings, Msg("mail.no_starttls"))
        smtp.starttls(context=context)
        smtp.ehlo()
    if settings.username:
        try:
            smtp.login(settings.username, password)
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError) as error:
            raise NotDeliveredError(
                "mail.auth_refused",
                username=settings.username,
                name=settings.password_env,
                reason=_why(error),
            ) from None
    _send_all_or_nothing(smtp, built)


def _send_all_or_nothing(smtp: smtplib.SMTP, built: Built) -> None:
    """MAIL, every RCPT, and DATA only when all were accepted."""
    code, reply = smtp.mail(built.sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, built.sender)
    refused = []
    reason = ""
    for recipient in built.recipients:
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            refused.append(recipient)
            reason = reason or f"{code} {reply.decode('utf-8', 'replace')}"
    if refused:
        smtp.rset()
        raise NotDeliveredError(
            "mail.recipient_refused", recipients=", ".join(refused), reason=reason
        )
    smtp.data(built.data)  # raises SMTPDataError unless the server takes it


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{error.smtp_code} {message}"


def _why(error: BaseException) -> str:
    """A short reason: the server's reply, or the system's words for a socket error."""
    if isinstance(error, smtplib.SMTPResponseException):
        return _reply(error)
    if isinstance(error, ssl.SSLCertVerificationError):
        return error.verify_message or str(error)
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
