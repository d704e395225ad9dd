"""The monthly brief: its content, its HTML held to what Outlook's Word engine and phone
clients can show, user text kept as text, and the report workbook beside it."""

from __future__ import annotations

import email
import email.header
import json
import math
import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import completion_sheet, formula_cells, run_cli, sheet_rows
from tracker.commands.demo import demo_book
from tracker.commands.update import run_update
from tracker.excel import CellValue, percent_shown
from tracker.history.timeline import Timeline
from tracker.model import MonthlyEntry, RegisterRow
from tracker.progress import compute
from tracker.report.brief import build_brief, figure, percent_text, requirement
from tracker.report.render import BAR_WIDTH, MARK_ON_FILL, TRACK_COLOR, WIDTH, bar
from tracker.template.catalog import DEFAULT_TEMPLATE, builtin_template
from tracker.workbook.palette import PLAN_MARK_COLOR, STATUS_COLORS
from tracker.workbook.saving import save_book

FORBIDDEN_TAGS = {
    "script", "style", "link", "img", "iframe", "object", "embed", "form", "input", "svg",
    "video", "audio", "base", "meta-refresh",
}  # fmt: skip
FORBIDDEN_STYLES = ("float", "flex", "position", "grid", "@import", "url(")


class Elements(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def report_folder(demo: Path) -> Path:
    return demo.parent / "reports" / "2025-06"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_html_keeps_to_what_outlook_can_show(demo_built: dict[str, Path], lang: str) -> None:
    html = (report_folder(demo_built[lang]) / "report.html").read_text(encoding="utf-8")
    tags = elements(html)
    assert not {tag for tag, _ in tags} & FORBIDDEN_TAGS  # the <style> block was inlined
    for tag, attrs in tags:
        style = attrs.get("style", "").lower()
        for word in FORBIDDEN_STYLES:
            assert word not in style, (tag, style)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)  # no event handlers
            assert "http:" not in value and "https:" not in value and not value.startswith("//")
        assert "class" not in attrs  # every style is on its element
    # Fluid hybrid: the page is as wide as the screen up to 640 pixels, every table in it
    # is 100% wide, and Outlook's Word engine, which knows no max-width, gets a fixed
    # 640-pixel table of its own in a conditional comment, with its font and 96 dpi.
    pages = [attrs for tag, attrs in tags if "max-width:640px" in attrs.get("style", "")]
    assert len(pages) == 1 and "font-family:" in pages[0]["style"]
    assert all(attrs["width"] == "100%" for tag, attrs in tags if tag == "table")
    assert f'<!--[if mso]><table role="presentation" width="{WIDTH}"' in html and WIDTH == 640
    assert "<o:PixelsPerInch>96</o:PixelsPerInch>" in html
    assert re.search(r"<!--\[if mso\]><style>td, th, [^<]*font-family", html)
    assert "<table" in html and "<div" not in html
    for _, attrs in tags:  # Outlook keeps a line height only with this rule beside it
        style = attrs.get("style", "")
        assert ("line-height" in style) == ("mso-line-height-rule:exactly" in style), style
    headings = [tag for tag, _ in tags if tag in ("h1", "h2")]
    assert headings[0] == "h1" and headings.count("h2") >= 4
    data = [attrs for tag, attrs in tags if tag == "th"]
    assert data and all(attrs.get("scope") in ("col", "row") for attrs in data)


def test_text_people_typed_is_shown_as_text(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = in_tmp / "目标.xlsx"
    book = demo_book("zh")
    save_book(path, book)
    may = run_update(path, date(2025, 5, 1), datetime(2025, 6, 1, 9))
    book.workbook_id = may.workbook_id  # the same workbook, its history in the report folders
    evil = '<script>alert("x")</script> & Co'
    book.registers["labs"].append(RegisterRow("", {"name": evil, "stage": "洽谈中"}))
    book.entry("landing-points", date(2025, 6, 1)).problems = "<b>审批</b> & 5 < 6\n第二行"
    book.assignments["landing-points"].lead = "交通局 & <i>规划</i>"
    book.entry("landing-points", date(2025, 6, 1)).next_steps = 'keep " class="x" as typed'

    save_book(path, book)
    run = run_cli(capsys, "update", path.name, "--month", "2025-06")
    assert run.code == 0, run.err
    folder = in_tmp / "reports" / "2025-06"
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "<b>" not in html and "<i>" not in html
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; Co' in html  # " is safe in text
    assert "&lt;b&gt;审批&lt;/b&gt; &amp; 5 &lt; 6<br>第二行" in html
    assert "交通局 &amp; &lt;i&gt;规划&lt;/i&gt;" in html
    assert 'keep " class="x" as typed' in html  # text is never taken for an attribute
    text = (folder / "report.txt").read_text(encoding="utf-8")
    assert evil in text and "<b>审批</b> & 5 < 6" in text and "交通局 & <i>规划</i>" in text


def test_a_character_that_turns_text_around_is_not_passed_on(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A right-to-left override pasted into a lead unit, unclosed, showed the rest of its
    line reversed in the brief ("：正常推进 2" turned around) and in the mail's subject."""
    path = in_tmp / "目标.xlsx"
    book = demo_book("zh")
    book.assignments["landing-points"].lead = "区交通运输局\u202e"
    save_book(path, book)
    mail = ["[mail]", 'host = "127.0.0.1"', 'security = "none"', 'from = "t@example.gov.cn"']
    mail += ['to = ["l@example.gov.cn"]', 'subject = "\u2066{title}\u202e {year}-{month}"']
    (in_tmp / "tracker.toml").write_text("\n".join([*mail, ""]), encoding="utf-8")
    run = run_cli(capsys, "update", path.name, "--month", "2025-06")
    assert run.code == 0, run.err
    folder = in_tmp / "reports" / "2025-06"
    for name in ("report.html", "report.txt", "message.eml"):
        page = (folder / name).read_text(encoding="utf-8")
        assert "区交通运输局" in page or name == "message.eml"
        assert "\u202e" not in page and "\u2066" not in page, name
    subject = email.message_from_bytes((folder / "message.eml").read_bytes())["Subject"]
    decoded = str(email.header.make_header(email.header.decode_header(subject)))
    assert decoded == "光明区人工智能发展目标（2025年） 2025-6"


def test_the_brief_puts_goals_behind_first(demo_built: dict[str, Path]) -> None:
    text = (report_folder(demo_built["zh"]) / "report.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:2] == ["光明区人工智能发展目标（2025年）进展通报", "2025年6月"]
    assert (
        "截至2025年6月30日，考核期已过50%。13项目标中，已完成1项，正常推进7项，"
        "滞后3项，严重滞后2项。"
    ) in lines
    behind = lines[lines.index("== 需重点关注的目标 ==") : lines.index("== 全部目标进展 ==")]
    names = [line for line in behind if line[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert names == [  # far behind first, the widest gap first
        "1. 区级智算中心 [严重滞后]",
        "2. “枢纽+末端”低空起降点 [严重滞后]",
        "3. 人才住房政策扩展与长圳人才社区试点 [滞后]",
        "4. “AI+城市治理”新增城市应用场景 [滞后]",
        "5. “AI+工业制造”产业应用场景 [滞后]",
    ]
    landing = behind[behind.index(names[1]) :][:7]
    assert landing[1:5] == [
        "   牵头单位：区交通运输局（示例）",
        "   完成11个，目标40个以上，序时应达20个",
        "   比序时进度少9个",
        "   剩余6个月还需增加29个，平均每月4.9个",  # (40 − 11) / 6 = 4.83, rounded up
    ]
    assert landing[5] == "   存在问题：部分点位空域审批进度慢。（示例）"
    assert "- 阶段变化：低空起降点 LDP-006“起降点06（示例）”：在建 → 建成" in lines
    assert "- 区交通运输局（示例）：目标数 1，已完成 0，正常推进 0，滞后 0，严重滞后 1" in lines


def test_targets_read_as_the_goals_say_them() -> None:
    goals = {goal.id: goal for goal in builtin_template(DEFAULT_TEMPLATE).goals}
    assert requirement(goals["compute"], "zh") == "超16E"  # 超: 16 itself is not enough
    assert requirement(goals["ai-labs"], "zh") == "3个以上"  # 以上: 3 is enough
    assert requirement(goals["compute"], "en") == "more than 16 EFLOPS"
    assert requirement(goals["ai-labs"], "en") == "3 labs or more"


def test_english_says_1_site_and_2_sites() -> None:
    goals = {goal.id: goal for goal in builtin_template(DEFAULT_TEMPLATE).goals}
    sites, output = goals["landing-points"], goals["output"]
    assert [figure(n, sites, "en") for n in (0, 1, 2)] == ["0 sites", "1 site", "2 sites"]
    assert figure(1, sites, "zh") == "1个"
    assert figure(1, output, "en") == "1.00 100M yuan"  # no singular given: the unit stays
    assert figure(1, output, "en", 0) == "1 100M yuan"


def test_what_each_remaining_month_needs() -> None:
    """以上 needs the target itself, 超 one step of the goal's precision beyond it; the
    amount a month is rounded up, with a decimal, so it never says less than is needed."""
    book = demo_book("zh")
    brief = build_brief(book, compute(book), Timeline(), date(2025, 6, 1), "w.xlsx", "a.xlsx")
    lines = {line.goal_id: line for line in brief.goals}
    # 超16E with 9.70E reached: 16.01 − 9.70 = 6.31E in 6 months, 1.0517E a month
    assert lines["compute"].needed == "剩余6个月还需增加6.31E，平均每月1.06E"
    # 3个以上 with 2 reached: 1 more, 0.17 a month
    assert lines["ai-labs"].needed == "剩余6个月还需增加1个，平均每月0.2个"
    assert lines["ai-policy"].needed == ""  # done
    centre = lines["computing-centre"]  # 立项 (10%) reached, 50% expected: 建设 (40%) due
    assert (
        centre.figures
        == "当前阶段：立项（10%），序时应完成50%（应已到“建设”），2025年12月31日前完成"
    )
    assert centre.needed == "剩余6个月，下一阶段：建设"


@pytest.mark.parametrize(
    ("share", "plan", "widths"),
    [
        (0.5, 0.5, [70, 2, 68]),  # the mark starts where the filled part ends
        (0.25, 0.5, [35, 35, 2, 68]),
        (0.75, 0.5, [70, 2, 33, 35]),
        (0.0, 0.0, [2, 138]),
        (1.4, 1.0, [138, 2]),  # beyond the target: full; the mark stays inside the bar
        (-0.2, 0.5, [70, 2, 68]),
    ],
)
def test_a_progress_bar_is_cells_with_a_mark(share: float, plan: float, widths: list[int]) -> None:
    segments = bar(share, plan, "#006100")
    assert [s.width for s in segments] == widths
    assert sum(widths) == BAR_WIDTH
    filled = round(min(max(share, 0), 1) * BAR_WIDTH)
    mark_at = round(min(max(plan, 0), 1) * BAR_WIDTH)
    marks = [s for s in segments if s.color in (PLAN_MARK_COLOR, MARK_ON_FILL)]
    assert len(marks) == 1 and marks[0].width == 2
    # white inside the part reached (a dark ink), dark on the grey track
    assert marks[0].color == (
        MARK_ON_FILL if min(mark_at, BAR_WIDTH - 2) < filled else PLAN_MARK_COLOR
    )
    position = 0
    for segment in segments:
        if segment is not marks[0]:
            inside = position + segment.width <= filled
            assert segment.color == ("#006100" if inside else TRACK_COLOR)
        position += segment.width


def _luminance(color: str) -> float:
    """WCAG 2's relative luminance of ``#RRGGBB``."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_does() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_the_plan_mark_shows_on_every_status_colour() -> None:
    assert contrast(PLAN_MARK_COLOR, TRACK_COLOR) >= 3  # graphics need 3:1 (WCAG 1.4.11)
    for fill, ink in STATUS_COLORS:
        assert contrast(MARK_ON_FILL, ink) >= 3, ink  # the bar is drawn in the status ink
        assert contrast(ink, fill) >= 4.5, (ink, fill)  # the badge's text


class _Texts(HTMLParser):
    """Every piece of text with the colour it is drawn in and the background behind it,
    both inherited from the elements around it as a browser does."""

    VOID = frozenset({"br", "img", "meta", "hr", "col", "input", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, str]] = [("", "#000000", "#FFFFFF")]
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        given = {name: value or "" for name, value in attrs}
        _, color, background = self.stack[-1]
        background = given.get("bgcolor", background)
        for declaration in given.get("style", "").split(";"):
            name, _, value = (part.strip().lower() for part in declaration.partition(":"))
            if name == "color":
                color = value
            elif name in ("background-color", "background"):
                background = value
        self.stack.append((tag, color.upper(), background.upper()))

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1 and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        _, color, background = self.stack[-1]
        if data.strip() and self.stack[-1][0] not in ("style", "title"):
            self.found.append((data.strip(), color, background))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_text_of_the_brief_is_legible(demo_built: dict[str, Path], lang: str) -> None:
    html = (report_folder(demo_built[lang]) / "report.html").read_text(encoding="utf-8")
    texts = _Texts()
    texts.feed(html)
    assert len(texts.found) > 100
    for text, color, background in texts.found:
        assert re.fullmatch("#[0-9A-F]{6}", color) and re.fullmatch("#[0-9A-F]{6}", background)
        assert contrast(color, background) >= 4.5, (text, color, background)


def test_the_report_workbook_holds_values_as_the_tracking_workbook_shows_them(
    demo_built: dict[str, Path],
) -> None:
    folder = report_folder(demo_built["zh"])
    manifest = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    report = folder / manifest["attachment"]
    assert report.name == "光明区人工智能发展目标（2025年）进展_2025年6月.xlsx"
    assert formula_cells(report) == {}
    import openpyxl

    assert openpyxl.load_workbook(report).sheetnames == ["完成情况", "月度历史", "本月变化"]
    reported, tracked = completion_sheet(report), completion_sheet(demo_built["zh"])
    assert reported.keys() == tracked.keys()
    for goal_id, shown in tracked.items():  # xlsxwriter writes numbers to 16 digits
        again = reported[goal_id]
        assert (again.actual, again.expected, again.status) == (
            shown.actual,
            shown.expected,
            shown.status,
        )
        assert math.isclose(again.completion, shown.completion, rel_tol=1e-15), goal_id
    assert sheet_rows(report, "月度历史") == sheet_rows(demo_built["zh"], "月度历史")
    assert sheet_rows(report, "本月变化") == sheet_rows(demo_built["zh"], "本月变化")


def test_the_update_leaves_a_report_folder(demo_built: dict[str, Path]) -> None:
    folder = report_folder(demo_built["en"])
    names = sorted(path.name for path in folder.iterdir())
    assert names == [
        "Guangming District AI goals (2025) progress June 2025.xlsx",
        "message.eml",  # the demo has mail settings
        "report.html",
        "report.json",
        "report.txt",
        "run.log",
        "snapshot.json",
    ]
    log = (folder / "run.log").read_text(encoding="utf-8")
    assert "monthly update 2025-06" in log and "read " in log and "wrote " in log
    assert "dry run: wrote" in log


def test_a_note_of_nothing_but_blanks_is_not_filled() -> None:
    from tracker.report.brief import _note

    assert _note("\u200b \u200b\t\u200b \n") == ""
    assert _note("\n\n 资金未到位 \n") == "资金未到位"
    assert _note("\u200b说明") == "\u200b说明"  # text is kept as typed


def test_many_items_are_told_in_ranges_and_counts_the_way_each_language_does() -> None:
    from tracker.history.records import Change, number_ranges
    from tracker.report.brief import _change_line

    template = builtin_template(DEFAULT_TEMPLATE)
    ids = [f"ENT-{n:03d}" for n in (1, 2, 3, 7, 9, 10)]
    added = Change("item_added", "firms", number_ranges(ids), count=1234)
    assert _change_line(added, template, "en").text == (  # type: ignore[union-attr]
        "AI firms: 1,234 items (ENT-001–ENT-003, ENT-007, ENT-009–ENT-010)"
    )
    assert _change_line(added, template, "zh").text == (  # type: ignore[union-attr]
        "人工智能企业 1,234 个条目（ENT-001–ENT-003、ENT-007、ENT-009–ENT-010）"
    )
    first = Change("baseline", "labs", after="1")
    assert _change_line(first, template, "en").text == "AI joint labs: 1 item"  # type: ignore[union-attr]
    assert _change_line(first, template, "zh").text == "人工智能联合实验室：1项"  # type: ignore[union-attr]


def test_a_lead_unit_typed_two_ways_is_one_unit_of_one_line(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The summary by lead unit grouped names as typed: one unit typed with a line break
    (Alt+Enter in a narrow cell), a trailing space or half-width brackets was listed as
    four units of one goal each, where `tracker forms` gives it one form; and its line
    break split the text part's lines, the rest of the name at the margin."""
    path = in_tmp / "目标.xlsx"
    book = demo_book("zh")
    book.assignments["compute"].lead = "区科技创新局\n（示例）"
    book.assignments["ai-labs"].lead = "区科技创新局(示例)"
    book.assignments["ai4s"].lead = "区科技创新局（示例） "
    save_book(path, book)
    run = run_cli(capsys, "update", path.name, "--month", "2025-06")
    assert run.code == 0, run.err
    folder = in_tmp / "reports" / "2025-06"
    text = (folder / "report.txt").read_text(encoding="utf-8")
    assert "- 区科技创新局 （示例）：目标数 4，已完成 1，正常推进 3，" in text
    assert "  牵头单位：区科技创新局 （示例）\n" in text
    assert not re.search(r"^（示例）", text, re.MULTILINE)
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert html.count(">区科技创新局 （示例）</th>") == 1
    assert "区科技创新局(示例)" not in html


def test_an_item_named_on_two_lines_is_one_line_of_the_changes(tmp_path: Path) -> None:
    """An item's name typed with a line break (Alt+Enter) split its line of the month's
    changes in the text part: the rest of the name stood at the margin, as a line of its
    own."""
    path = tmp_path / "目标.xlsx"
    book = demo_book("zh")
    save_book(path, book)
    may = run_update(path, date(2025, 5, 1), datetime(2025, 6, 1, 9))
    book.workbook_id = may.workbook_id  # the same workbook, its history in the report folders
    lab: dict[str, CellValue] = {"name": "甲实验室\n（二期）", "stage": "运行中"}
    book.registers["labs"].append(RegisterRow("", lab))
    save_book(path, book)
    june = run_update(path, date(2025, 6, 1), datetime(2025, 7, 1, 9))
    text = (june.report.folder / "report.txt").read_text(encoding="utf-8")
    assert "- 新增条目：人工智能联合实验室 LAB-005“甲实验室 （二期）”：运行中\n" in text


def test_a_share_short_of_the_target_never_reads_100_percent(tmp_path: Path) -> None:
    """49.80亿元 of 50亿元 (99.6%, not met) read 完成100% in the brief, beside a status of
    正常推进 and the report workbook's 99.6%. A share that rounds to 100% or 0% without
    being it is shown to a tenth, as the workbook shows it."""
    path = tmp_path / "目标.xlsx"
    book = demo_book("zh")
    save_book(path, book)
    may = run_update(path, date(2025, 5, 1), datetime(2025, 6, 1, 9))
    book.workbook_id = may.workbook_id  # the same workbook, its history in the report folders
    book.monthly[("output", date(2025, 6, 1))] = MonthlyEntry(49.8)
    save_book(path, book)
    june = run_update(path, date(2025, 6, 1), datetime(2025, 7, 1, 9))
    text = (june.report.folder / "report.txt").read_text(encoding="utf-8")
    assert "完成49.80亿元，目标50亿元以上，序时应达25.00亿元\n  完成99.6%（序时50%）" in text
    html = (june.report.folder / "report.html").read_text(encoding="utf-8")
    row = html.split("人工智能产业产值规模</th>")[1].split("</tr>")[0]
    assert "完成99.6%（序时50%）" in row


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (0.9996, "99.96%"),
        (0.99999, "99.999%"),
        (0.0004, "0.04%"),
        (0.996, "99.6%"),
        (1.0, "100%"),
        # a share that is whole but for the last bit of a float: 100%, not 100.00000%
        (0.1 * 3 / 0.3, "100%"),
        (1 - 1e-12, "100%"),
        (1e-12, "0%"),
        # past the target, 100% says it is met: not 100.004% for 50.002 of 50
        (1.00004, "100%"),
    ],
)
def test_a_share_a_tenth_would_round_to_100_or_0_percent_is_shown_finer(
    share: float, shown: str
) -> None:
    """49.98亿元 of 50亿元 (a figure to two decimals) read 完成100.0%: to a tenth it still
    rounded to the target it falls short of."""
    assert percent_text(share) == shown


def test_a_lead_the_forms_take_for_none_is_listed_with_the_goals_without_one(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`tracker forms` takes 待定 and To be set, as either language spells it, for no
    unit (no form); the brief listed "To be set" typed in a Chinese workbook as a unit of
    its own, among the units, apart from the goals left 待定."""
    path = in_tmp / "目标.xlsx"
    book = demo_book("zh")
    book.assignments["compute"].lead = "To be set"
    book.assignments["ai-labs"].lead = ""
    save_book(path, book)
    run = run_cli(capsys, "update", path.name, "--month", "2025-06")
    assert run.code == 0, run.err
    text = (in_tmp / "reports" / "2025-06" / "report.txt").read_text(encoding="utf-8")
    summary = text.split("== 按牵头单位汇总 ==\n")[1].split("\n\n")[0].splitlines()
    assert "To be set" not in text
    assert summary[-1].startswith("- 待定：目标数 2，")


@pytest.mark.parametrize(
    ("share", "shown"),
    [
        (0.125, "13%"),  # 1 lab of 8, 5 sites of 40
        (0.625, "63%"),
        (0.025, "3%"),
        (0.0125, "1%"),
        (-0.125, "-13%"),
        (0.99995, "99.995%"),  # finer digits round as the whole ones do
    ],
)
def test_a_share_on_a_half_is_rounded_as_the_workbook_shows_it(share: float, shown: str) -> None:
    """6.25亿元 of 50亿元 read 完成12% in the brief where the workbook's 0.0% shows 12.5%:
    Python's format rounded the binary value half to even. Every share is now rounded as a
    spreadsheet's percent format rounds it, half away from zero (12.5% → 13%)."""
    assert percent_text(share) == shown


@pytest.mark.parametrize(
    ("share", "digits", "digits_shown"),
    [
        (2.5e306, 0, "25" + "0" * 307),
        (-1.98765432101234e306, 1, "-198765432101234" + "0" * 294 + ".0"),
    ],
)
def test_a_share_whose_percent_is_past_a_float_is_shown_as_a_number(
    share: float, digits: int, digits_shown: str
) -> None:
    """A share near the largest number Excel holds (a figure of 9.99999999999999E+307 of
    40) was said as "inf%": its ×100 is past what a float holds. It is the share's 15
    digits, as a spreadsheet keeps them, times 100."""
    assert percent_shown(share, digits) == f"{digits_shown}%"


@pytest.mark.parametrize(
    ("share", "digits", "shown"),
    [(1e21, 0, "1" + "0" * 23 + "%"), (1e306, 1, "1" + "0" * 308 + ".0%")],
)
def test_a_share_whose_percent_is_past_15_digits_is_shown_as_its_digits(
    share: float, digits: int, shown: str
) -> None:
    """A share whose percent still fits a float, but not in 15 digits, was said with the
    float's binary digits (1e21 as 99999999999999991611392%), where one a little larger
    (past a float) is said as its 15 digits times 100: the same rule for both."""
    assert percent_shown(share, digits) == shown


def test_the_brief_rounds_a_half_percent_up(tmp_path: Path) -> None:
    """The brief's completion and the workbook's are one figure: 6.25亿元 of 50亿元 is
    12.5% on the completion sheet, 13% in the brief, never 12%."""
    path = tmp_path / "目标.xlsx"
    book = demo_book("zh")
    save_book(path, book)
    may = run_update(path, date(2025, 5, 1), datetime(2025, 6, 1, 9))
    book.workbook_id = may.workbook_id
    book.monthly[("output", date(2025, 6, 1))] = MonthlyEntry(6.25)
    save_book(path, book)
    june = run_update(path, date(2025, 6, 1), datetime(2025, 7, 1, 9))
    text = (june.report.folder / "report.txt").read_text(encoding="utf-8")
    assert "完成6.25亿元，目标50亿元以上，序时应达25.00亿元\n  完成13%（序时50%）" in text


EIGHTHS = """
[template]
id = "eighths"
version = "1"
title = "八分之一"

[period]
start = 2025-01-01
end = 2025-12-31

[[categories]]
id = "c"
name = "类"

[[goals]]
id = "centre"
name = "中心建设"
category = "c"
kind = "milestone"
stages = [
  { name = "立项", weight = 0.125 },
  { name = "建设", weight = 0.375 },
  { name = "投用", weight = 0.5 },
]
"""


@pytest.mark.parametrize(("stage", "reached"), [("立项", "立项（13%）"), ("建设", "建设（50%）")])
def test_a_stage_whose_weight_is_finer_than_the_figures_is_named(stage: str, reached: str) -> None:
    """A milestone whose first stage weighs 12.5% (the figures are to two decimals, so the
    stage reached reads 0.13) read 当前阶段：尚未开始 in the brief beside 完成13%, where the
    workbook shows the stage picked, 立项."""
    from tracker.model import MilestoneEntry, new_book
    from tracker.template.file import parse_template

    book = new_book(parse_template(EIGHTHS, "eighths.toml"), "zh", date(2025, 6, 30))
    book.milestones["centre"] = MilestoneEntry(stage=stage)
    brief = build_brief(book, compute(book), Timeline(), date(2025, 6, 1), "w.xlsx", "a.xlsx")
    line = brief.goals[0]
    assert line.actual == reached
    assert line.figures.startswith(f"当前阶段：{reached}，")
