"""Files written whole or not at all, kept when replaced, and held by one run at a time:
every writer of a file people keep goes through here.

A file is written to a temporary name in its own folder, flushed to the disk, and then
moved into place, and the folder flushed too, so a crash or a full disk never leaves half
a file behind, nor a move the disk forgot. Temporary names start with ``.~tracker-``; a
run killed before it could remove its own is cleaned up by a later one. A file about to
be replaced can be kept first in ``tracker-backups/`` beside it (``back_up``), and one
open in Excel, WPS or LibreOffice is known by the lock file they leave (``open_in``). A
workbook is held with an operating-system lock (``filelock``) for the whole update, which
the system releases even when the process is killed; the lock file goes when the update
ends.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from tracker.errors import NotDeliveredError, os_reason

BACKUPS = "tracker-backups"  # the folder beside a workbook that keeps its earlier versions
REPLACE_TRIES = 3  # a virus scanner or a sync client may hold a file for a moment
REPLACE_PAUSE = 0.2  # seconds between tries
SHARING_VIOLATION = 32  # Windows: the file is open in another program
TEMPORARY = ".~tracker-"  # how every temporary file the tool writes is named
LEFTOVER_AGE = 600  # seconds after which a temporary file is taken for a killed run's


def usual_mode(target: Path) -> int:
    """The permissions for a file written in place of ``target``: ``target``'s own, or
    those a new file gets (0666 less the umask). A temporary file starts at 0600."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def give_mode(path: Path, target: Path) -> None:
    """Give ``path`` the permissions of a file written in place of ``target``, where the
    file system keeps permissions: FAT and exFAT (a USB stick) refuse ``chmod`` or
    ignore it, and the file keeps the one mode such a disk gives every file."""
    with contextlib.suppress(OSError):
        path.chmod(usual_mode(target))


def temporary_prefix(target: Path) -> str:
    """The prefix of the temporary files written for ``target``: short whatever the name
    (``.~tracker-3f2a9c1b-``), and the same on every run, so leftovers can be found."""
    return f"{TEMPORARY}{hashlib.sha1(os.fsencode(target.name)).hexdigest()[:8]}-"


def readable(name: str) -> str:
    """A file name as a page or a message can show it: bytes the system could not decode
    (a name from a zip made on a Chinese Windows) become U+FFFD rather than stopping."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def sync(path: Path) -> None:
    """Flush ``path``'s bytes to the disk, so a replace never outlives its content."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def temporary_name(target: Path, suffix: str) -> Path:
    """A new name beside ``target`` for a temporary file (``.~tracker-3f2a9c1b-…``). The
    name is known before the file exists, so a ``finally`` that removes it also covers an
    interrupt arriving the moment the file is made (``mkstemp`` left that gap)."""
    return target.parent / f"{temporary_prefix(target)}{secrets.token_hex(6)}{suffix}"


def create_new(path: Path) -> int:
    """Create ``path``, which must not exist, readable by its owner only; its handle."""
    return os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole, replacing what was there."""
    temporary = temporary_name(path, path.suffix)
    try:
        with os.fdopen(create_new(temporary), "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        give_mode(temporary, path)
        temporary.replace(path)
        sync_folder(path.parent)
    finally:
        temporary.unlink(missing_ok=True)
    return path


def replace(temporary: Path, target: Path) -> None:
    """Move ``temporary`` over ``target``, trying again while a virus scanner or a sync
    client holds the file for a moment; the folder is then flushed, so the move itself
    survives a crash."""
    for attempt in range(REPLACE_TRIES):
        try:
            temporary.replace(target)
            break
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(REPLACE_PAUSE)
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries to the disk (where the system lets a folder be opened:
    not on Windows, whose file systems keep a rename without it)."""
    if os.name == "nt":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems refuse; the data is synced
            os.fsync(handle)
    finally:
        os.close(handle)


def stamp(path: Path) -> tuple[int, int, int]:
    """A file's size, modification time and identity: a save changes one of them."""
    status = path.stat()
    return status.st_size, status.st_mtime_ns, status.st_ino


def open_in(*paths: Path) -> str | None:
    """The program that has the workbook open, by the lock file it leaves beside it:
    ``excel`` (Excel and WPS: ``~$name``) or ``libreoffice`` (``.~lock.name#``). A lock
    left by a crash looks the same. A linked workbook is looked for beside the link and
    beside its target."""
    for path in paths:
        if (path.parent / f"~${path.name}").exists():
            return "excel"
        if (path.parent / f".~lock.{path.name}#").exists():
            return "libreoffice"
    return None


def back_up(path: Path, data: bytes, at: datetime) -> Path:
    """``data`` (the workbook at ``path`` as it was) in ``tracker-backups/`` beside
    ``path``, named by the time; never over another."""
    folder = path.parent / BACKUPS
    try:
        folder.mkdir(exist_ok=True)
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


def clear_leftovers(folder: Path, prefix: str = TEMPORARY, older_than: float = 0) -> None:
    """Remove temporary files a killed run left in ``folder``: those of one target (its
    ``temporary_prefix``, while the caller holds that target), or any of the tool's that
    are older than ``older_than`` seconds. A file that cannot be removed stays."""
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return
    now = time.time()
    for candidate in candidates:
        try:
            if candidate.is_file() and now - candidate.stat().st_mtime >= older_than:
                candidate.unlink()
        except OSError:
            continue


def is_read_only(path: Path) -> bool:
    """Whether ``path`` carries the read-only attribute (no write permission for anyone;
    on Windows, the attribute itself). Root may write anyway; the tool does not."""
    try:
        return stat.S_IMODE(path.stat().st_mode) & 0o222 == 0
    except OSError:
        return False


def real_path(path: Path) -> Path:
    """The file a path names: a symbolic link's target, which is the file to replace (the
    link stays a link); any other path as it is."""
    try:
        return path.resolve(strict=True) if path.is_symlink() else path
    except (OSError, RuntimeError):  # a broken link, a loop: reading it will say so
        return path


def lock_path(target: Path) -> Path:
    """The file whose lock holds ``target``: named apart from temporary files, so no
    clean-up takes it for a leftover."""
    return target.with_name(f".~tracker.lock.{target.name}")


@contextmanager
def held(target: Path, wait: float, busy: str = "files.busy") -> Iterator[None]:
    """Hold ``target`` for the duration: another run that wants it waits up to ``wait``
    seconds, then gives up with one sentence (exit 3), ``busy``."""
    lock = FileLock(lock_path(target), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise NotDeliveredError(busy, path=str(target), wait=f"{wait:g}") from None
    except OSError as error:
        reason = os_reason(error)
        raise NotDeliveredError("cli.cannot_write", path=str(target), reason=reason) from None
    try:
        yield
    finally:
        if os.name != "nt":  # on Windows filelock removes it; elsewhere it would stay
            # Removed while still held: a run waiting on it notices the file is gone and
            # locks a new one (filelock checks), so two runs never both hold it.
            with contextlib.suppress(OSError):
                lock_path(target).unlink()
        lock.release()
