"""Early stopping behaves like weight decay.

Gradient descent from w = 0 on a least-squares loss, stopped after t steps of
size eta, lands close to the ridge (weight-decay) solution with penalty
strength lambda = 1 / (eta t). Both are computed here on one problem with
strongly correlated features and compared step by step, coefficient by
coefficient, and by the validation error that would be used to choose t or
lambda.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import numpy as np


@dataclass(frozen=True)
class EarlyStoppingRidgeResult:
    """Gradient descent after t steps against ridge at λ = 1 / (ηt) on one data set,
    each chosen on validation, and the comparison repeated over seeds."""

    n_train: int
    n_val: int
    n_features: int
    correlation: float
    noise_var: float  # the validation error of the true weights, on average
    learning_rate: float
    n_steps: int
    condition_number: float  # largest / smallest eigenvalue of X^T X / n
    steps: np.ndarray  # the steps t compared (log-spaced, 1..n_steps)
    n_compared: int  # how many distinct steps that is
    gd_weights: np.ndarray  # (len(steps), d): w_t
    ridge_weights: np.ndarray  # (len(steps), d): ridge at lambda = 1 / (eta t)
    relative_distance: np.ndarray  # ||w_t - ridge|| / ||ridge|| at each step
    compare_from: int  # first step of the range the bound is stated for
    max_relative_distance: float  # over steps >= compare_from
    mean_relative_distance: float  # over steps >= compare_from
    first_step_distance: float  # at t = 1
    gd_val_mse: np.ndarray  # (n_steps + 1,) validation MSE of w_t, t = 0..n_steps
    lambdas: np.ndarray  # grid of ridge penalties
    n_lambdas: int
    ridge_val_mse: np.ndarray  # validation MSE of ridge on that grid
    best_step: int  # validation-optimal t
    best_gd_val: float
    best_lambda: float  # validation-optimal lambda
    best_ridge_val: float
    lambda_of_best_step: float  # 1 / (eta * best_step)
    optimum_ratio: float  # best_lambda * eta * best_step (1 if the rule were exact)
    ols_val: float  # validation MSE with no regularisation at all
    eigenvalues: np.ndarray  # of X^T X / n
    worst_factor_gap: float  # max over x of (1 - e^-x) / (x / (1 + x)) - 1
    shown: np.ndarray  # indices of the coefficients drawn in the figure
    # The run repeated with seeds seed .. seed + n_seeds - 1 (compute() fills these in):
    n_seeds: int = 1
    seeds_max_distance: float = 0.0  # largest max_relative_distance over the seeds
    seeds_max_mean_distance: float = 0.0  # largest mean_relative_distance
    seeds_max_distance_from_20: float = 0.0  # largest distance from step 20 on
    seeds_peak_at_compare_from: int = 0  # seeds whose largest distance is its first
    seeds_min_worst_gap: float = 0.0  # smallest worst_factor_gap (the same every seed)
    seeds_ratio_min: float = 0.0  # range of optimum_ratio over the seeds
    seeds_ratio_max: float = 0.0
    seeds_ratio_below_one: int = 0  # seeds whose optimum_ratio is below 1
    seeds_val_gap_max: float = 0.0  # largest |best GD val / best ridge val - 1|


# --8<-- [start:data]
NOISE_SD = 1.0  # standard deviation of the noise on y
CORRELATION = 0.8  # between neighbouring features


def make_data(
    seed=0,
    n_train=50,
    n_val=200,
    n_features=35,
    correlation=CORRELATION,
    noise_sd=NOISE_SD,
    weight_scale=3.0,
):
    """Gaussian features with corr(x_i, x_j) = correlation^|i - j|, y = X w + noise.

    With nearly as many features as points, and neighbours strongly correlated,
    X^T X is badly conditioned: unregularised least squares overfits badly.
    """
    rng = np.random.default_rng(seed)
    lag = np.abs(np.subtract.outer(np.arange(n_features), np.arange(n_features)))
    root = np.linalg.cholesky(correlation**lag)
    w_true = rng.normal(0.0, weight_scale / np.sqrt(n_features), n_features)

    def draw(n):
        X = rng.normal(0.0, 1.0, (n, n_features)) @ root.T
        return X, X @ w_true + rng.normal(0.0, noise_sd, n)

    return draw(n_train), draw(n_val)


# --8<-- [end:data]


# --8<-- [start:fit]
# Both methods minimise the same data term J(w) = (1/2n) ||X w - y||^2.


def gradient_descent(X, y, learning_rate, n_steps):
    """w_0 = 0, w_t = w_(t-1) - eta * grad J(w_(t-1)); returns every w_t."""
    n = len(y)
    path = np.zeros((n_steps + 1, X.shape[1]))
    for t in range(1, n_steps + 1):
        w = path[t - 1]
        path[t] = w - learning_rate * X.T @ (X @ w - y) / n
    return path


def ridge(X, y, lam):
    """The minimiser of J(w) + (lambda / 2) ||w||^2, i.e. weight decay, from its
    normal equations (X^T X / n + lambda I) w = X^T y / n."""
    n, d = X.shape
    return np.linalg.solve(X.T @ X / n + lam * np.eye(d), X.T @ y / n)


# --8<-- [end:fit]


# --8<-- [start:compare]
def compare_paths(X, y, learning_rate, n_steps, n_compared=150):
    """Gradient descent after t steps against ridge at lambda = 1 / (eta t)."""
    path = gradient_descent(X, y, learning_rate, n_steps)
    steps = np.unique(np.geomspace(1, n_steps, n_compared).astype(int))
    gd = path[steps]
    rr = np.array([ridge(X, y, 1.0 / (learning_rate * t)) for t in steps])
    distance = np.linalg.norm(gd - rr, axis=1) / np.linalg.norm(rr, axis=1)
    return path, steps, gd, rr, distance


def shrinkage_factors(x):
    """How much of each eigendirection of the least-squares solution is reached,
    as a function of x = eta * t * h = h / lambda, for a direction whose eigenvalue
    of the Hessian is h (Goodfellow §7.8):
    gradient flow keeps 1 - exp(-x), ridge keeps x / (1 + x)."""
    return 1.0 - np.exp(-x), x / (1.0 + x)


# --8<-- [end:compare]


def mse_along(weights, X, y):
    """Mean squared error of each row of `weights` on (X, y)."""
    return np.mean((weights @ X.T - y) ** 2, axis=1)


# The page shows this signature; fmt: off keeps its end marker at the line start.
# fmt: off
# --8<-- [start:call]
def compute(
    seed=0,  # the data set of the figures; the summary repeats seeds seed .. seed + 9
    n_steps=5000,  # gradient-descent steps
    compare_from=10,  # the distance is summarised from this step on
    n_lambdas=300,  # ridge strengths on the grid
    noise_sd=NOISE_SD,
    correlation=CORRELATION,
    n_seeds=10,
):
# --8<-- [end:call]
    # fmt: on
    """Compare gradient descent stopped after t steps with ridge at λ = 1 / (ηt).

    The data: make_data(seed), Gaussian features correlated `correlation` between
    neighbours, targets with noise of sd noise_sd, a training and a validation set.
    One run (run) gives the figures: n_steps steps of gradient descent against
    ridge along the path, the distance between them from step compare_from on,
    and t and λ (n_lambdas on a grid) each chosen on validation. The same
    summary is then repeated over n_seeds seeds.
    """
    args = (n_steps, compare_from, n_lambdas, noise_sd, correlation)
    runs = [run(s, *args) for s in range(seed, seed + n_seeds)]
    ratios = np.array([r.optimum_ratio for r in runs])
    return replace(
        runs[0],
        n_seeds=n_seeds,
        seeds_max_distance=max(r.max_relative_distance for r in runs),
        seeds_max_mean_distance=max(r.mean_relative_distance for r in runs),
        seeds_max_distance_from_20=max(
            r.relative_distance[r.steps >= 20].max() for r in runs
        ),
        seeds_peak_at_compare_from=sum(
            int(np.argmax(r.relative_distance[r.steps >= r.compare_from]) == 0)
            for r in runs
        ),
        seeds_min_worst_gap=min(r.worst_factor_gap for r in runs),
        seeds_ratio_min=float(ratios.min()),
        seeds_ratio_max=float(ratios.max()),
        seeds_ratio_below_one=int(np.sum(ratios < 1)),
        seeds_val_gap_max=max(abs(r.best_gd_val / r.best_ridge_val - 1) for r in runs),
    )


def run(seed, n_steps, compare_from, n_lambdas, noise_sd, correlation):
    """One data set: gradient descent against ridge, each chosen on validation."""
    data = make_data(seed=seed, noise_sd=noise_sd, correlation=correlation)
    (X, y), (X_val, y_val) = data
    eigenvalues = np.linalg.eigvalsh(X.T @ X / len(y))
    learning_rate = 1.0 / eigenvalues.max()  # stable: below 2 / lambda_max
    path, steps, gd, rr, distance = compare_paths(X, y, learning_rate, n_steps)
    in_range = steps >= compare_from
    gd_val, best_step, lambdas, ridge_val, best_lambda = choose_on_validation(
        path, X, y, X_val, y_val, learning_rate, n_lambdas
    )
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    flow, shrink = shrinkage_factors(np.geomspace(1e-3, 1e3, 2001))
    return EarlyStoppingRidgeResult(
        n_train=len(y),
        n_val=len(y_val),
        n_features=X.shape[1],
        correlation=correlation,
        noise_var=noise_sd**2,
        learning_rate=float(learning_rate),
        n_steps=n_steps,
        condition_number=float(eigenvalues.max() / eigenvalues.min()),
        steps=steps,
        n_compared=len(steps),
        gd_weights=gd,
        ridge_weights=rr,
        relative_distance=distance,
        compare_from=compare_from,
        max_relative_distance=float(distance[in_range].max()),
        mean_relative_distance=float(distance[in_range].mean()),
        first_step_distance=float(distance[0]),
        gd_val_mse=gd_val,
        lambdas=lambdas,
        n_lambdas=n_lambdas,
        ridge_val_mse=ridge_val,
        best_step=best_step,
        best_gd_val=float(gd_val[best_step]),
        best_lambda=best_lambda,
        best_ridge_val=float(ridge_val.min()),
        lambda_of_best_step=float(1.0 / (learning_rate * best_step)),
        optimum_ratio=float(best_lambda * learning_rate * best_step),
        ols_val=float(mse_along(ols[None, :], X_val, y_val)[0]),
        eigenvalues=eigenvalues,
        worst_factor_gap=float(np.max(flow / shrink) - 1.0),
        shown=np.argsort(-np.abs(path[best_step]))[:4],
    )


def choose_on_validation(path, X, y, X_val, y_val, learning_rate, n_lambdas):
    """Choose t and λ on the validation set, each on its own: the error along the
    path and its best step, and the error over a grid of λ and its best λ."""
    gd_val = mse_along(path, X_val, y_val)
    best_step = int(np.argmin(gd_val))
    n_steps = len(path) - 1
    lambdas = np.geomspace(
        1.0 / (learning_rate * n_steps), 10.0 / learning_rate, n_lambdas
    )
    ridge_val = mse_along(np.array([ridge(X, y, a) for a in lambdas]), X_val, y_val)
    best_lambda = float(lambdas[np.argmin(ridge_val)])
    return gd_val, best_step, lambdas, ridge_val, best_lambda


def _reciprocal(scale):
    """x -> 1 / (scale * x): maps lambda to t = 1 / (eta lambda), and back."""

    def f(x):
        with np.errstate(divide="ignore"):
            return 1.0 / (scale * np.asarray(x, dtype=float))

    return f


class _WholeSteps(mticker.LogLocator):
    """Decade ticks from one step up: the ridge curve runs to λ values whose t is
    a fraction of a step, and no run takes a tenth of a step."""

    def tick_values(self, vmin, vmax):
        ticks = super().tick_values(vmin, vmax)
        return ticks[ticks >= 1]


def _add_step_axis(ax, eta):
    """A top axis that reads the lambda axis as gradient-descent steps t."""
    top = ax.secondary_xaxis("top", functions=(_reciprocal(eta), _reciprocal(eta)))
    top.set_xlabel("gradient-descent step t")
    top.xaxis.set_major_locator(_WholeSteps())
    for axis in (top.xaxis, ax.xaxis):
        axis.set_minor_locator(mticker.NullLocator())


# --8<-- [start:plot]
def plot_paths(result):
    """Panel "Coefficient paths": a few coefficients along both paths. Panel
    "Validation error": validation error along both paths. Shared axis: lambda,
    with gradient descent placed at 1 / (eta t)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.9), layout="constrained")
    eta = result.learning_rate
    lam = 1.0 / (eta * result.steps)  # ridge's penalty paired with each step
    marks = np.unique(np.geomspace(1, len(result.steps), 18).astype(int) - 1)
    styles = ["-", "--", "-.", ":"]
    for k, (i, style) in enumerate(zip(result.shown, styles, strict=True)):
        left.plot(
            lam[::2],
            result.ridge_weights[::2, i],
            color=f"C{k}",
            linestyle=style,
            label=f"w[{i}]: ridge at λ" if k == 0 else f"w[{i}]",
        )
        left.plot(
            lam[marks],
            result.gd_weights[marks, i],
            "o",
            color=f"C{k}",
            markersize=3.5,
            label="gradient descent at 1/(η t)" if k == 0 else None,
        )
    left.set(
        xscale="log",
        xlabel="λ  (gradient descent: 1 / (η t))",
        ylabel="coefficient value",
        title="Coefficient paths",
    )
    left.invert_xaxis()
    _add_step_axis(left, eta)
    # Below the panel: inside, five entries would cover the lower curves and dots.
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2)

    steps = np.unique(np.geomspace(1, result.n_steps, 90).astype(int))
    right.plot(
        result.lambdas[::3],
        result.ridge_val_mse[::3],
        color="C0",
        label="ridge, against λ",
    )
    right.plot(
        1.0 / (eta * steps),
        result.gd_val_mse[steps],
        color="C1",
        linestyle="--",
        label="gradient descent, against 1/(η t)",
    )
    right.plot(
        result.best_lambda,
        result.best_ridge_val,
        "*",
        color="C0",
        markersize=12,
        label="best λ",
    )
    right.plot(
        result.lambda_of_best_step,
        result.best_gd_val,
        "v",
        color="C1",
        markersize=8,
        label="best step",
    )
    right.set(
        xscale="log",
        xlabel="λ  (gradient descent: 1 / (η t))",
        ylabel="validation mean squared error",
        title="Validation error",
    )
    right.invert_xaxis()
    _add_step_axis(right, eta)
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2)
    return fig


def plot_gap(result):
    """Panel "Distance to ridge at λ = 1/(η t)": relative distance between the
    two paths at each step. Panel "Per-direction shrinkage": the per-direction
    shrinkage factors that explain it."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4), layout="constrained")
    left.plot(
        result.steps,
        result.relative_distance,
        color="C0",
        marker="o",
        markersize=2.5,
        # norm bars, subscript t and a minus sign, as the page's formulas write them
        # (Unicode, not mathtext: a mathtext subscript would shrink the smallest text)
        label="‖wₜ − ridge‖ / ‖ridge‖",
    )
    left.axvspan(1, result.compare_from, color="C4", alpha=0.15, label="first steps")
    left.axhline(
        result.max_relative_distance,
        color="C1",
        linestyle="--",
        linewidth=1.2,
        label=f"largest from step {result.compare_from} on",
    )
    left.set(
        xscale="log",
        ylim=(0, None),
        xlabel="gradient-descent step t",
        ylabel="relative distance",
        title="Distance to ridge at λ = 1/(η t)",
    )
    left.legend(loc="upper right")

    h = result.eigenvalues
    t = result.best_step
    u = result.learning_rate * t * h
    # The curves span every direction's dot, with room on both sides.
    x = np.geomspace(min(1e-2, u.min() / 2), max(1e2, u.max() * 2), 200)
    flow, shrink = shrinkage_factors(x)
    right.plot(x, flow, color="C0", label="early stopping, 1 − exp(−u)")
    right.plot(x, shrink, color="C1", linestyle="--", label="ridge, u/(1 + u)")
    right.plot(
        u,
        1.0 - (1.0 - result.learning_rate * h) ** t,
        "o",
        color="C2",
        markersize=4,
        fillstyle="none",
        label="GD at the best step,\none dot per direction",
    )
    right.set(
        xscale="log",
        xlabel="u = η t h  (= h / λ)",
        ylabel="fraction of the direction learned",
        title="Per-direction shrinkage",
    )
    # Below the panel: the dots it explains sit in the upper part of the panel.
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=1)
    return fig


# --8<-- [end:plot]
