"""Files written whole or not at all: to a temporary name in the same folder, then moved
into place, so a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def usual_mode(target: Path) -> int:
    """The permissions for a file written in place of ``target``: ``target``'s own, or
    those a new file gets (0666 less the umask). A temporary file starts at 0600."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole, replacing what was there."""
    handle, name = tempfile.mkstemp(prefix=".~tracker-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(name).chmod(usual_mode(path))
        Path(name).replace(path)
    finally:
        Path(name).unlink(missing_ok=True)
    return path
