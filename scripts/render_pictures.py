"""Render pictures of the demo for the README and the docs: its workbook as LibreOffice
shows it, its monthly brief as headless Chromium shows the email, from the demo's
returns round trip a unit's form and the master's 报送情况 sheet, and a roll-up of four
districts' copies of the demo (its summary and trend sheets, and its brief on a phone).

    python scripts/render_pictures.py [OUT_DIR]     (default: docs/)

Needs LibreOffice (soffice), poppler-utils (pdftoppm), chromium and fonts-noto-cjk for the
Chinese. The demo workbook is exported to PDF with one page per sheet, and the pages of the
completion sheet and of one register are turned into PNG files; the brief's report.html is
measured, then photographed whole. The pictures are committed; CI does not make them.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime
from pathlib import Path

import openpyxl

from tracker.commands.demo import build_demo, build_round_trip, demo_book
from tracker.i18n import Lang, t
from tracker.returns.units import unit_key
from tracker.workbook.layout import build_layout
from tracker.workbook.reader import read_book
from tracker.workbook.writer import write_book

PDF_FILTER = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'
RESOLUTION = 110  # dots per inch of the PNG pages
BROWSER_WIDTH = 700  # the brief is 640 pixels wide, on a margin of its background
PHONE_WIDTH = 375  # an iPhone's screen, in CSS pixels
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]


def render(out_dir: Path) -> list[Path]:
    for program in ("soffice", "pdftoppm"):
        if shutil.which(program) is None:
            raise SystemExit(
                f"{program} is needed: apt-get install libreoffice-calc-nogui poppler-utils"
            )
    written = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        languages: tuple[tuple[Lang, str], ...] = (("zh", ""), ("en", "-en"))
        for lang, suffix in languages:
            book = demo_book(lang)
            layout = build_layout(book.template, lang)
            workbook = work / f"demo{suffix}.xlsx"
            write_book(str(workbook), book)
            pdf = _pdf(workbook, work)
            sheets = layout.sheet_order  # one page per visible sheet, in order
            pages = {
                f"completion{suffix}": sheets.index(layout.completion.sheet) + 1,
                f"register{suffix}": sheets.index(layout.registers["landing"].sheet) + 1,
            }
            written += [_png(pdf, page, out_dir / name) for name, page in pages.items()]
            written += render_brief(work / f"brief{suffix}", lang, out_dir, suffix)
            written += render_returns(work / f"returns{suffix}", lang, suffix, out_dir)
        written += render_rollup(work / "rollup", out_dir)
        written += render_year_end(work / "year-end", out_dir)
    return written


# The demo's output (产值, 亿元) typed for July to December, and a note in December.
OUTPUT_LATER = (30.0, 34.5, 39.0, 42.0, 46.5, 48.2)
DECEMBER_NOTE = "全年产值48.2亿元，两家重点企业投产推迟至2026年一季度"


def render_year_end(folder: Path, out_dir: Path) -> list[Path]:
    """The demo carried on to December (its output typed each month) and closed: the
    年度总结 sheet, and the year-end brief on a desktop and on a phone."""
    folder.mkdir()
    demo, _, _ = build_demo(folder, "zh", datetime(2025, 7, 1, 9, 0))
    for month, figure in enumerate(OUTPUT_LATER, start=7):
        book = openpyxl.load_workbook(demo)
        sheet = book["月度填报"]
        header = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            when = row[header.index("月份")].value
            if row[header.index("编号")].value == "output" and when.month == month:
                row[header.index("本月累计值")].value = figure
                if month == 12:
                    row[header.index("进展情况")].value = DECEMBER_NOTE
        book.save(demo)
        command = ["update", str(demo), "--month", f"2025-{month:02d}"]
        if month == 12:
            command = ["close", str(demo)]
        subprocess.run([sys.executable, "-m", "tracker", *command], check=True, capture_output=True)
    pdf = _pdf(demo, folder)
    written = [_png(pdf, _page(demo, "年度总结"), out_dir / "year-end")]
    page = folder / "reports" / "2025-final" / "report.html"
    for width, name in ((BROWSER_WIDTH, "year-end-brief"), (PHONE_WIDTH, "year-end-brief-375")):
        written.append(_screenshot(page, width, out_dir / f"{name}.png", folder))
    return written


DISTRICTS = ("光明区", "福田区", "南山区", "宝安区")


def render_rollup(folder: Path, out_dir: Path) -> list[Path]:
    """A roll-up of four copies of the demo, each its own (fewer firms, its own lead
    unit), and one file that cannot be read: the summary and trend sheets, and the
    brief on a phone."""
    (folder / "demo").mkdir(parents=True)
    demo, _, _ = build_demo(folder / "demo", "zh", datetime(2025, 7, 1, 9, 0))
    books = folder / "districts"
    books.mkdir()
    for number, district in enumerate(DISTRICTS):
        book = openpyxl.load_workbook(demo)
        for key, value in book["_tracker"].iter_rows(max_col=2):
            if key.value == "workbook":  # each district's its own, not copies of one
                value.value = uuid.uuid4().hex
        book["企业"].delete_rows(2, 4 * number)
        goals = book["指标"]
        lead = [cell.value for cell in goals[1]].index("牵头单位") + 1
        goals.cell(2, lead).value = f"{district}发展和改革局"
        book.save(books / f"{district}.xlsx")
    (books / "报送有误.xlsx").write_bytes(b"not a workbook")
    out = folder / "汇总.xlsx"
    subprocess.run(
        [sys.executable, "-m", "tracker", "rollup", str(books), "--out", str(out)],
        check=False,
        capture_output=True,
    )
    pdf = _pdf(out, folder)
    written = [
        _png(pdf, _page(out, "汇总"), out_dir / "rollup"),
        _png(pdf, _page(out, "趋势"), out_dir / "rollup-trend"),
    ]
    page = out.with_suffix(".html")
    return [*written, _screenshot(page, PHONE_WIDTH, out_dir / "rollup-brief-375.png", folder)]


def _pdf(workbook: Path, work: Path) -> Path:
    """The workbook as LibreOffice prints it, one page per visible sheet."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(work),
            str(workbook),
        ],
        check=True,
        capture_output=True,
    )
    return work / workbook.with_suffix(".pdf").name


def _page(workbook: Path, sheet: str) -> int:
    """The page of ``sheet`` in the workbook's PDF: visible sheets are printed in order."""
    book = openpyxl.load_workbook(workbook, read_only=True)
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    return visible.index(sheet) + 1


def _png(pdf: Path, page: int, target: Path) -> Path:
    pick = ["-f", str(page), "-l", str(page), "-r", str(RESOLUTION), "-singlefile"]
    subprocess.run(["pdftoppm", *pick, "-png", str(pdf), str(target)], check=True)
    return target.with_suffix(".png")


def render_returns(folder: Path, lang: Lang, suffix: str, out_dir: Path) -> list[Path]:
    """The science bureau's form for July as the unit filled it in (its register), and
    the master's 报送情况 sheet after the round trip."""
    folder.mkdir()
    now = datetime(2025, 8, 6, 9, 0)
    master, _, _ = build_demo(folder, lang, now)
    trip = build_round_trip(folder, master, lang, now)
    book = read_book(trip.master)
    science = unit_key(book.assignment("ai-labs").lead)
    (form,) = [w.path for w in trip.forms.written if unit_key(w.unit) == science]
    labs = book.template.register("labs").sheet.get(lang)
    returns = t(lang, "sheet.returns")
    return [
        _png(_pdf(form, folder), _page(form, labs), out_dir / f"form{suffix}"),
        _png(_pdf(trip.master, folder), _page(trip.master, returns), out_dir / f"returns{suffix}"),
    ]


def render_brief(folder: Path, lang: Lang, out_dir: Path, suffix: str) -> list[Path]:
    """Pictures of June's brief from the demo, as tall as the page: on a desktop (the
    640-px column on its background) and on a phone 375 px wide."""
    if shutil.which("chromium") is None:
        raise SystemExit("chromium is needed: apt-get install chromium fonts-noto-cjk")
    folder.mkdir()
    _, outcome, _ = build_demo(folder, lang, datetime(2025, 7, 1, 9, 0))
    page = outcome.report.files[0]
    written = []
    for width, name in ((BROWSER_WIDTH, f"brief{suffix}"), (PHONE_WIDTH, f"brief-375{suffix}")):
        written.append(_screenshot(page, width, out_dir / f"{name}.png", folder))
    return written


def _screenshot(page: Path, width: int, target: Path, folder: Path) -> Path:
    """``page`` photographed whole by headless Chromium, ``width`` pixels wide."""
    size = f"--window-size={width},{_height(page, width, folder)}"
    shot = ["--force-device-scale-factor=1", f"--screenshot={target}", size, page.as_uri()]
    subprocess.run([*CHROMIUM, *shot], check=True, capture_output=True)
    return target


def _height(page: Path, width: int, folder: Path) -> int:
    """How tall ``page`` is at ``width`` pixels. The brief has no script (mail clients run
    none): a copy with one is shown in a frame of that width (headless Chromium makes no
    window narrower than 500 pixels) and writes its height into the page around it."""
    script = (
        "<script>window.addEventListener('load', () => parent.document.title ="
        " document.documentElement.scrollHeight)</script>"
    )
    inner = page.read_text(encoding="utf-8").replace("</body>", script + "</body>")
    outer = folder / f"measure-{width}.html"
    outer.write_text(
        f'<!DOCTYPE html><html><head><title></title></head><body><iframe width="{width}" '
        f'height="800" srcdoc="{html.escape(inner, quote=True)}"></iframe></body></html>',
        encoding="utf-8",
    )
    dom = subprocess.run(
        [*CHROMIUM, "--window-size=800,800", "--virtual-time-budget=10000", "--dump-dom",
         outer.as_uri()],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    found = re.search(r"<title>(\d+)</title>", dom)
    if found is None:
        raise SystemExit("could not measure the brief's height")
    return int(found[1])


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "docs"
    for path in render(folder):
        print(path)
