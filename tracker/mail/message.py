"""The brief as an email: HTML and plain text as alternatives, the report workbook
attached, Chinese that survives every client.

The message is built with the email package's compat32 classes, which write clean headers
for what Chinese mail needs (``docs/email.md``): subject and display names in RFC 2047
encoded words; the attachment's name twice, as RFC 2231 ``filename*`` on its
Content-Disposition and as an RFC 2047 ``name`` on its Content-Type, because Outlook over
POP/IMAP and QQ Mail show only the latter. (The modern API mangles the long xlsx MIME type
when ``name`` is added.) An address with a user name in Chinese is written in UTF-8 as
it is (RFC 6532), for a server that speaks SMTPUTF8: no encoding may stand for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email import encoders
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, getaddresses, make_msgid

from tracker.history.records import month_of
from tracker.i18n import t
from tracker.mail.addresses import ascii_address
from tracker.mail.settings import MailSettings
from tracker.report.folder import Report
from tracker.report.render import contained

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
HTML_FILE = ("text", "html")  # the whole brief, attached when the mail shows a shortened one
# What goes on the wire, and into .eml files; 8bit lets a UTF-8 address header through.
WIRE = compat32.clone(linesep="\r\n", cte_type="8bit")


@dataclass(frozen=True)
class Built:
    """A message ready to send: its bytes and what the send record keeps."""

    data: bytes
    message_id: str
    subject: str
    sender: str
    recipients: tuple[str, ...]
    international: tuple[str, ...] = ()  # its addresses with a user name in UTF-8


def subject_of(report: Report, settings: MailSettings, correction: bool) -> str:
    """The subject from the settings' pattern (or the default one), marked 更正 for a
    corrected report sent again."""
    month = month_of(report.month)
    fields = {"title": report.title, "year": month.year, "month": month.month}
    if report.final:  # the settings' pattern is a month's: the year's end says its own
        subject = t(report.lang, "mail.final_subject", **fields)
    elif settings.subject is None:
        subject = t(report.lang, "mail.default_subject", **fields)
    else:
        subject = settings.subject.format(**fields)
    subject = t(report.lang, "mail.correction", subject=subject) if correction else subject
    return str(contained(subject))


def build_message(
    report: Report, settings: MailSettings, now: datetime, correction: bool = False
) -> Built:
    """The month's message, dated ``now``."""
    html, text, sheet, *whole = (path.read_bytes() for path in report.files)
    subject = subject_of(report, settings, correction)
    domain = settings.sender_address.rpartition("@")[2] or None
    message_id = make_msgid(domain=domain)
    message = MIMEMultipart("mixed")
    message["Subject"] = Header(subject, "utf-8", header_name="Subject").encode()
    message["From"] = address_header([settings.sender])
    message["To"] = address_header(settings.to)
    if settings.cc:
        message["Cc"] = address_header(settings.cc)
    message["Date"] = format_datetime(now.astimezone())
    message["Message-ID"] = message_id
    body = MIMEMultipart("alternative")
    # utf-8 parts go base64 (the email package's choice for utf-8): any relay passes them.
    body.attach(MIMEText(text.decode("utf-8"), "plain", "utf-8"))
    body.attach(MIMEText(html.decode("utf-8"), "html", "utf-8"))  # the last part is preferred
    message.attach(body)
    message.attach(attachment_part(report.attachment, sheet))
    if whole:  # the mail's HTML part is a shortened brief: the whole one goes with it
        message.attach(attachment_part(report.full, whole[0], HTML_FILE))
    return Built(
        data=message.as_bytes(policy=WIRE),
        message_id=message_id,
        subject=subject,
        sender=settings.sender_address,
        recipients=settings.recipients,
        international=tuple(
            a for a in (settings.sender_address, *settings.recipients) if not a.isascii()
        ),
    )


def address_header(written: tuple[str, ...] | list[str]) -> str:
    """Addresses with their display names encoded: =?utf-8?b?...?= <a@b.cn>. A header
    with an address in UTF-8 is folded here, one address a line, and handed to the email
    package as escaped bytes, which it writes as they are."""
    boxes = [_mailbox(name, ascii_address(address)) for name, address in getaddresses(written)]
    if all(box.isascii() for box in boxes):
        return ", ".join(boxes)  # the email package folds it
    return ",\r\n ".join(boxes).encode("utf-8").decode("ascii", "surrogateescape")


def _mailbox(name: str, address: str) -> str:
    """``name <address>``, the name encoded or quoted as ``formataddr`` does it; the address
    as it is (``formataddr`` takes none in UTF-8)."""
    if address.isascii():
        return formataddr((name, address), "utf-8")
    if not name:
        return address
    stand_in = "a@b"
    shown = formataddr((name, stand_in), "utf-8")  # ends "<a@b>"
    return f"{shown[: -len(stand_in) - 1]}{address}>"


def attachment_part(name: str, data: bytes, kind: tuple[str, str] | None = None) -> MIMEBase:
    part = MIMEBase(*(kind or XLSX), name=Header(name, "utf-8").encode())
    if part.get_content_maintype() == "text":
        part.set_param("charset", "utf-8")
    part.set_payload(data)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
    return part
