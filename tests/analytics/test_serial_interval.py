"""Discrete serial interval: EpiEstim discr_si against published and independent values."""

import numpy as np
import pytest
from scipy import integrate
from scipy.stats import gamma

from epicommand.analytics.serial_interval import discretise_gamma_si, validate_si_distribution
from epicommand.errors import ValidationFailed

# EpiEstim vignette "EpiEstim: a demonstration" (A. Cori, 2020-12-09, EpiEstim 2.2-4):
# discr_si(0:20, mu = 2.6, sigma = 1.5), printed to 7 significant digits.
PUBLISHED_DISCR_SI = [
    0.000000e00, 2.331721e-01, 3.585794e-01, 1.981108e-01, 1.033427e-01,
    5.290518e-02, 2.682146e-02, 1.351620e-02, 6.783438e-03, 3.394351e-03,
    1.694674e-03, 8.445945e-04, 4.203313e-04, 2.089422e-04, 1.037609e-04,
    5.148480e-05, 2.552773e-05, 1.264952e-05, 6.264667e-06, 3.101068e-06,
    1.534394e-06,
]  # fmt: skip
# EpiEstim's Flu2009$si_distr: the same distribution rounded to 3 decimals (vignette says so).
FLU2009_SI_DISTR = [0, 0.233, 0.359, 0.198, 0.103, 0.053, 0.027, 0.014, 0.007, 0.003, 0.002, 0.001]


def test_discretise_matches_epiestim_vignette_values():
    w = discretise_gamma_si(2.6, 1.5, max_days=20)
    assert w.shape == (21,)
    np.testing.assert_allclose(w, PUBLISHED_DISCR_SI, rtol=1e-6, atol=1e-12)


def test_discretise_rounds_to_flu2009_si_distr():
    w = discretise_gamma_si(2.6, 1.5, max_days=11)
    np.testing.assert_array_equal(np.round(w, 3), FLU2009_SI_DISTR)


def _by_quadrature(k: int, mean: float, sd: float) -> float:
    """w_k as the integral of the triangle kernel 1 - |u - k| against the density of 1 + Gamma.

    An onset uniformly placed in the day, plus a serial interval 1 + Gamma(a, b), ends on day k
    with this probability (Cori et al. 2013, Web Appendix 11); computed by numerical
    integration, independently of the closed form under test.
    """
    a, b = ((mean - 1) / sd) ** 2, sd**2 / (mean - 1)

    def density(u: float) -> float:
        return (1 - abs(u - k)) * gamma.pdf(u - 1, a, scale=b)

    low, high = max(k - 1, 1), k + 1
    if high <= 1:
        return 0.0
    value, _ = integrate.quad(density, low, high, points=[k] if low < k < high else None)
    return value


@pytest.mark.parametrize(("mean", "sd"), [(2.6, 1.5), (6.48, 3.83), (4.0, 0.5), (1.5, 2.0)])
def test_discretise_matches_independent_quadrature(mean, sd):
    w = discretise_gamma_si(mean, sd, max_days=25)
    expected = [_by_quadrature(k, mean, sd) for k in range(1, 26)]
    assert w[0] == 0
    np.testing.assert_allclose(w[1:], expected, rtol=1e-7, atol=1e-12)


def test_default_length_keeps_the_whole_tail():
    w = discretise_gamma_si(6.48, 3.83)
    assert abs(w.sum() - 1) < 1e-9
    assert w[0] == 0 and np.all(w >= 0)
    np.testing.assert_array_equal(discretise_gamma_si(6.48, 3.83, max_days=10), w[:11])


def test_max_days_zero_gives_only_day_zero():
    np.testing.assert_array_equal(discretise_gamma_si(2.6, 1.5, max_days=0), [0.0])


@pytest.mark.parametrize(
    ("mean", "sd", "reason"),
    [
        (1.0, 1.5, "mean must be > 1"),
        (0.5, 1.5, "mean must be > 1"),
        (2.6, 0.0, "sd must be > 0"),
        (2.6, -1.0, "sd must be > 0"),
        (float("nan"), 1.5, "finite"),
        (2.6, float("inf"), "finite"),
    ],
)
def test_discretise_refuses_bad_parameters(mean, sd, reason):
    with pytest.raises(ValidationFailed, match=reason):
        discretise_gamma_si(mean, sd)


@pytest.mark.parametrize("max_days", [-1, 2.5])
def test_discretise_refuses_bad_length(max_days):
    with pytest.raises(ValidationFailed, match="max_days"):
        discretise_gamma_si(2.6, 1.5, max_days=max_days)


def test_validate_accepts_epiestim_tolerance():
    w = validate_si_distribution([0, 0.5, 0.505])
    assert w.dtype == float
    validate_si_distribution(FLU2009_SI_DISTR)


@pytest.mark.parametrize(
    ("w", "reason"),
    [
        ([0.1, 0.5, 0.4], "w\\[0\\] = 0"),
        ([0, 1.2, -0.2], "negative"),
        ([0, 0.3, 0.3], "sum to 1"),
        ([0, 0.5, float("nan")], "NaN"),
        ([], "non-empty"),
        ([[0, 1.0]], "1-D"),
    ],
)
def test_validate_refuses_bad_distributions(w, reason):
    with pytest.raises(ValidationFailed, match=reason):
        validate_si_distribution(w)


def test_validate_can_skip_the_sum_for_truncated_parametric_si():
    truncated = discretise_gamma_si(2.6, 1.5, max_days=2)
    assert truncated.sum() < 0.99
    validate_si_distribution(truncated, require_sum_one=False)
    with pytest.raises(ValidationFailed, match="sum to 1"):
        validate_si_distribution(truncated)
