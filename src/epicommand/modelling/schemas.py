"""Request and answer shapes of the modelling API. Ranges are checked once, by the
services (``params.parse``), so the API, CLI and pages refuse alike with the same reasons;
here only the types are."""

import datetime as dt
from typing import Any

from ninja import Schema


class RunIn(Schema):
    area: str
    as_of: dt.date | None = None
    known_at: dt.datetime | None = None


class RtIn(RunIn):
    figure: str | None = None
    si_mean: float | None = None
    si_sd: float | None = None
    window: int | None = None
    prior_mean: float | None = None
    prior_sd: float | None = None
    history_days: int | None = None


class ForecastIn(RtIn):
    horizon: int | None = None
    paths: int | None = None
    seed: int | None = None
    dispersion: float | None = None
    reporting_areas: bool | None = None


class BacktestIn(RtIn):
    horizon: int | None = None
    step: int | None = None
    origins_from: dt.date | None = None
    origins_to: dt.date | None = None
    max_origins: int | None = None
    paths: int | None = None
    seed: int | None = None
    dispersion: float | None = None


class LockdownIn(Schema):
    areas: list[str]
    day: int
    transmission: float
    movement: float = 0.0
    until: int | None = None


class ScenarioIn(RtIn):
    days: int | None = None
    runs: int | None = None
    seed: int | None = None
    r0: float | None = None
    travel_share: float | None = None
    imported_per_day: float | None = None
    ascertainment: float | None = None
    beds_per_100k: float | None = None
    latent_days: float | None = None
    infectious_days: float | None = None
    treatment_fraction: float | None = None
    treatment_days: float | None = None
    fatality_treated: float | None = None
    lockdowns: list[LockdownIn] = []
    border_closure_day: int | None = None
    compare_lockdowns: list[LockdownIn] = []
    compare_border_closure_day: int | None = None


class NowcastIn(Schema):
    area: str
    as_of: dt.date | None = None
    max_delay: int | None = None
    method: str | None = None
    samples: int | None = None
    min_complete: int | None = None
    history_days: int | None = None
    seed: int | None = None


class DemandIn(Schema):
    run: int
    days: int | None = None
    treatment_days: float | None = None


class RunBriefOut(Schema):
    id: int
    kind: str
    area_code: str
    as_of: dt.date
    inputs_known_at: dt.datetime
    parameters: dict[str, Any]
    based_on: int | None
    status: str
    requested_via: str
    created_by: str | None
    created_at: dt.datetime
    seconds: float
    warnings: list[str]

    @staticmethod
    def resolve_area_code(obj) -> str:
        return obj.area.code

    @staticmethod
    def resolve_based_on(obj) -> int | None:
        return obj.based_on_id

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.username if obj.created_by else None


class RunOut(RunBriefOut):
    summary: dict[str, Any]


class DemandRowOut(Schema):
    area_code: str
    item_code: str
    date: dt.date
    expected: float
    median: float
    lower_90: float
    upper_90: float


class DemandOut(Schema):
    run: RunBriefOut
    rows: list[DemandRowOut]


class ProtocolLineOut(Schema):
    id: int
    item_code: str
    item_name: str
    case_category: str
    share: float
    units_per_new_case: float
    units_per_patient_day: float
    is_active: bool
