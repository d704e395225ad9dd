"""The brief as an email body: HTML laid out for Outlook's Word engine and phone clients,
and a plain-text part with the same content.

Both come from Jinja templates (``tracker/report/templates``) with autoescaping on for the
HTML, so every piece of text a user typed is shown as text. The HTML template keeps its
styles in one ``<style>`` block for the reader of the template; css-inline then moves them
onto each element, since Outlook and most webmail drop style blocks. The result uses
tables, ``width``/``bgcolor`` attributes and inline styles only: no floats, flex,
max-width, scripts, images or anything fetched from elsewhere.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from tracker.i18n import t
from tracker.report.brief import Brief
from tracker.workbook.palette import PLAN_MARK_COLOR

WIDTH = 640  # the widest a mail body should be: Outlook's reading pane, a phone scaled
# Gmail cuts a message off after about 102 KB of HTML ("[Message clipped]"); a brief
# stays under this, or the mail shows a shortened one and the whole one is attached.
BUDGET = 100_000
BAR_WIDTH = 140  # the progress bar, in pixels
TRACK_COLOR = "#E7E6E6"  # the part of a bar not reached
MARK_WIDTH = 2
# The plan's mark: dark on the grey track, white on the part reached, whose colours are the
# statuses' dark inks (a dark mark there was all but invisible: 1.2:1 on blue).
MARK_ON_FILL = "#FFFFFF"

_INLINER = css_inline.CSSInliner(minify_css=True, load_remote_stylesheets=False)
_CLASSES = re.compile(r' class="[^"<>]*"')

_ENV = Environment(
    loader=PackageLoader("tracker.report", "templates"),
    autoescape=select_autoescape(("html",)),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Segment:
    width: int
    color: str


def bar(share: float, plan: float, color: str, width: int = BAR_WIDTH) -> list[Segment]:
    """A progress bar as table cells: ``share`` of ``width`` filled in ``color``, the rest
    grey, and a mark where the plan expects it now (dark on the grey, white on the part
    reached). Outlook draws cells, not boxes positioned over each other, so the mark is a
    cell of its own between the others."""
    filled = round(min(max(share, 0.0), 1.0) * width)
    mark = min(round(min(max(plan, 0.0), 1.0) * width), width - MARK_WIDTH)
    edges = sorted({0, filled, mark, mark + MARK_WIDTH, width})
    segments = []
    for start, end in itertools.pairwise(edges):
        if mark <= start and end <= mark + MARK_WIDTH:
            fill = MARK_ON_FILL if start < filled else PLAN_MARK_COLOR
        elif end <= filled:
            fill = color
        else:
            fill = TRACK_COLOR
        segments.append(Segment(end - start, fill))
    return segments


def _lines(text: str) -> Markup:
    """Text as HTML with its line breaks kept: escaped first, then joined with ``<br>``."""
    return Markup("<br>").join(escape(line) for line in text.splitlines())


_ENV.filters["lines"] = _lines


def render_html(brief: Brief) -> str:
    """The HTML body of the brief's email, every style inline."""
    template = _ENV.get_template("brief.html")
    page = template.render(
        brief=brief, t=partial(t, brief.lang), bar=bar, width=WIDTH, bar_width=BAR_WIDTH
    )
    inlined = _INLINER.inline(page)
    # Every style is on its element now; the class names would only add weight. User text
    # cannot hold ' class="': autoescaping wrote its quotes as &#34;.
    return _CLASSES.sub("", inlined)


def render_within_budget(brief: Brief, full_name: str) -> tuple[str, str | None]:
    """The HTML body for the mail, and the whole brief when that had to be shortened to
    keep within ``BUDGET``: the goals behind schedule keep their details, the most urgent
    first, as many as fit (then the month's changes, the first as many as fit); every
    goal stays in the compact table, and everything is in ``full_name``."""
    whole = render_html(brief)
    if len(whole.encode("utf-8")) <= BUDGET:
        return whole, None

    def cut(cards: int, changes: int) -> str:
        notice = t(
            brief.lang,
            "brief.shortened",
            shown=cards,
            behind=len(brief.behind),
            full=full_name,
        )
        shorter = replace(
            brief,
            behind=brief.behind[:cards],
            changes=brief.changes[:changes],
            notice=notice,
        )
        return render_html(shorter)

    changes = len(brief.changes)
    cards = _most(len(brief.behind), lambda n: cut(n, changes))
    if cards == 0:
        changes = _most(changes, lambda n: cut(0, n))
    return cut(cards, changes), whole


def _most(count: int, render: Callable[[int], str]) -> int:
    """The largest n ≤ ``count`` whose page fits ``BUDGET`` (0 when none does): pages
    grow with n, so a binary search finds it in a few renders."""
    low, high = 0, count
    while low < high:
        middle = (low + high + 1) // 2
        if len(render(middle).encode("utf-8")) <= BUDGET:
            low = middle
        else:
            high = middle - 1
    return low


def render_text(brief: Brief) -> str:
    """The plain-text part: the same content, for clients that show no HTML."""
    template = _ENV.get_template("brief.txt")
    return template.render(brief=brief, t=partial(t, brief.lang))
