"""Mail settings: the ``[mail]`` table of ``tracker.toml`` (``docs/email.md``), and the
lead units' addresses in its ``[units]`` table (``mail.units``).

Every problem in the file is reported at once, each with its key. The password is never
in the file: it is read from the environment variable ``password_env`` names, when a
message is sent. TLS certificates are verified unless the file says ``verify = false``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import ssl
import string
import tomllib
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Literal, cast

from tracker.errors import UsageError, os_reason
from tracker.i18n import Msg
from tracker.mail.addresses import ascii_address, check_address, envelope_addresses
from tracker.mail.units import UnitAddresses, read_units
from tracker.template.toml_reader import Table, TomlReader, at, is_bool, show

SETTINGS_FILE = "tracker.toml"  # looked for beside the workbook
Security = Literal["ssl", "starttls", "none"]
SECURITY: tuple[Security, ...] = ("ssl", "starttls", "none")
DEFAULT_PORTS: dict[Security, int] = {"ssl": 465, "starttls": 587, "none": 25}
DEFAULT_PASSWORD_ENV = "TRACKER_SMTP_PASSWORD"
SUBJECT_FIELDS = ("title", "year", "month")
KEYS = (
    "host", "port", "security", "username", "password_env", "from", "to", "cc", "subject",
    "ca_file", "verify", "timeout", "login_without_tls", "retry_pauses",
)  # fmt: skip
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Words in capitals joined by underscores: what a variable's name looks like, and what no
# mail service's authorisation code does (QQ's are 16 small letters, 163's 16 capitals).
_USUAL_VARIABLE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$|^[0-9A-Fa-f:.]+$")  # a name or an IP address
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a line break would start another header
MAX_TIMEOUT = 600.0  # seconds; beyond that a server is down, not slow
MAX_PAUSE = 3600.0  # seconds between two tries
MAX_RETRIES = 10


@dataclass(frozen=True)
class MailSettings:
    source: Path
    host: str
    port: int
    security: Security
    sender: str  # as written: 目标跟踪 <tracker@example.gov.cn>
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    username: str = ""
    password_env: str = DEFAULT_PASSWORD_ENV
    subject: str | None = None  # None: the default subject in the report's language
    ca_file: Path | None = None
    verify: bool = True
    timeout: float = 30.0
    # Pauses before the second, third… try of a send that may pass (busy, greylisted);
    # greylisting wants minutes: a scheduled run may set [60, 300, 900].
    retry_pauses: tuple[float, ...] = (1.0, 2.0)
    units: UnitAddresses = field(default_factory=UnitAddresses)  # [units]: the units' addresses

    @property
    def recipients(self) -> tuple[str, ...]:
        """The bare addresses every copy goes to (to and cc), each once."""
        return envelope_addresses([*self.to, *self.cc])

    @property
    def sender_address(self) -> str:
        return ascii_address(parseaddr(self.sender)[1])

    @property
    def password_env_shown(self) -> str | Msg:
        """``password_env`` as a message may show it: a name in the usual form of a
        variable (TRACKER_SMTP_PASSWORD); anything else may be the password itself, put
        there by mistake, and is never shown (a cron log would keep it)."""
        if _USUAL_VARIABLE.match(self.password_env):
            return self.password_env
        return Msg("mail.variable_not_shown")

    def password(self) -> str:
        """The SMTP password from the environment; only asked for when logging in."""
        value = os.environ.get(self.password_env)
        if not value:
            raise UsageError("mail.no_password", name=self.password_env_shown)
        if not value.isascii():  # smtplib cannot send it (cpython #73936)
            raise UsageError("mail.password_not_ascii", name=self.password_env_shown)
        if "\r" in value or "\n" in value:  # read from a file saved on Windows, say
            raise UsageError("mail.password_line_break", name=self.password_env_shown)
        return value


def _retry_pauses(reader: TomlReader, mail: Table, where: str) -> tuple[float, ...]:
    if "retry_pauses" not in mail:
        return MailSettings.retry_pauses
    values = mail["retry_pauses"]
    good = (
        isinstance(values, list)
        and len(values) <= MAX_RETRIES
        and all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= MAX_PAUSE
            for v in values
        )
    )
    if not good:
        reader.add(
            at(where, "retry_pauses"),
            "bad_retry_pauses",
            most=MAX_RETRIES,
            longest=f"{MAX_PAUSE:g}",
            actual=show(values),
        )
        return MailSettings.retry_pauses
    return tuple(float(v) for v in cast(list[float], values))


def find_settings(config: Path | None, workbook_folder: Path) -> MailSettings | None:
    """The settings named by ``--config`` (which must exist), else ``tracker.toml`` beside
    the workbook if there is one, else None."""
    if config is not None:
        if not config.is_file():
            raise UsageError("config.not_found", path=str(config))
        return load_settings(config)
    beside = workbook_folder / SETTINGS_FILE
    return load_settings(beside) if beside.is_file() else None


def load_settings(path: Path) -> MailSettings:
    """Read and check ``path``; raise ``UsageError`` listing every problem."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UsageError("config.unreadable", path=str(path), reason=os_reason(error)) from None
    except UnicodeDecodeError:  # Notepad's "ANSI" (GBK) or "Unicode" (UTF-16)
        raise UsageError("config.not_utf8", path=str(path)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError("config.bad_toml", path=str(path), detail=str(error)) from None
    reader = TomlReader(prefix="config.", numbers_within=None)  # timeout checks its own
    reader.keys(data, "", ("mail", "units"))
    mail = reader.table(data, "mail", "")
    settings = dataclasses.replace(_read_mail(reader, mail, path), units=read_units(reader, data))
    if reader.problems:
        problems = tuple(reader.problems)
        raise UsageError("config.problems", problems, path=str(path), count=len(problems))
    return settings


def _read_mail(reader: TomlReader, mail: Table, path: Path) -> MailSettings:
    where = "mail"
    if "password" in mail:
        reader.add(at(where, "password"), "password_in_file")
    reader.keys({k: v for k, v in mail.items() if k != "password"}, where, KEYS)
    _check_control_characters(reader, mail, where)
    host = reader.text(mail, "host", where)
    if not _HOST.match(host) and isinstance(mail.get("host"), str):
        reader.add(at(where, "host"), "bad_host", actual=show(host))
    security: Security = "ssl"
    chosen = reader.text(mail, "security", where, "ssl")
    if chosen in SECURITY:
        security = chosen
    else:
        allowed = ", ".join(SECURITY)
        reader.general(at(where, "security"), "one_of", allowed=allowed, actual=show(chosen))
    port = _port(reader, mail, where, DEFAULT_PORTS[security])
    password_env = mail.get("password_env", DEFAULT_PASSWORD_ENV)
    # Perhaps the password itself (a number, or pasted with a tab): never shown, whatever
    # the rule it breaks.
    if not isinstance(password_env, str) or not _VARIABLE.fullmatch(password_env):
        reader.add(at(where, "password_env"), "bad_variable")
        password_env = DEFAULT_PASSWORD_ENV
    sender = reader.text(mail, "from", where)
    if isinstance(mail.get("from"), str):  # missing or not text: reader.text has said so
        check_address(reader, sender, at(where, "from"))
    if "to" not in mail:
        reader.general(at(where, "to"), "missing")
    elif mail["to"] == []:
        reader.add(at(where, "to"), "no_recipients")
    # One address may be written as it is, without the list, as [units] takes it.
    listed = {key: [value] if isinstance(value, str) else value for key, value in mail.items()}
    to, cc = reader.texts(listed, "to", where), reader.texts(listed, "cc", where)
    for key, addresses in (("to", to), ("cc", cc)):
        for index, address in enumerate(addresses, start=1):
            check_address(reader, address, at(at(where, key), index))
    subject = reader.optional_text(mail, "subject", where)
    if subject is not None:
        _check_subject(reader, subject, at(where, "subject"))
    ca_file = None
    if ca_text := reader.optional_text(mail, "ca_file", where):
        ca_file = path.parent / Path(ca_text).expanduser()
        _check_ca_file(reader, ca_file, at(where, "ca_file"))
    verify = reader.value(mail, "verify", where, is_bool, "expected_bool", False) is not False
    timeout = reader.number(mail, "timeout", where, 30.0)
    timely = 0 < timeout <= MAX_TIMEOUT  # also False for nan
    if not timely:
        reader.add(
            at(where, "timeout"),
            "bad_timeout",
            most=f"{MAX_TIMEOUT:g}",
            actual=show(mail.get("timeout")),
        )
    retry_pauses = _retry_pauses(reader, mail, where)
    username = reader.optional_text(mail, "username", where) or ""
    if not username.isascii():  # smtplib logs in with ASCII only
        reader.add(at(where, "username"), "username_not_ascii", actual=show(username))
    in_clear = reader.value(mail, "login_without_tls", where, is_bool, "expected_bool", False)
    if username and security == "none" and in_clear is not True:
        reader.add(at(where, "username"), "login_in_clear")
    return MailSettings(
        source=path,
        host=host,
        port=port,
        security=security,
        sender=sender,
        to=to,
        cc=cc,
        username=username,
        password_env=password_env,
        subject=subject,
        ca_file=ca_file,
        verify=verify,
        timeout=timeout if timely else 30.0,
        retry_pauses=retry_pauses,
    )


def _port(reader: TomlReader, mail: Table, where: str, default: int) -> int:
    value = mail.get("port", default)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535:
        return value
    reader.add(at(where, "port"), "bad_port", actual=show(value))
    return default


def _check_ca_file(reader: TomlReader, ca_file: Path, where: str) -> None:
    """A file of certificates (PEM) that TLS can load."""
    if not ca_file.is_file():
        reader.add(where, "no_ca_file", path=str(ca_file))
        return
    try:
        ssl.create_default_context().load_verify_locations(cafile=ca_file)
    except (ssl.SSLError, OSError, ValueError):
        reader.add(where, "bad_ca_file", path=str(ca_file))


def _check_control_characters(reader: TomlReader, mail: Table, where: str) -> None:
    """No line breaks or other control characters in any known key's text, lists'
    included. Unknown keys are refused anyway, and their values never shown: one may be a
    password under another name."""
    for key, value in mail.items():
        if key not in KEYS or key == "password_env":  # said without its value
            continue
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values, start=1):
            if isinstance(item, str) and _CONTROL.search(item):
                place = at(at(where, key), index) if isinstance(value, list) else at(where, key)
                reader.add(
                    place, "control_character", actual=show(item.encode("unicode_escape").decode())
                )


# A format of a subject's field with a width or precision of three digits or more, or
# a field within it ({month:{year}}).
_WIDE_SPEC = re.compile(r"\d{3}|\{")


def _check_subject(reader: TomlReader, subject: str, where: str) -> None:
    """Only {title}, {year} and {month}, which trial runs for every month must fill
    without a control character (a format such as {month:c} could make one)."""
    allowed = ", ".join("{" + name + "}" for name in SUBJECT_FIELDS)
    try:
        parsed = list(string.Formatter().parse(subject))
        bad = ["{" + name + "}" for _, name, _, _ in parsed if name not in (None, *SUBJECT_FIELDS)]
        if any(spec and _WIDE_SPEC.search(spec) for _, _, spec, _ in parsed):
            bad = [subject]  # {month:>9999999}: a subject of megabytes, or one never made
        if any(conversion for _, _, _, conversion in parsed):
            bad = [subject]  # {title!a}: the title as Python's escapes ('\u5149…')
        if not bad:
            trials = (subject.format(title="标题", year=2025, month=m) for m in range(1, 13))
            bad = [subject] if any(_CONTROL.search(trial) for trial in trials) else []
    except (ValueError, IndexError, KeyError, OverflowError):
        bad = [subject]
    for shown in bad:
        reader.add(where, "bad_placeholder", allowed=allowed, actual=show(shown))
