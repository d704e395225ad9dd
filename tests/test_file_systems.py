"""The file systems offices really use, and running out of room: a FAT32 or exFAT USB
stick passed between PCs (no POSIX permissions, case-insensitive names), a full disk, a
read-only share.

Most conditions are made without mounting anything. Where a real condition cannot be made
as an ordinary user (a file system that refuses ``chmod``, a disk that fills up part way
through a write), the system call is patched to fail as that file system fails, and the
test says so. The tests that mount a real FAT or exFAT image need root and the mkfs tools;
they skip otherwise."""

from __future__ import annotations

import contextlib
import errno
import gc
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from xlsxwriter.exceptions import FileSizeError
from xlsxwriter.worksheet import Worksheet

from tests.helpers import run_cli
from tracker import safefile
from tracker.commands.carry_over import same_file
from tracker.errors import os_reason
from tracker.i18n import Msg, t
from tracker.report import report_workbook
from tracker.workbook.reader import read_workbook
from tracker.workbook.writer import new_workbook


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


class Full:
    """A file on a full disk: every write fails."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


def disk_full_in_zip(monkeypatch: pytest.MonkeyPatch, after: int = 1) -> None:
    """The disk fills up while xlsxwriter zips a workbook: the part after the ``after``th
    fails with ENOSPC. (Patched: a disk that fills part way through a file needs a mount;
    ``test_a_real_full_disk`` makes one where it can.)"""
    write = zipfile.ZipFile.write
    parts = iter(range(10_000))

    def filling(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        if next(parts) >= after:
            self.fp = Full(self.fp)  # type: ignore[assignment]  # and it stays full
            raise OSError(errno.ENOSPC, "No space left on device")
        write(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "write", filling)


def test_a_disk_full_while_the_workbook_is_written_is_said_whole(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    system_temporary = tmp_path / "TEMP"  # the user's %TEMP%, where xlsxwriter writes parts
    system_temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temporary))
    unraisable: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda seen: unraisable.append(repr(seen)))
    disk_full_in_zip(monkeypatch)
    before = w.read_bytes()
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    gc.collect()
    assert run.code == 3
    assert run.err.strip() == (
        f"无法写入 {w.name}（磁盘已满）；请确认文件夹存在且文件没有在 Excel 中打开"
    )
    assert unraisable == []  # xlsxwriter's zip, left open, printed a traceback when collected
    assert w.read_bytes() == before
    assert not list(w.parent.glob(".~tracker-*"))
    assert not (w.parent / "reports" / "2025-08").exists()
    assert not list(system_temporary.iterdir())  # xlsxwriter's parts of the workbook


def test_forms_on_a_full_disk_are_said_whole(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unraisable: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda seen: unraisable.append(repr(seen)))
    disk_full_in_zip(monkeypatch)
    run = run_cli(capsys, "forms", w.name, "--month", "2025-08", "--lang", "en")
    gc.collect()
    assert run.code == 3
    assert "(the disk is full)" in run.err, run.err
    assert unraisable == []


def test_a_roll_up_names_the_file_it_could_not_write(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_cli(capsys, "rollup", w.name, "--out", "roll.xlsx")
    assert first.code == 0, first.err
    earlier_text = (w.parent / "roll.txt").read_bytes()
    write = safefile.write_atomically

    def full_at_the_brief(path: Path, data: bytes) -> Path:
        if path.suffix == ".html":  # the workbook went in; then the disk was full
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return write(path, data)

    # Patched: which of the three files meets the full disk depends on their sizes.
    monkeypatch.setattr("tracker.cli.main.write_atomically", full_at_the_brief)
    run = run_cli(capsys, "rollup", w.name, "--out", "roll.xlsx")
    assert run.code == 3
    assert (
        run.err.strip()
        == "无法写入 roll.html（磁盘已满）；若该文件正在 Excel 或 WPS 中打开，请关闭后重试"
    )
    assert (w.parent / "roll.txt").read_bytes() == earlier_text


def no_room_in(monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """The disk is full when the demo writes a file whose path holds ``where``: its mail
    settings, or the copy of the workbook its round trip starts from. (Patched: how much
    the demo writes before either varies from run to run.)"""
    write, copy = safefile.write_atomically, shutil.copy

    def full(path: Path) -> None:
        if where in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))

    def writing(path: Path, data: bytes) -> Path:
        full(path)
        return write(path, data)

    def copying(source: Path, target: Path) -> Any:
        full(target)
        return copy(source, target)

    monkeypatch.setattr("tracker.commands.demo.write_atomically", writing)
    monkeypatch.setattr(shutil, "copy", copying)


@pytest.mark.parametrize("where", ["tracker.toml", "round-trip"])
def test_the_demo_on_a_full_disk_is_one_sentence(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    no_room_in(monkeypatch, where)
    run = run_cli(capsys, "demo", "d")
    assert run.code == 3, run.err
    assert run.err.startswith("无法写入 d/"), run.err
    assert "（磁盘已满）" in run.err and len(run.err.strip().splitlines()) == 1
    assert not (in_tmp / "d" / "round-trip" / "guangming-ai-2025-demo.xlsx").exists()


def test_a_close_stopped_at_its_mail_is_finished_by_running_it_again(
    w: Path, capsys: pytest.CaptureFixture[str], demo_built: dict[str, Path]
) -> None:
    """The disk filled after the year-end report was whole but before its email was
    written: the sentence says to run tracker close again, and that run finishes it. (The
    email's name is taken by a folder here: the same refusal, made without a full disk.)"""
    shutil.copy(demo_built["zh"].parent / "tracker.toml", w.parent)
    final = w.parent / "reports" / "2025-final"
    (final / "message.eml").mkdir(parents=True)
    run = run_cli(capsys, "close", w.name)
    assert run.code == 3
    assert "再运行 tracker close 补齐年度总结报告" in run.err
    assert (final / "report.json").is_file()  # the report is whole; its email is not
    (final / "message.eml").rmdir()
    again = run_cli(capsys, "close", w.name)
    assert again.code == 0, again.err
    assert (final / "message.eml").is_file()


def test_a_close_stopped_at_its_mail_is_finished_after_the_month_is_sent(
    w: Path, capsys: pytest.CaptureFixture[str], demo_built: dict[str, Path]
) -> None:
    """As above, with the month's email (written before the year-end one) sent in
    between: the send adds to the month's run.log, which the close took for its own
    last write, and refused to finish the year-end report ("closed; add --force")."""
    shutil.copy(demo_built["zh"].parent / "tracker.toml", w.parent)
    final = w.parent / "reports" / "2025-final"
    (final / "message.eml").mkdir(parents=True)
    assert run_cli(capsys, "close", w.name).code == 3
    (final / "message.eml").rmdir()
    time.sleep(0.05)  # the send comes later than the report, on any clock
    month = max(w.parent.glob("reports/2025-[0-9][0-9]"))  # the month closed at
    sent = run_cli(capsys, "send", str(month), "--dry-run")
    assert sent.code == 0, sent.err
    again = run_cli(capsys, "close", w.name)
    assert again.code == 0, again.err
    assert (final / "message.eml").is_file()


def test_a_close_stopped_at_its_mail_in_a_folder_named_for_the_year_end_is_finished(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    demo_built: dict[str, Path],
) -> None:
    """As above, with the workbook in a folder of its own named "2025-final": the send's
    run-log line names the month's email under that folder, which is no close's entry,
    yet was taken for one ("closed; add --force")."""
    here = tmp_path / "2025-final"
    here.mkdir()
    monkeypatch.chdir(here)
    w = Path(shutil.copy(demo_built["zh"], here / demo_built["zh"].name))
    shutil.copy(demo_built["zh"].parent / "tracker.toml", here)
    assert run_cli(capsys, "update", w.name, "--month", "2025-07").code == 0
    final = here / "reports" / "2025-final"
    (final / "message.eml").mkdir(parents=True)
    assert run_cli(capsys, "close", w.name).code == 3
    (final / "message.eml").rmdir()
    time.sleep(0.05)
    month = max(here.glob("reports/2025-[0-9][0-9]"))
    sent = run_cli(capsys, "send", str(month.resolve()), "--dry-run")
    assert sent.code == 0, sent.err
    again = run_cli(capsys, "close", w.name)
    assert again.code == 0, again.err
    assert (final / "message.eml").is_file()


# Real file systems: root only -----------------------------------------------------------


def root() -> bool:
    """Whether the tests run as root, who can mount (never on Windows: no os.geteuid)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def test_the_tests_that_mount_are_skipped_on_windows(tmp_path: Path) -> None:
    """Windows has no os.geteuid (the release build runs these tests there): a test that
    mounts is skipped, not an error."""
    plugin = tmp_path / "no_geteuid.py"
    plugin.write_text(
        "import os\nif hasattr(os, 'geteuid'):\n    del os.geteuid  # as on Windows\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no_geteuid",
            "-p",
            "no:cacheprovider",
            str(Path(__file__)),
            "-k",
            "real_full_disk or month_on_a_usb_stick or left_open_on",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parent.parent,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])},
    )
    summary = run.stdout.strip().splitlines()[-1]
    assert run.returncode == 0, run.stdout[-2000:]
    assert "4 skipped" in summary and "error" not in summary, summary


def mounted(args: list[str], at: Path) -> bool:
    """Whether ``mount ARGS AT`` worked (it needs root, and the kernel's file system)."""
    at.mkdir(exist_ok=True)
    return subprocess.run([*args, str(at)], capture_output=True, check=False).returncode == 0


def unmount(at: Path) -> bool:
    """Unmount ``at``; False when a file left open on it kept it busy (the code under test
    left a handle, which Windows could not remove: a fault of its own). The mount is then
    detached lazily, so none is left behind whatever happened in the test."""

    def done() -> bool:
        run = subprocess.run(["umount", str(at)], capture_output=True, check=False)
        return run.returncode == 0 or not os.path.ismount(at)

    if done():
        return True
    gc.collect()  # a handle held only by garbage not yet collected is no fault
    if done():
        return True
    subprocess.run(["umount", "-l", str(at)], capture_output=True, check=False)
    return False


def unmounted(*points: Path) -> None:
    """The end of a fixture's mounts: each unmounted; a mount kept busy fails the test."""
    busy = [str(at) for at in points if not unmount(at)]
    if busy:
        pytest.fail(f"a file was left open on {', '.join(busy)}", pytrace=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs: a disk that can be filled."""
    if not root():
        pytest.skip("mounting a tmpfs needs root")
    at = tmp_path / "disk"
    if not mounted(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs"], at):
        pytest.skip("cannot mount a tmpfs here")
    yield at
    unmounted(at)


def test_a_disk_a_file_is_left_open_on_is_not_left_mounted(tmp_path: Path) -> None:
    """A test that fails, or code that leaves a file open, must not leave its disk
    mounted: the mount is detached all the same, and the handle left open is said."""
    if not root():
        pytest.skip("mounting a tmpfs needs root")
    at = tmp_path / "busy"
    if not mounted(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs"], at):
        pytest.skip("cannot mount a tmpfs here")
    held = (at / "held.txt").open("w")
    try:
        assert unmount(at) is False  # busy: detached, and said
        assert not os.path.ismount(at)
    finally:
        held.close()
        if os.path.ismount(at):
            subprocess.run(["umount", "-l", str(at)], capture_output=True, check=False)


def fill(disk: Path, leave_kb: int) -> Path:
    """Fill ``disk`` but ``leave_kb`` kilobytes; the filler file."""
    filler = disk / "filler.bin"
    room = shutil.disk_usage(disk).free - leave_kb * 1024
    with contextlib.suppress(OSError), filler.open("wb", buffering=0) as out:
        out.write(b"\0" * max(room, 0))
    return filler


def test_a_real_full_disk(
    small_disk: Path, w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The update on a disk with no room for the new workbook, then with room for it but
    not for the backup: each one sentence, the workbook as it was, nothing half-written
    left; with the room back, the update goes through."""
    book = Path(shutil.copy(w, small_disk / w.name))
    shutil.copytree(w.parent / "reports", small_disk / "reports")
    monkeypatch.chdir(small_disk)
    before = book.read_bytes()
    for leave, said in ((0, f"无法写入 {w.name}（磁盘已满）"), (150, "备份原工作簿（磁盘已满）")):
        filler = fill(small_disk, leave)
        run = run_cli(capsys, "update", w.name, "--month", "2025-08")
        assert run.code == 3
        assert said in run.err and len(run.err.strip().splitlines()) == 1, run.err
        assert "Traceback" not in run.err
        assert book.read_bytes() == before
        assert not list(small_disk.rglob(".~tracker*"))
        assert not (small_disk / "reports" / "2025-08").exists()
        filler.unlink()
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 0, run.err
    assert (small_disk / "reports" / "2025-08" / "report.json").is_file()


@pytest.fixture
def read_only_share(tmp_path: Path, w: Path) -> Iterator[Path]:
    """The workbook's folder (with its reports) bound read-only, as a share opened read-only."""
    if not root():
        pytest.skip("a read-only bind mount needs root")
    at = tmp_path / "share"
    if not mounted(["mount", "--bind", str(w.parent)], at):
        pytest.skip("cannot bind-mount here")
    if not mounted(["mount", "-o", "remount,ro,bind"], at):
        unmount(at)
        pytest.skip("cannot remount read-only here")
    yield at
    unmounted(at)


def test_a_read_only_share(
    read_only_share: Path, w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = read_only_share / w.name
    before = book.read_bytes()
    assert run_cli(capsys, "check", str(book)).code == 0
    run = run_cli(capsys, "update", str(book), "--month", "2025-08")
    assert run.code == 3
    assert run.err.strip() == (
        f"无法写入 {book}（磁盘或共享只读）；请确认文件夹存在且文件没有在 Excel 中打开"
    )
    run = run_cli(capsys, "export", str(book), "--out", str(read_only_share / "export"))
    assert run.code == 3
    assert "（磁盘或共享只读）" in run.err and len(run.err.strip().splitlines()) == 1
    run = run_cli(capsys, "forms", str(book), "--month", "2025-08")
    assert run.code == 3  # as the update: the disk, not the command, is what is wrong
    assert "（磁盘或共享只读）" in run.err
    assert book.read_bytes() == before


@pytest.fixture(params=["vfat", "exfat"])
def usb_stick(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A 64 MB FAT32 or exFAT image, mounted by the kernel or else by FUSE (exFAT only:
    the FUSE FAT driver cannot write a zip), as a stick passed between PCs."""
    kind = request.param
    maker = shutil.which(f"mkfs.{kind}")
    if not root() or maker is None:
        pytest.skip(f"mounting a {kind} image needs root and mkfs.{kind}")
    image, at = tmp_path / f"{kind}.img", tmp_path / "stick"
    with image.open("wb") as out:
        out.truncate(64 * 1024 * 1024)
    options = ["-F", "32"] if kind == "vfat" else []
    subprocess.run([maker, *options, str(image)], capture_output=True, check=True)
    loop = ""
    if not mounted(["mount", "-t", kind, "-o", "loop", str(image)], at):
        fuse = shutil.which("mount.exfat-fuse") if kind == "exfat" else None
        if fuse is None:
            pytest.skip(f"this kernel cannot mount {kind}")
        made = subprocess.run(
            ["losetup", "-f", "--show", str(image)], capture_output=True, text=True, check=False
        )
        loop = made.stdout.strip()
        if made.returncode != 0 or not mounted([fuse, loop], at):
            if loop:
                subprocess.run(["losetup", "-d", loop], capture_output=True, check=False)
            pytest.skip(f"cannot mount {kind} here")
    yield at
    free = unmount(at)
    if loop:
        subprocess.run(["losetup", "-d", loop], capture_output=True, check=False)
    if not free:
        pytest.fail(f"a file was left open on {at}", pytrace=False)


def test_the_month_on_a_usb_stick(
    usb_stick: Path, w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Update (twice in one second: two backups), forms, export and a roll-up with the
    workbook and its folders on the stick; every file whole, no name refused."""
    shutil.copyfile(w, usb_stick / w.name)
    monkeypatch.chdir(usb_stick)
    for _ in range(2):
        run = run_cli(capsys, "update", w.name, "--month", "2025-08")
        assert run.code == 0, run.err
    assert len(list((usb_stick / "tracker-backups").iterdir())) == 2
    run = run_cli(capsys, "forms", w.name, "--month", "2025-09")
    assert run.code == 0, run.err
    assert len(list((usb_stick / "returns" / "2025-09").glob("*.xlsx"))) == 7
    assert run_cli(capsys, "export", w.name, "--out", "export").code == 0
    run = run_cli(capsys, "rollup", w.name, "--out", "roll.xlsx")
    assert run.code == 0, run.err
    history = read_workbook(usb_stick / w.name).history
    assert history is not None and history.months[-1] == "2025-08"
    assert not list(usb_stick.rglob(".~tracker*"))


@pytest.mark.parametrize(
    ("code", "exit_code"), [(errno.EROFS, 3), (errno.ENOSPC, 3), (errno.ENOTDIR, 2)]
)
def test_a_folder_for_forms_or_the_demo_that_cannot_be_made(
    w: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    exit_code: int,
) -> None:
    """A read-only or full disk refuses the forms' folder (or the demo's): exit 3, as the
    update says of the same disk; a path that is wrong (a file in the way) stays exit 2.
    (Patched: a read-only or full disk needs a mount; test_a_read_only_share mounts one.)"""

    def refused(self: Path, *args: Any, **kwargs: Any) -> None:
        raise OSError(code, os.strerror(code), str(self))

    monkeypatch.setattr(Path, "mkdir", refused)
    run = run_cli(capsys, "forms", w.name, "--month", "2025-08")
    assert run.code == exit_code, run.err
    assert run.err.startswith("无法写入 returns/2025-08（")
    run = run_cli(capsys, "demo", "d")
    assert run.code == exit_code, run.err
    assert run.err.startswith("无法写入 d（")


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        (errno.ENOSPC, "磁盘已满", "the disk is full"),
        (errno.EDQUOT, "磁盘配额已用完", "the disk quota is used up"),
        (errno.EFBIG, "文件超过该磁盘允许的大小", "the file is larger than the disk allows"),
    ],
)
def test_running_out_of_room_is_said_in_the_users_language(code: int, zh: str, en: str) -> None:
    """A share's quota (EDQUOT, from a Linux file server) and a file larger than the disk
    takes (EFBIG: FAT32 holds at most 4 GB in a file) are said as what they are, not in
    the system's English. (No condition made: quotas need a file server.)"""
    reason = os_reason(OSError(code, os.strerror(code)))
    assert isinstance(reason, Msg)
    assert (t("zh", reason.key), t("en", reason.key)) == (zh, en)


def test_a_new_years_workbook_never_replaces_last_years_spelled_in_other_case(
    usb_stick: Path, w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a stick, Plan.xlsx and PLAN.xlsx are one file; exfat-fuse gives it another
    inode number under each spelling, so it was not known for the same file, and
    `init PLAN.xlsx --carry-over Plan.xlsx --force` wrote the new workbook over last
    year's, with no backup."""
    old = Path(shutil.copyfile(w, usb_stick / "Plan.xlsx"))
    before = old.read_bytes()
    new = usb_stick / "PLAN.xlsx"
    run = run_cli(capsys, "init", str(new), "--carry-over", str(old), "--force")
    assert run.code == 2
    assert run.err.strip() == (
        f"新工作簿和上年工作簿是同一个文件（{old}）：请给新工作簿另起一个文件名"
    )
    assert old.read_bytes() == before


def test_last_years_workbook_in_a_folder_spelled_in_other_case_is_kept(
    usb_stick: Path, w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As above, the folder spelled in other case: exfat-fuse gives a folder, too,
    another inode number under each spelling, so `init plans/Plan.xlsx --carry-over
    Plans/Plan.xlsx --force` wrote over last year's workbook."""
    (usb_stick / "Plans").mkdir()
    old = Path(shutil.copyfile(w, usb_stick / "Plans" / "Plan.xlsx"))
    before = old.read_bytes()
    for new in (usb_stick / "plans" / "Plan.xlsx", usb_stick / "PLANS" / "PLAN.xlsx"):
        run = run_cli(capsys, "init", str(new), "--carry-over", str(old), "--force")
        assert run.code == 2, run.err
        assert "是同一个文件" in run.err
        assert old.read_bytes() == before


def test_two_workbooks_whose_folders_differ_only_in_case_are_two(tmp_path: Path) -> None:
    """Where case matters (a Linux disk), Plans/ and plans/ are two folders: their
    workbooks are not taken for one."""
    for folder in ("Plans", "plans"):
        (tmp_path / folder).mkdir(exist_ok=True)  # one folder where case is ignored
        (tmp_path / folder / "Plan.xlsx").write_bytes(folder.encode())
    if (tmp_path / "Plans" / "Plan.xlsx").read_bytes() == b"plans":
        pytest.skip("this disk ignores case")
    assert not same_file(tmp_path / "plans" / "Plan.xlsx", tmp_path / "Plans" / "Plan.xlsx")
    assert not same_file(tmp_path / "plans" / "Plan.xlsx", tmp_path / "Plans" / "plan.xlsx")


def test_a_full_temporary_folder_while_the_report_is_written_is_no_internal_error(
    w: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The system's temporary folder (C: on Windows) fills up after the workbook is in
    place, while xlsxwriter writes the report workbook's parts there: exit 3 and the
    sentence that says to run the month again, not an internal error (exit 70).
    (Patched: the temporary folder must fill between two writes.)"""
    write = report_workbook.write_report_workbook

    def temporary_full(*args: Any, **kwargs: Any) -> None:
        def full(*_: Any, **__: Any) -> Any:
            raise OSError(errno.ENOSPC, "No space left on device")

        with monkeypatch.context() as patched:
            patched.setattr(tempfile, "mkstemp", full)
            write(*args, **kwargs)

    monkeypatch.setattr("tracker.report.folder.write_report_workbook", temporary_full)
    run = run_cli(capsys, "update", w.name, "--month", "2025-08")
    assert run.code == 3, run.err
    assert run.err.startswith("工作簿已更新，但报告文件 reports/2025-08 无法写入（磁盘已满）")


def open_under(folder: Path) -> list[str]:
    """The files under ``folder`` this process holds open (Linux: /proc/self/fd)."""
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        with contextlib.suppress(OSError):
            target = str(fd.readlink())
            if target.startswith(f"{folder}{os.sep}"):
                found.append(target)
    return found


def test_a_part_cut_short_by_a_full_temporary_folder_is_not_left_open(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The temporary folder fills while xlsxwriter writes a sheet's part there: the part's
    file was left open (held by the workbook until collected) when the folder of parts was
    removed, so on Windows, which cannot remove an open file, the folder stayed in %TEMP%
    each time. (Patched: the folder must fill in the middle of a part.)"""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to see open files")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def full(self: Worksheet) -> None:
        self.fh.write("<sheetData>")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Worksheet, "_write_sheet_data", full)
    with pytest.raises(OSError) as raised, new_workbook(io.BytesIO()) as workbook:
        workbook.add_worksheet("a").write(0, 0, "x")
    assert raised.value.errno == errno.ENOSPC
    assert open_under(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def test_a_warning_while_the_workbook_is_zipped_leaves_it_closed(tmp_path: Path) -> None:
    """xlsxwriter warns while it zips (here a chart's series names no sheet: a fault of
    the tool's, raised as an error): its zip file was left open on the temporary
    workbook for as long as the error was kept, so on Windows the temporary file could
    not be removed as the update ended."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to see open files")
    target = tmp_path / "book.xlsx"
    with pytest.raises(UserWarning) as raised, new_workbook(str(target)) as workbook:
        sheet = workbook.add_worksheet("a")
        chart = workbook.add_chart({"type": "line"})
        chart.add_series({"values": "=Nowhere!$A$1:$A$3"})
        sheet.insert_chart("C3", chart)
    assert raised.value.__traceback__ is not None  # still held, as while an update ends
    assert open_under(tmp_path) == []


def test_a_workbook_too_large_for_a_plain_zip_leaves_it_closed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """xlsxwriter says a part past a plain zip's 2 GB (LargeZipFile) as a FileSizeError
    of its own, raised while it handles the first: the zip file, held in the frames of
    that first error only, was left open on the temporary workbook."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to see open files")

    def too_large(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        raise zipfile.LargeZipFile("Filesize would require ZIP64 extensions")

    monkeypatch.setattr(zipfile.ZipFile, "write", too_large)
    target = tmp_path / "book.xlsx"
    with pytest.raises(FileSizeError) as raised, new_workbook(str(target)) as workbook:
        workbook.add_worksheet("a").write(0, 0, "x")
    assert raised.value.__traceback__ is not None  # still held, as while an update ends
    assert open_under(tmp_path) == []


def test_a_write_stopped_by_an_error_of_cyclic_context_ends(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An error whose ``__context__`` chain comes back to itself (set by hand, which
    Python does not stop) kept the files' close walking the chain for ever."""
    import threading

    def cyclic(self: Any, *args: Any, **kwargs: Any) -> None:
        first, second = RuntimeError("first"), RuntimeError("second")
        first.__context__, second.__context__ = second, first
        raise first

    monkeypatch.setattr(zipfile.ZipFile, "write", cyclic)
    raised: list[BaseException] = []

    def write() -> None:
        try:
            with new_workbook(str(tmp_path / "book.xlsx")) as workbook:
                workbook.add_worksheet("a").write(0, 0, "x")
        except BaseException as error:
            raised.append(error)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive(), "the close walked the cycle for ever"
    assert [str(error) for error in raised] == ["first"]


def test_an_error_while_a_workbook_is_built_is_not_hidden_by_writing_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An error while the sheets are made (a fault of the tool's, a Ctrl+C): the half-made
    workbook was still zipped and written, which takes seconds on a big register, and a
    disk full by then put "the disk is full" in place of the error that stopped it."""
    disk_full_in_zip(monkeypatch, after=0)
    target = tmp_path / "book.xlsx"
    with pytest.raises(KeyError), new_workbook(str(target)) as workbook:
        workbook.add_worksheet("a").write(0, 0, "x")
        raise KeyError("a fault while the sheets are made")
    assert not target.exists()


def test_a_close_whose_run_log_cannot_be_written_does_not_ask_to_close_again(
    w: Path, capsys: pytest.CaptureFixture[str], demo_built: dict[str, Path]
) -> None:
    """The run log is the last thing a close writes (the disk full by then; here its name
    is taken by a folder, the same refusal). The sentence said to run tracker close again
    to finish the year-end report, which was whole: run again, close refused (closed)."""
    shutil.copy(demo_built["zh"].parent / "tracker.toml", w.parent)
    (w.parent / "reports" / "2025-12" / "run.log").mkdir(parents=True)
    run = run_cli(capsys, "close", w.name)
    assert run.code == 3
    assert run.err.strip() == (
        "工作簿已结束考核期，年度总结报告也已写好，只是运行日志 reports/2025-12/run.log "
        "无法写入（同名的是一个文件夹）；不必再运行 tracker close"
    )
    assert (w.parent / "reports" / "2025-final" / "message.eml").is_file()
    again = run_cli(capsys, "close", w.name)
    assert again.code == 2 and "已于 2025-12 结束考核期" in again.err  # nothing to finish


def test_a_name_too_long_for_the_tools_own_files_says_to_shorten_it(
    w: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook named at the file system's limit (255 bytes here, 255 UTF-16 units on
    FAT, exFAT and NTFS) leaves no room for the names the tool gives its lock file and
    backups: the sentence said to move the workbook to a shallower folder, which does not
    help; it now says to shorten the name too."""
    long = w.rename(w.with_name("年" * 40 + "a" * 116 + ".xlsx"))  # 241 bytes
    before = long.read_bytes()
    run = run_cli(capsys, "update", long.name, "--month", "2025-08")
    assert run.code == 3
    assert "（路径或文件名太长，请缩短文件名，或把工作簿移到层级浅一些的文件夹）" in run.err
    assert long.read_bytes() == before
