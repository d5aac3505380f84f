"""The demo's analytics: a treatment protocol table and a few stored runs of the nation.

After the outbreak is filed: Rt as of 2022-05-20 (the scenario's report, nine days into the
outbreak: too early for a backtest, so its situation report shows Rt and says why there is
no forecast), Rt, a backtest and a forecast of every county as of 2022-06-20 (forty days in:
the backtest replays two 14-day forecasts), the medicine demand of that forecast, and a
national scenario from 2022-05-20 (the capital locked down, the border closed) against no
intervention. Runs read the data as it is now, so the situation report reuses them.
"""

from __future__ import annotations

import datetime as dt

from epicommand.core.contract import DemoRun
from epicommand.modelling.enums import Via
from epicommand.modelling.models import ModelRun, ProtocolLine
from epicommand.modelling.services import (
    run_backtest,
    run_demand,
    run_forecast,
    run_rt,
    run_scenario,
    save_protocol_line,
)

RT_DAY = dt.date(2022, 5, 20)
FORECAST_DAY = dt.date(2022, 6, 20)

#: Plausible planning lines (units per case or per patient-day and the share of cases they
#: apply to), for the demo only: a country sets its own from its treatment guidelines.
PROTOCOL = [
    ("PARA-500", "Paracetamol 500 mg tablet (antipyretic)", "fever", 1.0, 0, 3),
    ("AMOX-500", "Amoxicillin 500 mg capsule (5-day course)", "bacterial", 0.05, 15, 0),
    ("KORYO-FEVER", "Koryo (traditional) fever granules, sachet", "fever", 0.3, 0, 2),
    ("ORS-1L", "Oral rehydration salts, 1 L sachet", "fever", 0.2, 0, 1),
    ("MASK-MED", "Medical mask", "fever", 1.0, 0, 2),
    ("DEXA-6", "Dexamethasone 6 mg tablet", "severe", 0.01, 0, 1),
]


def seed_protocol() -> int:
    """Add the demo's protocol lines that are not there yet; returns how many were added."""
    added = 0
    for code, name, category, share, per_case, per_day in PROTOCOL:
        if ProtocolLine.objects.filter(item_code=code, case_category=category).exists():
            continue
        save_protocol_line(
            actor=None,
            item_code=code,
            item_name=name,
            case_category=category,
            share=share,
            units_per_new_case=per_case,
            units_per_patient_day=per_day,
        )
        added += 1
    return added


def _runs() -> None:
    common = {"actor": None, "area_code": "KP", "via": Via.DEMO}
    run_rt(as_of=RT_DAY, **common)
    run_rt(as_of=FORECAST_DAY, **common)
    run_backtest(as_of=FORECAST_DAY, **common)
    forecast = run_forecast(as_of=FORECAST_DAY, **common)
    run_demand(actor=None, run_id=forecast.pk, parameters={"days": 14}, via=Via.DEMO)
    lockdown = {"areas": ["KP-01"], "day": 0, "transmission": 50, "movement": 50}
    scenario = {"days": 90, "runs": 100, "lockdowns": [lockdown], "border_closure_day": 0}
    run_scenario(as_of=RT_DAY, parameters=scenario | {"beds_per_100k": 30}, **common)


def build_modelling(run: DemoRun) -> None:
    """The demo step (``AppContract.demo``): the protocol table and the stored runs."""
    console = run.console
    added = seed_protocol()
    if ModelRun.objects.filter(requested_via=Via.DEMO).exists():
        console.print("[green]✓[/green] analytics: already there")
        return
    with console.status("Estimating Rt, forecasting, backtesting, simulating..."):
        _runs()
    console.print(
        f"[green]✓[/green] analytics: {added} protocol lines; Rt of {RT_DAY}, forecast, "
        f"backtest and demand of {FORECAST_DAY}, a scenario from {RT_DAY}"
    )
