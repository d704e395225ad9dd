"""Shared fixtures. Under CI (CI=true) a test that needs a spreadsheet engine, Chromium or
doiuse-email may not skip: the hook below turns such a skip into a failure, so a missing
program cannot pass unseen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator
from datetime import datetime
from pathlib import Path

import pytest

from tests.helpers import Engines
from tracker.commands.demo import build_demo


@pytest.fixture(scope="session")
def engines(tmp_path_factory: pytest.TempPathFactory) -> Engines:
    return Engines(tmp_path_factory.mktemp("engines"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    needs = item.get_closest_marker("engines") or item.get_closest_marker("browsers")
    if report.skipped and os.environ.get("CI") == "true" and needs:
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every engine must run: {report.longrepr}"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside a fresh temporary folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def demo_built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo workbooks, built once (six monthly updates each): by language."""
    built = {}
    for lang in ("zh", "en"):
        folder = tmp_path_factory.mktemp(f"demo-{lang}")
        built[lang], _, _ = build_demo(folder, lang, datetime(2025, 7, 1, 9, 0))
    return built


@pytest.fixture
def demo_here(in_tmp: Path, demo_built: dict[str, Path]) -> dict[str, Path]:
    """Copies of the demo workbooks in the test's own folder."""
    return {lang: Path(shutil.copy(path, in_tmp / path.name)) for lang, path in demo_built.items()}


@pytest.fixture
def folder(tmp_path: Path, demo_built: dict[str, Path]) -> Path:
    """A copy of the demo's June report folder, never sent."""
    source = demo_built["zh"].parent / "reports" / "2025-06"
    copy = Path(shutil.copytree(source, tmp_path / "reports" / "2025-06"))
    for name in ("sent.json", "message.eml"):
        (copy / name).unlink(missing_ok=True)
    return copy


@pytest.fixture
def w(demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> Path:
    """The demo workbook after ``tracker update W --month 2025-07``: the setup the
    reports of things that broke the update start from."""
    from tests.helpers import run_cli

    path = demo_here["zh"]
    run = run_cli(capsys, "update", path.name, "--month", "2025-07")
    assert run.code == 0, run.err
    return path
