"""Epoch-wise double descent in plain linear regression.

Two groups of features at very different scales are learned by gradient
descent at very different speeds. The large-scale group is learned within a
few epochs and then overfits; the small-scale group, which carries most of the
signal, is learned hundreds of epochs later. The validation error therefore
falls, rises and falls again, and early stopping with patience quits in the
first valley. Rescaling the features removes the second time scale.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import matplotlib.pyplot as plt
import numpy as np

# What counts as double descent: the validation error rises at least MIN_RISE above
# its first valley, and then ends at least MIN_DROP below it.
MIN_RISE, MIN_DROP = 0.08, 0.2


@dataclass(frozen=True)
class DoubleDescentResult:
    """One run of gradient descent with its validation curve, where each stopping
    rule stops, the rescaled run, and the landmarks repeated over seeds."""

    n_train: int
    n_val: int
    n_test: int
    n_fast: int
    n_fast_informative: int
    n_slow: int
    fast_scale: float
    slow_scale: float
    scale_ratio: float
    speed_ratio: float  # scale_ratio**2: how much faster the large-scale group learns
    noise_sd: float
    learning_rate: float
    n_epochs: int
    patience: int
    val_mse: np.ndarray  # (n_epochs + 1,) validation MSE after each epoch
    train_mse: np.ndarray  # (n_epochs + 1,)
    fast_error: np.ndarray  # (n_epochs + 1,) fast group's share of the test error
    slow_error: np.ndarray  # (n_epochs + 1,) slow group's share
    rescaled_val_mse: np.ndarray  # validation MSE with the features rescaled
    first_valley_epoch: int  # the checkpoint that patience-based stopping returns
    first_valley_val: float
    patience_stop_epoch: int  # the epoch at which the patience rule stops
    peak_epoch: int  # highest validation error between the two valleys
    peak_val: float
    recross_epoch: int  # first epoch after the peak below the first valley again
    patience_needed: int  # recross - first valley: the patience that would not quit
    best_epoch: int  # best checkpoint over the whole budget
    best_val: float
    rise: float  # peak_val / first_valley_val - 1
    drop: float  # 1 - best_val / first_valley_val
    patience_test_mse: float
    best_test_mse: float
    rescaled_best_epoch: int
    rescaled_best_val: float
    rescaled_test_mse: float
    noise_mse: float  # noise_sd**2: the error of the true weights
    # The run repeated with seeds seed .. seed + n_seeds - 1 (compute() fills these in):
    n_seeds: int = 1
    seeds_with_double_descent: int = 0  # rise >= MIN_RISE, then drop >= MIN_DROP
    seeds_min_rise: float = 0.0  # the smallest rise over those seeds
    seeds_min_drop: float = 0.0  # the smallest drop below the first valley
    seeds_patience_quits_early: int = 0  # patience stopped before the error recrossed
    seeds_best_checkpoint_wins: int = 0  # best checkpoint had the lower test error
    seeds_rescaled_worst_ratio: float = 0.0  # max of rescaled test MSE / best's
    # 1 - that ratio: on every seed the rescaled test MSE was lower by at least this
    seeds_rescaled_min_gain: float = 0.0
    seeds_ratio_5: int = 0  # seeds with double descent when the scale ratio is only 5
    seeds_20_fast: int = 0  # seeds with double descent with 20 large-scale features


# --8<-- [start:data]
NOISE_SD = 1.0  # standard deviation of the noise on y


def make_data(
    seed=0,
    n_train=100,
    n_val=500,
    n_test=2000,
    n_fast=50,
    n_fast_informative=3,
    n_slow=10,
    fast_scale=1.0,
    slow_scale=0.05,
    slow_signal_var=2.5,
    noise_sd=NOISE_SD,
):
    """Independent Gaussian features at two scales; y = X @ w_true + noise.

    Fast group: n_fast features of standard deviation fast_scale; only the
    first n_fast_informative matter (each adds variance 1 to y), the rest are
    pure distraction. Slow group: n_slow features of standard deviation
    slow_scale whose weights are large, so together they add slow_signal_var
    to the variance of y.
    """
    rng = np.random.default_rng(seed)
    scales = np.r_[np.full(n_fast, fast_scale), np.full(n_slow, slow_scale)]
    w_true = np.zeros(n_fast + n_slow)
    signs = rng.choice([-1.0, 1.0], n_fast_informative)
    w_true[:n_fast_informative] = signs / fast_scale
    slow = rng.normal(0.0, 1.0, n_slow)
    w_true[n_fast:] = (
        slow / np.linalg.norm(slow) * np.sqrt(slow_signal_var) / slow_scale
    )

    def draw(n):
        X = rng.normal(0.0, 1.0, (n, scales.size)) * scales
        return X, X @ w_true + rng.normal(0.0, noise_sd, n)

    return draw(n_train), draw(n_val), draw(n_test), w_true, scales


# --8<-- [end:data]


# --8<-- [start:train]
def stable_learning_rate(X):
    """1 / the largest eigenvalue of the Hessian X^T X / n (stable below 2 / it)."""
    return 1.0 / np.linalg.eigvalsh(X.T @ X / len(X)).max()


def gradient_descent(X, y, learning_rate, n_epochs):
    """Full-batch gradient descent from w = 0 on (1/2n)||Xw - y||^2.

    The whole training set is one batch, so one step is one epoch. Returns the
    weights after every epoch, row 0 being the starting point.
    """
    n = len(y)
    path = np.zeros((n_epochs + 1, X.shape[1]))
    for epoch in range(1, n_epochs + 1):
        w = path[epoch - 1]
        path[epoch] = w - learning_rate * X.T @ (X @ w - y) / n
    return path


def mse_along(path, X, y):
    """Mean squared error of the weights after every epoch."""
    return np.mean((path @ X.T - y) ** 2, axis=1)


# --8<-- [end:train]


# --8<-- [start:stopping]
def patience_stop(val, patience):
    """Early stopping with patience, checking the validation error every epoch.

    Returns (stop, chosen): the epoch at which `patience` epochs have passed
    without a new best, and the best epoch up to then, whose weights are
    returned. If that never happens, the whole budget runs.
    """
    best = 0
    for epoch in range(1, len(val)):
        if val[epoch] < val[best]:
            best = epoch
        elif epoch - best >= patience:
            return epoch, best
    return len(val) - 1, best


def best_checkpoint(val):
    """Run the whole budget; keep the epoch with the lowest validation error."""
    return int(np.argmin(val))


# --8<-- [end:stopping]


# --8<-- [start:rescale]
def train_rescaled(X, y, X_val, y_val, scales, n_epochs):
    """Heckel & Yilmaz's remedy in its simplest form: put every feature on the
    same scale (the same as giving each group its own step size), then train
    again and keep the best checkpoint."""
    X, X_val = X / scales, X_val / scales
    path = gradient_descent(X, y, stable_learning_rate(X), n_epochs)
    val = mse_along(path, X_val, y_val)
    return path, val, best_checkpoint(val)


# --8<-- [end:rescale]


def landmarks(val, patience):
    """Epochs of the first valley (what patience returns), the patience stop, the
    highest point after it, the first epoch back below the first valley, and
    the best checkpoint."""
    stop, first = patience_stop(val, patience)
    best = best_checkpoint(val)
    peak = first + int(np.argmax(val[first : best + 1]))
    below = np.flatnonzero(val[peak:] < val[first])
    recross = peak + int(below[0]) if below.size else len(val) - 1
    return first, stop, peak, recross, best


def is_double_descent(rise, drop):
    """Whether a run's rise above its first valley and its final drop below it
    are both large enough to count."""
    return rise >= MIN_RISE and drop >= MIN_DROP


def shows_double_descent(seed, n_epochs, patience, **data):
    """Whether validation error falls to a valley, rises at least MIN_RISE above
    it, then ends up at least MIN_DROP below it, for make_data(**data)."""
    (X, y), (X_val, y_val), *_ = make_data(seed=seed, **data)
    path = gradient_descent(X, y, stable_learning_rate(X), n_epochs)
    val = mse_along(path, X_val, y_val)
    first, _, peak, _, best = landmarks(val, patience)
    rises = val[peak] >= (1 + MIN_RISE) * val[first]
    return bool(rises and val[best] <= (1 - MIN_DROP) * val[first])


# The page shows this signature; fmt: off keeps its end marker at the line start.
# fmt: off
# --8<-- [start:call]
def compute(
    seed=0,  # the data set of the figure; the summary repeats seeds seed .. seed + 7
    n_epochs=16000,  # full-batch gradient-descent steps, one epoch each
    patience=100,  # epochs without a new best before patience stops
    rescaled_epochs=400,  # the run on rescaled features
    noise_sd=NOISE_SD,
    n_seeds=8,
):
# --8<-- [end:call]
    # fmt: on
    """Train linear regression by gradient descent far past its first valley, and
    read where each stopping rule stops.

    The data: make_data(seed) with its default sizes, two groups of Gaussian
    features at very different scales, noise of sd noise_sd. One run of n_epochs
    full-batch steps (run) gives the figure: its validation curve, the patience
    rule, the best checkpoint, each group's error, and a run of rescaled_epochs
    on rescaled features. The same landmarks are then counted over n_seeds seeds,
    and over the same seeds with a smaller scale ratio or fewer large-scale
    features (seeds_ratio_5, seeds_20_fast).
    """
    shown = run(seed, n_epochs, patience, rescaled_epochs, noise_sd)
    runs = [shown] + [
        run(s, n_epochs, patience, rescaled_epochs, noise_sd)
        for s in range(seed + 1, seed + n_seeds)
    ]
    seeds, rule = range(seed, seed + n_seeds), (n_epochs, patience)
    return replace(
        shown,
        n_seeds=n_seeds,
        seeds_with_double_descent=sum(is_double_descent(r.rise, r.drop) for r in runs),
        seeds_min_rise=min(r.rise for r in runs),
        seeds_min_drop=min(r.drop for r in runs),
        seeds_patience_quits_early=sum(
            r.patience_stop_epoch < r.recross_epoch for r in runs
        ),
        seeds_best_checkpoint_wins=sum(
            r.best_test_mse < r.patience_test_mse for r in runs
        ),
        seeds_rescaled_worst_ratio=max(
            r.rescaled_test_mse / r.best_test_mse for r in runs
        ),
        seeds_rescaled_min_gain=1
        - max(r.rescaled_test_mse / r.best_test_mse for r in runs),
        seeds_ratio_5=sum(
            shows_double_descent(s, *rule, slow_scale=0.2) for s in seeds
        ),
        seeds_20_fast=sum(shows_double_descent(s, *rule, n_fast=20) for s in seeds),
    )


def run(seed, n_epochs, patience, rescaled_epochs, noise_sd):
    """One data set: train, read the stopping rules, score them on the test set."""
    data = make_data(seed=seed, noise_sd=noise_sd)
    (X, y), (X_val, y_val), (X_test, y_test), w_true, scales = data
    learning_rate = stable_learning_rate(X)
    path = gradient_descent(X, y, learning_rate, n_epochs)
    val, train = mse_along(path, X_val, y_val), mse_along(path, X, y)
    first, stop, peak, recross, best = landmarks(val, patience)

    # Expected test error = noise_sd^2 + sum_i scale_i^2 (w_i - w_true_i)^2,
    # because the features are independent: split the sum by group.
    n_fast = int(np.sum(scales == scales[0]))
    sq = (path - w_true) ** 2 * scales**2
    fast_error, slow_error = sq[:, :n_fast].sum(axis=1), sq[:, n_fast:].sum(axis=1)

    path_r, val_r, best_r = train_rescaled(X, y, X_val, y_val, scales, rescaled_epochs)
    X_test_r = X_test / scales

    def score_on_test(w):  # the test set is used once per rule, after the choice
        return float(np.mean((X_test @ w - y_test) ** 2))

    return DoubleDescentResult(
        n_train=len(y),
        n_val=len(y_val),
        n_test=len(y_test),
        n_fast=n_fast,
        n_fast_informative=int(np.count_nonzero(w_true[:n_fast])),
        n_slow=len(w_true) - n_fast,
        fast_scale=float(scales[0]),
        slow_scale=float(scales[-1]),
        scale_ratio=float(scales[0] / scales[-1]),
        speed_ratio=float((scales[0] / scales[-1]) ** 2),
        noise_sd=noise_sd,
        learning_rate=float(learning_rate),
        n_epochs=n_epochs,
        patience=patience,
        val_mse=val,
        train_mse=train,
        fast_error=fast_error,
        slow_error=slow_error,
        rescaled_val_mse=val_r,
        first_valley_epoch=first,
        first_valley_val=float(val[first]),
        patience_stop_epoch=stop,
        peak_epoch=peak,
        peak_val=float(val[peak]),
        recross_epoch=recross,
        patience_needed=recross - first,
        best_epoch=best,
        best_val=float(val[best]),
        rise=float(val[peak] / val[first] - 1),
        drop=float(1 - val[best] / val[first]),
        patience_test_mse=score_on_test(path[first]),
        best_test_mse=score_on_test(path[best]),
        rescaled_best_epoch=best_r,
        rescaled_best_val=float(val_r[best_r]),
        rescaled_test_mse=float(np.mean((X_test_r @ path_r[best_r] - y_test) ** 2)),
        noise_mse=noise_sd**2,
    )


def _log_epochs(n_epochs, count=150):
    """Epoch 0, then about `count` epochs up to n_epochs, evenly spaced in log."""
    return np.r_[0, np.unique(np.geomspace(1, n_epochs, count).astype(int))]


def _plain_epoch_ticks(ax):
    """One notation on the symlog epoch axis: 0, 1, 10, 100, 1,000, ... (the default
    mixes "1" with "10¹")."""
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:,.0f}")


# --8<-- [start:plot]
def plot_curves(result):
    """Panel "Falls, rises, falls again": validation and training error against
    epoch, with the two stopping rules. Panel "Each group's part of the test
    error": each feature group's share of the expected test error."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 5.4), layout="constrained")
    e = _log_epochs(result.n_epochs)
    er = _log_epochs(len(result.rescaled_val_mse) - 1, 80)

    left.plot(e, result.val_mse[e], color="C0", label="validation")
    left.plot(e, result.train_mse[e], color="C1", linestyle="--", label="training")
    left.plot(
        er,
        result.rescaled_val_mse[er],
        color="C2",
        linestyle=":",
        label="validation, features rescaled",
    )
    left.axvline(
        result.patience_stop_epoch,
        color="C3",
        linestyle="-.",
        linewidth=1.2,
        label=f"patience ({result.patience} epochs) stops",
    )
    left.plot(
        result.first_valley_epoch,
        result.first_valley_val,
        "v",
        color="C3",
        markersize=9,
        label="checkpoint patience returns",
    )
    left.plot(
        result.best_epoch,
        result.best_val,
        "*",
        color="C4",
        markersize=13,
        label="best checkpoint, whole budget",
    )
    left.set_xscale("symlog", linthresh=1.0)
    _plain_epoch_ticks(left)
    left.set_ylim(0, 1.45 * result.val_mse.max())
    left.set(
        xlabel="epoch (0, then log scale)",
        ylabel="mean squared error",
        title="Falls, rises, falls again",
    )
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)

    right.plot(e, result.fast_error[e], color="C0", label="large-scale group")
    right.plot(
        e, result.slow_error[e], color="C1", linestyle="--", label="small-scale group"
    )
    right.plot(
        e,
        result.noise_mse + result.fast_error[e] + result.slow_error[e],
        color="C2",
        linestyle=":",
        label="sum + noise = expected test error",
    )
    right.set_xscale("symlog", linthresh=1.0)
    _plain_epoch_ticks(right)
    right.set_ylim(
        0, 1.3 * (result.noise_mse + result.fast_error + result.slow_error).max()
    )
    right.set(
        xlabel="epoch (0, then log scale)",
        ylabel="expected test error, by part",
        title="Each group's part of the test error",
    )
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1)
    return fig


# --8<-- [end:plot]
