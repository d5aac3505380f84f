"""``epicommand rt``: R_t from a daily case file, printed as EpiEstim's ``$R`` table.

No Django and no database: the file is read, checked row by row, handed to the pure estimator
and the table printed. Bad rows raise ``ImportRejected`` listing every problem (the header is
row 1); bad parameters raise ``ValidationFailed``. The main CLI turns both into one line.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import click
import numpy as np

from epicommand.analytics.rt import (
    DEFAULT_PRIOR_MEAN,
    DEFAULT_PRIOR_SD,
    DEFAULT_WINDOW,
    RtEstimate,
    estimate_rt,
    estimate_rt_parametric,
    rt_table,
)
from epicommand.analytics.serial_interval import validate_si_distribution
from epicommand.errors import ImportRejected, RowProblem, ValidationFailed


@dataclass(frozen=True)
class DailyCases:
    """A checked daily series: consecutive dates, counts, imported None for date,cases files."""

    dates: list[date]
    local: np.ndarray
    imported: np.ndarray | None


def _read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header (stripped names) and (row number, cells) pairs; the header is row 1."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            values = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
            rows.append((reader.line_num, dict(zip(header, values, strict=False))))
    return header, rows


def _count(value: str, row: int, column: str, problems: list[RowProblem]) -> float:
    """A non-negative whole case count, or a problem recorded and 0 returned."""
    if value == "":
        problems.append(RowProblem(row, column, "missing value"))
        return 0.0
    try:
        number = float(value)
    except ValueError:
        problems.append(RowProblem(row, column, f"not a number: {value!r}"))
        return 0.0
    if not math.isfinite(number) or number != int(number):
        problems.append(RowProblem(row, column, f"not a whole number of cases: {value!r}"))
    elif number < 0:
        problems.append(RowProblem(row, column, f"negative count: {value}"))
    else:
        return number
    return 0.0


def _day(value: str, row: int, previous: date | None, problems: list[RowProblem]) -> date | None:
    """An ISO date exactly one day after the previous row's (no gaps, no repeats)."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        problems.append(RowProblem(row, "date", f"not a date (YYYY-MM-DD): {value!r}"))
        return None
    if previous is not None and day != previous + timedelta(days=1):
        problems.append(
            RowProblem(
                row,
                "date",
                f"{day} is not the day after {previous}: fill missing days (0 cases) "
                "and keep dates in order",
            )
        )
    return day


def _count_columns(header: list[str]) -> tuple[str, ...]:
    """``("cases",)`` or ``("local", "imported")``, or ImportRejected naming the missing column."""
    split = "local" in header or "imported" in header
    wanted = ("date", "local", "imported") if split else ("date", "cases")
    missing = [RowProblem(1, name, "missing column") for name in wanted if name not in header]
    if split and "cases" in header:
        missing.append(RowProblem(1, "cases", "give either cases or local and imported"))
    if missing:
        raise ImportRejected(missing)
    return wanted[1:]


def read_daily_cases(path: Path) -> DailyCases:
    """Read ``date,cases`` or ``date,local,imported``; every bad row is listed in one refusal."""
    header, rows = _read_table(path)
    columns = _count_columns(header)
    if not rows:
        raise ImportRejected([RowProblem(2, "date", "no data rows")])
    problems: list[RowProblem] = []
    dates: list[date] = []
    counts: list[list[float]] = []
    previous: date | None = None
    for row, cells in rows:
        previous = _day(cells["date"], row, previous, problems)
        dates.append(previous or date.min)
        counts.append([_count(cells[name], row, name, problems) for name in columns])
    if problems:
        raise ImportRejected(problems)
    table = np.array(counts, dtype=float)
    return DailyCases(dates, table[:, 0], table[:, 1] if table.shape[1] == 2 else None)


def read_si_distribution(path: Path) -> np.ndarray:
    """Read a ``k,w`` file (k = 0, 1, 2, ... in order, w = 0 at k = 0) and check it."""
    header, rows = _read_table(path)
    missing = [RowProblem(1, name, "missing column") for name in ("k", "w") if name not in header]
    if missing:
        raise ImportRejected(missing)
    problems: list[RowProblem] = []
    weights: list[float] = []
    for expected_k, (row, cells) in enumerate(rows):
        if cells["k"] != str(expected_k):
            problems.append(RowProblem(row, "k", f"expected {expected_k}, got {cells['k']!r}"))
        try:
            weight = float(cells["w"])
        except ValueError:
            problems.append(RowProblem(row, "w", f"not a number: {cells['w']!r}"))
            weight = 0.0
        if not math.isfinite(weight) or weight < 0:
            problems.append(RowProblem(row, "w", f"must be a finite number >= 0: {cells['w']}"))
        elif expected_k == 0 and weight != 0:
            problems.append(RowProblem(row, "w", "w must be 0 at k = 0 (no same-day transmission)"))
        weights.append(weight)
    if not rows:
        problems.append(RowProblem(2, "k", "no data rows"))
    if problems:
        raise ImportRejected(problems)
    return validate_si_distribution(np.array(weights))


def _estimate(
    cases: DailyCases,
    si_mean: float | None,
    si_sd: float | None,
    si_distr: Path | None,
    *,
    window: int,
    prior_mean: float,
    prior_sd: float,
) -> RtEstimate:
    """Parametric SI from mean and sd, or the given distribution; never both."""
    if si_distr is not None:
        if si_mean is not None or si_sd is not None:
            raise ValidationFailed("give either --si-distr or --si-mean/--si-sd, not both")
        w = read_si_distribution(si_distr)
        return estimate_rt(
            cases.local,
            w,
            imported=cases.imported,
            window=window,
            prior_mean=prior_mean,
            prior_sd=prior_sd,
        )
    if si_mean is None or si_sd is None:
        raise ValidationFailed("give --si-mean and --si-sd, or --si-distr")
    return estimate_rt_parametric(
        cases.local,
        si_mean,
        si_sd,
        imported=cases.imported,
        window=window,
        prior_mean=prior_mean,
        prior_sd=prior_sd,
    )


def _render(rows: list[dict], fmt: str) -> str:
    """CSV (EpiEstim column names) or a JSON list of objects."""
    if fmt == "json":
        return json.dumps(rows, indent=2)
    out = io.StringIO()
    names = list(rows[0]) if rows else ["t_start", "t_end"]
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


ESTIMATION_OPTIONS = (
    click.option("--si-mean", type=float, help="Mean serial interval in days (offset gamma, > 1)."),
    click.option("--si-sd", type=float, help="Standard deviation of the serial interval (> 0)."),
    click.option(
        "--si-distr",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="With FILE: CSV k,w of a discrete serial interval (k = 0, 1, ...; w = 0 at k = 0).",
    ),
    click.option("--window", type=int, default=DEFAULT_WINDOW, show_default=True),
    click.option("--prior-mean", type=float, default=DEFAULT_PRIOR_MEAN, show_default=True),
    click.option("--prior-sd", type=float, default=DEFAULT_PRIOR_SD, show_default=True),
    click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv"),
)


def estimation_options(command: Callable) -> Callable:
    """The options of every ``epicommand rt`` (from a file here, from the database in
    ``modelling.cli``): the serial interval, the window, the prior and the output format,
    declared once so the two modes cannot drift apart."""
    for option in reversed(ESTIMATION_OPTIONS):
        command = option(command)
    return command


@click.command("rt")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@estimation_options
def rt(
    file: Path,
    si_mean: float | None,
    si_sd: float | None,
    si_distr: Path | None,
    window: int,
    prior_mean: float,
    prior_sd: float,
    fmt: str,
) -> None:
    """Estimate R_t (Cori et al. 2013, EpiEstim estimate_R) from FILE.

    FILE is a CSV with date,cases or date,local,imported, one row per consecutive day; the
    first day's cases count as imported. One row per sliding window, days numbered from 1.
    """
    cases = read_daily_cases(file)
    est = _estimate(
        cases, si_mean, si_sd, si_distr, window=window, prior_mean=prior_mean, prior_sd=prior_sd
    )
    for note in est.warnings:
        click.echo(f"warning: {note}", err=True)
    dates = [day.isoformat() for day in cases.dates]
    click.echo(_render(rt_table(est, dates), fmt))
