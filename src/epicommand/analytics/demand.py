"""Medicine demand from case forecasts or scenarios, through a treatment protocol table.

Each protocol line says how many units of an item a case of a category uses once (a course
started at diagnosis) and per day under treatment. Demand is computed path by path, then
summarised, so the intervals carry the forecast's uncertainty honestly: the quantile of a sum
is not the sum of quantiles (WHO 2020, *COVID-19 Essential Supplies Forecasting Tool* works
from case scenarios in the same way: cases x category share x protocol quantities).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from epicommand.errors import ValidationFailed


@dataclass(frozen=True)
class ProtocolLine:
    """Units of ``item_code`` per new case and per patient-day for cases of ``case_category``."""

    item_code: str
    units_per_new_case: float
    units_per_patient_day: float
    case_category: str


@dataclass(frozen=True)
class Demand:
    """Demand per area, item (in ``items`` order) and day: ``(areas, items, days)``.

    ``expected`` is the mean over paths; ``median``/``lower_90``/``upper_90`` are quantiles
    over paths; ``total_*`` ``(areas, items)`` summarise each path's sum over all days.
    """

    items: tuple[str, ...]
    expected: np.ndarray
    median: np.ndarray
    lower_90: np.ndarray
    upper_90: np.ndarray
    total_median: np.ndarray
    total_lower_90: np.ndarray
    total_upper_90: np.ndarray


def _paths(name: str, values: np.ndarray) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 3 or 0 in arr.shape:
        raise ValidationFailed(f"{name} must be areas x paths x days, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValidationFailed(f"{name} must hold finite counts >= 0")
    return arr


def _check_protocol(protocol: Sequence[ProtocolLine], shares: Mapping[str, float]) -> None:
    if not protocol:
        raise ValidationFailed("the treatment protocol has no lines")
    for category, share in shares.items():
        if not (np.isfinite(share) and 0 <= share <= 1):
            raise ValidationFailed(f"share of category {category!r} must be in [0, 1]")
    for line in protocol:
        if not line.item_code:
            raise ValidationFailed("a protocol line has an empty item code")
        units = (line.units_per_new_case, line.units_per_patient_day)
        if not all(np.isfinite(u) and u >= 0 for u in units):
            raise ValidationFailed(f"units for {line.item_code!r} must be finite and >= 0")
        if line.case_category not in shares:
            raise ValidationFailed(f"no share given for case category {line.case_category!r}")


def _coefficients(
    protocol: Sequence[ProtocolLine], shares: Mapping[str, float]
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Per item: units per new case and per patient-day, weighted by category shares."""
    items = tuple(dict.fromkeys(line.item_code for line in protocol))
    per_case = np.zeros(len(items))
    per_day = np.zeros(len(items))
    for line in protocol:
        k = items.index(line.item_code)
        share = shares[line.case_category]
        per_case[k] += share * line.units_per_new_case
        per_day[k] += share * line.units_per_patient_day
    return items, per_case, per_day


def expected_demand(
    new_cases_paths: np.ndarray,
    under_treatment_paths: np.ndarray | None,
    protocol: Sequence[ProtocolLine],
    category_shares: Mapping[str, float],
) -> Demand:
    """Units needed per area, item and day: for each path,
    sum over lines of share(category) x (units_per_new_case x new cases
    + units_per_patient_day x patients under treatment).

    Paths are ``(areas, paths, days)`` (as ``Forecast.paths`` or ``simulate_scenario(...,
    keep_paths=True)``); ``under_treatment_paths`` may be None (no inpatients modelled).
    ``category_shares`` gives the share of cases (and of patients) in each category; shares
    need not sum to 1 (an "all" category of share 1 can sit beside "severe" at 0.05).
    """
    cases = _paths("new_cases_paths", new_cases_paths)
    if under_treatment_paths is None:
        patients = np.zeros_like(cases)
    else:
        patients = _paths("under_treatment_paths", under_treatment_paths)
        if patients.shape != cases.shape:
            raise ValidationFailed("new_cases_paths and under_treatment_paths differ in shape")
    _check_protocol(protocol, category_shares)
    items, per_case, per_day = _coefficients(protocol, category_shares)
    areas, _, days = cases.shape
    band = np.zeros((3, areas, len(items), days))
    total = np.zeros((3, areas, len(items)))
    expected = np.zeros((areas, len(items), days))
    for k in range(len(items)):
        units = per_case[k] * cases + per_day[k] * patients  # (areas, paths, days)
        expected[:, k] = units.mean(axis=1)
        band[:, :, k] = np.quantile(units, [0.05, 0.5, 0.95], axis=1)
        total[:, :, k] = np.quantile(units.sum(axis=2), [0.05, 0.5, 0.95], axis=1)
    return Demand(items, expected, band[1], band[0], band[2], total[1], total[0], total[2])
