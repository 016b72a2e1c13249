"""Choosing hyperparameters, part 1: cross-validation, nested CV, selection bias."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from snippets import selection_bias as sb

SEEDS = range(5)


@pytest.fixture(scope="module")
def result():
    return sb.compute()


def _noise_sizes(result):
    """The sizes of the pure-noise search that compute() ran, as noise_outcome takes them."""
    return dict(
        n_configs=result.n_configs,
        n_features=result.n_features,
        n_train=result.noise_n_train,
        n_val=result.noise_n_val,
        n_test=result.noise_n_test,
    )


@pytest.fixture(scope="module")
def results_by_seed():
    return [sb.compute(seed=seed) for seed in SEEDS]


# ---------------------------------------------------------------- the machinery


def test_stratified_folds_keep_the_class_shares():
    rng = np.random.default_rng(0)
    y = np.arange(200) % 2
    fold = sb.stratified_folds(y, 10, rng)
    for f in range(10):
        assert np.sum((fold == f) & (y == 0)) == np.sum((fold == f) & (y == 1)) == 10


def test_claim_folds_are_stratified(monkeypatch):
    """choosing-hyperparameters.md: the folds are stratified in the single search and at
    both levels of the nested one. Every split goes through stratified_folds, which keeps
    the class shares."""
    calls = []
    real = sb.stratified_folds

    def spy(y, n_folds, rng):
        calls.append(len(y))
        return real(y, n_folds, rng)

    monkeypatch.setattr(sb, "stratified_folds", spy)
    x, y = sb.make_moons(60, np.random.default_rng(5))
    order, ks = sb.neighbour_order(x, x), np.array([1, 3])
    sb.cross_validate(order, y, np.arange(60), ks, 5, np.random.default_rng(6))
    assert calls == [60]  # the single search
    calls.clear()
    sb.nested_cross_validation(order, y, ks, 5, np.random.default_rng(7))
    assert calls == [60] + [48] * 5  # the outer split, then each inner search
    fold = real(np.arange(200) % 2, 10, np.random.default_rng(0))
    assert all(np.sum((fold == f) & (np.arange(200) % 2 == 0)) == 10 for f in range(10))


def test_knn_accuracy_for_all_k_matches_one_k_at_a_time():
    rng = np.random.default_rng(1)
    x, y = sb.make_moons(120, rng)
    x_query, y_query = sb.make_moons(50, rng)
    ks = np.array([1, 3, 7, 15, 41])
    fast = sb.knn_accuracy(sb.neighbour_order(x_query, x), y, y_query, ks)
    slow = [np.mean(sb.knn_predict(x_query, x, y, k) == y_query) for k in ks]
    assert np.allclose(fast, slow)


def test_cross_validation_scores_each_fold_without_it():
    """Equals fitting on the other folds and scoring the held-out one, done plainly."""
    rng = np.random.default_rng(2)
    x, y = sb.make_moons(100, rng)
    ks = np.array([1, 5, 11])
    members = np.arange(10, 100)  # a subset, as the inner loop of nested CV uses
    fast = sb.cross_validate(sb.neighbour_order(x, x), y, members, ks, 5, np.random.default_rng(3))
    fold = sb.stratified_folds(y[members], 5, np.random.default_rng(3))
    for f in range(5):
        held, kept = members[fold == f], members[fold != f]
        for j, k in enumerate(ks):
            expected = np.mean(sb.knn_predict(x[held], x[kept], y[kept], k) == y[held])
            assert fast[f, j] == pytest.approx(expected)


def test_nested_cross_validation_matches_a_plain_implementation():
    rng = np.random.default_rng(4)
    x, y = sb.make_moons(100, rng)
    ks = np.arange(1, 30, 2)
    order = sb.neighbour_order(x, x)
    estimate, chosen = sb.nested_cross_validation(order, y, ks, 5, np.random.default_rng(5))
    plain_rng = np.random.default_rng(5)
    outer = sb.stratified_folds(y, 5, plain_rng)
    scores, plain_chosen = [], []
    for f in range(5):
        train = np.flatnonzero(outer != f)
        inner = sb.stratified_folds(y[train], 5, plain_rng)
        cv = []
        for g in range(5):
            fit, score = train[inner != g], train[inner == g]
            cv.append(
                [np.mean(sb.knn_predict(x[score], x[fit], y[fit], k) == y[score]) for k in ks]
            )
        k = ks[np.argmax(np.array(cv).mean(axis=0))]
        test = outer == f
        scores.append(np.mean(sb.knn_predict(x[test], x[train], y[train], k) == y[test]))
        plain_chosen.append(k)
    assert np.array_equal(chosen, plain_chosen)
    assert estimate == pytest.approx(np.mean(scores))


# ---------------------------------------------------------------- part 1: the claims


def test_claim_cv_curve_has_a_peak(result):
    """choosing-hyperparameters.md, hyperparameters.md: the cross-validation curve peaks at the chosen k, below the training-data accuracy of k = 1."""
    assert result.cv_best == pytest.approx(result.cv_mean.max())
    assert result.chosen_k == result.ks[np.argmax(result.cv_mean)]
    # A peak inside the range: both ends score clearly lower.
    assert 0 < int(np.argmax(result.cv_mean)) < len(result.ks) - 1
    assert max(result.cv_mean[0], result.cv_mean[-1]) < result.cv_best - 0.02
    assert result.train_acc[-1] < result.train_acc[0]  # training-data accuracy falls
    assert result.cv_scores.shape == (result.n_folds, len(result.ks))
    assert result.nested_k_min <= result.nested_k_max
    assert len(result.nested_ks) == result.n_folds


def test_claim_resubstitution_flatters_k_1(result):
    """choosing-hyperparameters.md: scored on its own training data, k = 1 is perfect."""
    # Scored on its own training data, 1-NN is always right: hence held-out data.
    assert result.train_acc[0] == 1.0
    assert result.cv_mean[0] < 0.95


@pytest.mark.parametrize("index", range(len(SEEDS)))
def test_claim_best_cv_score_is_optimistic_and_nested_cv_is_not(results_by_seed, index):
    """choosing-hyperparameters.md: averaged over fresh data sets, the best CV score is more than two standard errors above the test accuracy, the nested estimate's mean error is nearer zero and less than two standard errors from it, and on the same data sets the best score is above the nested estimate."""
    r = results_by_seed[index]
    assert r.mean_gap_cv_best > 0.005
    assert r.gap_cv_best_points > 2 * r.se_gap_cv_best_points
    assert abs(r.mean_gap_nested) < 0.01
    assert abs(r.gap_nested_points) < 2 * r.se_gap_nested_points
    assert abs(r.mean_gap_nested) < r.mean_gap_cv_best
    assert r.cv_best_minus_nested_points > 4 * r.se_cv_best_minus_nested_points > 0
    assert r.cv_best_minus_nested_points == pytest.approx(
        r.gap_cv_best_points - r.gap_nested_points
    )
    assert r.n_cv_best_above_test > r.n_repeats / 2
    assert r.gap_cv_best_points == pytest.approx(100 * r.mean_gap_cv_best)


# ---------------------------------------------------------------- part 2: pure noise


def test_noise_experiment_is_the_one_compute_reports(result):
    best_val, best_test = sb.noise_outcome(0, **_noise_sizes(result))
    assert best_val == result.best_val_acc
    assert best_test == result.best_test_acc
    assert result.best_val_acc == result.val_acc.max()
    assert result.val_acc[result.best_config] == result.best_val_acc


def test_claim_best_of_many_is_chance_over_20_seeds(result):
    """choosing-hyperparameters.md: over 20 seeds the best validation accuracy is at least 0.6 in every one and its test accuracy within three standard errors of 0.5 in at least 19."""
    outcomes = np.array([sb.noise_outcome(seed, **_noise_sizes(result)) for seed in range(20)])
    best_val, best_test = outcomes.T
    assert result.n_noise_seeds == 20
    assert result.seeds_min_best_val == best_val.min() >= 0.6
    se = np.sqrt(0.25 / 2000)
    assert result.seeds_test_within_3se == np.sum(np.abs(best_test - 0.5) < 3 * se) >= 19


def test_claim_winner_on_noise_looks_good_but_is_chance(result):
    """choosing-hyperparameters.md: on pure-noise labels the winner is several standard errors above chance on validation and within three of chance on test; the running best goes up or stays, in steps with flat stretches."""
    assert result.best_val_z == pytest.approx((result.best_val_acc - 0.5) / result.val_se)
    assert abs(result.best_test_z) < 3
    assert result.best_val_z > 2
    # The running best only improves; each record-setter's test score is near chance.
    assert np.all(np.diff(result.record_val) > 0)
    # ... and mostly stays: far fewer records than configurations (the quiz's "or the same").
    assert 1 < len(result.record_configs) < result.n_configs / 10
    assert np.all(np.abs(result.record_test - 0.5) < 4 * result.test_se)
    assert result.record_configs[-1] == result.best_config
    assert result.n_val_above_60 == np.sum(result.val_acc >= 0.6)
    assert 1 <= result.best_k <= 31 and 1 <= result.best_n_features <= result.n_features


def test_compute_is_deterministic(result):
    again = sb.compute()
    assert np.array_equal(result.val_acc, again.val_acc)
    assert np.array_equal(result.cv_scores, again.cv_scores)
    assert np.array_equal(result.repeat_nested, again.repeat_nested)


@pytest.mark.parametrize("plot", [sb.plot_cross_validation, sb.plot_nested, sb.plot_selection_bias])
def test_plots_label_every_panel(result, plot):
    figure = plot(result)
    try:
        for ax in figure.get_axes():
            assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    finally:
        plt.close(figure)


def test_claim_the_choice_of_k_is_noisy(result):
    """choosing-hyperparameters.md: the fold scores spread widely (the band is their
    standard deviation), the standard error of their mean is that over sqrt(folds), and
    the quoted number of values of k, from the quoted smallest to largest, score within
    one standard error of the best: several, so the data cannot tell them apart."""
    r = result
    best = int(np.argmax(r.cv_mean))
    spread = r.cv_scores.std(axis=0)[best]
    assert r.cv_sd_best == pytest.approx(spread) and spread > 0.03  # several points
    standard_error = spread / np.sqrt(r.n_folds)
    assert r.cv_se_best == pytest.approx(standard_error)
    within = r.ks[r.cv_mean > r.cv_best - standard_error]
    assert r.n_k_within_se == within.size >= 5
    assert (r.k_within_se_min, r.k_within_se_max) == (within.min(), within.max())
    assert r.k_within_se_min <= r.chosen_k <= r.k_within_se_max
    # the page says the candidates are the odd k from k_first to k_last, n_candidates of them
    assert list(r.ks) == list(range(r.k_first, r.k_last + 1, 2)) and r.k_first % 2 == 1
    assert r.n_candidates == r.ks.size
    # "every odd k from k_within_se_min to k_within_se_max": no gap among them
    assert list(within) == list(range(r.k_within_se_min, r.k_within_se_max + 1, 2))
    assert set(np.unique(r.y_dev)) == {0, 1}  # two classes: an odd k cannot tie


def test_claim_histogram_is_shifted_from_the_coin_flip_dots(result):
    """choosing-hyperparameters.md: the 500 validation scores share one training and one
    validation set; their mean and median lie right of 0.5, away from the coin-flip dots,
    more of them reach 60 % than independent coin flips would, and the winner sits at the
    far right end of the histogram."""
    r = result
    assert r.val_acc_mean == pytest.approx(np.mean(r.val_acc))
    assert r.val_acc_median == pytest.approx(np.median(r.val_acc))
    assert r.val_acc_mean > 0.5 + r.val_se / 4 and r.val_acc_median > 0.5
    assert r.best_val_acc == r.val_acc.max()
    # More high scores than independent coin flips would give: the scores move together.
    assert r.n_val_above_60 > 1.2 * r.n_above_60_coin_flips


def test_claim_nested_cv_removes_the_bias_not_the_noise(result):
    """choosing-hyperparameters.md: over the page's 30 data sets the nested estimate is
    nearer the test accuracy on at most half of them, its mean absolute error is no
    smaller than the best CV score's, its mean signed error is nearer zero, it leans low
    (models trained on 90 % of the data), and its spread over data sets is larger than
    either mean error."""
    r = result
    nested = r.repeat_nested - r.repeat_test
    best = r.repeat_cv_best - r.repeat_test
    assert r.n_nested_nearer + r.n_equally_near <= r.n_repeats / 2
    assert r.mae_nested_points == pytest.approx(100 * np.mean(np.abs(nested)))
    assert r.mae_cv_best_points == pytest.approx(100 * np.mean(np.abs(best)))
    assert r.mae_nested_points >= r.mae_cv_best_points
    assert abs(r.gap_nested_points) < abs(r.gap_cv_best_points)
    assert r.gap_nested_points < 0 < r.gap_cv_best_points
    assert r.sd_nested_error_points == pytest.approx(100 * np.std(nested))
    assert r.sd_nested_error_points > max(abs(r.gap_nested_points), r.gap_cv_best_points)
    assert r.nested_train_share == pytest.approx(0.9)
