"""Exit codes and the errors that carry them.

Errors are data: a message key, its parameters and, where there are several, a list of
problems each with its place. Only the command line turns them into text and exit codes.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from enum import IntEnum

from tracker.excel import CellValue, ErrorValue, as_text
from tracker.i18n import Lang, Msg, t


class ExitCode(IntEnum):
    DONE = 0
    INPUT_PROBLEMS = 1  # the user's input has problems, each listed with its place
    USAGE = 2  # usage error, unreadable file or bad template
    NOT_DELIVERED = 3  # the work was done but could not be put in place or delivered


@dataclass(frozen=True)
class Problem:
    """One problem at one place (``goals[ai-labs].target``, ``低空起降点!D17``). Errors stop
    what they concern; warnings are reported and let it go on."""

    where: str
    key: str
    params: dict[str, object] = field(default_factory=dict)
    severity: str = "error"

    @property
    def code(self) -> str:
        """The kind of problem, as tests and other programs name it: ``not_choice``."""
        return self.key.rsplit(".", 1)[-1]

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def message(self, lang: Lang) -> str:
        return f"{self.where}: {t(lang, self.key, **self.params)}"


class TrackerError(Exception):
    """A failure the user can act on; ``message`` says what happened and what to do."""

    exit_code = ExitCode.USAGE

    def __init__(self, key: str, problems: tuple[Problem, ...] = (), **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.problems = problems
        self.lang: Lang | None = None  # the workbook's language, once it is known

    def message(self, lang: Lang) -> str:
        return t(lang, self.key, **self.params)


class UsageError(TrackerError):
    """Bad arguments, an unreadable file or a bad template: exit 2."""


class TemplateError(UsageError):
    """A template with problems; each problem names its goal or register by id."""


class InputError(TrackerError):
    """What people typed into a workbook has problems: exit 1."""

    exit_code = ExitCode.INPUT_PROBLEMS


class NotDeliveredError(TrackerError):
    """The work was done but could not be put in place: exit 3."""

    exit_code = ExitCode.NOT_DELIVERED


def os_reason(error: OSError) -> Msg | str:
    """Why the system refused, in the user's language where it is a common reason."""
    if error.errno in (errno.EACCES, errno.EPERM):
        return Msg("reason.denied")
    if error.errno == errno.ENOSPC:
        return Msg("reason.disk_full")
    if error.errno == errno.EDQUOT:  # a file server's quota for the user
        return Msg("reason.quota")
    if error.errno == errno.EFBIG:  # FAT32 holds at most 4 GB in a file
        return Msg("reason.too_big")
    if error.errno == errno.ENOENT:
        return Msg("reason.no_folder")
    if error.errno == errno.ENAMETOOLONG:
        return Msg("reason.name_too_long")
    if error.errno == errno.EISDIR:
        return Msg("reason.is_folder")
    if error.errno == errno.ENOTDIR:
        return Msg("reason.not_folder")
    if error.errno == errno.EROFS:
        return Msg("reason.read_only_disk")
    if error.errno == errno.EEXIST:  # a folder to be made where a file is
        return Msg("reason.not_folder")
    return error.strerror or type(error).__name__


# What the system says when the path given is wrong (a folder inside a file, a folder
# that cannot be made): the user's to change, not a file held open to close and retry.
WRONG_PATH = {errno.ENOENT, errno.ENOTDIR, errno.EEXIST, errno.EISDIR, errno.ENAMETOOLONG}


def cannot_write(path: object, error: OSError) -> TrackerError:
    """The error for an output (an export, a roll-up) the system would not write at
    ``path``: a wrong path is a usage error (exit 2); anything else, a disk full or a file
    held open, is the delivery's (exit 3)."""
    if error.errno in WRONG_PATH:
        return UsageError("export.wrong_path", path=str(path), reason=os_reason(error))
    return NotDeliveredError("export.unwritable", path=str(path), reason=os_reason(error))


def folder_refused(folder: object, error: OSError) -> TrackerError:
    """The error for a folder the system would not make: ``cli.cannot_write``, a usage
    error (exit 2) for a wrong path, and the delivery's (exit 3) for anything else (a
    full or read-only disk), as the update says of the same disk."""
    kind = UsageError if error.errno in WRONG_PATH else NotDeliveredError
    return kind("cli.cannot_write", path=str(folder), reason=os_reason(error))


SHOWN_LIMIT = 60  # characters of a value a message quotes


def shown(value: CellValue) -> str:
    """A cell's value as a message quotes it: text in quotes, anything else (an error
    value too) as a spreadsheet shows it (2025-06-30, 14:30, 30:00:00, #N/A); a long
    text by its beginning."""
    if isinstance(value, str) and not isinstance(value, ErrorValue):
        return '"' + clipped(value).translate(VISIBLE) + '"'
    return clipped(as_text(value))


# Control characters as the symbols that stand for them (a line break as ␊, an escape as
# ␛): quoted in a message they would break its line, or be taken by a terminal as a
# command, and "ab\x1b[31m" and "ab[31m" would look the same on either side of an arrow.
VISIBLE = (
    {code: 0x2400 + code for code in range(0x20)}
    | {0x7F: 0x2421}
    | {code: f"\\x{code:02x}" for code in range(0x80, 0xA0)}
)


def clipped(text: str) -> str:
    """``text``, or its beginning and how long it is, when it is too long to quote whole."""
    if len(text) <= SHOWN_LIMIT:
        return text
    return f"{text[: SHOWN_LIMIT - 20]}…({len(text):,})"
