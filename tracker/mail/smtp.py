"""Handing a message to the SMTP server, all or nothing.

Implicit TLS (``ssl``, port 465), ``starttls`` (587) or ``none``; certificates verified
against the system's authorities and ``ca_file``'s, unless the settings say ``verify =
false``. Every recipient is offered before the message is: if the server refuses any,
the transaction is reset and nobody gets it, so the record of sends never lies. A server
that takes only so many recipients per message (452, RFC 5321 4.5.3.1.10) is sent the
message again for the rest, in further transactions; the journal hears of each.

A failure that may pass (the server cannot be reached, drops the line before the whole
message is handed over, answers 4xx) is tried again after a pause that doubles each time;
one that will not (TLS, a refused login, a 5xx) is reported at once. Once the whole body has
gone, a lost answer is never retried: the server may have taken it. Each failure becomes one
``NotDeliveredError`` sentence that never includes the password.
"""

from __future__ import annotations

import base64
import contextlib
import re
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from tracker.errors import NotDeliveredError
from tracker.i18n import Msg
from tracker.mail.message import Built
from tracker.mail.settings import MailSettings

_DOT_AT_LINE_START = re.compile(rb"(?m)^\.")  # doubled on the wire (RFC 5321 4.5.2)
READ_GRACE = 1.0  # seconds a read may outlast its phase's deadline


class _Transient(Exception):
    """A failure worth another try; carries the error to report if none succeeds."""

    def __init__(self, error: NotDeliveredError) -> None:
        super().__init__(error.key)
        self.error = error


def tls_context(settings: MailSettings) -> ssl.SSLContext:
    """Verification on, against the system's authorities and ``ca_file``'s when given (an
    office's own authority); off only when asked in so many words."""
    context = ssl.create_default_context()
    if settings.ca_file:
        context.load_verify_locations(cafile=settings.ca_file)
    if not settings.verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class Journal(Protocol):
    """Told where a delivery stands, to keep a durable record of it."""

    def before_data(self, recipients: Sequence[str]) -> None:
        """The message is about to go to ``recipients``: from now on it may be delivered
        to them, whatever happens to this process."""

    def accepted(self, recipients: Sequence[str]) -> None:
        """The server has taken the message for ``recipients``."""


class _NoJournal:
    def before_data(self, recipients: Sequence[str]) -> None:
        pass

    def accepted(self, recipients: Sequence[str]) -> None:
        pass


def deliver(
    built: Built,
    settings: MailSettings,
    password: str,
    sleep: Callable[[float], None] = time.sleep,
    journal: Journal = _NoJournal(),  # noqa: B008 (it holds nothing)
) -> None:
    """Send ``built`` to its recipients as ``settings`` say, trying a failure that may
    pass again after each of ``settings.retry_pauses``; a try after some recipients were
    served goes to the rest only."""
    pauses = settings.retry_pauses
    attempts = len(pauses) + 1
    waiting = list(built.recipients)  # taken off as the server accepts them
    try:
        for attempt in range(1, attempts + 1):
            try:
                _send_once(built, waiting, settings, password, journal)
                return
            except _Transient as failure:
                if attempt == attempts:
                    if "attempts" in failure.error.params:
                        failure.error.params["attempts"] = attempts
                    raise failure.error from None
                sleep(pauses[attempt - 1])
    except NotDeliveredError as error:  # a server may echo the password in its reply
        error.params = {
            k: redacted(v, settings.username, password) for k, v in error.params.items()
        }
        raise


HIDDEN = "******"


def secret_forms(username: str, password: str) -> list[str]:
    """The password as it may come back in a server's reply: as it is, and as AUTH sent
    it (base64 on its own for LOGIN, with the user name for PLAIN), padded or not."""
    if not password:
        return []
    encoded = [
        password,
        f"\0{username}\0{password}",  # AUTH PLAIN, as smtplib sends it
        f"{username}\0{username}\0{password}",  # AUTH PLAIN with an authorisation id
    ]
    forms = [password]
    for text in encoded:
        b64 = base64.b64encode(text.encode("utf-8")).decode("ascii")
        forms += [b64, b64.rstrip("=")]
    return sorted(set(forms), key=len, reverse=True)  # the longest first


def redacted(value: object, username: str, password: str) -> object:
    """``value`` with every form of the password hidden, when it is text."""
    if not isinstance(value, str):
        return value
    for form in secret_forms(username, password):
        value = value.replace(form, HIDDEN)
    return value


class _Watchdog:
    """A deadline for each phase of the conversation: ``timeout`` bounds a whole phase
    (the greeting, EHLO, the message's final answer…), not one read, so a server that
    trickles a byte a second, or says nothing, is given up on in time. When a phase
    outlives it, the connection is shut, which ends the read under way."""

    def __init__(self, smtp: smtplib.SMTP, seconds: float) -> None:
        self.smtp = smtp
        self.seconds = seconds
        self.phase = "connect"
        self.expired = ""  # the phase that ran out of time
        self._timer: threading.Timer | None = None

    def enter(self, phase: str) -> None:
        self.stop()
        self.phase = phase
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self) -> None:
        sock = self.smtp.sock
        if sock is None:  # the connection is not made yet: its own timeout decides
            return
        self.expired = self.phase
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _send_once(
    built: Built, waiting: list[str], settings: MailSettings, password: str, journal: Journal
) -> None:
    context = tls_context(settings)
    smtp = _client(settings, context)
    watchdog = _Watchdog(smtp, settings.timeout)
    try:
        _connect(smtp, watchdog, settings, password, context)
        while waiting:  # one transaction, unless the server limits recipients per message
            _transact(smtp, watchdog, built, waiting, settings, journal)
    except OSError as error:  # smtplib's and ssl's errors are OSErrors too
        raise _failure(settings, watchdog, error) from None
    finally:
        watchdog.stop()
        _close(smtp)


def _failure(
    settings: MailSettings, watchdog: _Watchdog, error: OSError
) -> NotDeliveredError | _Transient:
    """What a failed conversation means, as a transient failure when it may pass."""
    if watchdog.expired:
        # Not tried again: a server that took the connection and then said nothing for
        # the whole deadline will not answer better a second later.
        return _late(settings, watchdog.expired)
    if isinstance(error, ssl.SSLError):
        return _tls_failed(settings, _why(error))
    if isinstance(error, smtplib.SMTPResponseException):
        if _temporary(error.smtp_code):
            return _later(settings, watchdog.phase, _reply(error))
        if isinstance(error, smtplib.SMTPConnectError):  # it answered, but not with a welcome
            return NotDeliveredError(
                "mail.greeting_refused",
                host=settings.host,
                port=settings.port,
                reason=_reply(error),
            )
        return NotDeliveredError("mail.server_refused", reason=_reply(error))
    # Refused, unreachable, no greeting, the line dropped (SMTPServerDisconnected).
    return _Transient(_unreachable(settings, error))


def _late(settings: MailSettings, phase: str) -> NotDeliveredError:
    """A phase that outlived its deadline, with its likely cause."""
    if phase == "reply":  # the whole message had gone: it may have arrived
        return NotDeliveredError(
            "mail.result_unknown",
            host=settings.host,
            port=settings.port,
            reason=_deadline(settings),
        )
    cause = f"mail.cause.{phase}"
    if phase in ("connect", "starttls") and settings.security != "ssl" and settings.port == 465:
        cause = "mail.cause.implicit_tls_port"
    return NotDeliveredError(
        "mail.phase_timeout",
        host=settings.host,
        port=settings.port,
        phase=Msg(f"mail.phase.{phase}"),
        seconds=f"{settings.timeout:g}",
        cause=Msg(cause),
    )


def _deadline(settings: MailSettings) -> Msg:
    return Msg("mail.deadline", {"seconds": f"{settings.timeout:g}"})


def _later(settings: MailSettings, phase: str, reason: str) -> _Transient:
    """A 4xx reply: the server asks to be tried again later (busy, greylisting, a limit
    for now). Said as such when no try succeeds, whatever the phase."""
    return _Transient(
        NotDeliveredError(
            "mail.try_later",
            host=settings.host,
            phase=Msg(f"mail.phase.{phase}"),
            reason=reason,
            attempts=len(settings.retry_pauses) + 1,
        )
    )


def _temporary(code: int) -> bool:
    """A 4xx reply: the server asks to be tried again later (busy, greylisting)."""
    return 400 <= code < 500


def _close(smtp: smtplib.SMTP) -> None:
    """Say goodbye; once the message is accepted, nothing the server says now matters."""
    try:
        smtp.quit()
    except OSError:
        smtp.close()


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
        attempts=len(settings.retry_pauses) + 1,
    )


def _client(settings: MailSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    """A client not yet connected (the watchdog needs it before the greeting). smtplib
    takes the name TLS checks the certificate against from the constructor's host, which
    would connect at once; it is set as the constructor would set it."""
    client: smtplib.SMTP
    # Each read may take a little longer than the phase's deadline, so the deadline, not
    # a read's timeout, is what ends a phase (and names it).
    timeout = settings.timeout + READ_GRACE
    if settings.security == "ssl":
        client = smtplib.SMTP_SSL(timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(timeout=timeout)
    client._host = settings.host  # type: ignore[attr-defined]
    return client


def _connect(
    smtp: smtplib.SMTP,
    watchdog: _Watchdog,
    settings: MailSettings,
    password: str,
    context: ssl.SSLContext,
) -> None:
    """Greeted, encrypted as the settings say, and logged in."""
    watchdog.enter("connect")
    code, greeting = smtp.connect(settings.host, settings.port)
    if code != 220:  # what smtplib.SMTP(host) checks; connect() leaves it to us
        raise smtplib.SMTPConnectError(code, greeting)
    watchdog.enter("ehlo")
    smtp.ehlo()
    if settings.security == "starttls":
        if not smtp.has_extn("starttls"):
            raise _tls_failed(settings, Msg("mail.no_starttls"))
        watchdog.enter("starttls")
        try:
            smtp.starttls(context=context)
        except smtplib.SMTPResponseException as error:  # 454: TLS not available now
            if _temporary(error.smtp_code):
                raise _later(settings, "starttls", _reply(error)) from None
            raise _tls_failed(settings, _reply(error)) from None
        watchdog.enter("ehlo")
        smtp.ehlo()
    if settings.username:
        watchdog.enter("login")
        _login(smtp, settings, password)


def _transact(
    smtp: smtplib.SMTP,
    watchdog: _Watchdog,
    built: Built,
    waiting: list[str],
    settings: MailSettings,
    journal: Journal,
) -> None:
    """One message to as many of ``waiting`` as the server takes in one, who are then
    taken off it."""
    size = len(_on_the_wire(built.data))
    limit = _size_limit(smtp)
    if limit and size > limit:  # refused before a byte of it is sent
        raise NotDeliveredError(
            "mail.too_big", size=_kb(size), limit=_kb(limit), host=settings.host
        )
    options = [f"SIZE={size}"] if smtp.has_extn("size") else []
    options += _utf8_options(smtp, built, settings)
    watchdog.enter("mail")
    code, reply = smtp.mail(built.sender, options)
    if _temporary(code):
        raise _later(settings, "mail", _text(code, reply))
    if code != 250:
        raise _sender_refused(settings, built, code, reply)
    watchdog.enter("rcpt")
    batch = _offer_recipients(smtp, waiting, settings)
    journal.before_data(batch)
    watchdog.enter("data")
    _hand_over(smtp, watchdog, built, settings)
    journal.accepted(batch)
    del waiting[: len(batch)]


def _sender_refused(
    settings: MailSettings, built: Built, code: int, reply: bytes
) -> NotDeliveredError:
    """MAIL FROM refused. A 530 is no verdict on the sender: the server wants STARTTLS
    first (RFC 3207) or a login (RFC 4954), which security or username gives."""
    reason = _text(code, reply)
    host, port, path = settings.host, settings.port, str(settings.source)
    if code == 530 and settings.security == "none" and b"STARTTLS" in reply.upper():
        return NotDeliveredError(
            "mail.starttls_required", host=host, port=port, reason=reason, path=path
        )
    if code == 530 and not settings.username:
        return NotDeliveredError(
            "mail.login_required",
            host=host,
            port=port,
            reason=reason,
            path=path,
            name=settings.password_env_shown,
        )
    return NotDeliveredError("mail.sender_refused", sender=built.sender, reason=reason)


def _login(smtp: smtplib.SMTP, settings: MailSettings, password: str) -> None:
    try:
        smtp.login(settings.username, password)
    except smtplib.SMTPAuthenticationError as error:
        if _temporary(error.smtp_code):  # 454: cannot log in now, not a wrong password
            raise _later(settings, "login", _reply(error)) from None
        reason = _why(error)  # the user name or password is wrong
    except smtplib.SMTPNotSupportedError:  # no AUTH on this connection
        raise NotDeliveredError(
            "mail.no_auth", host=settings.host, port=settings.port, username=settings.username
        ) from None
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException):
        raise  # the line dropped, or a "try later": the caller decides
    except smtplib.SMTPException as error:  # no mechanism in common
        reason = _why(error)
    else:
        return
    raise NotDeliveredError(
        "mail.auth_refused",
        username=settings.username,
        name=settings.password_env_shown,
        reason=reason,
    )


def _offer_recipients(smtp: smtplib.SMTP, waiting: list[str], settings: MailSettings) -> list[str]:
    """Every RCPT before any DATA: one refusal and nobody gets the message. Each refused
    recipient is named with the server's own reply (a 450 and a 550 are different
    things); only when every refusal is temporary is it tried again. A server's limit
    of recipients per message ends the offer: the first of ``waiting``, which it took,
    are returned, and the rest wait for the next message."""
    taken: list[str] = []
    refused: list[tuple[str, int, bytes]] = []
    for recipient in waiting:
        code, reply = smtp.rcpt(recipient)
        if code in (250, 251):
            taken.append(recipient)
        elif taken and _too_many(code, reply):
            break
        else:
            refused.append((recipient, code, reply))
    if not refused:
        return taken
    smtp.rset()
    each = "; ".join(f"{address}: {_text(code, reply)}" for address, code, reply in refused)
    if all(_temporary(code) for _, code, _ in refused):
        raise _later(settings, "rcpt", each)
    raise NotDeliveredError("mail.recipient_refused", recipients=each)


def _utf8_options(smtp: smtplib.SMTP, built: Built, settings: MailSettings) -> list[str]:
    """SMTPUTF8 (RFC 6531) for a message with a user name in UTF-8, in its envelope or its
    headers; refused before anything is sent by a server that does not speak it."""
    if not built.international:
        return []
    if not smtp.has_extn("smtputf8"):
        raise NotDeliveredError(
            "mail.no_smtputf8", addresses=", ".join(built.international), host=settings.host
        )
    return ["SMTPUTF8", *(["BODY=8BITMIME"] if smtp.has_extn("8bitmime") else [])]


def _too_many(code: int, reply: bytes) -> bool:
    """The server's limit of recipients per message, once some were taken: 452 as RFC
    5321 4.5.3.1.10 asks, or 552 5.5.3 as older servers say it."""
    return code == 452 or (code == 552 and reply.startswith(b"5.5.3"))


def _hand_over(
    smtp: smtplib.SMTP, watchdog: _Watchdog, built: Built, settings: MailSettings
) -> None:
    """DATA, then the body and its closing dot, as ``smtplib.SMTP.data`` sends them but in
    two steps: a refusal or a lost line before the whole body has gone may be tried again
    (the server cannot take half a message); after it, a lost line or a timeout leaves it
    unknown whether the server took it, and trying again could deliver the report twice,
    so that is said, not retried."""
    code, reply = smtp.docmd("DATA")  # an OSError here goes to the caller: tried again
    if _temporary(code):
        raise _later(settings, "data", _text(code, reply))
    if code != 354:
        raise NotDeliveredError("mail.server_refused", reason=_text(code, reply))
    smtp.send(_on_the_wire(built.data))
    watchdog.enter("reply")
    try:
        code, reply = smtp.getreply()
    except OSError as error:
        reason = _deadline(settings) if watchdog.expired else _why(error)
        raise NotDeliveredError(
            "mail.result_unknown", host=settings.host, port=settings.port, reason=reason
        ) from None
    if _temporary(code):
        raise _later(settings, "reply", _text(code, reply))
    if code != 250:
        raise NotDeliveredError("mail.server_refused", reason=_text(code, reply))


def _on_the_wire(data: bytes) -> bytes:
    """The message as DATA carries it: dots at line starts doubled, the closing dot."""
    body = _DOT_AT_LINE_START.sub(b"..", data)
    return body + (b"" if body.endswith(b"\r\n") else b"\r\n") + b".\r\n"


def _size_limit(smtp: smtplib.SMTP) -> int:
    """The largest message the server takes, by its SIZE extension (RFC 1870); 0 when it
    sets none."""
    value = smtp.esmtp_features.get("size", "").strip()
    return int(value) if value.isdigit() else 0


def _kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size >= 1024 else f"{size} B"


def _text(code: int, reply: bytes) -> str:
    return f"{code} {reply.decode('utf-8', 'replace')}"


def _reply_bytes(error: smtplib.SMTPResponseException) -> bytes:
    text = error.smtp_error
    return text if isinstance(text, bytes) else str(text).encode()


def _reply(error: smtplib.SMTPResponseException) -> str:
    return _text(error.smtp_code, _reply_bytes(error))


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
