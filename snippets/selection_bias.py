"""Scoring hyperparameter choices honestly, and how the best score flatters itself.

Part 1: the number of neighbours k of a k-nearest-neighbour classifier is chosen
by stratified ten-fold cross-validation on a small data set; nested
cross-validation then scores the whole choosing procedure on folds that took no
part in the choice, and repeats over fresh data sets show which of the two
estimates is optimistic.

Part 2 (after Cawley & Talbot 2010): labels that are fair coin flips, independent
of the inputs, so no classifier can beat 50 % on new data. Hundreds of
configurations (k and a subset of the features) are scored on a validation set:
the best validation accuracy is far above chance, its test accuracy is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import PercentFormatter

KS = np.arange(1, 100, 2)  # part 1: the candidate k, odd so that a vote never ties


@dataclass(frozen=True)
class SelectionBiasResult:
    """k chosen by cross-validation and scored honestly by nested cross-validation,
    and the best of many configurations on pure-noise labels: every number and
    figure of the page on choosing hyperparameters."""

    # Part 1: choosing k by cross-validation on one data set
    x_dev: np.ndarray  # (n_dev, 2) the data available for choosing and fitting
    y_dev: np.ndarray
    n_dev: int
    n_test: int
    n_folds: int
    ks: np.ndarray  # the candidate values of k
    n_candidates: int
    k_first: int  # the smallest and largest candidate k (odd ones only, between them)
    k_last: int
    cv_scores: np.ndarray  # (n_folds, len(ks)) accuracy on each held-out fold
    cv_mean: np.ndarray
    train_acc: np.ndarray  # on the dev data themselves (each point its own neighbour)
    chosen_k: int
    cv_best: float  # the best mean cross-validation accuracy: the score of the chosen k
    cv_sd_best: float  # fold-to-fold standard deviation at the chosen k (the band)
    cv_se_best: float  # its standard error of the mean: cv_sd_best / sqrt(n_folds)
    n_k_within_se: int  # values of k within one standard error of the best mean
    k_within_se_min: int  # the smallest and largest of them
    k_within_se_max: int
    test_acc: float  # the chosen k, fitted on all dev data, scored once on the test set
    nested_estimate: float  # nested cross-validation's estimate for the whole procedure
    nested_ks: np.ndarray  # the k each outer fold's inner search chose
    nested_k_min: int
    nested_k_max: int
    grid_x: np.ndarray  # decision regions of the chosen k, for the figure
    grid_y: np.ndarray
    grid_vote: np.ndarray
    # Part 1, repeated on fresh data sets: which estimate is optimistic?
    n_repeats: int
    repeat_cv_best: np.ndarray
    repeat_nested: np.ndarray
    repeat_test: np.ndarray
    mean_gap_cv_best: float  # mean of (best CV accuracy - test accuracy)
    mean_gap_nested: float  # mean of (nested estimate - test accuracy)
    gap_cv_best_points: float  # the same two, in percentage points
    gap_nested_points: float
    n_cv_best_above_test: int
    n_nested_above_test: int
    n_nested_nearer: int  # data sets where the nested estimate was nearer the test
    n_equally_near: (
        int  # data sets where both were equally near (accuracies are counts)
    )
    mae_cv_best_points: float  # mean |best CV score - test accuracy|, in points
    mae_nested_points: float  # mean |nested estimate - test accuracy|, in points
    sd_nested_error_points: float  # spread of (nested - test) over data sets: the noise
    se_gap_cv_best_points: float  # standard errors of the two mean errors above
    se_gap_nested_points: float
    cv_best_minus_nested_points: float  # on the same data sets: test luck cancels
    se_cv_best_minus_nested_points: float
    nested_train_share: float  # (k-1)/k: each outer model trains on this share
    # Part 2: pure-noise labels
    n_configs: int
    n_features: int
    noise_n_train: int
    noise_n_val: int
    noise_n_test: int
    val_acc: np.ndarray  # (n_configs,) validation accuracy of every configuration
    best_config: int
    best_k: int
    best_n_features: int
    best_val_acc: float
    best_test_acc: float
    val_se: float  # standard error of one accuracy on the validation set at 50 %
    test_se: float  # the same on the test set
    best_val_z: float  # (best_val_acc - 0.5) / val_se
    best_test_z: float  # (best_test_acc - 0.5) / test_se
    n_val_above_60: int  # configurations with validation accuracy of 60 % or more
    n_above_60_coin_flips: float  # expected count at 60 % or more for independent coins
    val_acc_mean: float  # mean and median of the configurations' validation accuracies:
    val_acc_median: float  # they share one data set, so they need not centre on 0.5
    n_noise_seeds: int  # part 2 rerun with this many seeds
    seeds_min_best_val: float  # the lowest winning validation accuracy over those seeds
    seeds_test_within_3se: int  # seeds whose winner scored within 3 se of 0.5 on test
    record_configs: np.ndarray  # configurations that set a new best, in the order tried
    record_val: np.ndarray
    record_test: np.ndarray


# --8<-- [start:data]
MOON_NOISE = 0.35  # sd of the Gaussian noise added to each point of the moons


def make_moons(n_points, rng, noise=MOON_NOISE):
    """Two interleaved half-moons in the plane, labels 0 and 1 alternating."""
    y = np.arange(n_points) % 2
    t = rng.uniform(0.0, np.pi, n_points)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    x = np.where(y[:, None] == 0, upper, lower)
    return x + rng.normal(0.0, noise, (n_points, 2)), y


def stratified_folds(y, n_folds, rng):
    """Fold number of each example; every fold gets the same share of each class."""
    fold = np.empty(len(y), dtype=int)
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        fold[members] = np.arange(len(members)) % n_folds
    return fold


# --8<-- [end:data]


# --8<-- [start:knn]
def squared_distances(x_query, x_train):
    """All squared Euclidean distances between query and training points."""
    return (
        (x_query**2).sum(axis=1)[:, None]
        - 2 * x_query @ x_train.T
        + (x_train**2).sum(axis=1)[None, :]
    )


def neighbour_order(x_query, x_train):
    """For each query point, the training points sorted from nearest to farthest."""
    return np.argsort(squared_distances(x_query, x_train), axis=1, kind="stable")


def knn_predict(x_query, x_train, y_train, k):
    """Majority label of the k nearest training points (labels 0/1, odd k)."""
    d2 = squared_distances(x_query, x_train)
    nearest = np.argpartition(d2, k - 1, axis=1)[:, :k]
    return (y_train[nearest].mean(axis=1) > 0.5).astype(int)


def knn_accuracy(order, y_train, y_query, ks):
    """Accuracy of k-nearest neighbours for every k in `ks` at once (odd k: no ties).

    `order` sorts the training points by distance to each query point, so a
    running count of class-1 labels along a row is the vote of the k nearest.
    """
    votes = np.cumsum(y_train[order], axis=1)[:, ks - 1]
    predictions = votes > ks / 2
    return (predictions == y_query[:, None]).mean(axis=0)


def cross_validate(order, y, members, ks, n_folds, rng):
    """Accuracy on each held-out fold, for every k: rows are folds.

    `order` sorts all data points by distance to each point; `members` are the
    indices this cross-validation may use. Each fold is scored with neighbours
    taken from the other folds only.
    """
    fold = stratified_folds(y[members], n_folds, rng)
    scores = []
    for f in range(n_folds):
        is_train = np.zeros(len(y), dtype=bool)
        is_train[members[fold != f]] = True
        query = members[fold == f]
        rows = order[query]
        train_rows = rows[is_train[rows]].reshape(len(query), -1)  # still nearest first
        scores.append(knn_accuracy(train_rows, y, y[query], ks))
    return np.array(scores)


# --8<-- [end:knn]


# --8<-- [start:nested]
def choose_k(order, y, members, ks, n_folds, rng):
    """The tuning procedure: the k with the best mean cross-validation accuracy."""
    scores = cross_validate(order, y, members, ks, n_folds, rng)
    # An index into ks; argmax breaks ties towards the smaller k.
    return int(np.argmax(scores.mean(axis=0)))


def nested_cross_validation(order, y, ks, n_folds, rng):
    """Score the whole procedure: choose k without the outer fold, then test on it."""
    everyone = np.arange(len(y))
    outer = stratified_folds(y, n_folds, rng)
    scores, chosen = [], []
    for f in range(n_folds):
        inner_members = everyone[outer != f]
        best = choose_k(order, y, inner_members, ks, n_folds, rng)  # never sees fold f
        is_train = outer != f
        query = everyone[outer == f]
        rows = order[query]
        train_rows = rows[is_train[rows]].reshape(len(query), -1)
        scores.append(knn_accuracy(train_rows, y, y[query], ks[best : best + 1])[0])
        chosen.append(ks[best])
    return float(np.mean(scores)), np.array(chosen)


# --8<-- [end:nested]


# --8<-- [start:noise]
def noise_experiment(rng, n_configs, n_features, n_train, n_val, n_test):
    """Labels are coin flips; score many kNN configurations on a validation set.

    A configuration is a number of neighbours k and a subset of the features used
    to measure distance. Returns the configurations and their validation accuracy,
    and the data to test any of them on.
    """
    n = n_train + n_val + n_test
    x = rng.normal(size=(n, n_features))
    y = rng.integers(0, 2, n)  # independent of x: nothing to learn
    split = np.split(np.arange(n), [n_train, n_train + n_val])
    (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = ((x[s], y[s]) for s in split)

    ks = rng.choice(np.arange(1, 32, 2), n_configs)
    sizes = rng.integers(1, n_features + 1, n_configs)
    masks = np.zeros((n_configs, n_features))
    for c in range(n_configs):
        masks[c, rng.choice(n_features, sizes[c], replace=False)] = 1.0

    def accuracy(c, x_query, y_query):
        kept = masks[c] > 0  # distances over the chosen features only
        predicted = knn_predict(x_query[:, kept], x_tr[:, kept], y_tr, ks[c])
        return np.mean(predicted == y_query)

    val_acc = np.array([accuracy(c, x_va, y_va) for c in range(n_configs)])
    return ks, sizes, val_acc, lambda c: accuracy(c, x_te, y_te)


# --8<-- [end:noise]


def _streams(seed):
    """Part 1's and part 2's random streams: independent, both from the one seed."""
    return np.random.default_rng(seed).spawn(2)


def noise_outcome(seed, **sizes):
    """The winner's validation and test accuracy in the pure-noise search of `seed`."""
    _, noise_rng = _streams(seed)  # as compute() draws it
    _, _, val_acc, test_of = noise_experiment(noise_rng, **sizes)
    best = int(np.argmax(val_acc))
    return float(val_acc[best]), float(test_of(best))


# The page shows this signature; fmt: off keeps its end marker at the line start.
# fmt: off
# --8<-- [start:call]
def compute(
    seed=0,  # every random draw below comes from this one seed
    n_dev=200,  # part 1: points for choosing k and fitting (two noisy moons)
    n_test=1000,  # part 1: test points, used once
    n_folds=10,
    n_repeats=30,  # part 1 again, on this many fresh data sets
    n_configs=500,  # part 2: configurations tried on pure-noise labels
    n_features=20,
    noise_n_train=100,
    noise_n_val=50,
    noise_n_test=2000,
    n_noise_seeds=20,  # part 2 again, with this many seeds
):
# --8<-- [end:call]
    # fmt: on
    """Choose a hyperparameter on held-out data, and measure how much the winner's
    score flatters it.

    Part 1: the k of k-nearest neighbours, chosen among KS by n_folds-fold
    cross-validation on n_dev points from two noisy half-moons (make_moons),
    tested once on n_test more, and estimated by nested cross-validation; then
    the same on n_repeats fresh data sets. Part 2: n_configs configurations (k and
    a subset of n_features Gaussian inputs) scored on labels that are coin flips
    (noise_experiment, with the noise_n_* sizes), for this seed and for
    n_noise_seeds seeds. Parts 1 and 2 draw from separate streams of the seed.
    """
    rng, noise_rng = _streams(seed)
    noise_sizes = dict(  # noise_experiment's arguments
        n_configs=n_configs,
        n_features=n_features,
        n_train=noise_n_train,
        n_val=noise_n_val,
        n_test=noise_n_test,
    )
    return SelectionBiasResult(  # each step returns its part of the fields
        **choose_k_once(rng, n_dev, n_test, n_folds),
        **choose_k_repeated(rng, n_repeats, n_dev, n_test, n_folds),
        **best_of_noise(noise_rng, noise_sizes),
        **best_of_noise_over_seeds(range(seed, seed + n_noise_seeds), noise_sizes),
    )


def _one_data_set(rng, n_dev, n_test, n_folds, ks):
    """Choose k by cross-validation, estimate by nested CV, test the choice once."""
    x, y = make_moons(n_dev, rng)
    x_test, y_test = make_moons(n_test, rng)
    order = neighbour_order(x, x)
    everyone = np.arange(n_dev)
    cv_scores = cross_validate(order, y, everyone, ks, n_folds, rng)
    best = int(np.argmax(cv_scores.mean(axis=0)))
    nested, nested_ks = nested_cross_validation(order, y, ks, n_folds, rng)
    test = np.mean(knn_predict(x_test, x, y, ks[best]) == y_test)  # used once
    return x, y, order, cv_scores, best, nested, nested_ks, float(test)


def decision_regions(x, y, k):
    """The share of class-1 votes among the k nearest points, on a grid over x."""
    low, high = x.min(axis=0) - 0.2, x.max(axis=0) + 0.2
    gx, gy = np.meshgrid(
        np.linspace(low[0], high[0], 48), np.linspace(low[1], high[1], 36)
    )
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    grid_order = neighbour_order(grid, x)[:, :k]
    return gx, gy, y[grid_order].mean(axis=1).reshape(gx.shape)


def choose_k_once(rng, n_dev, n_test, n_folds):
    """Part 1 on one data set: the cross-validation curve, the chosen k, how noisy
    that choice is, its test score and nested cross-validation's estimate."""
    ks = KS
    x, y, order, cv_scores, best, nested, nested_ks, test = _one_data_set(
        rng, n_dev, n_test, n_folds, ks
    )
    # How noisy the choice is: the values of k within one standard error of the best.
    cv_mean = cv_scores.mean(axis=0)
    se_best = cv_scores.std(axis=0)[best] / np.sqrt(n_folds)
    within = ks[cv_mean > cv_mean[best] - se_best]
    gx, gy, grid_vote = decision_regions(x, y, ks[best])
    return dict(
        x_dev=x,
        y_dev=y,
        n_dev=n_dev,
        n_test=n_test,
        n_folds=n_folds,
        ks=ks,
        n_candidates=len(ks),
        k_first=int(ks[0]),
        k_last=int(ks[-1]),
        cv_scores=cv_scores,
        cv_mean=cv_mean,
        train_acc=knn_accuracy(order, y, y, ks),  # each point its own neighbour
        chosen_k=int(ks[best]),
        cv_best=float(cv_mean[best]),
        cv_sd_best=float(cv_scores.std(axis=0)[best]),
        cv_se_best=float(se_best),
        n_k_within_se=int(within.size),
        k_within_se_min=int(within.min()),
        k_within_se_max=int(within.max()),
        test_acc=test,
        nested_estimate=nested,
        nested_ks=nested_ks,
        nested_k_min=int(nested_ks.min()),
        nested_k_max=int(nested_ks.max()),
        grid_x=gx,
        grid_y=gy,
        grid_vote=grid_vote,
        nested_train_share=(n_folds - 1) / n_folds,
    )


def choose_k_repeated(rng, n_repeats, n_dev, n_test, n_folds):
    """Part 1 on fresh data sets: how far the best CV score and the nested
    estimate each land from the test score."""
    repeats = np.array(
        [
            (cv.mean(axis=0)[b], nest, tst)
            for _, _, _, cv, b, nest, _, tst in (
                _one_data_set(rng, n_dev, n_test, n_folds, KS) for _ in range(n_repeats)
            )
        ]
    )
    rep_cv, rep_nested, rep_test = repeats.T
    # Accuracies are counts over n_test points: round so equal errors compare equal.
    err_cv = np.round(np.abs(rep_cv - rep_test), 12)
    err_nested = np.round(np.abs(rep_nested - rep_test), 12)
    return dict(
        n_repeats=n_repeats,
        repeat_cv_best=rep_cv,
        repeat_nested=rep_nested,
        repeat_test=rep_test,
        mean_gap_cv_best=float(np.mean(rep_cv - rep_test)),
        mean_gap_nested=float(np.mean(rep_nested - rep_test)),
        gap_cv_best_points=float(100 * np.mean(rep_cv - rep_test)),
        gap_nested_points=float(100 * np.mean(rep_nested - rep_test)),
        n_cv_best_above_test=int(np.sum(rep_cv > rep_test)),
        n_nested_above_test=int(np.sum(rep_nested > rep_test)),
        n_nested_nearer=int(np.sum(err_nested < err_cv)),
        n_equally_near=int(np.sum(err_nested == err_cv)),
        mae_cv_best_points=float(100 * np.mean(err_cv)),
        mae_nested_points=float(100 * np.mean(err_nested)),
        sd_nested_error_points=float(100 * np.std(rep_nested - rep_test)),
        # How sure each mean is: its standard error over the data sets. The paired
        # difference leaves out the test set's own luck, which both errors share.
        se_gap_cv_best_points=_standard_error(100 * (rep_cv - rep_test)),
        se_gap_nested_points=_standard_error(100 * (rep_nested - rep_test)),
        cv_best_minus_nested_points=float(100 * np.mean(rep_cv - rep_nested)),
        se_cv_best_minus_nested_points=_standard_error(100 * (rep_cv - rep_nested)),
    )


def _standard_error(values):
    return float(np.std(values, ddof=1) / np.sqrt(len(values)))


def coin_flips_at_least(share, n_configs, n_val):
    """Expected number of n_configs fair coins scoring `share` or more over n_val."""
    tail = sum(comb(n_val, j) for j in range(n_val + 1) if j >= share * n_val)
    return float(n_configs * tail / 2**n_val)


def best_of_noise(noise_rng, sizes):
    """Part 2 for this seed: every configuration's validation accuracy on coin-flip
    labels, the running best as they are tried, and the winner's test score."""
    n_configs, n_val, n_test = sizes["n_configs"], sizes["n_val"], sizes["n_test"]
    config_k, config_nf, val_acc, test_of = noise_experiment(noise_rng, **sizes)
    running_best = np.maximum.accumulate(val_acc)
    records = np.flatnonzero(np.r_[True, running_best[1:] > running_best[:-1]])
    record_test = np.array([test_of(c) for c in records])
    best_config = int(records[-1])  # the first configuration with the top score
    val_se = float(np.sqrt(0.25 / n_val))  # of one accuracy at 50 %
    test_se = float(np.sqrt(0.25 / n_test))
    return dict(
        n_configs=n_configs,
        n_features=sizes["n_features"],
        noise_n_train=sizes["n_train"],
        noise_n_val=n_val,
        noise_n_test=n_test,
        val_acc=val_acc,
        best_config=best_config,
        best_k=int(config_k[best_config]),
        best_n_features=int(config_nf[best_config]),
        best_val_acc=float(val_acc[best_config]),
        best_test_acc=float(record_test[-1]),
        val_se=val_se,
        test_se=test_se,
        best_val_z=float((val_acc[best_config] - 0.5) / val_se),
        best_test_z=float((record_test[-1] - 0.5) / test_se),
        n_val_above_60=int(np.sum(val_acc >= 0.6)),
        n_above_60_coin_flips=coin_flips_at_least(0.6, n_configs, n_val),
        val_acc_mean=float(np.mean(val_acc)),
        val_acc_median=float(np.median(val_acc)),
        record_configs=records,
        record_val=val_acc[records],
        record_test=record_test,
    )


def best_of_noise_over_seeds(seeds, sizes):
    """Part 2 for each seed: the lowest winning validation score, and how many
    winners tested within three standard errors of chance."""
    outcomes = np.array([noise_outcome(s, **sizes) for s in seeds])
    test_se = float(np.sqrt(0.25 / sizes["n_test"]))
    return dict(
        n_noise_seeds=len(seeds),
        seeds_min_best_val=float(outcomes[:, 0].min()),
        seeds_test_within_3se=int(np.sum(np.abs(outcomes[:, 1] - 0.5) < 3 * test_se)),
    )


# --8<-- [start:plot_cv]
def plot_cross_validation(result):
    """The data with the chosen k's decision regions, and the CV curve."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.8), layout="constrained")

    left.contourf(
        result.grid_x,
        result.grid_y,
        result.grid_vote,
        levels=[0.0, 0.5, 1.0],
        colors=["C0", "C1"],
        alpha=0.15,
    )
    left.contour(
        result.grid_x,
        result.grid_y,
        result.grid_vote,
        levels=[0.5],
        colors="C2",
        linewidths=1.2,
    )
    for label, marker in ((0, "o"), (1, "^")):
        points = result.x_dev[result.y_dev == label]
        left.scatter(
            points[:, 0],
            points[:, 1],
            s=14,
            marker=marker,
            color=f"C{label}",
            label=f"class {label}",
        )
    left.set(
        xlabel="x₁",
        ylabel="x₂",
        title=f"Data and the k = {result.chosen_k} boundary",
    )
    left.legend(loc="lower left")

    ks = result.ks
    spread = result.cv_scores.std(axis=0)
    right.fill_between(
        ks,
        result.cv_mean - spread,
        result.cv_mean + spread,
        color="C0",
        alpha=0.15,
        label="± 1 sd over folds",
    )
    right.plot(ks, result.cv_mean, color="C0", label="cross-validation (mean)")
    right.plot(
        ks,
        result.train_acc,
        color="C1",
        linestyle="--",
        label="training data (resubstitution)",
    )
    right.axvline(result.chosen_k, color="C2", linestyle=":", linewidth=1.4)
    right.plot(
        result.chosen_k,
        result.cv_best,
        "o",
        color="C2",
        markersize=11,
        markerfacecolor="none",
        markeredgewidth=2,
        label="chosen k (best mean)",
    )
    right.plot(
        result.chosen_k,
        result.test_acc,
        "*",
        color="C3",
        markersize=12,
        label="test accuracy of the chosen k (once)",
    )
    right.set(
        xlabel="number of neighbours k",
        ylabel="accuracy",
        title=f"{result.n_folds}-fold cross-validation curve",
    )
    right.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))  # as prose
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return fig


# --8<-- [end:plot_cv]


def plot_nested(result):
    """Each repeat: best CV score and nested estimate, minus the test accuracy."""
    fig, ax = plt.subplots(figsize=(9, 3.2), layout="constrained")
    # In percentage points, as the page's table and text give them.
    gaps = [
        100 * (result.repeat_cv_best - result.repeat_test),
        100 * (result.repeat_nested - result.repeat_test),
    ]
    # On two lines: on one they took half a phone's width.
    names = ["best cross-\nvalidation score", "nested cross-\nvalidation estimate"]
    jitter = np.linspace(-0.12, 0.12, result.n_repeats)
    for row, (gap, marker) in enumerate(zip(gaps, ("o", "s"), strict=True)):
        ax.scatter(gap, row + jitter, s=18, marker=marker, color=f"C{row}", alpha=0.8)
        ax.plot(
            [gap.mean()] * 2,
            [row - 0.25, row + 0.25],
            color=f"C{row}",
            linewidth=2.5,
        )
    ax.axvline(0.0, color="C4", linestyle="--", linewidth=1.2)
    ax.set_yticks([0, 1], names)
    ax.set_ylim(-0.5, 1.5)
    ax.set(
        xlabel="estimate − fresh-test accuracy (points; bar: mean)",
        ylabel="estimate",
        title=f"{result.n_repeats} fresh data sets: which estimate is optimistic?",
    )
    return fig


# --8<-- [start:plot_noise]
def plot_selection_bias(result):
    """Validation accuracies of all configurations, and the running best."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.8), layout="constrained")

    n_val = result.noise_n_val
    correct = np.arange(n_val + 1)
    counts = np.bincount(
        np.rint(result.val_acc * n_val).astype(int), minlength=n_val + 1
    )
    left.bar(
        correct / n_val,
        counts,
        width=0.8 / n_val,
        color="C0",
        alpha=0.7,
        label="configurations",
    )
    expected = [result.n_configs * comb(n_val, j) / 2**n_val for j in correct]
    left.plot(
        correct / n_val,
        expected,
        "o",
        color="C4",
        markersize=3.5,
        label="coin-flip expectation",
    )
    left.axvline(
        result.best_val_acc, color="C1", linewidth=1.6, label="best on validation"
    )
    left.axvline(
        result.best_test_acc,
        color="C2",
        linestyle="--",
        linewidth=1.6,
        label="the same one on the test set",
    )
    left.set_xlim(0.2, 0.85)
    left.set_ylim(0, 1.6 * counts.max())  # room for the legend above the bars
    left.set(
        xlabel="accuracy on the validation set (bars) or test set (dashed)",
        ylabel="number of configurations",
        title=f"{result.n_configs} configurations, labels are noise",
    )
    left.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))  # as prose
    left.legend(loc="upper left")

    tried = np.arange(1, result.n_configs + 1)
    running = np.maximum.accumulate(result.val_acc)
    step_at = np.r_[result.record_configs, result.n_configs - 1] + 1
    test_steps = np.r_[result.record_test, result.record_test[-1]]
    right.axhspan(
        0.5 - 2 * result.test_se,
        0.5 + 2 * result.test_se,
        color="C2",
        alpha=0.15,
        label="chance ± 2 se (test)",
    )
    right.step(tried, running, where="post", color="C1", label="best validation so far")
    right.step(
        step_at,
        test_steps,
        where="post",
        color="C2",
        linestyle="--",
        label="its test accuracy",
    )
    right.plot(
        result.record_configs + 1,
        result.record_test,
        "s",
        color="C2",
        markersize=4,
    )
    right.set_xscale("log")
    right.set(
        xlabel="configurations tried",
        ylabel="accuracy",
        title="More tries: better-looking best, same test",
    )
    right.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))  # as prose
    right.axhline(0.5, color="C4", linestyle=":", linewidth=1.2)
    right.legend(loc="center right")
    return fig


# --8<-- [end:plot_noise]
