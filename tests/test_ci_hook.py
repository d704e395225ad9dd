"""Under CI a test that needs a spreadsheet engine may not skip: the conftest hook turns
the skip into a failure. Elsewhere it stays a skip."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

ENGINE_TEST = """
import pytest

@pytest.mark.engines
def test_needs_an_engine():
    pytest.skip("soffice is not installed")

def test_plain_skip():
    pytest.skip("not about engines")
"""


@pytest.mark.parametrize(
    ("ci", "outcomes"), [("true", {"failed": 1, "skipped": 1}), ("", {"skipped": 2})]
)
def test_a_missing_engine_fails_under_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, outcomes: dict[str, int]
) -> None:
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest("from tests.conftest import pytest_runtest_makereport  # noqa: F401")
    pytester.makeini("[pytest]\nmarkers =\n    engines: needs an engine")
    pytester.makepyfile(ENGINE_TEST)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(**outcomes)
