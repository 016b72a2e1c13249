"""The claims of docs/learning-rate.md, checked on the computation behind it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from snippets import learning_rate as lr
from snippets import regression
from snippets.regression import fit_least_squares, make_data

SEEDS = range(6)


@pytest.fixture(scope="module")
def result():
    return lr.compute()


@pytest.fixture(scope="module", params=SEEDS)
def seeded(request):
    # Long enough conditioning runs for the worst-conditioned of these seeds.
    return lr.compute(seed=request.param, n_cond_steps=5000)


def test_uses_the_regression_pages_data(result):
    x, y = make_data()
    m, c = fit_least_squares(x, y)
    assert result.n_points == len(x)
    assert result.slope_lstsq == pytest.approx(m, abs=1e-12)
    assert result.intercept_lstsq == pytest.approx(c, abs=1e-12)


def test_half_the_limit_is_the_regression_pages_rate(result):
    x, _ = make_data()
    assert regression.stable_learning_rate(x) == pytest.approx(result.eta_half_raw)


def test_seed_reaches_the_data():
    assert lr.compute(seed=1).lambda_max != lr.compute(seed=0).lambda_max


# ---------------------------------------------------------------- the limit
def test_lambda_max_matches_the_closed_form_of_the_2x2_hessian():
    # Independent of eigvalsh: H = 2 [[mean x^2, mean x], [mean x, 1]].
    for seed in SEEDS:
        x, _ = make_data(seed=seed)
        a, b, d = 2 * np.mean(x**2), 2 * np.mean(x), 2.0
        root = np.sqrt((a - d) ** 2 + 4 * b**2)
        lam_min, lam_max = lr.curvature(lr.design_matrix(x))
        assert lam_max == pytest.approx((a + d + root) / 2, rel=1e-12)
        assert lam_min == pytest.approx(2 * (a * d - b**2) / (a + d + root), rel=1e-9)


def test_lambda_max_matches_power_iteration(result):
    x, _ = make_data()
    H = lr.hessian(lr.design_matrix(x))
    v = np.array([1.0, 1.0])
    for _ in range(200):
        v = H @ v
        v /= np.linalg.norm(v)
    assert v @ H @ v == pytest.approx(result.lambda_max, rel=1e-12)
    assert result.eta_limit == pytest.approx(2 / result.lambda_max)
    assert result.condition_number == pytest.approx(result.lambda_max / result.lambda_min)


def test_claim_just_below_the_limit_converges_and_just_above_diverges(seeded):
    """learning-rate.md: just below 2/λ_max the loss gap shrinks at every step; just above it grows by the factor (1 − ηλ_max)² and the run is halted."""
    below = seeded.loss_gaps[lr.FRACTIONS.index(seeded.fraction_below)]
    above = seeded.loss_gaps[lr.FRACTIONS.index(seeded.fraction_above)]
    assert seeded.fraction_below < 1 < seeded.fraction_above
    # Below: the gap never rises and ends many orders of magnitude down.
    assert np.all(np.diff(below) <= 1e-12 * below[0])
    assert seeded.remaining_below < 1e-8
    # Above: the run is stopped before its budget because the loss exploded ...
    assert seeded.steps_above < seeded.n_steps
    assert above[seeded.steps_above] > 1e10 * above[0]
    # ... and at its end the gap grows by the factor the quadratic predicts.
    assert seeded.growth_above == pytest.approx(seeded.growth_above_theory, rel=1e-6)
    assert seeded.growth_above > 1


def test_claim_far_above_the_limit_diverges_faster(seeded):
    """learning-rate.md: far above the limit the run blows up much sooner than just above it."""
    assert seeded.steps_far < seeded.steps_above / 5


def test_claim_tiny_steps_crawl(seeded):
    """learning-rate.md: the smallest rate leaves far more of the gap than the rate just below the limit, and more than half the limit; it does not flatten out but keeps falling by the same factor each step, a straight line on the log axis."""
    assert seeded.remaining_small > 1e5 * seeded.remaining_below
    assert seeded.remaining_small > seeded.remaining_half
    small = seeded.loss_gaps[lr.FRACTIONS.index(seeded.fraction_small)]
    assert np.all(np.diff(small) < 0)
    # Once the steep direction is gone (it shrinks by 0.64 a step at this rate), only
    # the flat direction is left, which shrinks by one constant factor per step.
    factors = small[101:] / small[100:-1]
    assert factors.max() - factors.min() < 1e-6
    assert factors.max() < 1


def test_claim_the_best_constant_rate_sits_just_below_the_limit(seeded):
    """learning-rate.md: the best constant rate 2/(λ_max + λ_min) is a hair below the limit."""
    kappa = seeded.condition_number
    assert seeded.best_fraction == pytest.approx(kappa / (kappa + 1))
    assert 0.99 < seeded.best_fraction < 1


def test_claim_the_best_constant_rate_is_best_for_the_worst_case_only(seeded):
    """learning-rate.md: 2/(λ_max + λ_min) has the smallest worst-case shrink factor of any
    constant rate, yet from this start it ends with a larger loss gap than 0.99 × the limit,
    and the smallest gap on a fine grid is at a lower rate, inside the grid."""
    kappa = seeded.condition_number
    # Worst factor over both directions, as a function of the fraction f of the limit:
    # max(|1 - 2f|, |1 - 2f/kappa|); its minimum on a fine grid is at best_fraction.
    f = np.linspace(0.5, 1.0, 200_001)
    worst = np.maximum(np.abs(1 - 2 * f), np.abs(1 - 2 * f / kappa))
    assert f[np.argmin(worst)] == pytest.approx(seeded.best_fraction, abs=1e-5)
    # Not the best for this run: 0.99x ends with a smaller gap, by far.
    assert seeded.best_over_below > 100
    assert seeded.remaining_best > seeded.remaining_below
    # The grid's best rate is below the best constant rate, and not at an edge.
    assert seeded.fine_first < seeded.best_fine_fraction < seeded.fine_last
    assert np.allclose(np.diff(seeded.fine_fractions), seeded.fine_step)
    assert seeded.best_fine_fraction < seeded.best_fraction
    assert (
        seeded.fine_end_gaps.min()
        == seeded.fine_end_gaps[list(seeded.fine_fractions).index(seeded.best_fine_fraction)]
    )


def test_claim_half_the_limit_leads_at_first(seeded):
    """learning-rate.md: the run at half the limit is the lowest curve for the first
    half_below_until steps, and then the run just below the limit overtakes it for good and
    ends lowest; its steep part shrinks by |1 − 2 × 0.99| per step."""
    gaps = seeded.loss_gaps
    half = lr.FRACTIONS.index(seeded.fraction_half)
    below = lr.FRACTIONS.index(seeded.fraction_below)
    n = seeded.half_below_until
    assert 100 <= n < seeded.n_steps
    # Steps 1..n: one half is the lowest of all five curves.
    assert np.all(
        gaps[half, 1 : n + 1] < np.nanmin(np.delete(gaps, half, axis=0), axis=0)[1 : n + 1]
    )
    # From step n + 1 on, the run just below the limit stays below it.
    assert np.all(gaps[below, n + 1 :] <= gaps[half, n + 1 :])
    assert seeded.remaining_below < min(seeded.remaining_half, seeded.remaining_small)
    assert seeded.steep_factor_below == pytest.approx(abs(1 - 2 * seeded.fraction_below))


def test_claim_finite_runs_end_at_different_lines(seeded):
    """learning-rate.md: after the same number of steps the converging runs end at
    different lines, each at a different distance from the one minimum."""
    ends = sorted([seeded.remaining_small, seeded.remaining_half, seeded.remaining_below])
    assert ends[0] * 100 < ends[1] and ends[1] * 100 < ends[2]
    assert ends[0] > 0


def test_last_step_below_and_first_step_above():
    assert lr.last_step_below(np.array([5.0, 1, 1, 3]), np.array([5.0, 2, 2, 2])) == 2
    assert lr.last_step_below(np.array([5.0, 1, 1]), np.array([5.0, 2, 2])) == 2
    assert lr.first_step_above(np.array([1.0, 10, 100]), 50) == 2
    assert lr.first_step_above(np.array([1.0, 10]), 50) == -1


def test_loss_gap_equals_the_plain_difference_of_losses():
    x, y = make_data()
    X = lr.design_matrix(x)
    w_opt = np.array(fit_least_squares(x, y))
    path = lr.gradient_descent(X, y, 0.5 * 2 / lr.curvature(X)[1], 50)
    direct = np.mean((path @ X.T - y) ** 2, axis=1) - np.mean((X @ w_opt - y) ** 2)
    assert lr.loss_gap(X, path, w_opt) == pytest.approx(direct, rel=1e-8, abs=1e-12)


# ---------------------------------------------------------------- conditioning
def test_claim_the_flat_direction_is_almost_the_intercept(seeded):
    """learning-rate.md, model-parameters.md: the loss surface is a long narrow valley whose flat direction is close to the intercept axis; at 1/λ_max the slope error drops at once and the intercept error then dominates."""
    assert seeded.condition_number > 100
    assert seeded.slow_direction_angle < 10
    # At 1/lambda_max the intercept error dominates from the first step on.
    assert np.all(seeded.errors_raw[1:, 1] > seeded.errors_raw[1:, 0])
    assert seeded.slope_error_raw_1 < 0.2 * seeded.slope_lstsq
    assert seeded.intercept_error_raw_1 > seeded.intercept_error_raw_0


def test_claim_standardising_makes_kappa_one_and_needs_far_fewer_steps(seeded):
    """learning-rate.md: standardised x gives condition number one and one step to the minimum; raw x needs many steps, even at the best rate, exactly as many as the (κ − 1)/(κ + 1) bound gives."""
    assert seeded.condition_number_std == pytest.approx(1, abs=1e-9)
    assert seeded.steps_std == 1  # H = 2 I: the step 1/lambda_max is exact
    assert seeded.steps_raw < seeded.n_cond_steps  # the raw run did get there
    assert seeded.steps_best_raw > 100 * seeded.steps_std
    assert seeded.steps_raw > seeded.steps_best_raw
    # At the best rate the distance shrinks by exactly (kappa - 1)/(kappa + 1) per
    # step, so the steps needed are the bound itself, as the page says.
    assert seeded.steps_best_raw == seeded.steps_best_bound
    distance = seeded.distance_best_raw
    assert distance[seeded.steps_best_raw] <= seeded.tolerance < distance[seeded.steps_best_raw - 1]
    # The bound as the Deeper block writes it, from the start (0, 0) and the tolerance.
    kappa, tol = seeded.condition_number, seeded.tolerance
    norm = np.hypot(seeded.slope_lstsq, seeded.intercept_lstsq)
    assert seeded.w_opt_norm == pytest.approx(norm)
    bound = np.ceil(np.log(norm / tol) / np.log((kappa + 1) / (kappa - 1)))
    assert seeded.steps_best_bound == bound
    assert seeded.std_fit_gap < 1e-10
    assert seeded.slope_std_fit == pytest.approx(seeded.slope_lstsq, abs=1e-10)


def test_to_original_scale_round_trips():
    x = np.array([1.0, 4.0, 9.0])
    z, mean, sd = lr.standardise(x)
    assert z.mean() == pytest.approx(0, abs=1e-15)
    assert z.std() == pytest.approx(1)
    m, c = lr.to_original_scale(2.0, 3.0, mean, sd)
    assert m * x + c == pytest.approx(2.0 * z + 3.0)


def test_steps_to_tolerance():
    errors = np.array([[1.0, 2.0], [1e-7, 1e-5], [1e-8, 1e-9], [1e-8, 1e-9]])
    assert lr.steps_to_tolerance(errors, 1e-6) == 2
    assert lr.steps_to_tolerance(errors[2:], 1e-6) == 0
    assert lr.steps_to_tolerance(np.array([1.0, 1e-7, 1.0, 1e-7]), 1e-6) == 3


# ---------------------------------------------------------------- determinism
def test_deterministic(result):
    again = lr.compute()
    np.testing.assert_array_equal(again.loss_gaps, result.loss_gaps)
    np.testing.assert_array_equal(again.errors_raw, result.errors_raw)
    np.testing.assert_array_equal(again.errors_std, result.errors_std)
    assert again.steps_raw == result.steps_raw


# ---------------------------------------------------------------- plots
@pytest.mark.parametrize("name", ["plot_rates", "plot_conditioning"])
def test_plots(result, name):
    fig = getattr(lr, name)(result)
    try:
        assert isinstance(fig, Figure)
        for ax in fig.axes:
            assert ax.get_xlabel()
            assert ax.get_title()
        assert fig.axes[0].get_ylabel()
    finally:
        plt.close(fig)


def test_claim_divergence_times_in_the_figure(result):
    """learning-rate.md: a diverging run leaves the plot before it diverges (is stopped by
    the blowup rule); the rate far above the limit leaves within a few dozen steps, the one
    just above it after a few hundred; on raw x the parameters need thousands of steps at
    1/λ_max, many hundreds at the best rate."""
    assert 10 <= result.steps_far < 100
    assert 200 <= result.steps_above < 1000
    assert 0 < result.leaves_plot_far < result.steps_far
    assert result.leaves_plot_far < result.leaves_plot_above < result.steps_above
    assert result.plot_top < result.blowup
    # The figure marks the same step the prose quotes.
    fig = lr.plot_rates(result)
    try:
        labels = [line.get_label() for line in fig.axes[0].lines]
        assert any(f"leaves the plot at step {result.leaves_plot_above})" in t for t in labels)
        assert any(f"leaves the plot at step {result.leaves_plot_far})" in t for t in labels)
    finally:
        plt.close(fig)
    # The conditioning figure: the raw run needs thousands of steps, the best rate
    # many hundreds.
    assert result.steps_raw >= 1000
    assert 300 <= result.steps_best_raw < result.steps_raw


def test_claim_standardised_fit_is_off_only_by_rounding_error(seeded):
    """learning-rate.md: with standardised x, from the first step on, the slope and intercept errors are rounding error, and the gap at the end of the run is of the same size."""
    rounding = 1e-13  # a few hundred ulps of numbers of order one
    after_first = seeded.errors_std[1:]
    assert after_first.max() < rounding
    assert seeded.std_fit_gap < rounding
    assert seeded.std_fit_gap <= after_first.max()


def test_conditioning_annotations_use_thousands_separators(result):
    """The step counts in the conditioning figure read as the text writes them (2,306)."""
    fig = lr.plot_conditioning(result)
    notes = [t.get_text() for ax in fig.axes for t in ax.texts if "step" in t.get_text()]
    plt.close(fig)
    counts = (result.steps_raw, result.steps_best_raw, result.steps_std)
    assert notes == [f"{n:,d} step{'s' if n != 1 else ''}" for n in counts]
    assert any("," in note for note in notes)  # at least one count is in the thousands


def test_rates_legend_sits_below_the_plot_clear_of_every_curve(result):
    """Inside the axes the legend covered the curve just below the limit (steps 400-650)."""
    figure = lr.plot_rates(result)
    try:
        figure.draw_without_rendering()
        ax = figure.axes[0]
        legend = ax.get_legend().get_window_extent()
        assert legend.y1 < ax.get_window_extent().y0
        assert len(ax.get_legend().texts) == len(result.fractions)
    finally:
        plt.close(figure)
