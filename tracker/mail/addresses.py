"""Mail addresses as the settings write them and the envelope carries them: one address
per entry, with a display name if wanted (``区科技创新局 <kjj@example.gov.cn>``); a
domain in Chinese sent in its IDNA form, a user name in Chinese as it is (SMTPUTF8)."""

from __future__ import annotations

import re
from email.utils import getaddresses, parseaddr

from tracker.template.toml_reader import TomlReader, show

_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")
# What a Chinese input method in full-width mode types for ASCII (ａ, １, ＠…): never meant
# in a user name, which would then go out in UTF-8 to nobody. (A domain's are mapped to
# ASCII by IDNA, as a full-width dot is.)
_FULL_WIDTH = re.compile(r"[\uff01-\uff5e\u3000]+")
_AT = re.compile(r"[@\uff20]")
_ANGLED = re.compile(r"<([^<>]*)>\s*$")
# A label of a domain as DNS carries it (RFC 1123): letters, digits and inner hyphens.
_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def envelope_addresses(written: list[str]) -> tuple[str, ...]:
    """The bare addresses of ``written`` (as to and cc hold them) as the envelope carries
    them, each once, whatever its case."""
    seen: dict[str, str] = {}
    for _, address in getaddresses(written):
        seen.setdefault(ascii_address(address).lower(), ascii_address(address))
    return tuple(seen.values())


def ascii_address(address: str) -> str:
    """``address`` with its domain as DNS and SMTP carry it (IDNA): a@例子.中国 becomes
    a@xn--fsqu00a.xn--fiqs8s, which every server takes."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    return f"{local}@{domain.encode('idna').decode('ascii')}"


def check_address(reader: TomlReader, written: str, where: str) -> None:
    """One address per entry, as the header and the envelope will both read it. A domain
    in Chinese is carried in its IDNA form; a user name in Chinese (before the @) goes as
    it is, where the server speaks SMTPUTF8 (``smtp`` refuses to send it otherwise)."""
    found = getaddresses([written])
    address = parseaddr(written)[1]
    one = len(found) == 1 and found[0][1] == address
    typed = _typed_address(written)
    if len(_AT.findall(typed)) > 1:  # "a@x.cn，b@x.cn": a list in one entry
        reader.add(where, "several_addresses", actual=show(written))
        return
    user = _AT.split(typed)[0]
    if wide := _FULL_WIDTH.findall(user) + typed.count("\uff20") * ["\uff20"]:
        reader.add(where, "full_width_address", actual=show(written), chars=" ".join(wide))
        return
    if not one or not _ADDRESS.match(address):
        reader.add(where, "bad_address", actual=show(written))
        return
    try:
        domain = ascii_address(address).rpartition("@")[2]
    except UnicodeError:
        domain = ""
    if not all(_LABEL.match(label) for label in domain.split(".")):  # a@x..cn, a@-x.cn
        reader.add(where, "bad_address", actual=show(written))


def _typed_address(written: str) -> str:
    """The address part of an entry as typed: within its final <…>, else the whole."""
    angled = _ANGLED.search(written)
    return (angled.group(1) if angled else written).strip()
