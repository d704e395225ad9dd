"""Exit codes and the errors that carry them.

Errors are data: a message key, its parameters and, where there are several, a list of
problems each with its place. Only the command line turns them into text and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from tracker.i18n import Lang, t


class ExitCode(IntEnum):
    DONE = 0
    INPUT_PROBLEMS = 1  # the user's input has problems, each listed with its place
    USAGE = 2  # usage error, unreadable file or bad template
    NOT_DELIVERED = 3  # the work was done but could not be put in place or delivered


@dataclass(frozen=True)
class Problem:
    """One problem at one place (``goals[ai-labs].target``, ``低空起降点!D17``)."""

    where: str
    key: str
    params: dict[str, object] = field(default_factory=dict)

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
