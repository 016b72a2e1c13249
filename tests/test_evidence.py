"""The evidence page's claims: the fixed point maximises the evidence, the evidence
uses the training data only, and its choice of lambda tests about as well as the
validation choice."""

from __future__ import annotations

import inspect

import matplotlib.pyplot as plt
import numpy as np
import pytest

from snippets import evidence

# The page's data set-up: compute()'s defaults, as (n_train, n_val, n_test, noise_sd).
SIZES = tuple(
    inspect.signature(evidence.compute).parameters[name].default
    for name in ("n_train", "n_val", "n_test", "noise_sd")
)


@pytest.fixture(scope="module")
def result():
    return evidence.compute()


def _training_set(seed=0, n=25):
    x, y = evidence.make_data(n, 0.3, np.random.default_rng(seed))
    return evidence.design_matrix(x), y


@pytest.mark.parametrize("seed", range(3))
def test_log_evidence_matches_the_gaussian_marginal(seed):
    """Eq. 3.86 against the direct density: y ~ N(0, I / beta + Phi Phi^T / alpha)."""
    Phi, y = _training_set(seed)
    alphas, betas = np.array([0.01, 1.0, 30.0]), np.array([5.0, 11.0, 40.0])
    for alpha, beta in zip(alphas, betas, strict=True):
        cov = np.eye(len(y)) / beta + Phi @ Phi.T / alpha
        _, logdet = np.linalg.slogdet(cov)
        direct = -0.5 * (len(y) * np.log(2 * np.pi) + logdet + y @ np.linalg.solve(cov, y))
        assert evidence.log_evidence(alpha, beta, Phi, y)[0] == pytest.approx(
            direct, rel=1e-9, abs=1e-9
        )
    vectorised = evidence.log_evidence(alphas, betas, Phi, y)
    single = [evidence.log_evidence(a, b, Phi, y)[0] for a, b in zip(alphas, betas, strict=True)]
    assert np.allclose(vectorised, single)


def test_ridge_weights_solve_the_penalised_normal_equations():
    Phi, y = _training_set()
    for lam in (1e-4, 0.3, 10.0):
        w = evidence.ridge_weights(Phi, y, [lam])[0]
        M = Phi.shape[1]
        assert np.allclose((Phi.T @ Phi + lam * np.eye(M)) @ w, Phi.T @ y)


def test_profile_beta_is_the_best_beta_for_each_lambda():
    Phi, y = _training_set()
    lambdas = np.logspace(-4, 1, 7)
    best, beta = evidence.profile_log_evidence(lambdas, Phi, y)
    for factor in (0.8, 0.97, 1.03, 1.25):
        other = evidence.log_evidence(lambdas * beta * factor, beta * factor, Phi, y)
        assert np.all(other < best)


@pytest.mark.parametrize("seed", range(6))
def test_claim_fixed_point_is_the_grid_maximum(seed):
    """learned-hyperparameters.md: the fixed-point iteration ends at the grid maximum of the evidence, to within the grid's resolution, for several seeds."""
    # The claim: re-estimation lands on the grid argmax, within one grid step.
    r = evidence.compute(seed=seed, n_repeats=2)
    assert r.converged
    assert r.grid_steps_apart <= 1.0
    # The page: the λ grid is evenly spaced on a log scale, one step grid_step_decades.
    assert np.allclose(np.diff(np.log10(r.lambdas)), r.grid_step_decades)
    alpha_gap = abs(np.log10(r.alpha_evidence / r.alpha_grid_best))
    assert alpha_gap <= 2 * r.grid_step_decades
    assert r.max_log_evidence >= r.profile_evidence.max() - 1e-9
    assert r.lambda_evidence == pytest.approx(r.alpha_evidence / r.beta_evidence)
    # gamma counts well-determined weights: between 0 and the number of weights
    assert 0 < r.gamma < r.n_basis


def test_fixed_point_is_stationary_and_needs_iterations(result):
    Phi = evidence.design_matrix(result.x_train)
    path, converged = evidence.reestimate(
        Phi, result.y_train, result.alpha_evidence, result.beta_evidence
    )
    assert converged and len(path) <= 3
    assert np.allclose(path[-1], (result.alpha_evidence, result.beta_evidence))
    path, converged = evidence.reestimate(Phi, result.y_train, max_iter=1)
    assert not converged and len(path) == 2
    assert result.n_iterations > 3


def test_evidence_api_takes_no_validation_data():
    for function in (
        evidence.log_evidence,
        evidence.profile_log_evidence,
        evidence.reestimate,
    ):
        names = list(inspect.signature(function).parameters)
        assert "Phi_train" in names and "y_train" in names
        assert not any("val" in name or "test" in name for name in names)


def test_evidence_choice_does_not_move_with_the_validation_set():
    small = evidence.compute(n_val=10, n_repeats=2)
    large = evidence.compute(n_val=200, n_repeats=2)
    assert np.array_equal(small.x_train, large.x_train)
    assert len(small.x_val) == 10 and len(large.x_val) == 200
    assert not np.array_equal(small.val_mse, large.val_mse)
    assert small.lambda_evidence == large.lambda_evidence
    assert np.array_equal(small.profile_evidence, large.profile_evidence)
    assert small.test_mse_evidence == large.test_mse_evidence


@pytest.mark.parametrize("seed", range(10))
def test_evidence_tests_about_as_well_as_validation(seed):
    """Within 20 % either way for these ten data sets (over 100 data sets the
    ratio ranged from about 0.55 to 1.5; 90 % fell within 0.90 to 1.17)."""
    r = evidence.compute(seed=seed, n_repeats=2)
    assert 0.8 < r.test_ratio < 1.2
    assert r.test_mse_evidence > r.noise_sd**2 * 0.9  # no model beats the noise


def test_summary_over_repeats(result):
    assert result.n_repeats == 50
    assert 0.95 < result.ratio_median < 1.05
    assert result.ratio_min > 0.7 and result.ratio_max < 1.4
    # "validation slightly ahead more often than not"
    assert 0 < result.evidence_wins < result.n_repeats / 2
    assert result.noise_variance == pytest.approx(result.noise_sd**2)


def test_noise_level_is_recovered(result):
    assert abs(result.noise_sd_evidence - result.noise_sd) < 0.35 * result.noise_sd


def test_claim_the_noise_estimate_is_below_the_true_noise(result):
    """learned-hyperparameters.md: the evidence's noise estimate 1/√β is below the true σ on these training points."""
    assert result.noise_sd_evidence < result.noise_sd


def test_compute_is_deterministic():
    a, b = evidence.compute(n_repeats=2), evidence.compute(n_repeats=2)
    assert np.array_equal(a.y_train, b.y_train) and np.array_equal(a.path, b.path)
    assert a.test_ratio == b.test_ratio


@pytest.mark.parametrize("name", ["plot_choice", "plot_fits"])
def test_plots_label_their_axes(result, name):
    figure = getattr(evidence, name)(result)
    try:
        assert isinstance(figure, plt.Figure)
        for ax in figure.axes:
            assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    finally:
        plt.close(figure)


def test_claim_validation_wins_more_often_by_small_margins(result):
    """learned-hyperparameters.md: over the repeats validation has the lower test error
    more often than the evidence, but the median ratio is within a few percent of 1."""
    r = result
    assert r.evidence_wins + r.validation_wins == r.n_repeats
    assert r.validation_wins > r.evidence_wins > 0
    assert abs(r.ratio_median - 1) < 0.05
    assert r.ratio_min < 1 < r.ratio_max


def test_claim_evidence_and_validation_curves_as_the_figure_shows(result):
    """learned-hyperparameters.md: the evidence rises to a single maximum and falls; the
    iterates jump almost to the peak in one update, then creep onto it; the training
    error never rises as λ shrinks; the validation minimum lies within half a decade of
    the evidence's choice, and the two fits nearly coincide (about equal test error)."""
    r = result
    peak = int(np.argmax(r.profile_evidence))
    assert 0 < peak < len(r.lambdas) - 1
    assert np.all(np.diff(r.profile_evidence[: peak + 1]) > 0)
    assert np.all(np.diff(r.profile_evidence[peak:]) < 0)
    climb = r.max_log_evidence - r.path_evidence[0]
    assert r.max_log_evidence - r.path_evidence[1] < 0.05 * climb  # one update: 95 %
    assert r.first_update_share == pytest.approx((r.path_evidence[1] - r.path_evidence[0]) / climb)
    assert r.path_evidence[-1] == pytest.approx(r.max_log_evidence, abs=1e-3)
    assert np.all(np.diff(r.train_mse) >= 0)  # lambda ascending: training error rises
    assert abs(np.log10(r.lambda_validation / r.lambda_evidence)) < 0.5
    assert abs(r.test_ratio - 1) < 0.05


def test_claim_on_all_the_points_the_two_choices_are_close(result):
    """learned-hyperparameters.md: once both end on all the labelled points (the
    evidence chooses again there; the validation choice is refitted with its λ), the
    evidence has the lower test error on more of the 50 data sets, but by small
    margins: the median ratio is within one percent of 1, and the ratio ranges on both
    sides of 1. On the training points alone, validation wins more often."""
    r = result
    assert r.all_evidence_wins + r.all_validation_wins == r.n_repeats
    assert r.all_evidence_wins > r.all_validation_wins > 0
    assert abs(r.all_ratio_median - 1) < 0.01
    assert r.all_ratio_min < 1 < r.all_ratio_max
    assert r.validation_wins > r.evidence_wins
    assert r.lambda_evidence_all > 0


@pytest.mark.parametrize("seed", range(1, 4))
def test_evidence_on_all_the_data_uses_the_validation_points(seed):
    """Fitting on all points means the validation points change the evidence's choice."""
    lambdas = np.logspace(-6, 2, 41)
    r = evidence.compare(seed, lambdas, *SIZES)
    (x, y), (x_val, y_val), _ = evidence._splits(seed, *SIZES)
    Phi_all = evidence.design_matrix(np.concatenate([x, x_val]))
    alpha, beta = evidence.reestimate(Phi_all, np.concatenate([y, y_val]))[0][-1]
    assert r.lambda_evidence_all == pytest.approx(alpha / beta)
    assert r.lambda_evidence_all != pytest.approx(r.lambda_evidence)


def test_ridge_error_axis_labels_plain_decimals_only():
    """One tick style on the log error axis: plain decimals, no 10⁻¹ among them."""
    import matplotlib.pyplot as plt

    from snippets import evidence

    fig = evidence.plot_choice(evidence.compute())
    try:
        fig.canvas.draw()
        axis = fig.axes[1].yaxis
        labels = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
        labels += [t.get_text() for t in axis.get_minorticklabels() if t.get_text()]
        assert len(labels) >= 3, labels
        for label in labels:
            float(label)  # '0.05', not '10⁻¹' or '$\\mathdefault{10^{-1}}$'
    finally:
        plt.close(fig)


@pytest.mark.parametrize("seed", range(1, 4))
def test_validation_choice_is_refitted_on_all_the_points(seed):
    """The refit keeps the λ chosen on validation and fits it to all 50 points."""
    lambdas = np.logspace(-6, 2, 41)
    r = evidence.compare(seed, lambdas, *SIZES)
    (x, y), (x_val, y_val), (x_test, y_test) = evidence._splits(seed, *SIZES)
    Phi_all = evidence.design_matrix(np.concatenate([x, x_val]))
    w = evidence.ridge_weights(Phi_all, np.concatenate([y, y_val]), [r.lambda_validation])
    refit = evidence.mean_squared_error(w, evidence.design_matrix(x_test), y_test)[0]
    assert r.test_validation_refit == pytest.approx(refit)
    assert r.test_validation_refit != pytest.approx(r.test_validation)
