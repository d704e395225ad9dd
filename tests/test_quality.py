"""The code checks run as tests, so one command (pytest) runs every check.

Each tool runs from the interpreter running the tests (``python -m ruff``), so a virtual
environment that is not activated still finds it, and each looks at the project's own
paths only, so a virtual environment made inside the tree is never linted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
OWN_PATHS = ("tracker", "tests", "scripts", "benchmarks")


def _run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


# import-linter has no ``python -m``; its command, run from the interpreter running the tests.
# The tree's own tracker is found first: ``-c`` puts the working folder on sys.path.
LINT_IMPORTS = (sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()")


@pytest.mark.parametrize(
    "command",
    [
        ("check", *OWN_PATHS),
        ("format", "--check", *OWN_PATHS),
    ],
    ids=["ruff check", "ruff format --check"],
)
def test_ruff(command: tuple[str, ...]) -> None:
    _run(sys.executable, "-m", "ruff", *command)


@pytest.mark.slow
def test_mypy() -> None:
    _run(sys.executable, "-m", "mypy")


def test_the_layering_holds() -> None:
    """The contracts in pyproject.toml: each package imports only those below it, the core
    no edge."""
    result = _run(*LINT_IMPORTS, "--no-cache")
    assert "0 broken" in result.stdout


def test_a_wrong_import_breaks_the_layering(tmp_path: Path) -> None:
    """The same contracts on a copy of the package where the core imports the CLI."""
    shutil.copytree(ROOT / "tracker", tmp_path / "tracker")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    model = tmp_path / "tracker" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nimport tracker.cli.main\n", "utf-8")
    result = subprocess.run(
        [*LINT_IMPORTS, "--no-cache"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "The core imports no edge BROKEN" in result.stdout
    assert "tracker.model -> tracker.cli.main" in result.stdout
