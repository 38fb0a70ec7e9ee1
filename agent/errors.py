"""Errors a user can act on: each names the field, the value and the fix."""

from __future__ import annotations

from dataclasses import dataclass


class PlaybookError(Exception):
    """Base class for every error cs-playbook reports to a user."""


class InputError(PlaybookError, ValueError):
    """A value in a profile, model or account file that cannot be used.

    It is also a ValueError so that pydantic validators report it against
    the field it came from.
    """

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


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong in an account file: where it is and how to fix it."""

    problem: str
    row: int | None = None
    column: str | None = None
    fix: str = ""

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        prefix = f"{', '.join(where)}: " if where else ""
        suffix = f" {self.fix}" if self.fix else ""
        return f"{prefix}{self.problem}.{suffix}"


class AccountFileError(PlaybookError):
    """An account export that cannot be scored as it stands.

    It carries every problem found (up to a cap) so that a user can fix the
    file in one pass; `problem`, `row`, `column` and `fix` describe the first.
    """

    def __init__(
        self,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        fix: str = "",
        source: str | None = None,
    ) -> None:
        self.problems = [FileProblem(problem, row, column, fix)]
        self.source = source
        self.more = 0
        super().__init__(self.message)

    @classmethod
    def collected(
        cls, problems: list[FileProblem], *, source: str | None = None, more: int = 0
    ) -> AccountFileError:
        """Return one error reporting several problems (and how many were left out)."""
        first = problems[0]
        error = cls(first.problem, row=first.row, column=first.column, fix=first.fix)
        error.problems = list(problems)
        error.source = source
        error.more = more
        error.args = (error.message,)
        return error

    @property
    def problem(self) -> str:
        return self.problems[0].problem

    @property
    def row(self) -> int | None:
        return self.problems[0].row

    @property
    def column(self) -> str | None:
        return self.problems[0].column

    @property
    def fix(self) -> str:
        return self.problems[0].fix

    @property
    def message(self) -> str:
        source = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1 and not self.more:
            return f"{source}{self.problems[0]}"
        total = len(self.problems) + self.more
        lines = [f"{source}{total} problems to fix before the file can be scored:"]
        lines += [f"  - {problem}" for problem in self.problems]
        if self.more:
            lines.append(f"  ... and {self.more} more like these.")
        return "\n".join(lines)


class SettingsError(PlaybookError):
    """A setting that cannot be used: names the setting, the value and the fix.

    The value is shown as the caller gives it; secrets arrive already masked.
    """

    def __init__(self, setting: str, value: str, problem: str, fix: str) -> None:
        self.setting = setting
        self.value = value
        self.problem = problem
        self.fix = fix
        super().__init__(f"setting {setting} = {value}: {problem}. {fix}")
