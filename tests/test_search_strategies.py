"""Choosing hyperparameters, part 2: grid vs random search, successive halving."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from snippets import search_strategies as ss
from tests.notebook_drawing import panel_widths_as_the_notebook_draws

SEEDS = range(5)


@pytest.fixture(scope="module")
def result():
    return ss.compute()


@pytest.fixture(scope="module")
def results_by_seed():
    return [ss.compute(seed=seed) for seed in SEEDS]


# ---------------------------------------------------------------- grid vs random


def test_grid_has_three_distinct_values_per_axis():
    u, v = ss.grid_points(3)
    assert len(u) == 9
    assert np.allclose(np.unique(u), [1 / 6, 1 / 2, 5 / 6])
    assert np.allclose(np.unique(v), [1 / 6, 1 / 2, 5 / 6])


def test_grid_versus_random_scores_the_best_trial_of_each():
    grid, random = ss.grid_versus_random(np.random.default_rng(0), 0.01, 50)
    assert grid.shape == random.shape == (50,)
    assert np.all(grid >= 0) and np.all(random >= 0)
    # A grid's best trial can be at most half a cell (1/6) from the optimum in u.
    assert np.all(grid <= (1 / 6) ** 2 + 0.01 * (5 / 6) ** 2)


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_claim_random_beats_grid_when_one_hyperparameter_matters(results_by_seed, index):
    """searching-hyperparameters.md: random search finds the lower loss more often when v matters little (weights 0 and 0.01), and the grid wins from weight 0.1 on (a tenth as much as u) and when u and v matter equally, for every seed."""
    # 1000 repeats per weight: random search finds the lower loss in at least 55 %
    # of repeats when v barely matters (weight 0.01), at least 60 % when v does not
    # matter, and in at most 45 % when u and v matter equally (the grid wins then).
    r = results_by_seed[index]
    assert r.weights[1] == r.main_weight == 0.01
    assert r.random_wins_main >= 0.55
    assert r.random_wins_irrelevant >= 0.6
    assert r.random_wins_equal <= 0.45
    # Review 3, U2: at weight 0.1 the grid already wins (the alt text and prose say so).
    assert r.weights[2] == r.tenth_weight == 0.1 and r.random_wins_tenth == r.random_wins[2] < 0.5
    assert np.all(np.diff(r.random_wins) < 0)  # the more v matters, the less random wins
    assert r.median_best_random < r.median_best_grid


def test_claim_nine_grid_and_nine_random_trials(result):
    """searching-hyperparameters.md: the figure compares nine grid trials on three values of u with nine random trials on nine distinct values."""
    assert result.grid_distinct_u == 3
    assert result.random_distinct_u == result.n_trials == 9


def test_top_five_percent_arithmetic(result):
    assert result.p_hit_top == pytest.approx(1 - 0.95**60)
    assert result.p_hit_top == pytest.approx(0.954, abs=5e-4)
    assert result.n_for_95 == 59
    assert ss.probability_hit_top(59) >= 0.95 > ss.probability_hit_top(58)


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_claim_simulated_hits_agree_with_the_formula(results_by_seed, index):
    """searching-hyperparameters.md: the simulated share of searches that hit the top 5 % agrees with 1 − 0.95ⁿ."""
    r = results_by_seed[index]
    se = np.sqrt(r.p_hit_top * (1 - r.p_hit_top) / 2000)
    assert abs(r.p_hit_top_simulated - r.p_hit_top) < 4 * se


# ---------------------------------------------------------------- training and halving


def test_gradient_descent_reaches_the_ridge_solution():
    rng = np.random.default_rng(1)
    true_w = np.zeros((1, 5, 1))
    true_w[0, :, 0] = rng.normal(size=5)
    x, y = ss.make_regression(rng, 1, 50, true_w)
    lr, wd = np.array([[0.1]]), np.array([[0.3]])
    *_, (w, diverged) = ss.train_ridge_gd(x, y, lr, wd, 2000)
    a, c = x[0].T @ x[0] / 50, x[0].T @ y[0] / 50
    closed_form = np.linalg.solve(a + 0.3 * np.eye(5), c)
    assert not diverged.any()
    assert np.allclose(w[0], closed_form, atol=1e-8)


def test_claim_learning_rates_above_the_stability_limit_diverge():
    """searching-hyperparameters.md: learning rates above the stability limit (lower with more weight decay) make training diverge."""
    rng = np.random.default_rng(2)
    true_w = np.ones((1, 10, 1))
    x, y = ss.make_regression(rng, 1, 60, true_w)
    wd = 0.01
    limit = 1 / (np.linalg.eigvalsh(x[0].T @ x[0] / 60).max() + wd)
    lr = np.array([[0.8 * limit, 1.2 * limit]])
    *_, (w, diverged) = ss.train_ridge_gd(x, y, lr, np.full((1, 2), wd), 400)
    assert diverged.tolist() == [[False, True]]
    losses = ss.mse(x, y, w, diverged)
    assert np.isfinite(losses[0, 0]) and np.isinf(losses[0, 1])


def test_claim_the_limit_falls_with_the_largest_weight_decay_drawn(result):
    """searching-hyperparameters.md: the limit at the largest weight decay drawn is 1/(curvature + weight decay), well below the limit without it."""
    assert result.demo_max_weight_decay == result.demo_weight_decay.max()
    curvature = 1 / result.stability_limit
    limit = result.demo_limit_at_max_weight_decay
    assert limit == pytest.approx(1 / (curvature + result.demo_max_weight_decay))
    assert limit < result.stability_limit / 2  # not "a little" lower


def test_halving_cost_and_survivors():
    """81 configurations, rungs 1, 3, 9, 27, 81 epochs, keep the best third."""
    rungs = np.array([1, 3, 9, 27, 81])
    quality = np.random.default_rng(3).permutation(81).astype(float)
    winner, cost, reached, survivors = ss.successive_halving(
        lambda epochs: quality + 1 / epochs, 81, rungs, reduction_factor=3
    )
    assert survivors == [81, 27, 9, 3, 1]
    expected = sum(
        n * (r - prev) for n, r, prev in zip(survivors, rungs, [0, 1, 3, 9, 27], strict=True)
    )
    assert cost == expected == 297
    assert winner == int(np.argmin(quality))  # ranks never change here: halving is right
    assert [int(np.sum(reached == r)) for r in rungs] == [54, 18, 6, 2, 1]


def test_reported_costs(result):
    assert result.rungs_text == "1, 3, 9, 27 and 81"
    assert result.cost_factor == pytest.approx(6561 / 297)
    assert result.cost_full == result.n_configs * result.max_epochs == 6561
    assert result.cost_halving == 297
    assert result.cost_fraction == pytest.approx(297 / 6561)
    assert result.n_random_same_budget == 3
    assert result.cost_random == 3 * 81 <= result.cost_halving
    assert result.survivors.tolist() == [81, 27, 9, 3, 1]


def test_demo_run_is_consistent(result):
    curves = result.demo_val_curves
    assert curves.shape == (result.max_epochs + 1, result.n_configs)
    assert result.demo_full_winner == int(np.argmin(curves[-1]))
    assert result.demo_reached[result.demo_halving_winner] == result.max_epochs
    assert result.demo_test_full > 0 and result.demo_test_halving > 0
    ratio = result.demo_test_halving / result.demo_test_full
    assert result.demo_excess == pytest.approx(ratio - 1)
    assert result.demo_full_stopped_at == result.demo_reached[result.demo_full_winner]
    # Only learning rates above the stability limit 1 / (lambda_max + weight decay)
    # diverge in the demo run.
    diverged = np.isinf(curves[-1])
    assert diverged.sum() == result.n_diverged > 0
    limit = 1 / (1 / result.stability_limit + result.demo_weight_decay)
    assert np.all(result.demo_learning_rate[diverged] > limit[diverged])


def test_claim_demo_run_as_the_page_describes_it(result):
    """searching-hyperparameters.md: in the run shown, halving's winner starts fast just below its stability limit; full search's winner starts slower, is dropped early and ends better; a rate above its limit survives to the rung at 27 epochs and blows up."""
    # Halving's winner starts fast at a learning rate just below its stability limit;
    # full search's winner starts slower and is dropped at an early rung.
    curves = result.demo_val_curves
    h, f = result.demo_halving_winner, result.demo_full_winner
    assert h != f
    assert result.demo_full_stopped_at < result.max_epochs
    assert curves[1, h] < curves[1, f]
    assert curves[-1, f] < curves[-1, h]
    assert 0.9 * result.demo_limit_halving < result.demo_lr_halving
    assert result.demo_lr_halving < result.demo_limit_halving
    assert result.demo_lr_full < result.demo_lr_halving
    assert result.demo_excess > 0
    assert result.demo_lr_halving == result.demo_learning_rate[h]
    # A learning rate above its stability limit survived to the rung at 27 epochs,
    # with its validation error there more than twice its best so far.
    limit = 1 / (1 / result.stability_limit + result.demo_weight_decay)
    late = (result.demo_reached == 27) & (result.demo_learning_rate > limit)
    assert any(curves[27, c] > 2 * curves[1:28, c].min() for c in np.flatnonzero(late))
    # The figure labels one of them; the page quotes its rate and limit.
    b, rung = result.demo_late_blowup, result.demo_late_blowup_rung
    assert rung == result.rungs[-2] == 27 and result.demo_reached[b] == rung
    assert result.demo_lr_blowup == result.demo_learning_rate[b] > result.demo_limit_blowup
    assert result.demo_limit_blowup == pytest.approx(
        1 / (1 / result.stability_limit + result.demo_weight_decay[b])
    )
    assert curves[rung, b] > 2 * np.nanmin(curves[1 : rung + 1, b])
    assert result.demo_wd_full == result.demo_weight_decay[f]
    assert result.demo_wd_full > result.demo_weight_decay[h]  # "and more weight decay"


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_claim_halving_quality_over_repeats(results_by_seed, index):
    """searching-hyperparameters.md: over repeats halving's median excess test error is under 1 %, badly worse at least once, and it beats random search on a budget no larger, for every seed."""
    # What the page says, in every seed (100 repeats each): halving's winner is
    # usually not full search's winner, but its median test MSE is within 1 % of it;
    # more than 10 % worse in at most 10 repeats, yet badly worse at least once;
    # it beats random search on the same budget in at least 60 repeats, and random
    # search is more than 10 % worse in at least 20.
    r = results_by_seed[index]
    n = r.n_sh_repeats
    assert r.n_same_winner < n / 2
    assert 0 <= r.median_excess_halving < 0.01
    assert r.n_halving_over_10pct == np.sum(r.test_ratio_halving > 1.1) <= 10
    assert r.max_excess_halving > 0.1
    assert r.max_ratio_halving == pytest.approx(1 + r.max_excess_halving)
    assert r.n_halving_beats_random >= 60
    assert r.n_random_over_10pct == np.sum(r.test_ratio_random > 1.1) >= 20
    assert r.median_excess_random > r.median_excess_halving
    assert r.n_halving_worse_test == np.sum(r.test_ratio_halving > 1)
    assert r.n_halving_top_tenth == np.sum(r.rank_halving < r.n_configs / 10)


def test_compute_is_deterministic(result):
    again = ss.compute()
    assert np.array_equal(result.random_wins, again.random_wins)
    assert np.array_equal(result.demo_val_curves, again.demo_val_curves)
    assert np.array_equal(result.test_ratio_halving, again.test_ratio_halving)


@pytest.mark.parametrize("plot", [ss.plot_grid_vs_random, ss.plot_successive_halving])
def test_plots_label_every_panel(result, plot):
    figure = plot(result)
    try:
        for ax in figure.get_axes():
            assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
            assert ax.get_legend() is not None
    finally:
        plt.close(figure)


def test_claim_random_search_budget_is_the_most_whole_runs_within_halvings(result):
    """searching-hyperparameters.md: random search trains as many configurations fully
    as fit in halving's budget, so it spends no more than halving, but within one run."""
    r = result
    assert r.cost_random == r.n_random_same_budget * r.max_epochs
    assert r.cost_random <= r.cost_halving < r.cost_random + r.max_epochs


# tests/notebook_drawing.py says why: a legend wider than its panel once collapsed it.
@pytest.mark.parametrize("plot", ["plot_grid_vs_random", "plot_successive_halving"])
def test_notebook_draws_search_without_layout_warnings(result, plot):
    widths = panel_widths_as_the_notebook_draws(lambda: getattr(ss, plot)(result))
    assert min(widths) > 0.2, widths  # each panel keeps a real share of the width


def test_legend_names_each_contour_of_the_trials_panel(result):
    """The caption's best 5%, 20% and 50% contours: each line style has its legend entry."""
    figure = ss.plot_grid_vs_random(result)
    try:
        left = figure.axes[0]
        legend = left.get_legend()
        named = {
            text.get_text(): handle.get_linestyle()
            for text, handle in zip(legend.texts, legend.legend_handles, strict=True)
        }
        for share, style in zip(("5%", "20%", "50%"), ("-", "--", ":"), strict=True):
            assert named[f"best {share} of the space"] == style
    finally:
        plt.close(figure)
