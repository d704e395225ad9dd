"""Start-up and size of the three ways tracker reaches a PC, side by side in one run.

    python scripts/build_release.py --onefile      # first: dist/ with the files below
    python benchmarks/cold_start.py [--dist dist] [--repeat 7] [--cold]

The routes, each started as its users start it, all on this machine's CPython (the one
running this script, which must be the version the one-file program was built with):

* **venv**: a fresh venv with tracker installed offline from the manylinux wheelhouse
  (``install.sh``), run as its ``tracker`` console script;
* **portable folder (Linux twin)**: the layout of ``tracker-<version>-win64.zip`` rebuilt
  for Linux, since the Windows folder cannot run here: a copy of this Python's executable
  in ``python/``, a ``python3.X._pth`` that lists this Python's standard library folders
  (the Windows folder has them in ``python3XX.zip``: that difference is not measured) and
  ``site-packages``, tracker installed there from the wheelhouse by ``pip --target --no-index``
  and byte-compiled as the build does (unchecked-hash), started as ``tracker.cmd`` starts
  it: ``python -I -m tracker``;
* **one-file**: ``dist/tracker`` from ``build_release.py --onefile`` (PyInstaller), which
  unpacks itself into a temporary folder at every start.

Each route runs ``tracker --help`` and ``tracker demo <new folder>``, interleaved, once
untimed and then ``--repeat`` times; wall time is the median, memory the largest peak
resident set (of the process and its children: PyInstaller's boot process is counted).
With ``--cold`` (root only) the page cache is dropped before every timed run, as after a
reboot. The sizes are those of the files as shipped and as unpacked. Results go to stdout
as Markdown for docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from measure import ENVIRONMENT, run

MB = 1024 * 1024


def unpack(archive: Path, into: Path) -> Path:
    """The one folder a release zip holds, unpacked into ``into``."""
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(into)
        (top,) = {name.split("/", 1)[0] for name in bundle.namelist()}
    return into / top


def venv_route(wheelhouse: Path, root: Path) -> Path:
    """A fresh venv with tracker installed by the wheelhouse's own install.sh."""
    subprocess.run([sys.executable, "-m", "venv", root / "venv"], check=True)
    python = root / "venv" / "bin" / "python"
    installer = unpack(wheelhouse, root / "wheelhouse") / "install.sh"
    subprocess.run(
        ["sh", installer, "--quiet"], check=True, env={**ENVIRONMENT, "PYTHON": str(python)}
    )
    return root / "venv" / "bin" / "tracker"


def twin_route(wheelhouse: Path, root: Path) -> list[str]:
    """The portable folder's layout for Linux: python/ with its ._pth and site-packages."""
    python_dir = root / "portable" / "python"
    site_packages = python_dir / "site-packages"
    site_packages.mkdir(parents=True)
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    interpreter = python_dir / f"python{version}"
    base = getattr(sys, "_base_executable", sys.executable)  # the venv's own Python
    shutil.copy2(Path(base).resolve(), interpreter)
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    dynload = Path(sysconfig.get_config_var("DESTSHARED"))
    lines = [str(stdlib), str(dynload), "site-packages"]
    (python_dir / f"python{version}._pth").write_text("\n".join(lines) + "\n")
    house = unpack(wheelhouse, root / "twin-wheelhouse")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-compile",
         "--find-links", house, "--target", site_packages, "tracker"],
        check=True,
        env=ENVIRONMENT,
    )  # fmt: skip
    shutil.rmtree(site_packages / "bin", ignore_errors=True)
    subprocess.run(
        [interpreter, "-m", "compileall", "-q", "--invalidation-mode", "unchecked-hash",
         site_packages],
        check=True,
    )  # fmt: skip
    return [str(interpreter), "-I", "-m", "tracker"]


def folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / MB


def drop_page_cache() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=Path("dist"))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cold", action="store_true", help="drop the page cache (root)")
    args = parser.parse_args()

    dist: Path = args.dist

    def one(pattern: str) -> Path:
        found = sorted(dist.glob(pattern))
        if len(found) != 1:
            raise SystemExit(f"{dist} needs one {pattern}: run build_release.py --onefile")
        return found[0]

    portable_zip = one("tracker-*-win64.zip")
    wheelhouse = one("tracker-*-wheelhouse-manylinux_x86_64.zip")
    onefile = one("tracker")
    with zipfile.ZipFile(portable_zip) as bundle:
        portable_unpacked = sum(info.file_size for info in bundle.infolist()) / MB

    with tempfile.TemporaryDirectory(prefix="cold-start-") as scratch:
        root = Path(scratch)
        routes = {
            "venv (offline wheelhouse)": [str(venv_route(wheelhouse, root))],
            "portable folder (Linux twin)": twin_route(wheelhouse, root),
            "one-file (PyInstaller)": [str(onefile)],
        }
        sizes = {
            "venv (offline wheelhouse)": (
                f"{wheelhouse.stat().st_size / MB:.1f} MB wheelhouse zip",
                f"{folder_mb(root / 'venv'):.1f} MB venv",
            ),
            "portable folder (Linux twin)": (
                f"{portable_zip.stat().st_size / MB:.1f} MB win64 zip",
                f"{portable_unpacked:.1f} MB unpacked (Windows); "
                f"{folder_mb(root / 'portable'):.1f} MB twin, stdlib not counted",
            ),
            "one-file (PyInstaller)": (
                f"{onefile.stat().st_size / MB:.1f} MB",
                "unpacked to a temporary folder at each start",
            ),
        }
        demos = iter(range(1_000_000))

        def commands(route: list[str]) -> dict[str, Callable[[], list[str]]]:
            return {
                "--help": lambda: [*route, "--help"],
                "demo": lambda: [*route, "demo", str(root / f"demo-{next(demos)}")],
            }

        timings: dict[tuple[str, str], list[tuple[float, int]]] = {}
        for label, route in routes.items():  # once untimed: .pyc files, caches
            for task, command in commands(route).items():
                run(command())
                timings[label, task] = []
        for _ in range(args.repeat):
            for label, route in routes.items():
                for task, command in commands(route).items():
                    if args.cold:
                        drop_page_cache()
                    timings[label, task].append(run(command()))

    cache = "cold page cache" if args.cold else "warm page cache"
    version = sys.version.split()[0]
    print(f"CPython {version}, {cache}, median of {args.repeat} runs\n")
    print("| route | shipped | on disk | `--help` | `demo` | peak memory |")
    print("|---|---|---|---:|---:|---:|")
    for label in routes:
        help_runs, demo_runs = timings[label, "--help"], timings[label, "demo"]
        help_s = statistics.median(seconds for seconds, _ in help_runs)
        demo_s = statistics.median(seconds for seconds, _ in demo_runs)
        peak = max(mb for _, mb in help_runs + demo_runs)
        shipped, on_disk = sizes[label]
        print(f"| {label} | {shipped} | {on_disk} | {help_s:.2f} s | {demo_s:.2f} s | {peak} MB |")


if __name__ == "__main__":
    main()
