"""A short letter to one lead unit: a plain-text body, perhaps a file attached (its
form), built as the brief's message is (``mail.message``): the subject and display names
in RFC 2047 encoded words, the attachment's Chinese name both as RFC 2231 ``filename*``
and as an RFC 2047 ``name``, every part base64."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid

from tracker.mail.addresses import envelope_addresses
from tracker.mail.message import WIRE, Built, address_header, attachment_part
from tracker.mail.settings import MailSettings
from tracker.report.render import contained


@dataclass(frozen=True)
class Attachment:
    name: str  # as the recipient will see it: 区科技创新局_2025年7月填报表.xlsx
    data: bytes


def build_note(
    settings: MailSettings,
    to: tuple[str, ...],
    subject: str,
    text: str,
    now: datetime,
    attachment: Attachment | None = None,
) -> Built:
    """The letter from the settings' sender to ``to``, dated ``now``; its subject and
    text without characters that turn the direction of what follows (``contained``)."""
    subject, text = str(contained(subject)), str(contained(text))
    domain = settings.sender_address.rpartition("@")[2] or None
    message_id = make_msgid(domain=domain)
    body = MIMEText(text, "plain", "utf-8")
    if attachment is None:
        message: MIMEText | MIMEMultipart = body
    else:
        message = MIMEMultipart("mixed")
        message.attach(body)
        message.attach(attachment_part(attachment.name, attachment.data))
    message["Subject"] = Header(subject, "utf-8", header_name="Subject").encode()
    message["From"] = address_header([settings.sender])
    message["To"] = address_header(to)
    message["Date"] = format_datetime(now.astimezone())
    message["Message-ID"] = message_id
    recipients = envelope_addresses(list(to))
    return Built(
        data=message.as_bytes(policy=WIRE),
        message_id=message_id,
        subject=subject,
        sender=settings.sender_address,
        recipients=recipients,
        international=tuple(a for a in (settings.sender_address, *recipients) if not a.isascii()),
    )
