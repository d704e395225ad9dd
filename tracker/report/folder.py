"""A month's report folder (``reports/2025-06/``): what the update leaves for people and
for ``tracker send``.

* the report workbook, named for people (``光明区…进展_2025年6月.xlsx``);
* ``report.html`` and ``report.txt``: the brief, the email's two parts;
* ``…通报全文_2025年6月.html``, only when the brief is too long for a mail body: the whole
  brief, attached to the mail (``report.html`` is then the shortened one);
* ``report.json``: what ``tracker send`` needs to know (the month, the language, the
  title, the workbook, the attachments' names, and a digest of the files above, so a
  report changed after it was sent is noticed);
* ``returns.json`` and ``returns.html``: the units' returns collected for the month, by
  ``tracker collect`` (``tracker.report.returns_page``);
* ``snapshot.json`` (``tracker.history.snapshots``), ``message.eml`` (built by
  ``tracker.mail.message``, written by ``tracker.commands.send``), ``sent.json``
  (``tracker.report.sends``) and ``run.log`` (``tracker.report.run_log``).

Every file name of the folder is here; the modules that write the files take them from it.

Every file is written whole to a temporary name and moved into place; ``report.json``
last, so a folder whose manifest is there has all its files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from tracker import jsontext
from tracker.errors import NotDeliveredError, UsageError, os_reason
from tracker.history.records import month_key
from tracker.history.timeline import Timeline
from tracker.i18n import LANGS, Lang, month_words, t
from tracker.model import Book
from tracker.progress import Progress
from tracker.report.brief import build_brief
from tracker.report.render import render_text, render_within_budget
from tracker.report.report_workbook import write_report_workbook
from tracker.safefile import readable, write_atomically

MANIFEST = "report.json"
HTML = "report.html"
TEXT = "report.txt"
SNAPSHOT = "snapshot.json"
MESSAGE = "message.eml"
SENT = "sent.json"
LOG = "run.log"
RETURNS_JSON = "returns.json"  # the units' returns collected for the month (tracker collect)
RETURNS_HTML = "returns.html"  # the same, to read
FORMAT = "tracker-report/1"
# A report with the whole brief beside a shortened one: a version that knows only three
# files would take it for a report changed since it was written.
FORMAT_WITH_FULL = "tracker-report/2"
TITLE_IN_NAMES = 40  # characters of the title a file name keeps: 120 bytes in UTF-8
_INVISIBLE = frozenset({"Cf", "Zl", "Zp"})  # format characters, line and paragraph separators
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')  # what Windows refuses in a file name
MONTH = re.compile(r"[1-9][0-9]{3}-(0[1-9]|1[0-2])")  # a report's month, as its folder is named


def final_folder_name(closed: str) -> str:
    """The year-end report's folder under ``reports/``: ``2025-final`` for a close in 2025."""
    return f"{closed[:4]}-final"


def final_owner(folder: Path) -> str:
    """The id of the workbook whose year-end report ``folder`` holds ("" for none)."""
    try:
        owner = jsontext.loads((folder / MANIFEST).read_text(encoding="utf-8-sig")).get("owner", "")
    except (OSError, ValueError, AttributeError):
        return ""
    return owner if isinstance(owner, str) else ""


def snapshot_paths(reports: Path) -> list[Path]:
    """The snapshot file of every month folder under ``reports``, in month order."""
    return sorted(reports.glob(f"*/{SNAPSHOT}")) if reports.is_dir() else []


@dataclass(frozen=True)
class Report:
    """A report folder as its manifest describes it."""

    folder: Path
    month: str  # 2025-06
    lang: Lang
    title: str  # the template's title, in the report's language
    workbook: Path  # the tracking workbook the report was made from
    attachment: str  # the report workbook's file name
    digest: str  # of the brief's two parts and the attachments, as written
    full: str = ""  # the whole brief's file name, attached when the mail shows a shortened one
    final: bool = False  # the year-end report of a closed period (reports/2025-final/)
    owner: str = ""  # the id of the workbook a year-end report is of

    @property
    def label(self) -> str:
        """What the report is of, as its folder is named: ``2025-06``, or ``2025-final``."""
        return final_folder_name(self.month) if self.final else self.month

    @property
    def files(self) -> tuple[Path, ...]:
        """The brief's HTML and text parts, the report workbook, and the whole brief when
        the HTML part is a shortened one."""
        files = (self.folder / HTML, self.folder / TEXT, self.folder / self.attachment)
        return (*files, self.folder / self.full) if self.full else files

    def current_digest(self) -> str:
        """The digest of the files as they are now; raises when one is missing."""
        parts = []
        for path in self.files:
            try:
                parts.append(path.read_bytes())
            except OSError:
                raise UsageError("report.file_missing", path=str(path)) from None
        return digest(parts)


def digest(parts: list[bytes]) -> str:
    """One SHA-256 over several files, each length-prefixed so no two lists collide."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


def attachment_name(title: str, month: date, lang: Lang) -> str:
    """The report workbook's name, safe on Windows: 光明区…（2025年）进展_2025年6月.xlsx. A
    long title is cut, so the name stays far within what file systems allow (255 bytes on
    Linux, 260 characters for a whole path on Windows) wherever the folder is."""
    return named("report.attachment_name", title, month, lang)


def named(key: str, title: str, month: date, lang: Lang) -> str:
    """A file name of the month's report made from the text ``key``, with the title cut
    to ``TITLE_IN_NAMES`` characters."""
    if len(title) > TITLE_IN_NAMES:
        title = title[: TITLE_IN_NAMES - 1].rstrip() + "…"
    return safe_file_name(t(lang, key, title=title, month=month_words(month, lang)))


def safe_file_name(name: str) -> str:
    """``name`` as Windows takes a file name: what it refuses as ``_``, no space or dot at
    either end, and none of the invisible characters a name pasted from a web page or a
    document brings (zero-width spaces, line separators, a right-to-left override that
    would show ``a\u202excod.exe`` as ``aexe.docx``)."""
    visible = "".join(c for c in name if unicodedata.category(c) not in _INVISIBLE)
    return _NOT_IN_NAMES.sub("_", visible).strip(" .")


def write_report(
    folder: Path,
    book: Book,
    progress: Progress,
    timeline: Timeline,
    month: date,
    workbook: Path,
) -> Report:
    """Write the report of ``month`` into ``folder``; returns its manifest."""
    lang = book.lang
    title = book.template.title.get(lang)
    attachment = attachment_name(title, month, lang)
    brief = build_brief(book, progress, timeline, month, readable(workbook.name), attachment)
    full_name = named("report.full_brief_name", title, month, lang)
    body, whole = render_within_budget(brief, full_name)
    text = render_text(brief).encode("utf-8")
    sheet = io.BytesIO()
    write_report_workbook(sheet, book, progress, timeline)
    files = [body.encode("utf-8"), text, sheet.getvalue()]
    if whole is not None:
        files.append(whole.encode("utf-8"))
    report = Report(
        folder=folder,
        month=month_key(month),
        lang=lang,
        title=title,
        workbook=workbook.resolve(),
        attachment=attachment,
        digest=digest(files),
        full=full_name if whole is not None else "",
    )
    publish(report, files)
    return report


def publish(report: Report, files: list[bytes]) -> None:
    """Write a report's ``files`` (in the order of ``Report.files``) into its folder, each
    whole, then its manifest."""
    folder, lang, title, attachment = report.folder, report.lang, report.title, report.attachment
    manifest = {
        "format": FORMAT_WITH_FULL if report.full else FORMAT,
        "month": report.month,
        "lang": lang,
        "title": title,
        "workbook": _relative(report.workbook, folder),
        "attachment": attachment,
        "digest": report.digest,
        **({"full_brief": report.full} if report.full else {}),
        **({"final": True, "owner": report.owner} if report.final else {}),
    }
    text_of_manifest = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    writing = folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Without its manifest a folder is no report: tracker send refuses it until the
        # files below are all written, so an interrupted run never sends half a report.
        # The whole brief and the attachment an earlier run left here, by the names its
        # manifest gave them: a year-end closed again at another month names another.
        earlier = _earlier_names(folder)
        (folder / MANIFEST).unlink(missing_ok=True)
        for writing, data in zip(
            [*report.files, folder / MANIFEST],
            # A file name the system could not decode keeps its bytes as \udcXX escapes.
            [*files, (text_of_manifest + "\n").encode("utf-8", "backslashreplace")],
            strict=True,
        ):
            write_atomically(writing, data)
    except OSError as error:
        reason = os_reason(error)
        raise NotDeliveredError("report.cannot_write", path=str(writing), reason=reason) from None
    kept = (*report.files, report.workbook)
    for name in earlier:  # this month's brief fits now, or a file is renamed
        stale = folder / name
        try:
            if not any(stale.samefile(path) for path in kept if path.exists()):
                stale.unlink()
        except (OSError, ValueError):
            pass  # gone already, or open in Excel: a leftover, never a report not written


def _earlier_names(folder: Path) -> list[str]:
    """The attachment and whole brief the folder's manifest names, while every file of
    that report is as it was written (a manifest edited by hand names nothing)."""
    try:
        earlier = read_report(folder)
        if earlier.current_digest() != earlier.digest:
            return []
    except (UsageError, OSError, ValueError):
        return []
    return [name for name in (earlier.full, earlier.attachment) if name]


def _relative(workbook: Path, folder: Path) -> str:
    """The workbook's path from the report folder, so the two can move together, written
    with ``/`` so the folder reads the same on Windows and elsewhere; absolute when there
    is no such path (another drive on Windows)."""
    try:
        return PurePath(os.path.relpath(workbook, folder.resolve())).as_posix()
    except ValueError:
        return PurePath(workbook).as_posix()


def stored_path(folder: Path, written: str) -> Path:
    """A path a report file stores, relative to ``folder``, as this system names it:
    one written on Windows (``..\\..\\x.xlsx``, before paths were stored with ``/``)
    reads here too."""
    return (folder / written.replace("\\", "/")).resolve()


def read_report(folder: Path) -> Report:
    """The report in ``folder``; a folder without a readable manifest is refused."""
    path = folder / MANIFEST
    if not path.is_file():
        raise UsageError("report.not_a_folder", path=str(folder))
    try:
        data: Any = jsontext.loads(path.read_text(encoding="utf-8-sig"))
        if data.get("format") not in (FORMAT, FORMAT_WITH_FULL) or data.get("lang") not in LANGS:
            raise ValueError(f"not {FORMAT}")
        attachment = str(data["attachment"])
        full = str(data.get("full_brief", ""))
        for name in (attachment, full):
            if name and Path(name).name != name:  # a name, never a path out of the folder
                raise ValueError(f"attachment {name!r}")
        month = str(data["month"])
        if not MONTH.fullmatch(month):
            raise ValueError(f"month {month!r}")
        return Report(
            folder=folder,
            month=month,
            lang=data["lang"],
            title=str(data["title"]),
            workbook=stored_path(folder, str(data["workbook"])),
            attachment=attachment,
            digest=str(data["digest"]),
            full=full,
            final=data.get("final") is True,
            owner=str(data.get("owner", "")),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UsageError("report.bad_manifest", path=str(path), detail=str(error)) from None
