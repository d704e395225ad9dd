"""JSON read from what people or other programs could have edited: a workbook's hidden
cells, the files in a report folder.

Whatever is not JSON this tool can read raises ``ValueError``, which every caller already
turns into a located problem. That includes text nested too deep for Python's parser
(``[[[[…`` a few thousand times), which raises ``RecursionError`` instead, and would
otherwise end the run as an internal error.
"""

from __future__ import annotations

import json
from typing import Any


def loads(text: str | bytes) -> Any:
    """The JSON value ``text`` holds; ``ValueError`` when it holds none this tool can read."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply to read") from None
