"""Claims of the Capacity page, checked on the computation that draws its figures."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from snippets import capacity
from tests.notebook_drawing import panel_widths_as_the_notebook_draws

SEEDS = range(10)


@pytest.fixture(scope="module")
def result():
    return capacity.compute()


@pytest.fixture(scope="module")
def per_seed():
    return [capacity.compute(seed=s, n_seeds=1) for s in SEEDS]


# ---------------------------------------------------------------- the fit itself


def test_least_squares_matches_numpy_legfit():
    rng = np.random.default_rng(1)
    x, y = capacity.make_data(rng, 20, 0.3)
    for degree in (0, 3, 9):
        expected = np.polynomial.legendre.legfit(2 * x - 1, y, degree)
        np.testing.assert_allclose(capacity.fit(x, y, degree), expected, atol=1e-8)


def test_ridge_solves_its_normal_equations():
    """(X^T X / n + lam D) w = X^T y / n, D = diag(0, 1, ..., 1): checked, not used."""
    rng = np.random.default_rng(2)
    x, y = capacity.make_data(rng, 20, 0.3)
    degree, lam = 8, 1e-3
    w = capacity.fit(x, y, degree, lam)
    X = capacity.features(x, degree)
    D = np.diag([0.0] + [1.0] * degree)
    lhs = (X.T @ X / len(x) + lam * D) @ w
    np.testing.assert_allclose(lhs, X.T @ y / len(x), atol=1e-10)


def test_intercept_is_not_penalised():
    """A huge lambda leaves only the constant P_0: the mean of y."""
    rng = np.random.default_rng(3)
    x, y = capacity.make_data(rng, 20, 0.3)
    w = capacity.fit(x, y, 10, 1e8)
    assert w[0] == pytest.approx(y.mean(), abs=1e-6)
    assert np.abs(w[1:]).max() < 1e-6


# ---------------------------------------------------------------- knob 1: degree


def test_claim_training_error_never_increases_with_degree(per_seed):
    """capacity.md: the training error never rises with the degree, for every seed."""
    for r in per_seed:
        assert np.all(np.diff(r.train_rmse) <= 1e-9), r.seed


def test_claim_validation_minimum_is_interior_for_every_seed(per_seed, result):
    """capacity.md: the validation error is U-shaped: its minimum lies strictly inside the range of degrees for every seed."""
    interior = [0 < r.chosen_degree < r.max_degree for r in per_seed]
    assert sum(interior) == len(SEEDS)
    assert result.n_seeds_interior_degree == sum(interior) == result.n_seeds
    assert list(result.seed_chosen_degrees) == [r.chosen_degree for r in per_seed]
    assert result.min_seed_degree >= 3
    assert result.max_seed_degree <= 6


def test_degree_is_the_validation_argmin(per_seed):
    for r in per_seed:
        assert r.chosen_degree == int(np.argmin(r.val_rmse))
        assert r.val_rmse_chosen_degree == r.val_rmse.min()


def test_claim_underfit_and_overfit_ends(result, per_seed):
    """capacity.md: degree 1 underfits (both errors high), degree 0 more so on validation
    (the alt text: starts high at degree 0, then, in the run shown, falls unevenly to the
    chosen degree, rising at some degrees on the way); the top degree fits below the noise
    level on training data and is far worse on validation."""
    before = result.val_rmse[: result.chosen_degree + 1]
    assert before[0] == before.max() and np.any(np.diff(before) > 0)
    # Degree 1 is poor on both sets; the top degree fits the noise.
    for r in per_seed:
        assert r.underfit_degree == 1 and r.val_rmse[0] > r.val_rmse_underfit
        assert r.train_rmse_underfit > r.noise_sd
        assert r.val_rmse_underfit > r.val_rmse_chosen_degree
        assert r.train_rmse_max_degree < r.noise_sd  # below the noise: it fits noise
        assert r.val_rmse_max_degree > 3 * r.val_rmse_chosen_degree
        assert r.train_rmse_max_degree < r.train_rmse[r.chosen_degree]


def test_claim_validation_error_past_the_minimum_rises_with_dips(result, per_seed):
    """capacity.md: past the chosen degree the validation RMSE dips back down at some
    degrees, for every seed; in the run shown it is highest at the top degree."""
    for r in per_seed:
        past = r.val_rmse[r.chosen_degree :]
        assert np.any(np.diff(past) < 0), r.seed
    assert result.val_rmse_max_degree == result.val_rmse.max() == result.val_rmse[-1]


def test_claim_below_the_noise_on_training_is_not_what_marks_overfitting(result, per_seed):
    """capacity.md: the chosen degree's training RMSE is below σ too (on the page's
    seed); what marks overfitting is the validation error, close to σ at the chosen
    degree (within 25 %, every seed) and many times σ at the top degree."""
    assert result.train_rmse_chosen_degree < result.noise_sd
    assert result.train_rmse_chosen_degree == result.train_rmse[result.chosen_degree]
    for r in per_seed:
        assert abs(r.val_rmse_chosen_degree - r.noise_sd) < 0.25 * r.noise_sd
        assert r.val_rmse_max_degree > 3 * r.noise_sd


def test_claim_the_runner_up_degree_is_a_close_second(result):
    """capacity.md: the runner-up degree's validation RMSE is a close second, higher by the
    inserted relative gap (under 1 %), and the degree slider, which rounds to three
    digits, shows the same number for it as for the chosen degree."""
    from computed_pages.render.slider_html import format_number

    r = result
    assert r.runner_up_degree != r.chosen_degree
    assert r.val_rmse_chosen_degree < r.val_rmse_runner_up_degree
    others = np.delete(r.val_rmse, [r.chosen_degree, r.runner_up_degree])
    assert np.all(others > r.val_rmse_runner_up_degree)
    # What the slider shows, formatted as the build formats it.
    chosen = capacity.degree_numbers(r, r.chosen_degree)["validation RMSE"]
    runner_up = capacity.degree_numbers(r, r.runner_up_degree)["validation RMSE"]
    assert format_number(chosen) == format_number(runner_up)
    assert 0 < r.runner_up_relative_gap < 0.01
    assert r.runner_up_relative_gap == pytest.approx(runner_up / chosen - 1)


# ---------------------------------------------------------------- knob 2: lambda


def test_claim_training_error_never_decreases_with_lambda(per_seed):
    """capacity.md: the training error never falls as λ grows, for every seed."""
    for r in per_seed:
        assert np.all(np.diff(r.ridge_train_rmse) >= -1e-9), r.seed


def test_claim_lambda_minimum_is_interior_for_every_seed(per_seed, result):
    """capacity.md: the validation error against λ is U-shaped: its minimum lies strictly inside the grid for every seed."""
    lams = capacity.LAMBDAS
    interior = [lams[0] < r.chosen_lambda < lams[-1] for r in per_seed]
    assert sum(interior) == len(SEEDS)
    assert result.n_seeds_interior_lambda == sum(interior)
    np.testing.assert_array_equal(result.seed_chosen_lambdas, [r.chosen_lambda for r in per_seed])


def test_lambda_is_the_validation_argmin(per_seed):
    for r in per_seed:
        assert r.chosen_lambda == r.lambdas[np.argmin(r.ridge_val_rmse)]
        assert r.val_rmse_chosen_lambda == r.ridge_val_rmse.min()


def test_claim_weight_decay_shrinks_the_coefficients(per_seed):
    """capacity.md: the chosen λ shrinks the penalised coefficients to well under half their size at the smallest λ."""
    for r in per_seed:
        assert r.coef_norm_chosen_lambda < r.coef_norm_smallest_lambda / 2
        # any penalty fits the training set at most as well as plain least squares
        assert r.train_rmse_smallest_lambda >= r.train_rmse_max_degree - 1e-12


# ---------------------------------------------------------------- the test set


def test_choices_do_not_depend_on_the_test_set(result):
    """A different test set changes the test scores, never the choices."""
    other = capacity.compute(n_test=500, n_seeds=1)
    assert other.chosen_degree == result.chosen_degree
    assert other.chosen_lambda == result.chosen_lambda
    assert other.test_rmse_chosen_degree != result.test_rmse_chosen_degree


def test_claim_validation_and_test_can_disagree():
    """capacity.md: for some seeds the test curve has its minimum at a different degree from the validation curve."""
    # The test argmin is a different quantity: for some seeds it picks another degree.
    #
    # The module never computes test error for every degree; this test does, to show
    # that the chosen degree is the validation argmin and not the test argmin.
    disagree = 0
    for s in SEEDS:
        rng, (xt, yt), (xv, yv) = capacity._train_val(s, 20, 200, 0.3)
        x_test, y_test = capacity.make_data(rng, 1000, 0.3)
        chosen = capacity.sweep_degree(xt, yt, xv, yv, 15)[3]
        test_curve = [capacity.rmse(capacity.fit(xt, yt, d), x_test, y_test) for d in range(16)]
        disagree += chosen != int(np.argmin(test_curve))
    assert 1 <= disagree <= 5


# ---------------------------------------------------------------- determinism, plots


def test_deterministic(result):
    again = capacity.compute()
    for name, value in vars(result).items():
        np.testing.assert_array_equal(value, getattr(again, name), err_msg=name)


def test_other_seed_gives_other_data(result, per_seed):
    assert not np.array_equal(per_seed[1].x_train, result.x_train)


@pytest.mark.parametrize("plot", [capacity.plot_degree, capacity.plot_lambda])
def test_plots_have_labelled_axes(result, plot):
    fig = plot(result)
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == 2
        for ax in fig.axes:
            assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
            assert ax.get_legend() is not None
    finally:
        plt.close(fig)


def test_degree_axes_tick_whole_degrees_only(result):
    """A degree is a whole number: no 2.5 or 7.5 on either degree axis."""
    for fig, ax_index in (
        (capacity.plot_degree(result), 0),
        (capacity.plot_degree_fit(result, 3), 1),
    ):
        try:
            fig.canvas.draw()
            ax = fig.axes[ax_index]
            low, high = ax.get_xlim()
            ticks = [t for t in ax.get_xticks() if low <= t <= high]
            assert len(ticks) >= 3
            assert all(float(t).is_integer() for t in ticks), ticks
        finally:
            plt.close(fig)


def test_lambda_legend_writes_lambda_as_the_slider_does(result):
    """The legend says 10⁻⁸ and 0.0316, as the slider does, not 1e-08 and 0.032."""
    fig = capacity.plot_lambda(result)
    try:
        labels = [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
        for lam in result.curve_lambdas:
            assert any(f"λ = {capacity.lambda_text(lam)}" in label for label in labels)
        assert not any("e-" in label for label in labels), labels
    finally:
        plt.close(fig)


# tests/notebook_drawing.py says why: a legend wider than its panel once collapsed it.
@pytest.mark.parametrize("plot", ["plot_degree", "plot_lambda"])
def test_notebook_draws_capacity_without_layout_warnings(result, plot):
    widths = panel_widths_as_the_notebook_draws(lambda: getattr(capacity, plot)(result))
    assert min(widths) > 0.2, widths  # each panel keeps a real share of the width


def test_claim_legendre_columns_are_far_better_conditioned(result):
    """capacity.md: at the highest degree, the Legendre training matrix the fit uses has a
    condition number in the thousands, the plain powers of x about a trillion."""
    assert 1 < result.condition_legendre < 1e4
    assert result.condition_powers > 1e10
    assert result.condition_powers / result.condition_legendre > 1e6
