"""The brief as an email body: HTML laid out for Outlook's Word engine and phone clients,
and a plain-text part with the same content.

Both come from Jinja templates (``tracker/report/templates``) with autoescaping on for the
HTML, so every piece of text a user typed is shown as text. The HTML template keeps its
styles in one ``<style>`` block for the reader of the template; css-inline then moves them
onto each element, since Outlook and most webmail drop style blocks. The result is a
fluid-hybrid page (docs/email.md): tables 100% wide in a page of ``max-width: 640px``,
with a fixed 640-px table for Outlook in a conditional comment; ``width``/``bgcolor``
attributes and inline styles, no floats, flex, scripts, images or anything fetched from
elsewhere. A brief over ``BUDGET`` is shortened for the mail (``render_within_budget``).
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

from tracker.i18n import Lang, t
from tracker.report.brief import Brief, GoalLine
from tracker.workbook.cells import encodable
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
_TAGS = re.compile(r"<[a-zA-Z][^<>]*>")  # a < in text is always written &lt;
_CLASS = re.compile(r' class="[^"]*"')

# The characters that turn the direction text is shown in (U+202A-U+202E embeddings and
# overrides, U+2066-U+2069 isolates). One pasted into a name, unclosed, turns the rest of
# its line around: "区科技局\u202e：正常推进 2" shows the count reversed.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def contained(value: object) -> object:
    """A value as a page shows it: text without the characters that would turn the
    direction of what follows it (Markup stays Markup)."""
    if isinstance(value, str) and not value.isascii():
        return value.translate(BIDI_CONTROLS)
    return value


# The pages' templates: every value written into one passes ``contained`` first.
ENVIRONMENT = Environment(
    loader=PackageLoader("tracker.report", "templates"),
    autoescape=select_autoescape(("html",)),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    finalize=contained,
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


ENVIRONMENT.filters["lines"] = _lines


def render_html(brief: Brief) -> str:
    """The HTML body of the brief's email, every style inline."""
    return render_page("brief.html", brief.lang, brief=brief)


def render_page(name: str, lang: Lang, **context: object) -> str:
    """A page of the brief's kind (``brief.html``, ``rollup.html``; or its text, a
    ``.txt``) with ``context``; an HTML page with every style inline."""
    template = ENVIRONMENT.get_template(name)
    page = template.render(t=partial(t, lang), bar=bar, width=WIDTH, bar_width=BAR_WIDTH, **context)
    # A file name the system could not decode (a zip made on a Chinese Windows) holds
    # halves of characters, which UTF-8 cannot carry: each becomes U+FFFD.
    page = encodable(page)
    if not name.endswith(".html"):
        return page
    inlined = _INLINER.inline(page)
    # Every style is on its element now; the class names would only add weight. Only tags
    # are touched: css-inline writes the text's quotes back as they were typed, so a note
    # can say ' class="x"', and a < in text is always &lt;.
    return _TAGS.sub(lambda tag: _CLASS.sub("", tag[0]), inlined)


def render_within_budget(brief: Brief, full_name: str) -> tuple[str, str | None]:
    """The HTML body for the mail, and the whole brief when that had to be shortened to
    keep within ``BUDGET``, which the shortened one says at its top. What goes, in turn,
    until it fits: the cards of goals behind schedule that do not fit, the least urgent
    first (a card too long to fit is left out, the next still tried); then the month's
    changes from the last; then the rows of goals on track from the last, the goals behind
    schedule kept longest. Everything is in ``full_name``. The lead units' and the returns'
    tables are never cut: a page of those alone over the budget (thousands of units) stays
    over it."""
    whole = render_html(brief)
    if _size(whole) <= BUDGET:
        return whole, None
    lang = brief.lang
    behind_ids = {goal.goal_id for goal in brief.behind}
    # the rows in the order they are kept: the goals behind schedule, most urgent first
    rows = [*brief.behind, *(goal for goal in brief.goals if goal.goal_id not in behind_ids)]

    def page(cards: tuple[GoalLine, ...], changes: int, goals: int) -> str:
        parts = []
        if not cards and brief.behind:
            parts.append(t(lang, "brief.cut_all_cards", behind=len(brief.behind)))
        elif len(cards) < len(brief.behind):
            parts.append(t(lang, "brief.cut_cards", shown=len(cards), behind=len(brief.behind)))
        if changes < len(brief.changes):
            parts.append(t(lang, "brief.cut_changes", shown=changes, total=len(brief.changes)))
        if goals < len(brief.goals):
            parts.append(t(lang, "brief.cut_goals", shown=goals, total=len(brief.goals)))
        kept = {goal.goal_id for goal in rows[:goals]}
        between = t(lang, "brief.clause_separator")
        notice = t(lang, "brief.shortened", parts=between.join(parts), full=full_name)
        return render_html(
            replace(
                brief,
                behind=cards,
                behind_left_out=len(brief.behind) - len(cards),
                changes=brief.changes[:changes],
                goals=tuple(goal for goal in brief.goals if goal.goal_id in kept),
                notice=notice,
            )
        )

    changes, goals = len(brief.changes), len(brief.goals)
    bare = _size(page((), changes, goals))
    if bare > BUDGET:  # no room for any card: then fewer changes, then fewer rows
        changes = _most(changes, lambda n: page((), n, goals))
        if _size(page((), changes, goals)) > BUDGET:
            goals = _most(goals, lambda n: page((), 0, n))
        return page((), changes, goals), whole
    # A card's weight is its text and its share of the markup, measured on the whole.
    texts = [len(_card_text(goal)) for goal in brief.behind]
    markup = max(0, (_size(whole) - bare - sum(texts)) // max(len(texts), 1))
    room, cards = BUDGET - bare, []
    for goal, text in zip(brief.behind, texts, strict=True):
        if markup + text <= room:
            cards.append(goal)
            room -= markup + text
    shown = page(tuple(cards), changes, goals)
    while cards and _size(shown) > BUDGET:  # a weight guessed short: one card fewer
        cards.pop()
        shown = page(tuple(cards), changes, goals)
    return shown, whole


def _size(html: str) -> int:
    return len(html.encode("utf-8"))


def _card_text(goal: GoalLine) -> bytes:
    """The text a goal's card shows, as the page carries it (escaped, in UTF-8)."""
    fields = (goal.name, goal.lead, goal.figures, goal.shortfall, goal.needed)
    notes = (goal.problems, goal.next_steps)
    return "".join(str(escape(text)) for text in (*fields, *notes)).encode("utf-8")


def _most(count: int, render: Callable[[int], str]) -> int:
    """The largest n ≤ ``count`` whose page fits ``BUDGET`` (0 when none does): pages
    grow with n, so a binary search finds it in a few renders."""
    low, high = 0, count
    while low < high:
        middle = (low + high + 1) // 2
        if _size(render(middle)) <= BUDGET:
            low = middle
        else:
            high = middle - 1
    return low


def render_text(brief: Brief) -> str:
    """The plain-text part: the same content, for clients that show no HTML."""
    return render_page("brief.txt", brief.lang, brief=brief)
