"""Exit codes and the one error hierarchy every awscalc failure is reported through.

The CLI turns an :class:`AwscalcError` into a single line on stderr and its exit code;
anything else is a bug (exit 1). See DESIGN.md §6.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The documented process exit codes."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    INVALID_INPUT = 3
    PRICING = 4
    COST_THRESHOLD = 5  # awscalc diff --fail-above: the monthly increase exceeds the limit


class AwscalcError(Exception):
    """Base of every error a user can cause; carries its exit code and an optional hint."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems: list[str] = []  # all problems, one line each, where there are several

    def __str__(self) -> str:
        """The message and hint on one line; text from the input (a file name, a key, a
        value) cannot reach the terminal as a control sequence."""
        from awscalc.safetext import printable

        return printable(f"{self.message} ({self.hint})" if self.hint else self.message)


class UsageError(AwscalcError):
    """Bad command-line usage: a missing file, a directory given as a file, a bad option."""

    exit_code = ExitCode.USAGE


class SpecError(AwscalcError):
    """An invalid spec or input quantity; the message names file, line and JSON path."""

    exit_code = ExitCode.INVALID_INPUT


class PricingError(AwscalcError):
    """A rate card is missing, invalid, or lacks a region or usage key."""

    exit_code = ExitCode.PRICING

    @property
    def missing_rate(self) -> bool:
        """Whether the cards lack a rate ("no price for …"), rather than being unreadable
        or not matching this version of awscalc."""
        return "no price for" in self.message
