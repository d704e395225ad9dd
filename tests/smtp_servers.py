"""Real SMTP servers for the tests (aiosmtpd on 127.0.0.1): plain, STARTTLS with AUTH,
and implicit TLS, with certificates from a certificate authority made for the test run
(trustme). What arrives is kept, as the bytes the server received."""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as Server
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

USER = "tracker@example.gov.cn"
PASSWORD = "s3cret-code-2025"  # an authorisation code, as Chinese mail services issue
REFUSED = "nobody@example.gov.cn"  # a recipient every server refuses


@dataclass
class Arrived:
    sender: str
    recipients: list[str]
    data: bytes
    authenticated: bool


@dataclass
class Inbox:
    """The server's handler: keeps every message it accepts, refuses ``REFUSED``, and
    answers as told: ``mail_reply`` to MAIL FROM, ``rcpt_replies[address]`` (in turn) to
    RCPT TO, ``data_replies`` (in turn; "" hangs up without taking it) once a message
    has arrived, after ``data_delay`` seconds. Every message that reached DATA counts in
    ``data_calls``. The first ``drops_at_data`` DATA commands are answered by hanging up
    (see ``_Server``)."""

    messages: list[Arrived] = field(default_factory=list)
    mail_reply: str = ""
    rcpt_replies: dict[str, list[str]] = field(default_factory=dict)
    data_replies: list[str] = field(default_factory=list)
    data_delay: float = 0.0
    data_calls: int = 0
    drops_at_data: int = 0
    hang_up_after_data: bool = False  # take the message, then close before answering
    rcpt_delay: float = 0.0  # seconds before answering each RCPT TO
    rcpt_delays: dict[str, float] = field(default_factory=dict)  # … to these addresses
    rcpt_calls: int = 0
    rcpt_limit: int = 0  # recipients per message, as many servers set (0: no limit)

    async def handle_MAIL(
        self, server: Server, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Server, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        self.rcpt_calls += 1
        delay = self.rcpt_delays.get(address, self.rcpt_delay)
        if delay:
            await asyncio.sleep(delay)
        if self.rcpt_limit and len(envelope.rcpt_tos) >= self.rcpt_limit:
            return "452 4.5.3 Too many recipients"
        planned = self.rcpt_replies.get(address)
        if planned:
            return planned.pop(0)
        if address == REFUSED:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Server, session: Session, envelope: Envelope) -> str:
        self.data_calls += 1
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        reply = self.data_replies.pop(0) if self.data_replies else "250 Message accepted"
        if not reply and server.transport is not None:  # the answer lost, the message too
            server.transport.close()
            return "421 closing"
        if reply.startswith("250"):
            data = envelope.original_content or b""
            sender = envelope.mail_from or ""
            arrived = Arrived(sender, list(envelope.rcpt_tos), data, bool(session.authenticated))
            self.messages.append(arrived)
        if self.hang_up_after_data and server.transport is not None:
            server.transport.close()  # delivered, but the sender never hears so
        return reply


class _Server(Server):
    """aiosmtpd's server, able to drop the line on DATA before answering 354."""

    async def smtp_DATA(self, arg: str) -> None:
        inbox = self.event_handler
        if isinstance(inbox, Inbox) and inbox.drops_at_data and self.transport is not None:
            inbox.drops_at_data -= 1
            self.transport.close()
            return
        await super().smtp_DATA(arg)


class _Controller(Controller):
    def factory(self) -> Server:
        return _Server(self.handler, **self.SMTP_kwargs)


def _authenticate(
    server: Server, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USER.encode()
        and auth_data.password == PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


def free_port() -> int:
    """A port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Authority:
    """A certificate authority for one test: its certificate as a file for ``ca_file``,
    and a server context with a certificate it issued for 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        self.ca = trustme.CA()
        self.ca_file = folder / "internal-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        self.server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert("127.0.0.1", "localhost").configure_cert(self.server_context)


@contextmanager
def smtp_server(
    kind: str,
    authority: Authority | None = None,
    inbox: Inbox | None = None,
    authenticator: Any = None,
    utf8: bool = False,
) -> Iterator[tuple[int, Inbox]]:
    """A running server of ``kind``: ``plain``, ``starttls`` (AUTH required, only after
    STARTTLS) or ``ssl`` (implicit TLS, AUTH offered), speaking SMTPUTF8 when ``utf8``.
    Yields its port and inbox."""
    inbox = inbox if inbox is not None else Inbox()
    port = free_port()
    options: dict[str, Any] = {"enable_SMTPUTF8": utf8}
    if kind == "starttls":
        assert authority is not None
        options |= {
            "tls_context": authority.server_context,
            "require_starttls": True,
            "authenticator": authenticator or _authenticate,
            "auth_required": True,
            "auth_require_tls": True,
        }
    elif kind == "ssl":
        assert authority is not None
        # aiosmtpd cannot tell an implicit-TLS connection is encrypted, so AUTH is offered
        # without "requiring TLS"; the tests check the message arrived authenticated.
        options |= {
            "ssl_context": authority.server_context,
            "authenticator": authenticator or _authenticate,
            "auth_require_tls": False,
        }
    controller = _Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


@dataclass
class Scripted:
    """A raw server that misbehaves as told: ``greeting`` is its first line; ``answers``
    maps a command's first word (EHLO, MAIL, RCPT, DATA, QUIT, ".") to its reply; a reply
    of "" hangs up. Counts connections and keeps the lines it was sent."""

    greeting: str = "220 scripted ESMTP"
    answers: dict[str, str] = field(default_factory=dict)  # "HANG": never answer
    trickle: float = 0.0  # seconds between the greeting's bytes
    body_pause: float = 0.0  # seconds it waits after 354 before reading the message
    connections: int = 0
    received: list[str] = field(default_factory=list)
    accepted: int = 0  # messages it answered 2xx to
    finished: int = 0  # connections it is done with


@contextmanager
def scripted_server(script: Scripted) -> Iterator[int]:
    """A :class:`Scripted` server on 127.0.0.1; yields its port."""
    import socketserver
    import threading

    defaults = {
        "EHLO": "250-scripted\r\n250 8BITMIME",
        "MAIL": "250 OK",
        "RCPT": "250 OK",
        "DATA": "354 go ahead",
        ".": "250 accepted",
        "RSET": "250 OK",
        "QUIT": "221 bye",
        "NOOP": "250 OK",
    }

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            script.connections += 1
            greeting = script.greeting.encode() + b"\r\n"
            if script.greeting == "HANG":
                self.rfile.read()  # until the client gives up
                return
            if script.trickle:
                for byte in greeting:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(script.trickle)
            else:
                self.wfile.write(greeting)
            if not script.greeting.startswith("2"):
                return
            in_data = False
            for raw in self.rfile:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                script.received.append(line)
                if in_data and line != ".":
                    continue
                in_data = False
                word = line.split(" ", 1)[0].split(":", 1)[0].upper()
                reply = script.answers.get(word, defaults.get(word, "502 not here"))
                if reply == "":
                    return  # hang up
                if reply == "HANG":
                    self.rfile.read()  # until the client gives up
                    return
                self.wfile.write(reply.encode() + b"\r\n")
                if word == "." and reply.startswith("2"):
                    script.accepted += 1
                if word == "DATA" and reply.startswith("354"):
                    in_data = True
                    time.sleep(script.body_pause)
                if word == "QUIT":
                    return

        def finish(self) -> None:
            script.finished += 1
            super().finish()

    class Quiet(socketserver.ThreadingTCPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a client that gave up mid-answer: expected here, not worth a traceback

    server = Quiet(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
