"""The record of a report's sends (``sent.json`` in its folder): who got which version
when. The update never touches it, so it survives a re-run of the month; the update
compares the new report with the last one sent and warns when they differ.

A send is written down twice: as an attempt (``pending``) just before the message goes to
the server, and as a send once the server has said it took it. An attempt still pending
means an earlier run was killed, or lost the server's answer, after the message may have
gone: the next send refuses without ``--force`` rather than risk a second copy. Attempts
resolved by a forced send are kept under ``unknown``, so the record never forgets one.

A server may take only so many recipients per message: the rest go in further messages of
the same send, and the attempt keeps, as ``missed``, those the server has not yet taken. A
send that stopped part way is recorded with the recipients it ``missed``; the next send of
the same report goes to them alone (its ``envelope``), so nobody gets it twice.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker import jsontext
from tracker.errors import UsageError
from tracker.report.folder import SENT
from tracker.safefile import write_atomically

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
    envelope: list[str] | None = None  # the addresses it went to, when not all of to and cc
    missed: list[str] = field(default_factory=list)  # of those, the ones it did not reach

    @property
    def recipients(self) -> str:
        return ", ".join([*self.to, *self.cc])


@dataclass(frozen=True)
class Record:
    """What ``sent.json`` holds: the sends, the attempt under way or left unresolved, and
    earlier attempts whose outcome was never known."""

    sends: list[Send] = field(default_factory=list)
    pending: Send | None = None
    unknown: list[Send] = field(default_factory=list)


def read_record(folder: Path) -> Record:
    """The folder's record; an empty one when nothing was sent. A record that cannot be
    read is refused: guessing could send the month twice."""
    path = folder / SENT
    if not path.exists():  # not is_file(): a folder in its place is no record of none
        return Record()
    try:
        data: Any = jsontext.loads(path.read_text(encoding="utf-8-sig"))
        if data.get("format") != FORMAT:
            raise ValueError(f"not {FORMAT}")
        return record_from(data)
    except BAD_RECORD as error:
        raise UsageError("report.bad_sends", path=str(path), detail=str(error)) from None


# What reading a record edited into another shape raises.
BAD_RECORD = (OSError, ValueError, KeyError, TypeError, AttributeError)


def record_from(data: Any) -> Record:
    """The record that ``data`` (a record as JSON holds it) is; one of ``BAD_RECORD``
    when it is none."""
    pending = data.get("pending")
    return Record(
        sends=[_send_from(send) for send in _listed(data["sends"])],
        pending=_send_from(pending) if pending is not None else None,
        unknown=[_send_from(send) for send in _listed(data.get("unknown", []))],
    )


def _send_from(entry: Any) -> Send:
    """One entry of the record, each field of its type: a record edited by hand into
    another shape is refused, never half read (a text where a list belongs would be read
    as a list of letters, and the report sent again)."""
    if not isinstance(entry, dict):
        raise ValueError(f"not an entry: {entry!r}")
    send = Send(**entry)  # a field missing or unknown: TypeError
    for name in ("message_id", "time", "subject", "digest"):
        _expect(isinstance(getattr(send, name), str), name)
    for name in ("to", "cc", "missed"):
        _expect(_texts(getattr(send, name)), name)
    _expect(send.envelope is None or _texts(send.envelope), "envelope")
    _expect(isinstance(send.correction, bool), "correction")
    return send


def _listed(value: Any) -> list[Any]:
    _expect(isinstance(value, list), "sends")
    return list(value)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _expect(holds: bool, name: str) -> None:
    if not holds:
        raise ValueError(f"{name} is not of its type")


def read_sends(folder: Path) -> list[Send]:
    """Every send recorded in ``folder``, oldest first; none when nothing was sent."""
    return read_record(folder).sends


def _entry(send: Send) -> dict[str, Any]:
    """``send`` as the record holds it: a send that reached everyone in to and cc, the
    usual case, without the two fields that would say so."""
    entry = dataclasses.asdict(send)
    for name in ("envelope", "missed"):
        if not entry[name]:
            del entry[name]
    return entry


def record_data(record: Record) -> dict[str, Any]:
    """``record`` as JSON holds it."""
    data: dict[str, Any] = {"sends": [_entry(s) for s in record.sends]}
    if record.pending is not None:
        data["pending"] = _entry(record.pending)
    if record.unknown:
        data["unknown"] = [_entry(s) for s in record.unknown]
    return data


def _write(folder: Path, record: Record) -> None:
    data = {"format": FORMAT, **record_data(record)}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    write_atomically(folder / SENT, (text + "\n").encode("utf-8"))  # flushed to the disk


def with_attempt(record: Record, attempt: Send) -> Record:
    """``record`` with ``attempt`` under way: a pending attempt left over from an earlier
    run (sent again with ``--force``) moves to the attempts never known."""
    unknown = [*record.unknown, *([record.pending] if record.pending else [])]
    if record.pending is not None and record.pending.message_id == attempt.message_id:
        unknown = record.unknown  # the same attempt, tried again after a busy server
    return Record(record.sends, attempt, unknown)


def without_attempt(record: Record) -> Record:
    """``record`` with the attempt under way given up: it did not deliver."""
    return Record(record.sends, None, record.unknown)


def with_send(record: Record, send: Send) -> Record:
    """``record`` with ``send`` added, resolving the attempt it was."""
    return Record([*record.sends, send], None, record.unknown)


def begin_attempt(folder: Path, attempt: Send) -> None:
    """Write ``attempt`` down before the message goes."""
    _write(folder, with_attempt(read_record(folder), attempt))


def abandon_attempt(folder: Path) -> None:
    """The attempt under way did not deliver (the server refused it, or the line dropped
    before the whole message had gone): no longer pending."""
    record = read_record(folder)
    if record.pending is not None:
        _write(folder, without_attempt(record))


def record_send(folder: Path, send: Send) -> None:
    """Add ``send`` to the folder's record, resolving the attempt it was."""
    _write(folder, with_send(read_record(folder), send))
