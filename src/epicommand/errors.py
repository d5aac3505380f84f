"""One error vocabulary for the whole system.

Domain code raises a ``DomainError`` subclass with a stable ``code`` (``app.snake_case``).
The API turns it into an error body and a status, the CLI into one line and an exit code.
This module imports nothing from Django so the pure cores can use it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    """A refusal the user can act on: bad input, a rule of the data, a missing object."""

    code = "domain.error"
    status = 400

    def __init__(self, message: str, *, details: list[dict] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFound(DomainError):
    """Missing and out of the actor's scope answer the same, so scope leaks nothing."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class ValidationFailed(DomainError):
    """Input that breaks a rule; ``details`` lists each problem (row, column, reason)."""

    code = "validation_failed"
    status = 422


@dataclass(frozen=True)
class RowProblem:
    """One problem in an imported file: 1-based row (header is row 1), column name, reason."""

    row: int
    column: str
    reason: str
    severity: str = field(default="error")

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
            "severity": self.severity,
        }

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.reason}"


class ImportRejected(ValidationFailed):
    """A file with at least one bad row: nothing of it was written."""

    code = "import.rejected"

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        summary = f"{len(problems)} problem(s) in the file, nothing imported"
        if first is not None:
            summary += f"; first: {first}"
        super().__init__(summary, details=[p.as_dict() for p in problems])
