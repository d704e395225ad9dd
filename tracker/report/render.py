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
from dataclasses import dataclass
from functools import partial

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from tracker.i18n import t
from tracker.report.brief import Brief
from tracker.workbook.palette import PLAN_MARK_COLOR

WIDTH = 640  # the widest a mail body should be: Outlook's reading pane, a phone scaled
BAR_WIDTH = 140  # the progress bar, in pixels
TRACK_COLOR = "#E7E6E6"  # the part of a bar not reached
MARK_WIDTH = 2
# The plan's mark: dark on the grey track, white on the part reached, whose colours are the
# statuses' dark inks (a dark mark there was all but invisible: 1.2:1 on blue).
MARK_ON_FILL = "#FFFFFF"

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
    return str(css_inline.inline(page))


def render_text(brief: Brief) -> str:
    """The plain-text part: the same content, for clients that show no HTML."""
    template = _ENV.get_template("brief.txt")
    return template.render(brief=brief, t=partial(t, brief.lang))
