"""Errors a user can act on: each names the field, the value and the fix."""

from __future__ import annotations


class PlaybookError(Exception):
    """Base class for every error cs-playbook reports to a user."""


class InputError(PlaybookError):
    """A value in a profile, model or account file that cannot be used."""

    def __init__(
        self,
        field: str,
        value: object,
        problem: str,
        fix: str,
        *,
        location: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.problem = problem
        self.fix = fix
        self.location = location
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.field} = {self.value!r}: {self.problem}. {self.fix}"


class HealthModelError(PlaybookError):
    """A health model that breaks one of the model's rules."""


class AccountFileError(PlaybookError):
    """An account export that cannot be scored as it stands."""

    def __init__(
        self,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        fix: str = "",
    ) -> None:
        self.problem = problem
        self.row = row
        self.column = column
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        prefix = f"{', '.join(where)}: " if where else ""
        suffix = f" {self.fix}" if self.fix else ""
        return f"{prefix}{self.problem}.{suffix}"
