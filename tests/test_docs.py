"""The documentation says what the code does: every command, every exit code, a template
example that loads, and the same test command in the README and in CI."""

from __future__ import annotations

import re
from pathlib import Path

from tracker.cli.main import cli
from tracker.errors import ExitCode
from tracker.template.file import parse_template

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    for name in cli.commands:
        assert f"`tracker {name}" in README, name


def test_every_exit_code_is_documented() -> None:
    table = README.split("### Exit codes", 1)[1]
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", table, re.M), code


def test_two_commands_for_a_new_machine() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    assert blocks[:2] == ["pip install . && tracker demo", "pip install -e '.[test]' && pytest"]
    assert blocks[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_template_example_loads() -> None:
    text = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    example = re.search(r"## A full example\n\n```toml\n(.*?)\n```", text, re.S)
    assert example
    template = parse_template(example[1], "docs/templates.md")
    goal = template.goal("landing-points")
    assert goal.plan[6] == 0.4 and goal.lead == "区交通运输局"


def test_every_input_problem_is_documented() -> None:
    """Each kind of problem a cell can have (an ``input.*`` text) has a line in
    docs/checks.md, by its code."""
    from tracker.i18n import TEXTS

    checks = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z_]+)`", checks))
    not_problems = {"input.summary", "input.normalised", "input.warning_mark", "input.typed_more"}
    codes = {key.split(".", 1)[1] for key in TEXTS if key.startswith("input.")}
    codes -= {key.split(".", 1)[1] for key in not_problems}
    assert sorted(codes - listed) == []


def test_the_table_of_checks_is_not_cut_by_a_paragraph() -> None:
    """A paragraph put between two rows of a table ends it: the rows after it are shown
    as one paragraph of text with bars (docs/checks.md lost the second half of its table
    so). Each run of table rows starts with a header and its |---| line."""
    lines = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.startswith("|") and not (number and lines[number - 1].startswith("|")):
            below = lines[number + 1] if number + 1 < len(lines) else ""
            assert re.match(r"\|\s*:?-", below), f"checks.md:{number + 1}: {line[:60]}"
