"""The record of a report's sends (``sent.json`` in its folder): who got which version
when. The update never touches it, so it survives a re-run of the month; the update
compares the new report with the last one sent and warns when they differ."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.errors import UsageError
from tracker.files import write_atomically

SENT = "sent.json"
FORMAT = "tracker-sent/1"


@dataclass(frozen=True)
class Send:
    message_id: str
    time: str  # ISO 8601 with the local offset
    to: list[str]
    cc: list[str]
    subject: str
    digest: str  # of the report as it was sent
    correction: bool = False

    @property
    def recipients(self) -> str:
        return ", ".join([*self.to, *self.cc])


def read_sends(folder: Path) -> list[Send]:
    """Every send recorded in ``folder``, oldest first; none when nothing was sent. A
    record that cannot be read is refused: guessing could send the month twice."""
    path = folder / SENT
    if not path.exists():  # not is_file(): a folder in its place is no record of none
        return []
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"not {FORMAT}")
        return [Send(**send) for send in data["sends"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise UsageError("report.bad_sends", path=str(path), detail=str(error)) from None


def record_send(folder: Path, send: Send) -> None:
    """Add ``send`` to the folder's record."""
    sends = [*read_sends(folder), send]
    data = {"format": FORMAT, "sends": [dataclasses.asdict(s) for s in sends]}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    write_atomically(folder / SENT, (text + "\n").encode("utf-8"))
