"""``epicommand rt | forecast | backtest | simulate | demand``: models from the command line.

They run as the system actor (the whole tree in scope) and store their runs like the API
does. ``rt`` keeps its no-database mode: with a FILE it is exactly ``analytics.cli.rt``;
with ``--area`` it reads the database. Long work shows a Rich progress bar on stderr; every
refusal is one line (``error: ...``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import click

from epicommand.analytics.cli import estimation_options
from epicommand.analytics.cli import rt as rt_from_file
from epicommand.web.cli import day_option, moment_option, out, progress, setup_django

LOCKDOWN = re.compile(r"^(?P<areas>[^:]+):(?P<day>\d+):(?P<trans>[\d.]+)%?:(?P<move>[\d.]+)%?$")


def _setup():
    """Set Django up; return the day a run is for when none is given (the last reported)."""
    setup_django()
    from epicommand.surveillance.selectors import default_as_of

    return default_as_of


def _print(text: str) -> None:
    click.echo(text.rstrip("\n"))


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


def _table(title: str, header: list[str], rows: list[list]) -> None:
    from rich.table import Table

    table = Table(title=title)
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*(str(v) for v in row))
    out.print(table)


def _run_line(run) -> str:
    known = run.inputs_known_at.isoformat(timespec="seconds")
    seed = run.parameters.get("seed", "-")
    return (
        f"run {run.pk}: {run.kind} of {run.area.code} as of {run.as_of}, "
        f"inputs as known at {known}, seed {seed}"
    )


def _warn(run) -> None:
    for note in run.warnings:
        click.echo(f"warning: {note}", err=True)


@click.command("rt")
@click.argument(
    "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--area", "area_code", help="Read the area's daily series from the database.")
@click.option("--as-of", callback=day_option, help="With --area: the last day (default today).")
@click.option("--known-at", callback=moment_option, help="With --area: only what was known then.")
@estimation_options
@click.pass_context
def rt(
    ctx: click.Context, file: Path | None, area_code: str | None, as_of, known_at, **options
) -> None:
    """Estimate R_t (Cori et al. 2013, EpiEstim estimate_R) from FILE, or from the database
    with --area CODE [--as-of D] [--known-at T].

    FILE is a CSV with date,cases or date,local,imported, one row per consecutive day; no
    database is needed then. With --area the run is stored and its windows printed."""
    if (file is None) == (area_code is None):
        raise click.UsageError("give a FILE or --area CODE (not both)")
    if file is not None:
        if as_of or known_at:
            raise click.UsageError("--as-of and --known-at go with --area")
        ctx.invoke(rt_from_file, file=file, **options)
        return
    if options.pop("si_distr") is not None:
        raise click.UsageError("--si-distr goes with FILE; give --si-mean/--si-sd with --area")
    default_as_of = _setup()
    from epicommand.modelling.enums import Via
    from epicommand.modelling.services import run_rt

    fmt = options.pop("fmt")
    run = run_rt(
        actor=None,
        area_code=area_code,
        as_of=as_of or default_as_of(),
        parameters=options,
        known_at=known_at,
        via=Via.CLI,
    )
    _warn(run)
    click.echo(_run_line(run), err=True)
    windows = run.summary["windows"]
    _print(json.dumps(windows, indent=2) if fmt == "json" else _csv(windows))


def _forecast_rows(summary: dict) -> list[dict]:
    rows = []
    series = {summary["area"]: summary["own"], **summary["areas"]}
    for code, bands in series.items():
        for i, day in enumerate(summary["dates"]):
            rows.append({"area": code, "date": day, **{k: v[i] for k, v in bands.items()}})
    return rows


@click.command("forecast")
@click.option("--area", "area_code", required=True, help="Area code, e.g. KP or KP-02.")
@click.option("--as-of", callback=day_option, help="The last day of data (default today).")
@click.option("--known-at", callback=moment_option, help="Only what was known then (ISO 8601).")
@click.option("--horizon", type=int, default=28, show_default=True)
@click.option("--paths", type=int, default=1000, show_default=True)
@click.option("--seed", type=int, default=None, help="Random seed (default: a fixed one).")
@click.option("--figure", type=click.Choice(["new_fever", "new_confirmed"]), default="new_fever")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
def forecast(area_code: str, as_of, known_at, fmt: str, **options) -> None:
    """Forecast new cases 1 to 28 days ahead (renewal equation driven by the Rt posterior)
    for the area and every reporting area under it; store the run."""
    default_as_of = _setup()
    from epicommand.modelling.enums import Via
    from epicommand.modelling.services import run_forecast

    bar, _step = progress("forecasting")
    with bar:
        run = run_forecast(
            actor=None,
            area_code=area_code,
            as_of=as_of or default_as_of(),
            parameters=options,
            known_at=known_at,
            via=Via.CLI,
        )
    _warn(run)
    click.echo(_run_line(run), err=True)
    if fmt == "json":
        _print(json.dumps(run.summary, indent=2))
    elif fmt == "csv":
        _print(_csv(_forecast_rows(run.summary)))
    else:
        own, dates = run.summary["own"], run.summary["dates"]
        rows = [
            [
                d,
                f"{own['median'][i]:,.0f}",
                f"{own['lower_50'][i]:,.0f}–{own['upper_50'][i]:,.0f}",
                f"{own['lower_90'][i]:,.0f}–{own['upper_90'][i]:,.0f}",
            ]
            for i, d in enumerate(dates)
        ]
        _table(
            f"Forecast of {run.summary['figure']}, {area_code}",
            ["date", "median", "50 % interval", "90 % interval"],
            rows,
        )


@click.command("backtest")
@click.option("--area", "area_code", required=True, help="Area code, e.g. KP or KP-02.")
@click.option("--as-of", callback=day_option, help="The last day of data (default today).")
@click.option("--from", "origins_from", callback=day_option, help="First forecast day to replay.")
@click.option("--to", "origins_to", callback=day_option, help="Last forecast day to replay.")
@click.option("--horizon", type=int, default=14, show_default=True)
@click.option("--step", type=int, default=7, show_default=True)
@click.option("--max-origins", type=int, default=8, show_default=True)
@click.option("--paths", type=int, default=1000, show_default=True)
@click.option("--seed", type=int, default=None)
@click.option("--history-days", type=int, default=120, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def backtest(area_code: str, as_of, fmt: str, **options) -> None:
    """Replay the history: forecast from past days with only the data known up to each, and
    print each method's weighted interval score and 50 %/90 % coverage."""
    default_as_of = _setup()
    from epicommand.modelling.blocks import method_label
    from epicommand.modelling.enums import Via
    from epicommand.modelling.services import run_backtest

    bar, step = progress("backtesting")
    with bar:
        run = run_backtest(
            actor=None,
            area_code=area_code,
            as_of=as_of or default_as_of(),
            parameters=options,
            via=Via.CLI,
            progress=step,
        )
    _warn(run)
    click.echo(_run_line(run), err=True)
    s = run.summary
    if fmt == "json":
        _print(json.dumps(s, indent=2))
        return
    rows = [
        [
            method_label(m),
            f"{s['mean_wis'][m]:,.1f}",
            f"{s['relative_wis'][m]:.2f}",
            f"{s['coverage_50'][m]:.0%}",
            f"{s['coverage_90'][m]:.0%}",
        ]
        for m in s["methods"]
    ]
    title = (
        f"Backtest of {s['horizon']}-day forecasts, {area_code}: {len(s['origins'])} "
        f"origins {s['origins'][0]} to {s['origins'][-1]}"
    )
    _table(title, ["method", "WIS", "relative", "50 % coverage", "90 % coverage"], rows)


def parse_lockdown(text: str) -> dict:
    """``CODE,CODE:DAY:TRANS%:MOVE%`` as the API's lockdown object."""
    found = LOCKDOWN.match(text.strip())
    if not found:
        raise click.BadParameter(f"expected CODE,CODE:DAY:TRANS%:MOVE%, got {text!r}")
    return {
        "areas": [c.strip() for c in found["areas"].split(",") if c.strip()],
        "day": int(found["day"]),
        "transmission": float(found["trans"]),
        "movement": float(found["move"]),
    }


def _lockdowns(ctx, param, values: tuple[str, ...]) -> list[dict]:
    return [parse_lockdown(v) for v in values]


def _compare(ctx, param, values: tuple[str, ...]) -> dict:
    """``lockdown:CODE,CODE:DAY:TRANS%:MOVE%`` or ``border-closure:DAY``, repeatable."""
    chosen: dict = {"compare_lockdowns": []}
    for value in values:
        kind, _, rest = value.partition(":")
        if kind == "lockdown":
            chosen["compare_lockdowns"].append(parse_lockdown(rest))
        elif kind == "border-closure" and rest.isdigit():
            chosen["compare_border_closure_day"] = int(rest)
        else:
            raise click.BadParameter(
                f"expected lockdown:CODES:DAY:TRANS%:MOVE% or border-closure:DAY, got {value!r}"
            )
    return chosen


def _scenario_table(run) -> None:
    from epicommand.modelling.blocks import ScenarioBlock, run_meta

    block = ScenarioBlock(run_meta(run), run.summary)
    rows = [
        [r["name"], r["cases"], r["cases_90"], r["deaths"], r["deaths_90"]] for r in block.totals()
    ]
    title = (
        f"{len(run.summary['dates'])} days from {run.as_of}, {run.summary['areas_modelled']} areas"
    )
    _table(title, ["scenario", "cases", "90 % interval", "deaths", "90 % interval"], rows)
    click.echo(block.chance())


@click.command("simulate")
@click.option(
    "--area", "area_code", required=True, help="Area code: its reporting areas are modelled."
)
@click.option(
    "--as-of", callback=day_option, help="The day the scenarios start from (default today)."
)
@click.option("--days", type=int, default=180, show_default=True)
@click.option("--runs", type=int, default=1000, show_default=True)
@click.option("--seed", type=int, default=None)
@click.option("--r0", type=float, default=None, help="Default: from the area's Rt estimate.")
@click.option(
    "--lockdown",
    "lockdowns",
    multiple=True,
    callback=_lockdowns,
    help="CODE,CODE:DAY:TRANS%:MOVE%, e.g. KP-01,KP-02:10:50:30; repeatable.",
)
@click.option("--border-closure", "border_closure_day", type=int, default=None, help="Day.")
@click.option("--beds-per-100k", type=float, default=None, help="Treatment beds per 100,000.")
@click.option(
    "--compare",
    "compare",
    multiple=True,
    callback=_compare,
    help="The scenario to compare with (default: no intervention): "
    "lockdown:CODES:DAY:T%:M% or border-closure:DAY; repeatable.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def simulate(area_code: str, as_of, fmt: str, compare: dict, **options) -> None:
    """Simulate two scenarios over the area's reporting areas (stochastic metapopulation
    SEIR, run-paired): your interventions against no intervention, or --compare."""
    default_as_of = _setup()
    from epicommand.modelling.enums import Via
    from epicommand.modelling.services import run_scenario

    bar, step = progress("simulating")
    with bar:
        run = run_scenario(
            actor=None,
            area_code=area_code,
            as_of=as_of or default_as_of(),
            parameters=options | compare,
            via=Via.CLI,
            progress=step,
        )
    _warn(run)
    click.echo(_run_line(run), err=True)
    if fmt == "json":
        _print(json.dumps(run.summary, indent=2))
    else:
        _scenario_table(run)


@click.command("demand")
@click.option("--run", "run_id", type=int, required=True, help="A forecast or scenario run.")
@click.option("--days", type=int, default=None, help="Days ahead (default: the run's, up to 28).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
def demand(run_id: int, days: int | None, fmt: str) -> None:
    """Medicine demand per area, item and day from a stored forecast or scenario, through the
    treatment protocol table (90 % intervals)."""
    _setup()
    from epicommand.modelling.enums import Via
    from epicommand.modelling.selectors import demand_rows
    from epicommand.modelling.services import run_demand

    bar, _step = progress("computing demand")
    with bar:
        run = run_demand(actor=None, run_id=run_id, parameters={"days": days}, via=Via.CLI)
    click.echo(_run_line(run), err=True)
    if fmt == "json":
        _print(json.dumps(run.summary, indent=2))
    elif fmt == "csv":
        _print(_csv(demand_rows(run)))
    else:
        s = run.summary
        rows = [
            [
                item["code"],
                f"{s['total']['median'][0][i]:,.0f}",
                f"{s['total']['lower_90'][0][i]:,.0f}–{s['total']['upper_90'][0][i]:,.0f}",
            ]
            for i, item in enumerate(s["items"])
        ]
        _table(
            f"Demand over {len(s['dates'])} days, {s['areas'][0]}",
            ["item", "units (median)", "90 % interval"],
            rows,
        )
