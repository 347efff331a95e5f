"""The few errors pomplan raises. The core raises them; only the CLI prints them."""

from __future__ import annotations


class PomplanError(Exception):
    """Something went wrong that the user can fix. ``exit_code`` 1 unless a subclass says."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageProblem(PomplanError):
    """The command line asked for something that does not exist or is out of range."""

    exit_code = 2


class DataFileError(PomplanError):
    """A rules or content file could not be read or does not have the expected shape."""


class NoMatch(PomplanError):
    """A search (for example ``pomplan faq QUERY``) found nothing."""
