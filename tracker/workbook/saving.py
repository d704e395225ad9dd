"""Putting a new workbook in place without losing anyone's work.

The new workbook is written to a temporary file beside the old one, flushed to the disk
and read back (``verify``). Only then is the old one backed up and replaced, and only
when nobody else's work is in the way: when the old one is open in Excel, WPS or
LibreOffice, carries the read-only attribute, or was saved by someone else since it was
read, the new workbook is saved beside it instead and the old one is left alone. A
symbolic link is replaced at its target and stays a link.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from xlsxwriter.exceptions import XlsxWriterException

from tracker.errors import NotDeliveredError, UsageError, os_reason
from tracker.history.timeline import Timeline
from tracker.i18n import Msg
from tracker.model import Book
from tracker.progress import Progress
from tracker.safefile import (
    SHARING_VIOLATION,
    back_up,
    create_new,
    give_mode,
    is_read_only,
    open_in,
    real_path,
    replace,
    stamp,
    sync,
    sync_folder,
    temporary_name,
    write_atomically,
)
from tracker.workbook.reader import MAX_UNZIPPED
from tracker.workbook.verify import verify_written
from tracker.workbook.writer import write_book


class Beside(Enum):
    """Why a new workbook went beside the old one."""

    OPEN = "open"  # a spreadsheet program has it open (``Placed.program`` says which)
    READ_ONLY = "read_only"
    CHANGED = "changed"  # someone saved it since it was read
    REFUSED = "refused"  # the system refused the replace (``Placed.reason`` says why)


@dataclass(frozen=True)
class Placed:
    """Where a new workbook went: into place, or next to the old one (``beside`` says
    why); and the backup kept of the file it replaced, if one was."""

    path: Path
    backup: Path | None = None
    beside: Beside | None = None
    program: str = ""  # excel or libreoffice, when it went beside an open workbook
    reason: Msg | str | None = None


@dataclass(frozen=True)
class Original:
    """The workbook as the update read it: its bytes, and its size, time and identity
    then, to tell whether someone saved it since."""

    data: bytes
    stamp: tuple[int, int, int]

    @classmethod
    def of(cls, path: Path, data: bytes) -> Original:
        return cls(data, stamp(path))


def save_book(
    path: Path,
    book: Book,
    progress: Progress | None = None,
    timeline: Timeline | None = None,
    backup_at: datetime | None = None,
    beside: Path | None = None,
    original: Original | None = None,
    max_unzipped: int = MAX_UNZIPPED,
) -> Placed:
    """Write ``book`` and put it at ``path``.

    With ``backup_at``, the workbook it replaces is first kept in ``tracker-backups/``
    (as ``original``, the bytes that were read, when given). With ``beside``, a workbook
    that cannot be replaced is left alone and the new one is saved there; without it,
    that is an error. With ``original``, a workbook that no longer holds those bytes was
    saved by someone else meanwhile, and is not replaced."""
    target = real_path(path)
    folder = target.parent
    if not folder.is_dir():
        raise UsageError("cli.cannot_write", path=str(path), reason=Msg("reason.no_folder"))
    temporary = temporary_name(target, ".xlsx")
    try:
        try:
            os.close(create_new(temporary))
        except OSError as error:
            raise NotDeliveredError(
                "cli.cannot_write", path=str(path), reason=os_reason(error)
            ) from None
        try:
            write_book(str(temporary), book, progress, timeline)
            sync(temporary)
        except (OSError, XlsxWriterException) as error:
            reason = os_reason(error) if isinstance(error, OSError) else type(error).__name__
            raise NotDeliveredError("cli.cannot_write", path=str(path), reason=reason) from None
        verify_written(temporary, book, max_unzipped)
        in_the_way = _in_the_way(path, target, original)
        if in_the_way is not None:
            why, program = in_the_way
            if beside is None:
                reason = Msg(f"reason.{program or why.value}")
                raise NotDeliveredError("cli.cannot_write", path=str(path), reason=reason)
            return _beside(temporary, beside, backup_at, why, program)
        give_mode(temporary, target)
        backup = None
        if backup_at is not None and target.exists():
            data = original.data if original is not None else target.read_bytes()
            backup = back_up(path, data, backup_at)
        # Last, as close to the replace as can be: has anyone saved it meanwhile?
        if original is not None and target.exists() and stamp(target) != original.stamp:
            if beside is None:
                reason = Msg("reason.changed")
                raise NotDeliveredError("cli.cannot_write", path=str(path), reason=reason)
            return _beside(temporary, beside, None, Beside.CHANGED, "")
        try:
            replace(temporary, target)
        except OSError as error:
            if beside is None:
                raise NotDeliveredError(
                    "cli.cannot_write", path=str(path), reason=os_reason(error)
                ) from None
            if getattr(error, "winerror", None) == SHARING_VIOLATION:
                return _beside(temporary, beside, None, Beside.OPEN, "excel")
            placed = _beside(temporary, beside, None, Beside.REFUSED, "")
            return Placed(placed.path, backup, Beside.REFUSED, reason=os_reason(error))
        return Placed(path, backup)
    finally:
        # Never in the way of the error that brought us here (a read-only folder refuses
        # this too); a leftover is cleared by the next run.
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _in_the_way(path: Path, target: Path, original: Original | None) -> tuple[Beside, str] | None:
    """Why the workbook at ``target`` must not be replaced now, if it must not."""
    if not target.exists():
        return None
    program = open_in(path, target)
    if program is not None:
        return Beside.OPEN, program
    if is_read_only(target):
        return Beside.READ_ONLY, ""
    if original is not None:
        try:
            now = target.read_bytes()
        except OSError:
            return None  # the replace will say what the system says
        if now != original.data:
            return Beside.CHANGED, ""
    return None


def _beside(
    temporary: Path, beside: Path, backup_at: datetime | None, why: Beside, program: str
) -> Placed:
    """The new workbook saved beside the old one; a file of that name from an earlier run
    (perhaps worked on since) is kept in ``tracker-backups/`` first."""
    kept = None
    if beside.exists():
        kept = back_up(beside, beside.read_bytes(), backup_at or datetime.now())
    give_mode(temporary, beside)
    try:
        temporary.replace(beside)
        sync_folder(beside.parent)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise NotDeliveredError(
                "cli.cannot_write", path=str(beside), reason=os_reason(error)
            ) from None
        # Another file system (a link's target elsewhere): copy, whole or not at all.
        try:
            write_atomically(beside, temporary.read_bytes())
        except OSError as copying:
            reason = os_reason(copying)
            raise NotDeliveredError("cli.cannot_write", path=str(beside), reason=reason) from None
    return Placed(beside, kept, why, program)
