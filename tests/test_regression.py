"""The regression page's claims: closed form and gradient descent find the same m and c."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

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
def test_gradient_descent_reaches_the_closed_form(seed):
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
def test_absolute_error_picks_a_different_line(seed):
    result = regression.compute(seed=seed)

    def mae(m, c):
        return np.mean(np.abs(m * result.x + c - result.y))

    best = mae(result.slope_mae, result.intercept_mae)
    assert best < mae(result.slope_lstsq, result.intercept_lstsq)
    for dm in (-0.01, 0.0, 0.01):
        for dc in (-0.05, 0.0, 0.05):
            assert best <= mae(result.slope_mae + dm, result.intercept_mae + dc) + 1e-9
    assert abs(result.slope_mae - result.slope_lstsq) > 1e-3
