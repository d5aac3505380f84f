"""R_t estimation as EpiEstim's estimate_R: hand-computed, published and refusal cases."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import gamma

from epicommand.analytics.rt import (
    COLUMNS,
    QUANTILES,
    TOO_EARLY_WARNING,
    estimate_rt,
    estimate_rt_parametric,
    rt_table,
)
from epicommand.errors import ValidationFailed

# EpiEstim's Flu2009$incidence$I: 2009 H1N1 influenza in a Pennsylvania school
# (Cauchemez et al., PNAS 2011), 32 days from 2009-04-27.
FLU2009 = [1, 1, 0, 2, 5, 3, 3, 3, 6, 2, 5, 9, 13, 12, 13, 11, 12, 6, 6, 6, 3, 1, 0, 2, 0, 0, 0, 0,
           2, 0, 2, 0]  # fmt: skip
# head(estimate_R(Flu2009$incidence, method = "parametric_si",
#                 config = make_config(list(mean_si = 2.6, std_si = 1.5)))$R)
# as printed in the EpiEstim vignette "EpiEstim: a demonstration" (2020-12-09), 7 digits:
# t_start, t_end, Mean, Std, Q0.025, Q0.05, Q0.25, Median, Q0.75, Q0.95, Q0.975.
FLU2009_PUBLISHED = [
    [2, 8, 1.735798, 0.4091314, 1.0287437, 1.121933, 1.445198, 1.703761, 1.991520, 2.458972,
     2.624781],
    [3, 9, 1.749168, 0.3647267, 1.1088223, 1.195480, 1.491345, 1.723884, 1.979457, 2.389121,
     2.533119],
    [4, 10, 1.537058, 0.3074116, 0.9947030, 1.068694, 1.320090, 1.516613, 1.731761, 2.075176,
     2.195540],
    [5, 11, 1.431839, 0.2705921, 0.9514466, 1.017661, 1.241251, 1.414830, 1.603900, 1.904047,
     2.008849],
    [6, 12, 1.422725, 0.2515046, 0.9731426, 1.035808, 1.245996, 1.407932, 1.583340, 1.860107,
     1.956336],
    [7, 13, 1.635373, 0.2523436, 1.1786332, 1.243590, 1.458847, 1.622413, 1.797779, 2.071372,
     2.165745],
]  # fmt: skip

TINY_SI = [0.0, 0.5, 0.5]
TINY = [4, 2, 6, 3, 5]


def test_flu2009_matches_the_published_epiestim_table():
    est = estimate_rt_parametric(np.array(FLU2009), 2.6, 1.5)
    assert est.t_start.tolist() == list(range(2, 27))
    assert est.t_end.tolist() == list(range(8, 33))
    ours = np.column_stack([est.t_start, est.t_end, est.mean, est.std, est.quantiles])[:6]
    np.testing.assert_allclose(ours, FLU2009_PUBLISHED, rtol=1e-6)
    assert est.warnings == []


def test_tiny_series_matches_the_posterior_computed_by_hand():
    """w = (0, .5, .5); day 1's 4 cases imported; prior mean 5, sd 5 -> a = 1, b = 5.

    Lambda_2 = 4*.5 = 2, Lambda_3 = 2*.5 + 4*.5 = 3, Lambda_4 = 6*.5 + 2*.5 = 4,
    Lambda_5 = 3*.5 + 6*.5 = 4.5. Windows of 2 days: [2,3], [3,4], [4,5].
    """
    est = estimate_rt(np.array(TINY), TINY_SI, window=2)
    assert est.t_start.tolist() == [2, 3, 4] and est.t_end.tolist() == [3, 4, 5]
    np.testing.assert_allclose(est.shape, [1 + 2 + 6, 1 + 6 + 3, 1 + 3 + 5], rtol=1e-15)
    expected_scale = [1 / (1 / 5 + 2 + 3), 1 / (1 / 5 + 3 + 4), 1 / (1 / 5 + 4 + 4.5)]
    np.testing.assert_allclose(est.scale, expected_scale, rtol=1e-14)
    np.testing.assert_allclose(est.mean, [9 / 5.2, 10 / 7.2, 9 / 8.7], rtol=1e-14)
    np.testing.assert_allclose(est.std, [3 / 5.2, math.sqrt(10) / 7.2, 3 / 8.7], rtol=1e-14)
    assert est.quantiles.shape == (3, len(QUANTILES))
    for i, (shape, scale) in enumerate([(9, 1 / 5.2), (10, 1 / 7.2), (9, 1 / 8.7)]):
        for j, q in enumerate(QUANTILES):
            assert est.quantiles[i, j] == pytest.approx(gamma(shape, scale=scale).ppf(q), 1e-12)


def test_imported_cases_drive_infectivity_but_are_not_counted_as_caused():
    """local (0,2,6,3,5) + imported (4,0,1,0,0): I_3 = 7, Lambda_4 = 3.5 + 1, Lambda_5 = 1.5 + 3.5.

    The imported case on day 3 raises infectivity but not the shape (local cases only).
    """
    est = estimate_rt(
        np.array([0, 2, 6, 3, 5]), TINY_SI, imported=np.array([4, 0, 1, 0, 0]), window=2
    )
    np.testing.assert_allclose(est.shape, [9, 10, 9], rtol=1e-15)
    np.testing.assert_allclose(
        est.scale, [1 / (0.2 + 2 + 3), 1 / (0.2 + 3 + 4.5), 1 / (0.2 + 4.5 + 5)], rtol=1e-14
    )
    assert est.warnings == [TOO_EARLY_WARNING]  # 2 + 7 cases in the first window, under 11


def test_local_cases_on_day_one_are_moved_to_imported_with_a_warning():
    moved = estimate_rt(np.array(TINY), TINY_SI, imported=np.zeros(5), window=2)
    plain = estimate_rt(np.array(TINY), TINY_SI, window=2)
    np.testing.assert_array_equal(moved.mean, plain.mean)
    assert any("moved to imported" in note for note in moved.warnings)


def test_two_dimensional_input_equals_each_row_alone():
    rng = np.random.default_rng(7)
    local = rng.poisson(rng.uniform(0, 40, size=(6, 1)), size=(6, 60)).astype(float)
    imported = rng.poisson(1.0, size=(6, 60)).astype(float)
    together = estimate_rt_parametric(local, 4.7, 2.9, imported=imported, window=10)
    assert together.mean.shape == (6, 50) and together.quantiles.shape == (6, 50, 7)
    for area in range(6):
        alone = estimate_rt_parametric(local[area], 4.7, 2.9, imported=imported[area], window=10)
        for name in ("shape", "scale", "mean", "std", "quantiles"):
            np.testing.assert_allclose(
                getattr(together, name)[area], getattr(alone, name), rtol=1e-12
            )


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 4), st.integers(9, 40)), elements=st.integers(0, 500))
)
def test_any_batch_equals_its_rows(local):
    together = estimate_rt_parametric(local, 3.1, 1.8, window=7)
    for area in range(local.shape[0]):
        alone = estimate_rt_parametric(local[area], 3.1, 1.8, window=7)
        np.testing.assert_allclose(together.mean[area], alone.mean, rtol=1e-12)
        assert np.all(together.std > 0)


def test_too_early_warning_follows_epiestim_threshold():
    """EpiEstim warns when the first window holds < ceiling(1/0.3^2 - a_prior) = 11 cases."""
    si = [0, 1.0]
    enough = estimate_rt(np.array([1, 2, 2, 2, 2, 2, 1, 0]), si, window=6)
    assert TOO_EARLY_WARNING not in enough.warnings
    short = estimate_rt(np.array([1, 2, 2, 2, 2, 1, 1, 0]), si, window=6)
    assert TOO_EARLY_WARNING in short.warnings


def test_too_early_warning_names_the_areas_in_a_batch():
    est = estimate_rt(np.array([[1, 5, 5, 5, 5], [1, 1, 1, 1, 1]]), [0, 1.0], window=3)
    assert est.warnings == [f"{TOO_EARLY_WARNING} (areas: 1)"]


def test_all_zero_series_returns_the_prior_and_says_so():
    est = estimate_rt(np.zeros(10), [0, 0.6, 0.4], window=7)
    np.testing.assert_allclose(est.mean, 5.0)
    np.testing.assert_allclose(est.std, 5.0)
    assert TOO_EARLY_WARNING in est.warnings
    assert any("the estimate there is the prior" in note for note in est.warnings)


def test_windows_ending_before_the_mean_serial_interval_are_dropped():
    si = [0, 0, 0, 0, 0, 1.0]  # mean 5 days
    est = estimate_rt(np.arange(1, 11), si, window=2)
    assert est.t_end.tolist() == [6, 7, 8, 9, 10]
    assert any("dropped" in note for note in est.warnings)


def test_explicit_windows_are_used_as_given():
    est = estimate_rt(np.array(TINY), TINY_SI, t_start=[2, 2], t_end=[5, 3])
    assert est.t_start.tolist() == [2, 2] and est.t_end.tolist() == [5, 3]
    assert est.shape.tolist() == [1 + 2 + 6 + 3 + 5, 1 + 2 + 6]
    np.testing.assert_allclose(est.scale[0], 1 / (0.2 + 2 + 3 + 4 + 4.5), rtol=1e-14)


def test_table_uses_epiestim_column_names_and_optional_dates():
    est = estimate_rt(np.array(TINY), TINY_SI, window=2)
    rows = rt_table(est)
    assert len(rows) == 3 and tuple(rows[0]) == COLUMNS
    assert rows[0]["Mean(R)"] == est.mean[0] and rows[2]["t_end"] == 5
    dated = est.to_rows(dates=["d1", "d2", "d3", "d4", "d5"])
    assert list(dated[0])[:4] == ["t_start", "t_end", "date_start", "date_end"]
    assert (dated[1]["date_start"], dated[1]["date_end"]) == ("d3", "d4")


def test_table_of_a_batch_has_an_area_column():
    est = estimate_rt(np.array([TINY, TINY]), TINY_SI, window=2)
    rows = rt_table(est)
    assert [row["area"] for row in rows] == [0, 0, 0, 1, 1, 1]
    assert tuple(rows[0])[1:] == COLUMNS


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"local": [1, 2, float("nan"), 4, 5]}, "NaN"),
        ({"local": [1, 2, np.inf, 4, 5]}, "infinite"),
        ({"local": [1, 2, -3, 4, 5]}, "non-negative"),
        ({"local": [], "window": 1}, "non-empty"),
        ({"local": np.ones((2, 2, 5))}, "non-empty"),
        ({"imported": [1, 2, 3]}, "shape"),
        ({"imported": [0, 0, -1, 0, 0]}, "non-negative"),
        ({"window": 5}, "at least 6"),
        ({"window": 0}, "window"),
        ({"window": 2.5}, "window"),
        ({"prior_mean": 0}, "prior_mean"),
        ({"prior_mean": -1}, "prior_mean"),
        ({"prior_sd": 0}, "prior_sd"),
        ({"prior_sd": float("nan")}, "prior_sd"),
        ({"cv_posterior": 0}, "cv_posterior"),
        ({"t_start": [2]}, "both"),
        ({"t_start": [1], "t_end": [3]}, "within days 2..5"),
        ({"t_start": [2], "t_end": [6]}, "within days 2..5"),
        ({"t_start": [4], "t_end": [3]}, "t_start\\[i\\] must be <= t_end"),
        ({"t_start": [2, 3], "t_end": [4]}, "same length"),
        ({"t_start": [2.5], "t_end": [4]}, "whole day"),
        ({"si": [0, 0.3, 0.3]}, "sum to 1"),
        ({"si": [0.2, 0.8]}, "w\\[0\\] = 0"),
    ],
)
def test_estimate_refuses_bad_input(kwargs, reason):
    args = {"local": TINY, "si": TINY_SI, "window": 2} | kwargs
    with pytest.raises(ValidationFailed, match=reason):
        estimate_rt(np.asarray(args.pop("local")), args.pop("si"), **args)


def test_parametric_refuses_bad_serial_interval():
    with pytest.raises(ValidationFailed, match="mean must be > 1"):
        estimate_rt_parametric(np.array(FLU2009), 1.0, 1.5)
    with pytest.raises(ValidationFailed, match="sd must be > 0"):
        estimate_rt_parametric(np.array(FLU2009), 2.6, 0.0)


def test_agrees_with_epyestim_on_the_windows_both_compute():
    """epyestim (Cori method in Python) counts day 1 as local and so starts a window there;
    from day 2 on both use the same numerator and infectivity, so they must agree to 1e-9."""
    epy = pytest.importorskip("epyestim.estimate_r")
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(11)
    cases = rng.poisson(np.linspace(3, 300, 80)).astype(float)
    si = np.asarray([0, 0.1, 0.3, 0.3, 0.2, 0.1])
    ours = estimate_rt(cases, si, window=7)
    series = pd.Series(cases, index=pd.date_range("2024-01-01", periods=80))
    ref = epy.estimate_r(series, si, a_prior=1.0, b_prior=5.0, window_size=7).iloc[1:]
    np.testing.assert_allclose(ours.shape, ref["a_posterior"].to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(ours.scale, ref["b_posterior"].to_numpy(), rtol=1e-9)
