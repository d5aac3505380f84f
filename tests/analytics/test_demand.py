"""Pure tests of medicine demand from case paths through a protocol table."""

from __future__ import annotations

import numpy as np
import pytest

from epicommand.analytics.demand import ProtocolLine, expected_demand
from epicommand.errors import ValidationFailed

PROTOCOL = [
    ProtocolLine("PARA500", units_per_new_case=20, units_per_patient_day=0, case_category="mild"),
    ProtocolLine("PARA500", units_per_new_case=10, units_per_patient_day=3, case_category="severe"),
    ProtocolLine("O2-CYL", units_per_new_case=0, units_per_patient_day=0.5, case_category="severe"),
]
SHARES = {"mild": 0.8, "severe": 0.2}


def constant_paths(value: float, areas: int = 2, paths: int = 5, days: int = 4) -> np.ndarray:
    return np.full((areas, paths, days), float(value))


def test_demand_equals_protocol_arithmetic_on_a_deterministic_input():
    # 10 new cases and 4 patients a day in every path:
    # PARA500 = 0.8 * 20 * 10 + 0.2 * (10 * 10 + 3 * 4) = 160 + 22.4 = 182.4 a day
    # O2-CYL  = 0.2 * 0.5 * 4 = 0.4 a day
    d = expected_demand(constant_paths(10), constant_paths(4), PROTOCOL, SHARES)
    assert d.items == ("PARA500", "O2-CYL")
    assert d.expected.shape == (2, 2, 4)
    np.testing.assert_allclose(d.expected[:, 0], 182.4)
    np.testing.assert_allclose(d.expected[:, 1], 0.4)
    np.testing.assert_allclose(d.median, d.expected)
    np.testing.assert_allclose(d.lower_90, d.upper_90)
    np.testing.assert_allclose(d.total_median[:, 0], 4 * 182.4)


def test_without_patients_only_per_case_units_count():
    d = expected_demand(constant_paths(10), None, PROTOCOL, SHARES)
    np.testing.assert_allclose(d.expected[:, 0], 0.8 * 20 * 10 + 0.2 * 10 * 10)
    np.testing.assert_allclose(d.expected[:, 1], 0.0)


def test_intervals_come_from_paths_and_totals_are_summed_per_path_first():
    rng = np.random.default_rng(0)
    cases = rng.poisson(50, size=(1, 2000, 10)).astype(float)
    line = [ProtocolLine("KIT", 1, 0, "all")]
    d = expected_demand(cases, None, line, {"all": 1.0})
    np.testing.assert_allclose(d.expected[0, 0], cases[0].mean(axis=0))
    np.testing.assert_allclose(d.upper_90[0, 0], np.quantile(cases[0], 0.95, axis=0))
    total = cases[0].sum(axis=1)
    assert d.total_upper_90[0, 0] == pytest.approx(np.quantile(total, 0.95))
    # the honest total band is narrower than the sum of daily bands
    assert d.total_upper_90[0, 0] < d.upper_90[0, 0].sum()
    assert d.lower_90[0, 0].sum() < d.total_lower_90[0, 0]


@pytest.mark.parametrize(
    "cases, patients, protocol, shares, message",
    [
        (constant_paths(1), None, PROTOCOL, {"mild": 1.0}, "severe"),
        (constant_paths(1), None, [], SHARES, "no lines"),
        (constant_paths(1), None, [ProtocolLine("X", -1, 0, "mild")], SHARES, "units"),
        (constant_paths(1), None, [ProtocolLine("", 1, 0, "mild")], SHARES, "empty item"),
        (constant_paths(1), None, PROTOCOL, {"mild": 1.2, "severe": 0.1}, "share"),
        (constant_paths(1), constant_paths(1, paths=3), PROTOCOL, SHARES, "differ"),
        (np.ones((5, 4)), None, PROTOCOL, SHARES, "areas x paths x days"),
        (constant_paths(np.nan), None, PROTOCOL, SHARES, "finite"),
        (constant_paths(-1), None, PROTOCOL, SHARES, ">= 0"),
    ],
)
def test_demand_refuses_bad_input(cases, patients, protocol, shares, message):
    with pytest.raises(ValidationFailed, match=message):
        expected_demand(cases, patients, protocol, shares)
