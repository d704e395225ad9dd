"""Files written whole or not at all, and a workbook held by one update at a time.

A file is written to a temporary name in its own folder, flushed to the disk, and then
moved into place, so a crash or a full disk never leaves half a file behind. Temporary
names start with ``.~tracker-``; a run killed before it could remove its own is cleaned
up by a later one. A workbook is held with an operating-system lock (``filelock``) for
the whole update, which the system releases even when the process is killed; the lock
file goes when the update ends.
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
from pathlib import Path

from filelock import FileLock, Timeout

from tracker.errors import NotDeliveredError, os_reason

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
        temporary.chmod(usual_mode(path))
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
    return path


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
