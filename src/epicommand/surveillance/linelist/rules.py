"""The rules one line-list row must keep. Pure: no database, no Django.

A row is checked on its own (every cell, then the cells against each other); the rules that
need the database (a case_id already used, the file's duplicates across chunks) live in
``store``. Dates stay ISO strings: once a cell is known to be a real ``YYYY-MM-DD`` date, string
order is date order, and a million rows need no million ``date`` objects.

Rules (the README repeats them for users):

- ``case_id``: required, at most 64 characters, once per file.
- ``area_code``: an area in your scope that files daily reports and keeps a line list.
- ``report_date``: required; ``onset_date`` optional. Dates are ``YYYY-MM-DD``, never in the
  future, and ``onset_date <= report_date``.
- ``status``: suspected, confirmed, negative, recovered or died.
- ``confirmed_date``: required when confirmed, allowed when recovered or died (a fever case can
  recover or die unconfirmed, as most did in the 2022 outbreak), empty when suspected or
  negative; on or after the report date.
- ``outcome_date``: required when negative, recovered or died, empty otherwise; on or after the
  report date and the confirmed date.
- ``sex``: f, m, u or empty (unknown); ``medical_worker``: yes/no/true/false/1/0 or empty (no).
- ``age_group`` (up to 10 characters) and ``treatment_centre`` (up to 100) are free text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from operator import itemgetter

COLUMNS = (
    "case_id",
    "area_code",
    "onset_date",
    "report_date",
    "status",
    "confirmed_date",
    "outcome_date",
    "age_group",
    "sex",
    "medical_worker",
    "treatment_centre",
)
STATUSES = ("suspected", "confirmed", "negative", "recovered", "died")
ENDED = frozenset({"negative", "recovered", "died"})  # no longer under treatment
CONFIRMED_ALLOWED = frozenset({"confirmed", "recovered", "died"})
STATUS = {s: s for s in STATUSES}
SEX = {"f": "f", "m": "m", "u": "u", "": "u"}
MEDICAL_WORKER = {"yes": True, "no": False, "true": True, "false": False, "1": True, "0": False}
MEDICAL_WORKER[""] = False
MAX_LENGTH = {"case_id": 64, "age_group": 10, "treatment_centre": 100}
MAX_LISTED = 1000  # problems listed in full; the rest are only counted
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BAD_BYTE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a non-UTF-8 byte

# The row as the database takes it: case_id, area_id, onset_on, reported_on, status,
# confirmed_on, outcome_on, age_group, sex, is_medical_worker, treatment_centre.
CaseValues = tuple


@dataclass
class Problems:
    """Every problem is counted; the first ``MAX_LISTED`` are kept with row, column, reason."""

    listed: list[tuple[int, str, str]] = field(default_factory=list)
    count: int = 0

    def add(self, row: int, column: str, reason: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append((row, column, reason))

    def extend(self, other: Problems) -> None:
        room = MAX_LISTED - len(self.listed)
        self.listed.extend(other.listed[: max(room, 0)])
        self.count += other.count


@dataclass
class CheckedChunk:
    """The good rows of a chunk of the file, with their row numbers and the chunk's problems.

    ``starts`` is each area's earliest report date in the chunk and ``last_day`` the latest
    date of any kind: the days whose daily counts the chunk can change.
    """

    values: list[CaseValues] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    starts: dict[int, str] = field(default_factory=dict)
    last_day: str = ""
    bytes_read: int = 0


class RowRules:
    """Checks rows against the rules; ``areas`` maps the codes that may take cases to ids.

    ``refused`` maps codes that exist but may not take cases to the reason (shown as is);
    any other code is unknown. ``order`` gives the file's column index of each of ``COLUMNS``.

    A row takes the fast path when every cell is one already seen to be good (dictionary
    look-ups, string comparisons); anything else, or any rule broken, goes to ``check``,
    which looks at each cell with care, lists every problem, and learns the new good dates.
    """

    def __init__(
        self, *, areas: dict[str, int], refused: dict[str, str], today: dt.date, order: list[int]
    ) -> None:
        self.areas = areas
        self.refused = refused
        self.today = today.isoformat()
        self.pick = itemgetter(*order)
        self.width = max(order) + 1
        self.dates: dict[str, str | None] = {"": None}  # cell text -> canonical good date

    def check_chunk(
        self, rows: list[tuple[int, list[str]]], *, bytes_read: int = 0, check_bytes: bool = False
    ) -> CheckedChunk:
        """``check_bytes``: the file has shown a byte that is not UTF-8, so look for it."""
        chunk = CheckedChunk(bytes_read=bytes_read)
        seen: dict[str, int] = {}
        starts, last_day = chunk.starts, chunk.last_day
        problems, width, pick, fast = chunk.problems, self.width, self.pick, self.fast
        for number, cells in rows:
            if len(cells) != width:
                if cells:  # a blank line is skipped
                    problems.add(number, "-", f"{len(cells)} fields, but the header has {width}")
                continue
            if check_bytes and self._bad_bytes(number, cells, problems):
                continue
            values = fast(pick(cells)) or self.check(number, pick(cells), problems)
            if values is None:
                continue
            first = seen.setdefault(values[0], number)
            if first != number:
                problems.add(
                    number, "case_id", f"duplicate case_id {values[0]!r} (first on row {first})"
                )
                continue
            if values[3] < starts.get(values[1], "9999"):
                starts[values[1]] = values[3]
            last_day = max(last_day, values[6] or values[5] or values[3])
            chunk.values.append(values)
            chunk.numbers.append(number)
        chunk.last_day = last_day
        return chunk

    def fast(self, cells: tuple) -> CaseValues | None:
        """The row's values when every cell is a known good one and every rule holds."""
        case_id, code, onset, report, status, confirmed, outcome, age, sex, worker, centre = cells
        case_id, age, centre = case_id.strip(), age.strip(), centre.strip()
        dates = self.dates
        area = self.areas.get(code)
        onset, report = dates.get(onset, False), dates.get(report)
        confirmed, outcome = dates.get(confirmed, False), dates.get(outcome, False)
        status, sex, worker = STATUS.get(status), SEX.get(sex), MEDICAL_WORKER.get(worker)
        if (
            area is None
            or not report
            or onset is False
            or confirmed is False
            or outcome is False
            or status is None
            or sex is None
            or worker is None
            or not 0 < len(case_id) <= 64
            or len(age) > 10
            or len(centre) > 100
        ):
            return None
        values = (case_id, area, onset, report, status, confirmed, outcome, age, sex, worker,
                  centre)  # fmt: skip
        return values if consistent(values) else None

    def _bad_bytes(self, number: int, cells: list[str], problems: Problems) -> bool:
        found = False
        for column, cell in zip(COLUMNS, self.pick(cells), strict=True):
            match = BAD_BYTE.search(cell)
            if match:
                byte = ord(match.group()) - 0xDC00
                problems.add(number, column, f"not valid UTF-8 (byte 0x{byte:02x})")
                found = True
        return found

    def check(self, number: int, cells: tuple, problems: Problems) -> CaseValues | None:
        """The row's values for the database, or None after adding every problem it has."""
        case_id, code, onset, report, status, confirmed, outcome, age, sex, worker, centre = cells
        before = problems.count
        case_id = case_id.strip()
        area = self._area(number, code, problems)
        onset = self._date(number, "onset_date", onset, problems)
        report = self._date(number, "report_date", report, problems, required=True)
        confirmed = self._date(number, "confirmed_date", confirmed, problems)
        outcome = self._date(number, "outcome_date", outcome, problems)
        status = STATUS.get(status.strip().lower())
        sex = SEX.get(sex.strip().lower())
        worker = self._worker(number, worker, problems)
        self._cells(number, case_id, status, sex, cells, problems)
        if problems.count > before:
            return None
        values = (case_id, area, onset, report, status, confirmed, outcome, age.strip(), sex,
                  worker, centre.strip())  # fmt: skip
        return values if consistent(values, number, problems) else None

    def _cells(self, number, case_id, status, sex, cells, problems: Problems) -> None:
        if not case_id:
            problems.add(number, "case_id", "case_id is empty")
        if status is None:
            problems.add(number, "status", f"{cells[4]!r} is not one of {', '.join(STATUSES)}")
        if sex is None:
            problems.add(number, "sex", f"{cells[8]!r} is not f, m, u or empty")
        for column, index in (("case_id", 0), ("age_group", 7), ("treatment_centre", 10)):
            limit = MAX_LENGTH[column]
            if len(cells[index].strip()) > limit:
                problems.add(number, column, f"longer than {limit} characters")

    def _area(self, number: int, code: str, problems: Problems) -> int | None:
        code = code.strip()
        if code in self.areas:
            return self.areas[code]
        reason = self.refused.get(code, f"unknown area code {code!r}")
        problems.add(number, "area_code", reason)
        return None

    def _date(
        self, number: int, column: str, text: str, problems: Problems, required: bool = False
    ) -> str | None:
        """The canonical date of a cell (remembered for the fast path), or None."""
        stripped = text.strip()
        if not stripped:
            if required:
                problems.add(number, column, f"{column} is empty")
            return None
        try:
            day = dt.date.fromisoformat(stripped) if _ISO_DATE.match(stripped) else None
        except ValueError:
            day = None
        if day is None:
            problems.add(number, column, f"{text!r} is not a YYYY-MM-DD date")
            return None
        canonical = day.isoformat()
        if canonical > self.today:
            problems.add(number, column, f"{canonical} is in the future")
            return None
        self.dates[text] = canonical
        return canonical

    def _worker(self, number: int, text: str, problems: Problems) -> bool | None:
        worker = MEDICAL_WORKER.get(text.strip().lower())
        if worker is None:
            problems.add(number, "medical_worker", f"{text!r} is not yes, no or empty")
        return worker


def consistent(values: CaseValues, number: int = 0, problems: Problems | None = None) -> bool:
    """Status against dates, and dates against each other. Without ``problems`` it only
    answers (the fast path); with them it lists every broken rule."""
    _id, _area, onset, report, status, confirmed, outcome = values[:7]
    broken: list[tuple[str, str]] = []
    if onset and onset > report:
        broken.append(("onset_date", f"onset {onset} is after the report {report}"))
    if status in ENDED and not outcome:
        broken.append(("outcome_date", f"outcome_date is required when {status}"))
    elif outcome and status not in ENDED:
        broken.append(("outcome_date", f"a {status} case has no outcome_date yet"))
    if status == "confirmed" and not confirmed:
        broken.append(("confirmed_date", "confirmed_date is required when confirmed"))
    elif confirmed and status not in CONFIRMED_ALLOWED:
        broken.append(("confirmed_date", f"a {status} case has no confirmed_date"))
    if confirmed and confirmed < report:
        broken.append(("confirmed_date", f"{confirmed} is before the report {report}"))
    if outcome and outcome < (confirmed or report):
        broken.append(("outcome_date", f"{outcome} is before {confirmed or report}"))
    if problems is not None:
        for column, reason in broken:
            problems.add(number, column, reason)
    return not broken
