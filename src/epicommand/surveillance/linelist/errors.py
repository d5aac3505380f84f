"""The line list's refusals."""

from __future__ import annotations

from epicommand.errors import ImportRejected, RowProblem


class CaseImportRejected(ImportRejected):
    """A line list with bad rows, nothing of it written. A million-row file can have a million
    problems: the first ones are listed (row, column, reason) and all of them are counted."""

    def __init__(self, problems: list[RowProblem], total: int) -> None:
        super().__init__(problems)
        self.total = total
        if total > len(problems):
            self.message = (
                f"{total} problem(s) in the file, the first {len(problems)} listed, "
                f"nothing imported; first: {problems[0]}"
            )
            self.args = (self.message,)
