"""The sentence for a file that is no readable xlsx workbook: what it is, as far as its
bytes tell, and what to do about it.

A library's own words ("BadZipFile: File is not a zip file", "CalamineError: Cannot
detect file format") tell an office worker nothing, and "save it as .xlsx in Excel" is no
help for a file that was never copied whole. So the bytes are looked at: empty, a zip cut
short, an old Excel 97-2003 or WPS file, a text file (a CSV given the name .xlsx), an
OpenDocument file (.ods) given the name .xlsx, a zip of something else (a Word
document), or a workbook damaged inside, each with its fix.
"""

from __future__ import annotations

import io
import zipfile

from tracker.errors import UsageError
from tracker.i18n import Msg

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE file: an old .xls, or an encrypted xlsx
ZIP_MAGIC = b"PK"
# What an OpenDocument file (LibreOffice's .ods, WPS's too) says it is: python-calamine
# reads one named .xlsx, but what only an xlsx file's XML tells would be lost.
OPENDOCUMENT = b"application/vnd.oasis.opendocument"
SNIFFED = 4096  # bytes looked at to tell a text file
# Formats often given the wrong name, whose first bytes could pass for text: PDF, RTF,
# PostScript, PNG, JPEG, GIF.
BINARY_MAGIC = (b"%PDF-", b"{\\rtf", b"%!PS", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")

# What each kind is called, and what to do about it.
_KINDS = {
    "empty": ("read.is_empty", "read.fix_fetch"),
    "zeros": ("read.is_zeros", "read.fix_fetch"),
    "cut_short": ("read.is_cut_short", "read.fix_fetch"),
    "legacy": ("read.is_legacy", "read.fix_save_as"),
    "text": ("read.is_text", "read.fix_save_as"),
    "opendocument": ("read.is_opendocument", "read.fix_save_as"),
    "other_zip": ("read.is_other_zip", "read.fix_right_file"),
    "other": ("read.is_other", "read.fix_right_file"),
}


def not_xlsx(path: str, data: bytes, error: Exception | str) -> UsageError:
    """The error for ``data``, read from ``path``, that could not be read as an xlsx
    workbook (``error`` being what the reading raised, or its own account of it)."""
    kind = kind_of(data)
    if kind == "workbook":  # a workbook damaged inside: only the error says where
        return damaged_workbook(path, error)
    what, fix = _KINDS[kind]
    if kind == "opendocument" and path.lower().endswith(".ods"):  # not named .xlsx, then
        what = "read.is_ods"
    return UsageError("read.not_xlsx", path=path, reason=Msg(what), fix=Msg(fix))


def damaged_workbook(path: str, error: Exception | str) -> UsageError:
    """The error for a whole xlsx package with a part that cannot be read."""
    reason = error if isinstance(error, str) else technical(error)
    # Excel repairs what it can of such a file when it opens it
    return UsageError("read.not_xlsx", path=path, reason=reason, fix=Msg("read.fix_save_as"))


def kind_of(data: bytes) -> str:
    """What ``data`` is, as its bytes tell: ``workbook`` for a whole zip holding a
    workbook part, else one of ``_KINDS``."""
    if not data:
        return "empty"
    if not data[:SNIFFED].strip(b"\x00") and not data.strip(b"\x00"):
        return "zeros"  # a copy that never got its content (a disk full, a crash)
    if data.startswith(CFB_MAGIC):
        return "legacy"
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                said = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, EOFError, ValueError):
            return "cut_short"
        if "xl/workbook.xml" in names:
            return "workbook"
        return "opendocument" if said.startswith(OPENDOCUMENT) else "other_zip"
    head = data[:SNIFFED]
    if head.startswith(BINARY_MAGIC):
        return "other"
    if b"\x00" not in head:
        for encoding in ("utf-8", "gb18030"):
            try:
                head.decode(encoding)
            except UnicodeDecodeError as error:  # a character cut at the sniff's end
                if error.start < len(head) - 4:
                    continue
            return "text"
    return "other"


def technical(error: Exception) -> str:
    """A library's error in a line: its type and the first line of what it says."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:160] if text else type(error).__name__
