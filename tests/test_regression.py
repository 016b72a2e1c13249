"""The regression page's claims: closed form and gradient descent find the same m and c."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from computed_pages.render.number_text import format_number
from snippets import regression


@pytest.mark.parametrize("seed", range(5))
def test_closed_form_matches_lstsq_and_normal_equations(seed):
    x, y = regression.make_data(seed=seed)
    m, c = regression.fit_least_squares(x, y)
    X = np.column_stack([x, np.ones_like(x)])
    reference = np.linalg.lstsq(X, y, rcond=None)[0]
    assert abs(m - reference[0]) < 1e-8 and abs(c - reference[1]) < 1e-8
    # Independently: slope = cov(x, y) / var(x), intercept through the means.
    slope = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    assert abs(m - slope) < 1e-8 and abs(c - (y.mean() - slope * x.mean())) < 1e-8


@pytest.mark.parametrize("seed", range(5))
def test_claim_gradient_descent_reaches_the_closed_form(seed):
    """model-parameters.md, index.md, comparison.md: gradient descent ends on the least-squares line, to within the printed digits."""
    result = regression.compute(seed=seed)
    assert abs(result.slope_gd - result.slope_lstsq) < 1e-6
    assert abs(result.intercept_gd - result.intercept_lstsq) < 1e-6
    assert result.max_gap < 1e-6


def test_fewer_steps_do_not_reach_it():
    """The agreement is earned by the iterations, not built in."""
    result = regression.compute(n_steps=20)
    assert result.max_gap > 1e-3


def test_reported_losses_are_those_of_the_fit():
    result = regression.compute()
    assert result.mse == pytest.approx(
        regression.mse(result.slope_lstsq, result.intercept_lstsq, result.x, result.y)
    )
    assert result.rmse == pytest.approx(np.sqrt(result.mse))
    assert result.gd_loss[-1] == pytest.approx(result.mse, rel=1e-9)
    assert np.all(np.diff(result.gd_loss) <= 1e-12), "a stable step never increases the loss"


def test_learning_rate_is_below_the_stability_limit():
    result = regression.compute()
    X = np.column_stack([result.x, np.ones_like(result.x)])
    lambda_max = np.linalg.eigvalsh(2 * X.T @ X / len(result.x)).max()
    assert 0 < result.learning_rate < 2 / lambda_max


def test_compute_is_deterministic():
    a, b = regression.compute(), regression.compute()
    assert np.array_equal(a.y, b.y) and np.array_equal(a.gd_path, b.gd_path)


def test_plot_fit_labels_both_panels():
    figure = regression.plot_fit(regression.compute(n_steps=200))
    try:
        axes = figure.get_axes()
        assert len(axes) == 2
        for ax in axes:
            assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
            assert ax.get_legend() is not None
    finally:
        plt.close(figure)


@pytest.mark.parametrize("seed", range(3))
def test_claim_absolute_error_picks_a_different_line(seed):
    """model-parameters.md: minimising the mean absolute error gives a different line from least squares."""
    result = regression.compute(seed=seed)

    def mae(m, c):
        return np.mean(np.abs(m * result.x + c - result.y))

    best = mae(result.slope_mae, result.intercept_mae)
    assert best < mae(result.slope_lstsq, result.intercept_lstsq)
    for dm in (-0.01, 0.0, 0.01):
        for dc in (-0.05, 0.0, 0.05):
            assert best <= mae(result.slope_mae + dm, result.intercept_mae + dc) + 1e-9
    assert abs(result.slope_mae - result.slope_lstsq) > 1e-3


def test_claim_normal_equations_square_the_condition_number():
    """model-parameters.md: forming XᵀX squares the condition number of X."""
    r = regression.compute()
    assert r.condition_x > 10
    assert r.condition_xtx == pytest.approx(r.condition_x**2, rel=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_claim_descent_path_jumps_along_m_then_slides(seed):
    """model-parameters.md: from (0, 0) the path first jumps along m, then creeps along
    the valley floor, where the loss falls slowly."""
    r = regression.compute(seed=seed)
    first = r.gd_path[1] - r.gd_path[0]
    assert abs(first[0]) > 5 * abs(first[1])  # the first step is almost all slope
    # After a few steps most of the loss is gone but many steps remain to the minimum.
    gap = r.gd_loss - r.mse
    assert gap[5] < 0.1 * gap[0]
    steps_to_finish = int(np.argmax(np.abs(r.gd_path - r.gd_path[-1]).max(axis=1) < 1e-3))
    assert steps_to_finish > 100


def test_claim_rmse_is_close_to_the_noise_level():
    """model-parameters.md: the fitted line's RMSE is close to the noise level, for any
    seed: the model is right, so only the noise is left."""
    shown = regression.compute()
    assert abs(shown.rmse - shown.noise_sd) < 0.1 * shown.noise_sd
    for seed in range(20):  # 40 points: the RMSE itself varies by about 1/sqrt(80)
        r = regression.compute(seed=seed)
        assert abs(r.rmse - r.noise_sd) < 0.3 * r.noise_sd


def test_claim_fit_is_near_but_not_on_the_true_line():
    """model-parameters.md: the fit lies near the true line but not on it; more data
    brings it closer (averaged over seeds)."""
    r = regression.compute()
    assert 0 < abs(r.slope_lstsq - r.true_slope) < 0.5
    assert r.intercept_lstsq != r.true_intercept

    def mean_error(n_points):
        errors = []
        for seed in range(20):
            x, y = regression.make_data(n_points=n_points, seed=seed)
            m, c = regression.fit_least_squares(x, y)
            errors.append(abs(m - 2.5) + abs(c + 1.0))
        return np.mean(errors)

    assert mean_error(400) < 0.5 * mean_error(40)


def test_claim_the_legend_shows_the_fitted_values():
    """model-parameters.md, index.md: the left panel's legend shows m and c of both fits,
    as the pages print them, so the questions about them can be answered from the figure."""
    result = regression.compute()
    figure = regression.plot_fit(result)
    try:
        labels = [text.get_text() for text in figure.axes[0].get_legend().get_texts()]
    finally:
        plt.close(figure)
    for m, c in (
        (result.slope_lstsq, result.intercept_lstsq),
        (result.slope_gd, result.intercept_gd),
    ):
        shown = f"m = {format_number(m, '.3f')}, c = {format_number(c, '.3f')}"  # as the pages
        assert any(shown in label for label in labels), labels
    assert f"{result.slope_gd:.3f}" == f"{result.slope_lstsq:.3f}"
    assert f"{result.intercept_gd:.3f}" == f"{result.intercept_lstsq:.3f}"
