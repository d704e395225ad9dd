"""Putting a new workbook in place without losing anyone's work.

The new workbook is written to a temporary file beside the old one, flushed to the disk
and read back (``verify``). Only then is the old one backed up and replaced, and only
when nobody else's work is in the way: when the old one is open in Excel, WPS or
LibreOffice, carries the read-only attribute, or was saved by someone else since it was
read, the new workbook is saved beside it instead and the old one is left alone. A
symbolic link is replaced at its target and stays a link.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from xlsxwriter.exceptions import XlsxWriterException

from tracker.errors import NotDeliveredError, UsageError, os_reason
from tracker.files import (
    is_read_only,
    real_path,
    sync,
    temporary_prefix,
    usual_mode,
    write_atomically,
)
from tracker.i18n import Msg
from tracker.model import Book
from tracker.progress import Progress
from tracker.timeline import Timeline
from tracker.workbook.verify import verify_written
from tracker.workbook.writer import write_book

BACKUPS = "tracker-backups"  # the folder beside a workbook that keeps its earlier versions
REPLACE_TRIES = 3  # a virus scanner or a sync client may hold a file for a moment
REPLACE_PAUSE = 0.2  # seconds between tries


@dataclass(frozen=True)
class Placed:
    """Where a new workbook went: into place, or next to the old one (``beside``), and
    why: ``open`` (in ``program``), ``read_only``, ``changed`` since it was read, or
    ``refused`` by the system (``reason``). And the old one's backup, if one was kept."""

    path: Path
    backup: Path | None = None
    beside: bool = False
    why: str = ""
    program: str = ""
    reason: Msg | str | None = None


def open_in(path: Path) -> str | None:
    """The program that has the workbook open, by the lock file it leaves beside it:
    ``excel`` (Excel and WPS: ``~$name``, or with the name's first two characters
    replaced when it is long) or ``libreoffice`` (``.~lock.name#``). A lock left by a
    crash looks the same."""
    folder, name = path.parent, path.name
    if (folder / f"~${name}").exists() or (len(name) > 2 and (folder / f"~${name[2:]}").exists()):
        return "excel"
    if (folder / f".~lock.{name}#").exists():
        return "libreoffice"
    return None


def save_book(
    path: Path,
    book: Book,
    progress: Progress | None = None,
    timeline: Timeline | None = None,
    backup_at: datetime | None = None,
    beside: Path | None = None,
    original: bytes | None = None,
) -> Placed:
    """Write ``book`` and put it at ``path``.

    With ``backup_at``, the workbook it replaces is first kept in ``tracker-backups/``
    (as ``original``, the bytes that were read, when given). With ``beside``, a workbook
    that cannot be replaced is left alone and the new one is saved there; without it,
    that is an error. With ``original``, a workbook that no longer holds those bytes was
    saved by someone else meanwhile, and is not replaced."""
    target = real_path(path)
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        raise UsageError("cli.cannot_write", path=str(path), reason=Msg("reason.no_folder"))
    try:
        handle, name = tempfile.mkstemp(prefix=temporary_prefix(target), suffix=".xlsx", dir=folder)
    except OSError as error:
        raise NotDeliveredError(
            "cli.cannot_write", path=str(path), reason=os_reason(error)
        ) from None
    os.close(handle)
    temporary = Path(name)
    try:
        try:
            write_book(name, book, progress, timeline)
            sync(temporary)
        except (OSError, XlsxWriterException) as error:
            reason = os_reason(error) if isinstance(error, OSError) else type(error).__name__
            raise NotDeliveredError("cli.cannot_write", path=str(path), reason=reason) from None
        verify_written(temporary, book)
        temporary.chmod(usual_mode(target))
        backup = _back_up(path, target, backup_at, original) if backup_at else None
        held = _held(target, original)
        if held is not None:
            if beside is None:
                raise NotDeliveredError("cli.cannot_write", path=str(path), reason=held.reason)
            return Placed(_move(temporary, beside), backup, True, held.why, held.program)
        try:
            _replace(temporary, target)
        except OSError as error:
            if beside is None:
                raise NotDeliveredError(
                    "cli.cannot_write", path=str(path), reason=os_reason(error)
                ) from None
            if isinstance(error, PermissionError):  # Windows: open in a program (WinError 32)
                return Placed(_move(temporary, beside), backup, True, "open", "excel")
            moved = _move(temporary, beside)
            return Placed(moved, backup, True, "refused", reason=os_reason(error))
        return Placed(path, backup)
    finally:
        temporary.unlink(missing_ok=True)


@dataclass(frozen=True)
class _Held:
    why: str
    program: str = ""

    @property
    def reason(self) -> Msg:
        return Msg(f"reason.{self.program or self.why}")


def _held(target: Path, original: bytes | None) -> _Held | None:
    """Why the workbook at ``target`` must not be replaced now, if it must not."""
    if not target.exists():
        return None
    program = open_in(target)
    if program is not None:
        return _Held("open", program)
    if is_read_only(target):
        return _Held("read_only")
    if original is not None:
        try:
            now = target.read_bytes()
        except OSError:
            return None  # the replace will say what the system says
        if now != original:
            return _Held("changed")
    return None


def _replace(temporary: Path, target: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            temporary.replace(target)
            return
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(REPLACE_PAUSE)


def _back_up(path: Path, target: Path, at: datetime, original: bytes | None) -> Path | None:
    """A copy of the workbook (``original``, or the file) in ``tracker-backups/`` beside
    ``path``, named by the time; never over another."""
    if original is None and not target.exists():
        return None
    folder = path.parent / BACKUPS
    try:
        folder.mkdir(exist_ok=True)
        data = original if original is not None else target.read_bytes()
        for attempt in range(1000):
            suffix = f"-{attempt}" if attempt else ""
            copy = folder / f"{path.stem}_{at:%Y%m%d-%H%M%S}{suffix}{path.suffix}"
            if copy.exists():
                continue
            return write_atomically(copy, data)
    except OSError as error:
        raise NotDeliveredError(
            "update.no_backup", path=str(folder), reason=os_reason(error)
        ) from None
    raise NotDeliveredError("update.no_backup", path=str(folder), reason="1000")


def _move(temporary: Path, target: Path) -> Path:
    try:
        temporary.replace(target)
    except OSError as error:
        raise NotDeliveredError(
            "cli.cannot_write", path=str(target), reason=os_reason(error)
        ) from None
    return target
