"""The documentation says what the code does: every command, every exit code, a template
example that loads, and the same test command in the README and in CI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.editing import edit
from tests.helpers import run_cli
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


# The docs as office staff follow them: what they name exists, and what they show a
# command printing is what it prints. performance.md is a record of measurements, left out.
_PAGES = sorted(path for path in (ROOT / "docs").glob("*.md") if path.name != "performance.md")
DOCS = [ROOT / "README.md", *_PAGES]


def _code(text: str) -> list[str]:
    """The code of a Markdown text: its fenced blocks and its inline spans."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
    return blocks + re.findall(r"`([^`\n]+)`", prose)


def _example(name: str, first: str) -> str:
    """The fenced block of ``docs/name`` that starts with ``first``."""
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    blocks: list[str] = re.findall(r"^```[^\n]*\n(.*?)\n^```", text, re.S | re.M)
    return next(block for block in blocks if block.startswith(first))


def test_every_option_the_docs_give_a_command_is_one_it_takes() -> None:
    """``tracker CMD … --option`` in a command line of the docs: CMD takes --option."""
    takes = {
        name: {o for param in command.params for o in param.opts + param.secondary_opts}
        for name, command in cli.commands.items()
    }
    wrong = []
    for path in DOCS:
        for code in _code(path.read_text(encoding="utf-8")):
            for line in code.splitlines():
                # tracker, tracker.cmd, tracker.exe, "%TRACKER%": each call on the line
                calls = re.split(r"\b(?i:tracker)(?:\.cmd|\.exe|%\")? (?=[a-z]+\b)", line)
                for call in calls[1:]:
                    name = re.match(r"[a-z]+", call)[0]  # type: ignore[index]
                    if name == "report":  # `tracker report`: the mark a report carries
                        continue
                    options = re.findall(r"(?<![\w-])--[a-z][a-z-]*", call)
                    if name not in takes:
                        wrong.append(f"{path.name}: tracker {name}")
                        continue
                    wrong += [
                        f"{path.name}: tracker {name} {option}"
                        for option in options
                        if option not in takes[name]
                    ]
    assert wrong == []


def test_every_file_the_docs_name_in_the_project_is_there() -> None:
    named = set()
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for found in re.findall(
            r"(?<![\w/.-])((?:tracker|tests|scripts|benchmarks|templates|docs|"
            r"\.ci|\.github)/[\w./-]*\w)",
            text,
        ):
            named.add(found)
    assert sorted(name for name in named if not (ROOT / name).exists()) == []


def test_every_picture_is_there_and_shown() -> None:
    """Each picture the README or a doc shows is in docs/, and each in docs/ is shown
    or linked somewhere (a picture no doc names is not kept up to date)."""
    named = set()
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        named |= {Path(name).name for name in re.findall(r"[\w./-]+\.png", text)}
    pictures = {path.name for path in (ROOT / "docs").glob("*.png")}
    assert sorted(named - pictures) == []
    assert sorted(pictures - named) == []


def test_the_help_says_every_exit_code_of_the_readme() -> None:
    from click.testing import CliRunner

    table = README.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    codes = re.findall(r"^\| (\d+) \|", table, re.M)
    shown = CliRunner().invoke(cli, ["--help"]).output
    assert [code for code in codes if not re.search(rf"(?<!\d){code} ", shown)] == []


def test_the_checks_example_is_what_status_prints(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/checks.md's first example: a lab's stage mistyped, a lab with no name, a
    firm's output typed with a word."""

    def mistype(book: Any) -> None:
        book["实验室"]["E3"] = "揭牌了"
        book["实验室"]["C6"], book["实验室"]["E6"] = "某高校", "洽谈中"  # no 实验室名称
        book["企业"]["G7"] = "约5"

    edit(demo_here["zh"], mistype)
    run = run_cli(capsys, "status", str(demo_here["zh"]))
    assert run.code == 1
    assert run.err.rstrip("\n") == _example("checks.md", "发现")


def test_the_template_example_of_problems_is_what_init_prints(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "templates" / "guangming-ai-2025.toml").read_text(encoding="utf-8")
    lab = text.index('id = "ai-labs"')
    goal = text[lab : text.index("[[goals]]", lab)]
    wrong = goal.replace("target = 3\n", 'target = "三"\n').replace('"已揭牌"', '"完工了"')
    assert wrong.count("三") == 1 and "完工了" in wrong
    (in_tmp / "my.toml").write_text(text.replace(goal, wrong), encoding="utf-8")
    run = run_cli(capsys, "init", "t.xlsx", "--template", "my.toml")
    assert run.code == 2
    assert run.err.rstrip("\n") == _example("templates.md", "模板 ")


def test_the_carry_over_example_is_what_init_prints(
    demo_here: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/templates.md's dry run, run as written on the demo beside next year's
    template: what it prints, then the choice to pick."""
    demo_here["zh"].rename("光明区AI目标2025.xlsx")
    shutil.copy(ROOT / "tests" / "data" / "next-year.toml", "next-year.toml")
    command = re.search(r"^tracker (init .*--dry-run)$", _code_of("templates.md"), re.M)
    assert command
    run = run_cli(capsys, *command[1].split())
    assert run.code == 1
    assert run.out + run.err == _example("templates.md", "试运行") + "\n"


def _code_of(name: str) -> str:
    return "\n".join(_code((ROOT / "docs" / name).read_text(encoding="utf-8")))
