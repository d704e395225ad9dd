"""Build the release files into dist/ (docs/install.md says how each is used):

    python scripts/build_release.py [--out dist] [--python 3.11 --python 3.12 ...]
                                    [--embed PATH|URL] [--embed-sha256 HEX]
                                    [--no-portable] [--onefile]

- the wheel and the sdist (``python -m build``: the wheel is built from the sdist, which
  proves the sdist whole);
- an offline wheelhouse per platform, 64-bit Windows and Linux (manylinux, x86_64), for
  each CPython asked for, as a zip of one folder with ``install.cmd`` / ``install.sh``;
- ``tracker-<version>-win64.zip``: a folder that runs on Windows with no Python installed,
  python.org's embeddable CPython beside the Windows wheels unpacked into site-packages;
- with ``--onefile``, a PyInstaller one-file program for the system this runs on, built in a
  fresh virtual environment from that system's wheelhouse;
- ``SHA256SUMS`` of them all.

The dependencies are resolved for each target, not for the machine that builds:
``pip download --platform`` judges environment markers by the host (a Linux host leaves out
click's ``colorama; platform_system == "Windows"``), so every wheel's ``Requires-Dist`` is
judged again against the target's markers and what is missing is fetched. The result is
checked the same way before it is written: every requirement of the target met by a wheel
that the target's Python can install.

Needs the network to PyPI (or the machine's configured index) and ``build`` and
``packaging``, which the test extras install. The folder given by ``--out`` is replaced only
when everything is built; a build that fails leaves it as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from email.parser import HeaderParser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import NormalizedName, canonicalize_name, parse_wheel_filename
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
PROJECT = "tracker"
PYTHONS = ("3.11", "3.12", "3.13")

# python.org's embeddable CPython for 64-bit Windows, and its SHA-256 (the same figure is
# pinned by several public projects that ship it; a download that differs is refused).
EMBED_URL = "https://www.python.org/ftp/python/3.12.10/python-3.12.10-embed-amd64.zip"
PINNED_SHA256 = {
    "python-3.12.10-embed-amd64.zip": (
        "4acbed6dd1c744b0376e3b1cf57ce906f9dc9e95e68824584c8099a63025a3c3"
    ),
}


class ReleaseError(Exception):
    """A problem with what the build was given: one sentence, exit 2."""


@dataclass(frozen=True)
class Platform:
    """A system the release serves: its pip platform tags and its environment markers."""

    name: str
    pip_platforms: tuple[str, ...]
    markers: Mapping[str, str]
    installer: str

    def environment(self, python: str) -> dict[str, str]:
        return {
            **self.markers,
            "python_version": python,
            "python_full_version": f"{python}.0",
            "implementation_name": "cpython",
            "implementation_version": f"{python}.0",
            "platform_python_implementation": "CPython",
            "extra": "",
        }

    def tags(self, python: str) -> list[Tag]:
        """The wheel tags CPython ``python`` installs on this platform, best first."""
        version = tuple(int(part) for part in python.split("."))
        platforms = list(self.pip_platforms)
        return [
            *cpython_tags(version, platforms=platforms),
            *compatible_tags(version, f"cp{python.replace('.', '')}", platforms),
        ]


WINDOWS = Platform(
    "win_amd64",
    ("win_amd64",),
    {
        "os_name": "nt",
        "sys_platform": "win32",
        "platform_system": "Windows",
        "platform_machine": "AMD64",
        "platform_release": "10",
        "platform_version": "10.0.19045",
    },
    "install.cmd",
)
# glibc 2.28 and newer: Debian 10, RHEL 8, Ubuntu 18.10 and later.
LINUX = Platform(
    "manylinux_x86_64",
    (
        *(f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)),
        "manylinux2014_x86_64",
        "manylinux2010_x86_64",
        "manylinux1_x86_64",
    ),
    {
        "os_name": "posix",
        "sys_platform": "linux",
        "platform_system": "Linux",
        "platform_machine": "x86_64",
        "platform_release": "",
        "platform_version": "",
    },
    "install.sh",
)
PLATFORMS = (WINDOWS, LINUX)


@dataclass(frozen=True)
class Wheel:
    """One wheel file and what its metadata says."""

    path: Path
    name: NormalizedName
    version: Version
    requires: tuple[Requirement, ...]

    @classmethod
    def read(cls, path: Path) -> Wheel:
        name, version, _build, _tags = parse_wheel_filename(path.name)
        with zipfile.ZipFile(path) as archive:
            metadata_name = next(
                entry
                for entry in archive.namelist()
                if entry.count("/") == 1 and entry.endswith(".dist-info/METADATA")
            )
            metadata = HeaderParser().parsestr(archive.read(metadata_name).decode("utf-8"))
        requires = tuple(Requirement(line) for line in metadata.get_all("Requires-Dist") or ())
        return cls(path, name, version, requires)

    def installs_on(self, platform: Platform, python: str) -> bool:
        _name, _version, _build, tags = parse_wheel_filename(self.path.name)
        return not tags.isdisjoint(platform.tags(python))


@dataclass
class Closure:
    """The wheels a target needs, and the requirements nothing present meets."""

    needed: dict[NormalizedName, Wheel] = field(default_factory=dict)
    missing: list[Requirement] = field(default_factory=list)
    unmet: list[str] = field(default_factory=list)


def closure(root: str, wheels: Iterable[Wheel], environment: Mapping[str, str]) -> Closure:
    """What installing ``root`` needs on a system with these environment markers."""
    by_name = {wheel.name: wheel for wheel in wheels}
    found = Closure()
    seen: set[tuple[NormalizedName, str]] = set()
    queue: list[tuple[Requirement, str]] = [(Requirement(root), "")]
    while queue:
        requirement, extra = queue.pop()
        if requirement.marker and not requirement.marker.evaluate({**environment, "extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        wheel = by_name.get(name)
        if wheel is None:
            found.missing.append(requirement)
            continue
        if not requirement.specifier.contains(wheel.version, prereleases=True):
            found.unmet.append(f"{wheel.path.name} does not meet {requirement}")
            continue
        found.needed[name] = wheel
        for wanted in ("", *sorted(requirement.extras)):
            if (name, wanted) not in seen:
                seen.add((name, wanted))
                queue += [(dependency, wanted) for dependency in wheel.requires]
    return found


def unmarked(requirement: Requirement) -> str:
    """The requirement without its marker, which pip would judge by the host."""
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}{requirement.specifier}"


def offline_environment() -> dict[str, str]:
    """The environment with no pip settings: no index, no extra folders of wheels."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    environment["PIP_CONFIG_FILE"] = os.devnull
    return environment


def run(
    command: Sequence[str | Path], env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> None:
    subprocess.run([str(part) for part in command], check=True, env=env, cwd=cwd)


def download(platform: Platform, python: str, requirements: Sequence[str], dest: Path) -> None:
    platform_options = [option for tag in platform.pip_platforms for option in ("--platform", tag)]
    run(
        [
            sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
            "--implementation", "cp", "--python-version", python, *platform_options,
            "--dest", dest, *requirements,
        ]
    )  # fmt: skip


def resolve(platform: Platform, python: str, project_wheel: Path, work: Path) -> list[Wheel]:
    """Every wheel CPython ``python`` on ``platform`` needs to install the project."""
    dest = work / f"{platform.name}-{python}"
    dest.mkdir(parents=True)
    shutil.copy2(project_wheel, dest)
    download(platform, python, [str(project_wheel)], dest)
    environment = platform.environment(python)
    for _round in range(5):
        found = closure(PROJECT, map(Wheel.read, sorted(dest.glob("*.whl"))), environment)
        if not found.missing:
            break
        download(platform, python, [unmarked(each) for each in found.missing], dest)
    problems = [f"no wheel for {each}" for each in found.missing] + found.unmet
    problems += [
        f"{wheel.path.name} does not install on CPython {python} {platform.name}"
        for wheel in found.needed.values()
        if not wheel.installs_on(platform, python)
    ]
    if problems:
        raise ReleaseError(f"{platform.name}, CPython {python}: " + "; ".join(problems))
    return sorted(found.needed.values(), key=lambda wheel: wheel.name)


INSTALL_CMD = r"""@echo off
rem Installs (or upgrades) tracker from the wheels in this folder, with no internet:
rem   install.cmd           into the Python of the active venv, else the newest 64-bit
rem                         CPython 3.13, 3.12 or 3.11 that the py launcher knows
rem   install.cmd --user    the same into your own user folder, no administrator rights
rem Other options are passed on to pip. The exit code is pip's.
setlocal
set "HERE=%~dp0"
if defined VIRTUAL_ENV goto python
where py >nul 2>nul
if errorlevel 1 goto python
for %%V in (3.13 3.12 3.11) do (
  py -%%V-64 -c "" >nul 2>nul && (set "VERSION=%%V" & goto py)
)
echo The py launcher knows no 64-bit Python 3.11, 3.12 or 3.13; trying "python". 1>&2
:python
python -m pip install --upgrade --no-index --find-links "%HERE%." tracker %*
exit /b %ERRORLEVEL%
:py
py -%VERSION%-64 -m pip install --upgrade --no-index --find-links "%HERE%." tracker %*
exit /b %ERRORLEVEL%
"""

INSTALL_SH = """#!/bin/sh
# Installs tracker from the wheels in this folder, with no internet:
#   ./install.sh [pip options]   install or upgrade in the Python that python3 runs
#                                (the active venv's, if any)
#   PYTHON=/path/to/python ./install.sh   into another one
set -e
here=$(cd "$(dirname "$0")" && pwd)
exec "${PYTHON:-python3}" -m pip install --upgrade --no-index --find-links "$here" tracker "$@"
"""


def write_wheelhouse(platform: Platform, wheels: Iterable[Wheel], folder: Path) -> None:
    folder.mkdir(parents=True)
    for wheel in wheels:
        shutil.copy2(wheel.path, folder / wheel.path.name)
    if platform is WINDOWS:
        (folder / platform.installer).write_bytes(INSTALL_CMD.replace("\n", "\r\n").encode())
    else:
        installer = folder / platform.installer
        installer.write_text(INSTALL_SH, encoding="utf-8", newline="\n")
        installer.chmod(0o755)


# The portable folder. Its .cmd files are ASCII: cmd reads a batch file in the console's
# code page (936 on a Chinese PC), so Chinese text goes in 使用说明.txt instead.
TRACKER_CMD = r"""@echo off
rem tracker, run by the Python in the folder beside this file: nothing to install.
rem Arguments are passed on as typed; the exit code is tracker's (0 done, 1 input problems,
rem 2 usage or file error, 3 done but not put in place, 70 internal error, 130 interrupted).
"%~dp0python\python.exe" -I -m tracker %*
exit /b %ERRORLEVEL%
"""

MONTHLY_UPDATE_CMD = r"""@echo off
rem For Windows Task Scheduler (docs/install.md):
rem   monthly-update.cmd "D:\path\workbook.xlsx" [more options of tracker update]
rem runs the monthly update and appends what it says to logs\update.log beside this file.
rem The exit code is tracker's, which Task Scheduler shows as the task's Last Result;
rem 73 means the log could not be made (the folder is read-only), so nothing was run.
rem (Whether the log exists is tested, not "||": wine's cmd takes "||" after echo wrongly.)
setlocal
set "LOGS=%~dp0logs"
if not exist "%LOGS%" mkdir "%LOGS%" 2>nul
>>"%LOGS%\update.log" echo ==== %DATE% %TIME% tracker update %*
if not exist "%LOGS%\update.log" goto nolog
"%~dp0python\python.exe" -I -m tracker update %* >>"%LOGS%\update.log" 2>&1
set "CODE=%ERRORLEVEL%"
>>"%LOGS%\update.log" echo ==== exit %CODE%
exit /b %CODE%
:nolog
echo Cannot write "%LOGS%\update.log": move this folder where you can write. 1>&2
exit /b 73
"""

README_TXT = """tracker {version} · 目标跟踪表（免安装版，64 位 Windows 10/11）

这个文件夹不需要安装 Python，也不需要管理员权限：把压缩包解压到自己有写权限的位置（例如 D:\\），
得到文件夹 tracker-{version}-win64，可改名为 tracker（下面的例子都按 D:\\tracker）。
在命令提示符里运行其中的 tracker.cmd：

  生成演示工作簿：  D:\\tracker\\tracker.cmd demo D:\\tracker-demo
  由模板生成工作簿：D:\\tracker\\tracker.cmd init "{workbook}"
  月度更新：        D:\\tracker\\tracker.cmd update "{workbook}"
                    （先在 Excel 中关闭工作簿）
  全部命令：        D:\\tracker\\tracker.cmd --help

路径中有空格或中文时请加英文双引号。设置文件 tracker.toml 和报告都在工作簿旁边，升级时解压新版本、
替换本文件夹即可，不会丢失设置。

每月自动运行（每月 3 日 09:00 更新上个月，输出追加到 D:\\tracker\\logs\\update.log），
在命令提示符里运行下面这一整行：

  {schtasks}

退出码（任务计划程序中的“上次运行结果”）：0 完成；1 输入有问题（见日志）；2 用法、文件或模板有误；
3 已完成但无法放到位（工作簿正被打开，结果另存在旁边）；70 程序内部错误；130 被中断；
73 日志无法写入（文件夹只读），未运行。

tracker {version} · goal tracking workbooks (portable, 64-bit Windows 10/11)

Needs no Python and no administrator rights: unzip it where you can write (D:\\, say), which
gives the folder tracker-{version}-win64 (rename it tracker, as in the examples above), and
run tracker.cmd in a command prompt; quote paths with spaces. Settings (tracker.toml) and
reports live beside the workbook, so upgrading is replacing this folder. For the monthly run
in Task Scheduler, use monthly-update.cmd as in the schtasks line above (it logs to
logs\\update.log). Exit codes (the task's Last Result): 0 done; 1 input problems (see the log);
2 usage, file or template error; 3 done but not put in place (the workbook was open; the
result is saved beside it); 70 internal error; 130 interrupted; 73 the log could not be
written (read-only folder), nothing was run.
"""


README_WORKBOOK = r"D:\目标跟踪\光明区AI目标2025.xlsx"
README_SCHTASKS = (
    r'schtasks /Create /TN "目标跟踪月度更新" /SC MONTHLY /D 3 /ST 09:00 /TR '
    rf'"\"D:\tracker\monthly-update.cmd\" \"{README_WORKBOOK}\""'
)


def embeddable_zip(source: str, sha256: str | None, cache: Path) -> Path:
    """python.org's embeddable zip from a path or a URL, checked against its SHA-256."""
    name = source.rstrip("/").rsplit("/", 1)[-1]
    expected = sha256 or PINNED_SHA256.get(name)
    if expected is None:
        raise ReleaseError(
            f"{name} has no pinned SHA-256: give the one its publisher states with --embed-sha256"
        )
    if "://" in source:
        path = cache / name
        if not path.exists():
            print(f"downloading {source}")
            try:
                with urllib.request.urlopen(source, timeout=120) as response:
                    data = response.read()
            except OSError as problem:
                raise ReleaseError(
                    f"{source} could not be downloaded ({problem}): fetch it where the "
                    "network allows and give its path with --embed"
                ) from problem
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(data)
            partial.replace(path)
    else:
        path = Path(source)
        if not path.is_file():
            raise ReleaseError(f"{path} does not exist: give --embed the embeddable zip's path")
    actual = sha256_of(path)
    if actual != expected.lower():
        raise ReleaseError(
            f"{path} has SHA-256 {actual}, not {expected}: it is not the file that was pinned"
        )
    return path


def embedded_python(embed: Path) -> str:
    """The CPython version (``3.12``) of an embeddable zip, from its ``python3XX._pth``."""
    with zipfile.ZipFile(embed) as archive:
        names = set(archive.namelist())
    paths = [name for name in names if name.startswith("python3") and name.endswith("._pth")]
    if len(paths) != 1 or "python.exe" not in names:
        raise ReleaseError(
            f"{embed} is not an embeddable Python: it should hold python.exe and one "
            "python3XX._pth at its top"
        )
    digits = paths[0].removeprefix("python").removesuffix("._pth")
    return f"{digits[0]}.{digits[1:]}"


def write_portable(embed: Path, wheels: Sequence[Wheel], folder: Path, version: str) -> None:
    python = embedded_python(embed)
    digits = python.replace(".", "")
    python_dir = folder / "python"
    with zipfile.ZipFile(embed) as archive:
        archive.extractall(python_dir)
    site_packages = python_dir / "site-packages"
    # The wheels were resolved for ``python`` (pip download judges Requires-Python by
    # --python-version); pip install judges it by the Python running the build, which
    # refuses numpy's "requires >=3.12" for the embeddable 3.12 when the build runs on 3.11.
    run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
            "--no-compile", "--only-binary=:all:", "--implementation", "cp",
            "--python-version", python, "--platform", WINDOWS.pip_platforms[0],
            "--ignore-requires-python", "--target", site_packages,
            *(wheel.path for wheel in wheels),
        ],
        env=offline_environment(),
    )  # fmt: skip
    shutil.rmtree(site_packages / "bin", ignore_errors=True)  # pip's launchers for the host
    compile_for(python, site_packages)
    (python_dir / f"python{digits}._pth").write_text(
        f"python{digits}.zip\n.\nsite-packages\n", encoding="ascii", newline="\r\n"
    )
    for name, text in (("tracker.cmd", TRACKER_CMD), ("monthly-update.cmd", MONTHLY_UPDATE_CMD)):
        (folder / name).write_bytes(text.replace("\n", "\r\n").encode("ascii"))
    readme = README_TXT.format(
        version=version, workbook=README_WORKBOOK, schtasks=README_SCHTASKS
    ).replace("\n", "\r\n")
    (folder / "使用说明.txt").write_bytes("\ufeff".encode() + readme.encode("utf-8"))


def compile_for(python: str, site_packages: Path) -> None:
    """Byte-compile site-packages when this machine has the same CPython, so the first start
    on a PC (or every start from a folder it cannot write) skips compiling. The .pyc files
    are of the unchecked-hash kind: their sources' times, changed by unzipping, don't matter."""
    interpreter = find_python(python)
    if interpreter is None:
        print(f"python{python} not found here: the portable folder compiles on its first run")
        return
    run(
        [
            interpreter, "-m", "compileall", "-q", "--invalidation-mode", "unchecked-hash",
            site_packages,
        ]
    )  # fmt: skip


def find_python(version: str) -> str | None:
    """A working CPython ``version`` on this machine (on PATH, or installed by pyenv), if any."""
    here = f"{sys.version_info.major}.{sys.version_info.minor}"
    candidates = [sys.executable if version == here else None, shutil.which(f"python{version}")]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(str(path) for path in pyenv.glob(f"{version}.*/bin/python{version}"))
    for candidate in filter(None, candidates):
        check = subprocess.run(
            [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
        )
        if check.returncode == 0 and check.stdout.strip() == version:
            return candidate
    return None


def zip_folder(folder: Path, target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder.parent).as_posix())


def host_platform() -> Platform:
    if sys.platform == "win32":
        return WINDOWS
    if sys.platform == "linux":
        return LINUX
    raise ReleaseError(f"--onefile builds for Windows or Linux, not {sys.platform}")


def write_onefile(wheelhouse: Path, work: Path, out: Path) -> Path:
    """A PyInstaller one-file program, from a fresh venv that installed the wheelhouse
    offline (PyInstaller itself comes from the index)."""
    venv = work / "onefile-venv"
    run([sys.executable, "-m", "venv", venv])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    run(
        [python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", wheelhouse,
         PROJECT],
        env=offline_environment(),
    )  # fmt: skip
    run([python, "-m", "pip", "install", "--quiet", "pyinstaller>=6"])
    entry = work / "tracker_main.py"
    entry.write_text("from tracker.cli.main import main\n\nmain()\n", encoding="utf-8")
    # --collect-data: Jinja's PackageLoader reads the brief's templates from the package,
    # and the goal templates are package data of tracker.templates. Run from the work
    # folder: in the repository, the source tree would shadow the installed package.
    run(
        [
            python, "-m", "PyInstaller", "--onefile", "--noconfirm", "--log-level", "WARN",
            "--name", PROJECT, "--collect-data", PROJECT, "--hidden-import", "tracker.templates",
            "--distpath", out, "--workpath", work / "pyinstaller", "--specpath", work, entry,
        ],
        cwd=work,
    )  # fmt: skip
    return out / (f"{PROJECT}.exe" if os.name == "nt" else PROJECT)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_sums(out: Path) -> None:
    files = sorted(path for path in out.iterdir() if path.is_file())
    lines = [f"{sha256_of(path)}  {path.name}\n" for path in files]
    (out / "SHA256SUMS").write_text("".join(lines), encoding="ascii", newline="\n")


def project_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as stream:
        version: str = tomllib.load(stream)["project"]["version"]
    return version


@dataclass(frozen=True)
class Options:
    out: Path
    pythons: tuple[str, ...]
    embed: str
    embed_sha256: str | None
    portable: bool
    onefile: bool


def build(options: Options) -> list[Path]:
    """Everything into a sibling of ``options.out``, which then replaces it."""
    version = project_version()
    out = options.out.resolve()
    staging = out.with_name(out.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        _build_into(staging, version, options)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return sorted(out.iterdir())


def _build_into(staging: Path, version: str, options: Options) -> None:
    with tempfile.TemporaryDirectory(prefix="tracker-release-") as folder:
        work = Path(folder)
        embed = None
        if options.portable:
            cache = REPO / "build" / "cache"
            cache.mkdir(parents=True, exist_ok=True)
            embed = embeddable_zip(options.embed, options.embed_sha256, cache)
        run([sys.executable, "-m", "build", "--outdir", staging, REPO])
        project_wheel = next(staging.glob(f"{PROJECT}-{version}-*.whl"))
        houses: dict[str, Path] = {}
        resolved: dict[tuple[str, str], list[Wheel]] = {}
        for platform in PLATFORMS:
            pythons = set(options.pythons)
            if platform is WINDOWS and embed is not None:
                pythons.add(embedded_python(embed))
            wheels: dict[str, Wheel] = {}
            for python in sorted(pythons):
                print(f"resolving for CPython {python} on {platform.name}")
                resolved[platform.name, python] = resolve(platform, python, project_wheel, work)
                wheels |= {wheel.path.name: wheel for wheel in resolved[platform.name, python]}
            name = f"{PROJECT}-{version}-wheelhouse-{platform.name}"
            houses[platform.name] = work / name
            write_wheelhouse(platform, wheels.values(), houses[platform.name])
            zip_folder(houses[platform.name], staging / f"{name}.zip")
        if embed is not None:
            portable = work / f"{PROJECT}-{version}-win64"
            wheels_for_embed = resolved[WINDOWS.name, embedded_python(embed)]
            write_portable(embed, wheels_for_embed, portable, version)
            zip_folder(portable, staging / f"{portable.name}.zip")
        if options.onefile:
            write_onefile(houses[host_platform().name], work, staging)
        write_sums(staging)


def parse(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        prog="build_release.py", description="Build tracker's release files (docs/install.md)."
    )
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="default: dist/")
    parser.add_argument(
        "--python",
        action="append",
        choices=PYTHONS,
        help="a CPython the wheelhouses serve (repeat it; default: all of %(choices)s)",
    )
    parser.add_argument("--embed", default=EMBED_URL, help="embeddable zip: path or URL")
    parser.add_argument("--embed-sha256", help="its SHA-256, when it is not a pinned file")
    parser.add_argument("--no-portable", action="store_true", help="no Windows portable zip")
    parser.add_argument("--onefile", action="store_true", help="also a PyInstaller program")
    args = parser.parse_args(argv)
    return Options(
        out=args.out,
        pythons=tuple(args.python or PYTHONS),
        embed=args.embed,
        embed_sha256=args.embed_sha256,
        portable=not args.no_portable,
        onefile=args.onefile,
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse(argv)
    try:
        written = build(options)
    except ReleaseError as problem:
        print(f"build_release: {problem}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as failure:
        command = " ".join(str(part) for part in failure.cmd)
        print(f"build_release: this step failed (exit {failure.returncode}): {command}",
              file=sys.stderr)  # fmt: skip
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
