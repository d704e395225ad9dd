"""A choice carried from one template to another by its name (``tracker init --carry-over``
and ``tracker update --template``): a value becomes the new column's choice whose Chinese
or English name is the old choice's, so a stage renamed in one language follows by the
other."""

from __future__ import annotations

from tracker.excel import CellValue, as_text, folded
from tracker.i18n import Lang
from tracker.template.spec import Column, Label


def _labels(label: Label) -> set[str]:
    return {folded(label.zh), *([folded(label.en)] if label.en else [])}


def carried_choice(
    value: CellValue, before: Column | None, column: Column, lang: Lang
) -> str | None:
    """The new column's choice for ``value``, in ``lang``: the one named as the old choice
    ``value`` is (by its Chinese name, else its English one), or, when the old column had
    no such choice, the one ``value`` itself names; None when there is none."""
    typed = folded(as_text(value))
    was = next((c for c in before.choices if typed in _labels(c)), None) if before else None
    if was is not None:
        by_name = next((c for c in column.choices if folded(c.zh) == folded(was.zh)), None)
        by_english = next(
            (c for c in column.choices if c.en and was.en and folded(c.en) == folded(was.en)),
            None,
        )
        found = by_name or by_english
        if found is not None:
            return found.get(lang)
    named = next((c for c in column.choices if typed in _labels(c)), None)
    return named.get(lang) if named is not None else None
