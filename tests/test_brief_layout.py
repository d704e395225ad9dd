"""The brief as phones, webmail and Outlook show it: rendered by headless Chromium at 320,
375 and 640 pixels, checked against the caniemail data by doiuse-email, and held to its
size budget, for the demo and for a template of 60 goals, in Chinese and in English.

Chromium and doiuse-email (npm) are found on the machine (``DOIUSE_EMAIL`` may name the
latter's cli.js); where one is missing its tests skip, except under CI, where .ci/run
installs both and a skip is a failure."""

from __future__ import annotations

import email
import email.message
import email.policy
import html
import importlib.resources
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from tracker.commands.demo import build_demo, demo_book
from tracker.commands.update import run_update
from tracker.i18n import Lang
from tracker.model import Book, RegisterRow
from tracker.report.render import BUDGET
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template
from tracker.template.file import parse_template
from tracker.workbook.saving import save_book

pytestmark = pytest.mark.browsers

LANGS: tuple[Lang, ...] = ("zh", "en")
WIDTHS = (320, 375, 640)
SMALLEST_TEXT = 13  # pixels
CLIENTS = ("outlook.windows", "gmail.*", "apple-mail.*")


def wide_template_text(goals: int) -> str:
    """The default template with its counted goals repeated (ids and names numbered) up
    to ``goals``: the copies follow the same registers, so their figures are real ones."""
    resource = importlib.resources.files("tracker.templates") / f"{DEFAULT_TEMPLATE}.toml"
    head, _, rest = resource.read_text(encoding="utf-8").partition("\n[[goals]]\n")
    blocks = ["[[goals]]\n" + block for block in rest.split("\n[[goals]]\n")]
    counted = [b for b in blocks if re.search(r'^kind = "(count|sum)"', b, flags=re.M)]
    chosen = list(blocks)
    copy = 1
    while len(chosen) < goals:
        copy += 1
        for block in counted[: goals - len(chosen)]:
            block = re.sub(r'^id = "([^"]+)"', rf'id = "\1-{copy}"', block, flags=re.M)
            block = re.sub(r'^name = "([^"]+)"', rf'name = "\1（{copy}）"', block, flags=re.M)
            block = re.sub(r'^name_en = "([^"]+)"', rf'name_en = "\1 ({copy})"', block, flags=re.M)
            chosen.append(block)
    return "\n".join([head, *chosen])


def test_the_wide_template_has_the_goals_asked_for() -> None:
    template = parse_template(wide_template_text(60), "wide.toml")
    assert len(template.goals) == len({goal.id for goal in template.goals}) == 60


@pytest.fixture(scope="session")
def briefs(
    tmp_path_factory: pytest.TempPathFactory, demo_built: dict[str, Path]
) -> dict[tuple[str, Lang], Path]:
    """The demo's June brief, the July brief of the demo workbook moved onto a template
    of 60 goals in June, and the year-end brief of the demo closed in June: by (name,
    language)."""
    found: dict[tuple[str, Lang], Path] = {}
    wide = parse_template(wide_template_text(60), "wide.toml")
    for lang in LANGS:
        found["demo", lang] = demo_built[lang].parent / "reports" / "2025-06" / "report.html"
        folder = tmp_path_factory.mktemp(f"wide-{lang}")
        path, _, _ = build_demo(folder, lang, datetime(2025, 7, 1, 9))
        run_update(path, date(2025, 6, 1), datetime(2025, 7, 2, 9), template=wide)
        run_update(path, date(2025, 7, 1), datetime(2025, 8, 2, 9))
        found["60 goals", lang] = folder / "reports" / "2025-07" / "report.html"
        folder = tmp_path_factory.mktemp(f"year-end-{lang}")
        path, _, _ = build_demo(folder, lang, datetime(2025, 7, 1, 9))
        run_update(path, date(2025, 6, 1), datetime(2025, 7, 2, 9), closing=True)
        found["year-end", lang] = folder / "reports" / "2025-final" / "report.html"
    folder = tmp_path_factory.mktemp("abridged")
    path, _, _ = build_demo(folder, "zh", datetime(2025, 7, 1, 9))
    wider = parse_template(wide_template_text(200), "wider.toml")
    run_update(path, date(2025, 6, 1), datetime(2025, 7, 2, 9), template=wider)
    found["200 goals", "zh"] = folder / "reports" / "2025-06" / "report.html"
    return found


CASES = [(name, lang) for name in ("demo", "60 goals", "year-end") for lang in LANGS]


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_the_brief_keeps_within_its_budget(
    briefs: dict[tuple[str, Lang], Path], name: str, lang: Lang
) -> None:
    html = briefs[name, lang].read_bytes()
    assert len(html) < BUDGET
    manifest = json.loads((briefs[name, lang].parent / "report.json").read_text("utf-8"))
    assert "full_brief" not in manifest  # not shortened: the whole brief fitted
    # as sent: the HTML part of the message, decoded as a mail client decodes it
    sent = (briefs[name, lang].parent / "message.eml").read_bytes()
    message = email.message_from_bytes(sent, policy=email.policy.default)
    part = message.get_body(("html",))
    assert isinstance(part, email.message.EmailMessage)
    assert part.get_content().encode("utf-8") == html
    assert [p.get_filename() for p in message.iter_attachments()] == [manifest["attachment"]]


def test_a_200_goal_brief_says_it_is_abridged_and_still_reads(
    briefs: dict[tuple[str, Lang], Path], tmp_path: Path
) -> None:
    page = briefs["200 goals", "zh"]
    html = page.read_text("utf-8")
    manifest = json.loads((page.parent / "report.json").read_text("utf-8"))
    whole = (page.parent / manifest["full_brief"]).read_text("utf-8")
    assert len(html.encode("utf-8")) <= BUDGET < len(whole.encode("utf-8"))
    assert f"完整通报见附件《{manifest['full_brief']}》" in html
    rows = '<th scope="row"'  # every goal's compact row, and every lead unit's, are kept
    assert html.count(rows) == whole.count(rows) > 200
    for width in (375, 640):
        found = rendered(page, width, tmp_path)
        assert found["scroll"] == width, found
        assert found["smallest"] >= SMALLEST_TEXT, found  # type: ignore[operator]


# Run in the page once it has loaded: how wide the page is against its window, and the
# smallest font any piece of text is drawn in; written into the page around it.
PROBE = """<script>
window.addEventListener("load", () => {
  let smallest = 1000, where = "";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.replace(/[\\s\\u00a0]/g, "")) continue;
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    if (size < smallest) { smallest = size; where = node.textContent.trim().slice(0, 40); }
  }
  parent.document.getElementById("probe").textContent = JSON.stringify({
    viewport: window.innerWidth,
    scroll: document.documentElement.scrollWidth,
    smallest: smallest,
    where: where,
  });
});
</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("chromium is not installed (apt-get install chromium)")


def rendered(page: Path, width: int, folder: Path) -> dict[str, object]:
    """What the probe found in ``page`` shown ``width`` pixels wide. Headless Chromium
    makes no window narrower than 500 pixels, so the page is shown in a frame of that
    width, which is its viewport as a phone's screen would be."""
    inner = page.read_text("utf-8").replace("</body>", PROBE + "</body>")
    outer = folder / f"{page.parent.name}-{width}.html"
    outer.write_text(
        '<!DOCTYPE html><html><body style="margin:0">'
        f'<iframe width="{width}" height="900" style="border:0" '
        f'srcdoc="{html.escape(inner, quote=True)}"></iframe>'
        '<pre id="probe"></pre></body></html>',
        "utf-8",
    )
    run = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--window-size=800,900", "--virtual-time-budget=10000", "--dump-dom", outer.as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    found = re.search(r'<pre id="probe">(.+?)</pre>', run.stdout)
    assert found, run.stderr[-2000:]
    result: dict[str, object] = json.loads(html.unescape(found[1]))
    return result


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "lang"), CASES)
def test_the_brief_fits_the_screen_with_legible_text(
    briefs: dict[tuple[str, Lang], Path], name: str, lang: Lang, width: int, tmp_path: Path
) -> None:
    found = rendered(briefs[name, lang], width, tmp_path)
    assert found["viewport"] == width
    assert found["scroll"] == width, found  # nothing wider than the screen
    assert found["smallest"] >= SMALLEST_TEXT, found  # type: ignore[operator]


def test_the_probe_sees_overflow_and_small_text(tmp_path: Path) -> None:
    page = tmp_path / "wide" / "report.html"
    page.parent.mkdir()
    page.write_text(
        '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width">'
        '</head><body><table width="640"><tr><td style="font-size:11px">x</td></tr></table>'
        "</body></html>",
        "utf-8",
    )
    found = rendered(page, 375, tmp_path)
    assert found["scroll"] == 8 + 640 and found["smallest"] == 11  # after the body's margin


def doiuse_email() -> list[str]:
    script = os.environ.get("DOIUSE_EMAIL") or str(
        Path(__file__).parents[1]
        / ".ci"
        / "node"
        / "node_modules"
        / "doiuse-email"
        / "bin"
        / "cli.js"
    )
    node = shutil.which("node")
    if node is None or not Path(script).is_file():
        pytest.skip("doiuse-email is not installed (npm install --prefix .ci/node doiuse-email)")
    return [node, script]


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_caniemail_finds_nothing_the_clients_cannot_show(
    briefs: dict[tuple[str, Lang], Path], name: str, lang: Lang
) -> None:
    run = subprocess.run(
        [*doiuse_email(), "--email-clients", ",".join(CLIENTS), str(briefs[name, lang])],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["success"], report.get("errors")
    assert not report.get("errors")
    # Each warning is listed in docs/email.md with why it does no harm.
    documented = (Path(__file__).parents[1] / "docs" / "email.md").read_text("utf-8")
    for warning in report.get("warnings", []):
        feature = re.search(r"`([^`]+)`", warning)
        assert feature and f"`{feature[1]}`" in documented, warning


def test_a_brief_over_budget_is_shortened_and_the_whole_one_attached(
    tmp_path: Path, demo_built: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's brief against a budget it cannot keep (the 200-goal case, made small):
    the mail's HTML part keeps within it and says so, the whole brief goes with it."""
    source = demo_built["zh"].parent
    folder = tmp_path / "demo"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("tracker-backups"))
    whole = (source / "reports" / "2025-06" / "report.html").read_text("utf-8")
    budget = len(whole.encode("utf-8")) - 200  # less than a card
    monkeypatch.setattr("tracker.report.render.BUDGET", budget)
    book = folder / demo_built["zh"].name
    outcome = run_update(book, date(2025, 6, 1), datetime(2025, 7, 1, 10))
    report = outcome.report
    body = (report.folder / "report.html").read_text("utf-8")
    assert len(body.encode("utf-8")) <= budget
    assert report.full == "光明区人工智能发展目标（2025年）通报全文_2025年6月.html"
    assert f"完整通报见附件《{report.full}》" in body
    assert (report.folder / report.full).read_text("utf-8") == whole  # the brief, all of it
    cards = whole.count("存在问题：")
    assert 0 < body.count("存在问题：") < cards  # the most urgent cards, as many as fit
    for goal in builtin_goal_names():
        assert goal in body  # every goal keeps its compact row
    manifest = json.loads((report.folder / "report.json").read_text("utf-8"))
    assert manifest["full_brief"] == report.full
    assert report.current_digest() == manifest["digest"]  # tracker send finds it unchanged
    assert outcome.message is not None
    message = email.message_from_bytes(outcome.message.read_bytes(), policy=email.policy.default)
    names = [(part.get_content_type(), part.get_filename()) for part in message.iter_attachments()]
    assert names == [
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report.attachment),
        ("text/html", report.full),
    ]


def builtin_goal_names() -> list[str]:
    return [goal.name.zh for goal in builtin_template(DEFAULT_TEMPLATE).goals]


def test_long_unbroken_text_people_type_wraps_on_a_phone(tmp_path: Path) -> None:
    path = tmp_path / "long.xlsx"
    book = demo_book("en")
    save_book(path, book)
    may = run_update(path, date(2025, 5, 1), datetime(2025, 6, 1, 9))
    book.workbook_id = may.workbook_id  # the same workbook, its history in the report folders
    link = "https://example.gov.cn/approvals/" + "a" * 150
    book.entry("landing-points", date(2025, 6, 1)).problems = link
    book.assignments["landing-points"].lead = "DistrictTransportBureau" * 4
    book.registers["labs"].append(RegisterRow("", {"name": "LAB" * 60, "stage": "In talks"}))
    save_book(path, book)
    june = run_update(path, date(2025, 6, 1), datetime(2025, 7, 1, 9))
    page = june.report.folder / "report.html"
    assert link in page.read_text("utf-8")
    for width in (320, 375):
        found = rendered(page, width, tmp_path)
        assert found["scroll"] == width, found


def _june_with(tmp_path: Path, change: Callable[[Book], None]) -> Path:
    """The demo's June brief after ``change`` to the demo book: its report.html."""
    path = tmp_path / "book.xlsx"
    book = demo_book("zh")
    save_book(path, book)
    may = run_update(path, date(2025, 5, 1), datetime(2025, 6, 1, 9))
    book.workbook_id = may.workbook_id  # the same workbook, its history in the report folders
    change(book)
    save_book(path, book)
    return run_update(path, date(2025, 6, 1), datetime(2025, 7, 1, 9)).report.folder


def test_one_card_too_long_leaves_the_others_in_the_mail(tmp_path: Path) -> None:
    """The most urgent goal's note fills a cell (32,767 characters): its card goes to the
    whole brief, and the other cards stay in the mail."""

    def long_note(book: Book) -> None:
        book.entry("computing-centre", date(2025, 6, 1)).problems = "资金" * 16_383

    folder = _june_with(tmp_path, long_note)
    body = (folder / "report.html").read_text("utf-8")
    manifest = json.loads((folder / "report.json").read_text("utf-8"))
    whole = (folder / manifest["full_brief"]).read_text("utf-8")
    assert len(body.encode("utf-8")) <= BUDGET < len(whole.encode("utf-8"))
    assert "资金" * 100 not in body and "资金" * 16_383 in whole
    assert body.count("存在问题：") == whole.count("存在问题：") - 1 == 4
    assert "5 项滞后目标中只列出 4 项的详情（最需关注的在前）" in body
    assert "另有 1 项滞后目标的详情见附件中的完整通报。" in body
    assert "本月变化只列出" not in body  # every change is still there


def test_a_brief_far_over_budget_keeps_the_goals_behind_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Room for no card and no change (a budget made small, as for 400 goals): the rows of
    the goals behind schedule are kept before those on track, and the brief says all."""
    monkeypatch.setattr("tracker.report.render.BUDGET", 12_000)
    folder = _june_with(tmp_path, lambda book: None)
    body = (folder / "report.html").read_text("utf-8")
    assert len(body.encode("utf-8")) <= 12_000
    assert "存在问题：" not in body and "5 项滞后目标的详情都只在附件中" in body
    assert "5 项滞后目标的详情见附件中的完整通报。" in body and "另有" not in body
    listed = re.search(r"目标列表只列出 (\d+) 项（共 13 项，滞后的在前）", body)
    assert listed and 5 <= int(listed[1]) < 13
    assert body.count("严重滞后</span>") + body.count(">滞后</span>") >= 5  # in their rows
    assert "本月没有滞后的目标" not in body


def test_a_rerun_that_fits_removes_the_whole_brief_an_earlier_run_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "book.xlsx"
    save_book(path, demo_book("en"))
    monkeypatch.setattr("tracker.report.render.BUDGET", 12_000)
    folder = run_update(path, date(2025, 5, 1), datetime(2025, 6, 1, 9)).report.folder
    manifest = json.loads((folder / "report.json").read_text("utf-8"))
    assert manifest["format"] == "tracker-report/2"  # a three-file reader refuses it
    body = (folder / "report.html").read_text("utf-8")
    assert "the mail is shortened so that no mail client cuts it off: " in body
    assert f"The whole brief is attached as {manifest['full_brief']}." in body
    monkeypatch.setattr("tracker.report.render.BUDGET", 100_000)
    again = run_update(path, date(2025, 5, 1), datetime(2025, 6, 1, 10)).report
    assert not again.full and not (folder / manifest["full_brief"]).exists()
    assert json.loads((folder / "report.json").read_text("utf-8"))["format"] == "tracker-report/1"


def test_a_manifest_naming_a_whole_brief_outside_its_folder_is_refused(tmp_path: Path) -> None:
    from tracker.errors import UsageError
    from tracker.report.folder import read_report

    manifest = {
        "format": "tracker-report/2", "month": "2025-06", "lang": "zh", "title": "t",
        "workbook": "../x.xlsx", "attachment": "a.xlsx", "digest": "0",
        "full_brief": "../../secret.html",
    }  # fmt: skip
    (tmp_path / "report.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(UsageError) as refused:
        read_report(tmp_path)
    assert "secret.html" in str(refused.value.params)
