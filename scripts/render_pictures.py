"""Render pictures of the demo workbook as LibreOffice shows it, for the README.

    python scripts/render_pictures.py [OUT_DIR]     (default: docs/)

Needs LibreOffice (soffice), poppler-utils (pdftoppm) and fonts-noto-cjk for the Chinese.
The demo workbook is exported to PDF with one page per sheet, and the pages of the
completion sheet and of one register are turned into PNG files. The pictures are committed;
CI does not make them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tracker.demo import demo_book
from tracker.i18n import Lang
from tracker.workbook.layout import build_layout
from tracker.workbook.writer import write_book

PDF_FILTER = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'
RESOLUTION = 110  # dots per inch of the PNG pages


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
            pdf = workbook.with_suffix(".pdf")
            sheets = layout.sheet_order  # one page per visible sheet, in order
            pages = {
                f"completion{suffix}": sheets.index(layout.completion.sheet) + 1,
                f"register{suffix}": sheets.index(layout.registers["landing"].sheet) + 1,
            }
            for name, page in pages.items():
                target = out_dir / name
                pick = ["-f", str(page), "-l", str(page), "-r", str(RESOLUTION), "-singlefile"]
                subprocess.run(["pdftoppm", *pick, "-png", str(pdf), str(target)], check=True)
                written.append(target.with_suffix(".png"))
    return written


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "docs"
    for path in render(folder):
        print(path)
