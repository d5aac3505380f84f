"""Model parameters: defaults (with their sources), ranges, and one check for every way in.

The API, the CLI, the pages and the situation report all hand a plain dict to ``parse``;
it fills the defaults, refuses unknown names, and lists every value out of range in one
``InvalidParameter`` (422 in the API, one line in the CLI). The parsed dict is what a run
stores, so a stored run names every value it used, defaults included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

from epicommand.analytics.forecast import DEFAULT_DISPERSION
from epicommand.analytics.nowcast import METHODS as NOWCAST_METHODS
from epicommand.analytics.nowcast import MIN_COMPLETE_CASES
from epicommand.analytics.rt import DEFAULT_PRIOR_MEAN, DEFAULT_PRIOR_SD, DEFAULT_WINDOW
from epicommand.analytics.simulate import SeirParams
from epicommand.modelling.enums import Figure, RunKind
from epicommand.modelling.errors import InvalidParameter

#: Serial interval of the Omicron BA.1 variant: mean 3.5 days (Backer et al. 2022, Euro
#: Surveill 27(6):2200042; restated by Park et al. 2023, PNAS 120(22):e2221887120). The sd of
#: 2.4 days is a planning value of the spread those household pairs show: pass the national
#: estimate when there is one.
DEFAULT_SI_MEAN = 3.5
DEFAULT_SI_SD = 2.4
#: Every run is seeded (CONVENTIONS §6); the same inputs and seed give the same numbers.
DEFAULT_SEED = 20220512
MAX_PATHS = 5000
MAX_HORIZON = 28
#: Share of a resident's contacts made in other areas (gravity-weighted), a planning value
#: for a country with restricted internal travel; the national team should set its own.
DEFAULT_TRAVEL_SHARE = 0.05
#: Infections brought in from abroad per day, nationally (spread by population): a small
#: planning value, so that a border closure has something to close.
DEFAULT_IMPORTED_PER_DAY = 10.0
#: Days a reported (fever) case stays under treatment when a forecast is turned into medicine
#: demand: the infectious period of the scenario model (Hakki et al. 2022, Lancet Respir Med
#: 10(11):1061-73: infectious virus shed for about 5 days).
DEFAULT_TREATMENT_DAYS = 5.0


@dataclass(frozen=True)
class Spec:
    """One parameter: default, type, range (``low_open``: must be strictly above ``low``)."""

    default: Any
    kind: type
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] | None = None
    optional: bool = False


_SEED = Spec(DEFAULT_SEED, int)
_RT = {
    "figure": Spec(Figure.NEW_FEVER.value, str, choices=tuple(Figure.values)),
    "si_mean": Spec(DEFAULT_SI_MEAN, float, 1, 30, low_open=True),
    "si_sd": Spec(DEFAULT_SI_SD, float, 0, 30, low_open=True),
    "window": Spec(DEFAULT_WINDOW, int, 1, 28),
    "prior_mean": Spec(DEFAULT_PRIOR_MEAN, float, 0, None, low_open=True),
    "prior_sd": Spec(DEFAULT_PRIOR_SD, float, 0, None, low_open=True),
    "history_days": Spec(120, int, 14, 365),
}
_PATHS = {"paths": Spec(1000, int, 1, MAX_PATHS), "seed": _SEED}
_DISPERSION = {"dispersion": Spec(DEFAULT_DISPERSION, float, 0, None, low_open=True)}
_SEIR = SeirParams()
SPECS: dict[str, dict[str, Spec]] = {
    RunKind.RT: _RT,
    RunKind.FORECAST: _RT
    | _PATHS
    | _DISPERSION
    | {
        "horizon": Spec(MAX_HORIZON, int, 1, MAX_HORIZON),
        "reporting_areas": Spec(True, bool),
    },
    RunKind.BACKTEST: _RT
    | _PATHS
    | _DISPERSION
    | {
        "horizon": Spec(14, int, 1, MAX_HORIZON),
        "step": Spec(7, int, 1, MAX_HORIZON),
        "origins_from": Spec(None, dt.date, optional=True),
        "origins_to": Spec(None, dt.date, optional=True),
        "max_origins": Spec(8, int, 1, 60),
    },
    RunKind.NOWCAST: {
        "max_delay": Spec(21, int, 1, 60),
        "method": Spec("reverse_time", str, choices=NOWCAST_METHODS),
        "samples": Spec(1000, int, 1, MAX_PATHS),
        "min_complete": Spec(MIN_COMPLETE_CASES, int, 1, None),
        "history_days": Spec(90, int, 7, 365),
        "seed": _SEED,
    },
    RunKind.SCENARIO: _RT
    | {
        "days": Spec(180, int, 1, 365),
        "runs": Spec(1000, int, 1, MAX_PATHS),
        "seed": _SEED,
        "r0": Spec(None, float, 0, 20, optional=True),
        "travel_share": Spec(DEFAULT_TRAVEL_SHARE, float, 0, 1),
        "imported_per_day": Spec(DEFAULT_IMPORTED_PER_DAY, float, 0, 1e6),
        "ascertainment": Spec(1.0, float, 0, 1, low_open=True),
        "beds_per_100k": Spec(None, float, 0, 1e5, optional=True),
        "latent_days": Spec(_SEIR.latent_days, float, 1, 60),
        "infectious_days": Spec(_SEIR.infectious_days, float, 1, 60),
        "treatment_fraction": Spec(_SEIR.treatment_fraction, float, 0, 1),
        "treatment_days": Spec(_SEIR.treatment_days, float, 1, 60),
        "fatality_treated": Spec(_SEIR.fatality_treated, float, 0, 1),
        "lockdowns": Spec([], list),
        "border_closure_day": Spec(None, int, 0, 365, optional=True),
        "compare_lockdowns": Spec([], list),
        "compare_border_closure_day": Spec(None, int, 0, 365, optional=True),
    },
    RunKind.DEMAND: {
        "days": Spec(None, int, 1, MAX_HORIZON, optional=True),
        "treatment_days": Spec(DEFAULT_TREATMENT_DAYS, float, 1, 60),
    },
}


def _coerce(name: str, spec: Spec, value: Any) -> tuple[Any, str | None]:
    """The value in the spec's type, or a reason it is not one."""
    if value is None:
        return (None, None) if spec.optional else (None, "is required")
    try:
        if spec.kind is bool:
            if isinstance(value, str):
                value = {"true": True, "1": True, "false": False, "0": False}[value.lower()]
            return bool(value), None
        if spec.kind is int:
            if isinstance(value, bool) or float(value) != int(float(value)):
                return None, f"must be a whole number, got {value!r}"
            return int(float(value)), None
        if spec.kind is float:
            number = float(value)
            return (
                (number, None)
                if math.isfinite(number)
                else (None, f"must be finite, got {value!r}")
            )
        if spec.kind is dt.date:
            return (value if isinstance(value, dt.date) else dt.date.fromisoformat(value)), None
        if spec.kind is list:
            return (
                (list(value), None) if isinstance(value, list | tuple) else (None, "must be a list")
            )
        return str(value), None
    except (TypeError, ValueError, KeyError):
        return None, f"is not a {spec.kind.__name__}: {value!r}"


def _range_problem(spec: Spec, value: Any) -> str | None:
    if spec.choices is not None and value not in spec.choices:
        return f"must be one of {', '.join(spec.choices)}, got {value!r}"
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    if spec.low is not None and (value <= spec.low if spec.low_open else value < spec.low):
        return f"must be {'>' if spec.low_open else '>='} {spec.low:g}, got {value:g}"
    if spec.high is not None and value > spec.high:
        return f"must be <= {spec.high:g}, got {value:g}"
    return None


def parse(kind: str, raw: dict[str, Any] | None) -> dict[str, Any]:
    """The full parameter dict of a run kind, defaults filled; InvalidParameter lists every
    unknown name and every value out of range, each with its reason."""
    specs = SPECS[kind]
    raw = {k: v for k, v in (raw or {}).items() if v is not None}  # None: the default
    problems = [{"field": k, "reason": "unknown parameter"} for k in raw if k not in specs]
    parsed: dict[str, Any] = {}
    for name, spec in specs.items():
        value, reason = _coerce(name, spec, raw.get(name, spec.default))
        reason = reason or (None if value is None else _range_problem(spec, value))
        if reason:
            problems.append({"field": name, "reason": reason})
        parsed[name] = value
    if problems:
        refuse(problems)
    return parsed


def refuse(problems: list[dict[str, str]]) -> None:
    """Raise one InvalidParameter naming every problem."""
    text = "; ".join(f"{p['field']} {p['reason']}" for p in problems)
    raise InvalidParameter(f"invalid parameters: {text}", details=problems)


def to_json(parameters: dict[str, Any]) -> dict[str, Any]:
    """Parameters as stored (dates as ISO strings)."""
    return json.loads(json.dumps(parameters, default=_iso))


def digest(value: Any) -> str:
    """SHA-256 of a canonical JSON form: equal values, equal digests."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=_iso)
    return hashlib.sha256(text.encode()).hexdigest()


def _iso(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")
