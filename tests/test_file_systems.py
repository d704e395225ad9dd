"""The file systems offices really use, and running out of room: a FAT32 or exFAT USB
stick passed between PCs (no POSIX permissions, case-insensitive names), a full disk, a
read-only share.

Most conditions are made without mounting anything. Where a real condition cannot be made
as an ordinary user (a file system that refuses ``chmod``, a disk that fills up part way
through a write), the system call is patched to fail as that file system fails, and the
test says so. The tests that mount a real FAT or exFAT image need root and the mkfs tools;
they skip otherwise."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from tests.helpers import run_cli
from tracker.workbook.reader import read_workbook


def refuse_chmod(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """``chmod`` fails as on a USB stick: Linux's vfat and exfat drivers answer EPERM to a
    mode they cannot keep; a FUSE FAT driver answers ENOSYS. (Patched: as root, or on an
    ordinary disk, chmod never fails.)"""

    def refused(self: Path, mode: int, *, follow_symlinks: bool = True) -> None:
        raise OSError(code, "chmod refused", str(self))

    monkeypatch.setattr(Path, "chmod", refused)


@pytest.mark.parametrize("code", [errno.EPERM, errno.ENOSYS, errno.ENOTSUP])
def test_an_update_on_a_stick_that_keeps_no_permissions(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    refuse_chmod(monkeypatch, code)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    history = read_workbook(w).history
    assert history is not None and history.months[-1] == "2025-08"
    assert (w.parent / "reports" / "2025-08" / "snapshot.json").is_file()
    assert not list(w.parent.glob(".~tracker-*"))


def test_forms_and_an_export_on_a_stick_that_keeps_no_permissions(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_chmod(monkeypatch, errno.EPERM)
    run = run_cli(capsys, "forms", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert len(list((w.parent / "returns" / "2025-08").glob("*.xlsx"))) == 7
    run = run_cli(capsys, "export", w.name, "--out", "export")
    assert run.code == 0, run.err
    assert (w.parent / "export" / "goals.csv").is_file()
