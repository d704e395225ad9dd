"""The code checks run as tests, so one command (pytest) runs every check.

Each tool runs from the interpreter running the tests (``python -m ruff``), so a virtual
environment that is not activated still finds it, and each looks at the project's own
paths only, so a virtual environment made inside the tree is never linted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
OWN_PATHS = ("tracker", "tests", "scripts", "benchmarks")


def _run(*command: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


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
