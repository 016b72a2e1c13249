"""Capacity: the U-curve of validation error, for two capacity hyperparameters.

A few noisy points are drawn around a smooth curve. Polynomials of every degree
up to a maximum are fitted to them by least squares; the training error falls with
the degree while the validation error falls, bottoms out and rises again.
The degree is chosen on the validation set. Then, at the highest degree, a
weight-decay (ridge) penalty of strength lambda is swept over a log grid and
lambda is chosen the same way. A separate test set is evaluated once for each
choice, after the choice is made.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from snippets.slider_positions import SliderPositions, positions_with


@dataclass(frozen=True)
class CapacityResult:
    """Degree and weight decay chosen on validation, each tested once, and the
    choices repeated over seeds: every number and figure of the capacity page."""

    seed: int
    noise_sd: float
    n_train: int
    n_val: int
    n_test: int
    x_train: np.ndarray
    y_train: np.ndarray
    x_grid: np.ndarray  # for drawing curves
    true_grid: np.ndarray  # the noise-free function on x_grid
    # Knob 1: polynomial degree
    degrees: np.ndarray
    train_rmse: np.ndarray
    val_rmse: np.ndarray
    chosen_degree: int
    n_coefficients_chosen: int
    val_rmse_chosen_degree: float
    runner_up_degree: int  # the degree with the second-lowest validation RMSE
    val_rmse_runner_up_degree: float
    # How much higher the runner-up's validation RMSE is, relative to the chosen one's:
    # the two differ only in the 4th digit, so the page prints this instead of both.
    runner_up_relative_gap: float
    test_rmse_chosen_degree: float  # evaluated once, after choosing
    train_rmse_chosen_degree: float
    underfit_degree: int
    max_degree: int
    n_coefficients_max: int
    # Condition number of the training matrix at max_degree: Legendre columns on
    # [-1, 1] (what fit() uses) against plain powers 1, x, x^2, ... of x in [0, 1].
    condition_legendre: float
    condition_powers: float
    train_rmse_underfit: float
    val_rmse_underfit: float
    train_rmse_max_degree: float
    val_rmse_max_degree: float
    curve_degrees: tuple[int, int, int]  # underfit, chosen, overfit
    degree_curves: np.ndarray  # (3, len(x_grid))
    # Knob 2: weight decay at the highest degree
    lambdas: np.ndarray
    ridge_train_rmse: np.ndarray
    ridge_val_rmse: np.ndarray
    chosen_lambda: float
    val_rmse_chosen_lambda: float
    test_rmse_chosen_lambda: float  # evaluated once, after choosing
    train_rmse_smallest_lambda: float
    val_rmse_smallest_lambda: float
    coef_norm_smallest_lambda: float  # sqrt of the penalised sum of squares
    coef_norm_chosen_lambda: float
    curve_lambdas: tuple[float, float, float]  # smallest, chosen, largest
    lambda_curves: np.ndarray  # (3, len(x_grid))
    # The same selection repeated with other seeds (training and validation only)
    n_seeds: int
    seed_chosen_degrees: np.ndarray
    seed_chosen_lambdas: np.ndarray
    n_seeds_interior_degree: int  # chosen degree neither the smallest nor largest
    n_seeds_interior_lambda: int  # chosen lambda neither the smallest nor largest
    min_seed_degree: int
    max_seed_degree: int


# --8<-- [start:data]
def true_function(x):
    """The smooth curve the points are drawn around."""
    return np.sin(2 * np.pi * x)


def make_data(rng, n_points, noise_sd):
    """x uniform on [0, 1]; y = sin(2 pi x) plus Gaussian noise of sd noise_sd."""
    x = rng.uniform(0.0, 1.0, n_points)
    y = true_function(x) + rng.normal(0.0, noise_sd, n_points)
    return x, y


# --8<-- [end:data]


# --8<-- [start:fit]
def features(x, degree):
    """Legendre polynomials P_0 .. P_degree of x, rescaled from [0, 1] to [-1, 1].

    On [-1, 1] these columns are far better conditioned than 1, x, x^2, ...;
    P_0 = 1 is the intercept.
    """
    return np.polynomial.legendre.legvander(2 * x - 1, degree)


def fit(x, y, degree, lam=0.0):
    """Coefficients w minimising mean((X w - y)^2) + lam * sum(w[1:]^2).

    lam = 0 is plain least squares. For lam > 0 (weight decay, or ridge) the
    penalty is written as extra rows sqrt(n lam) * w_j = 0, so one call to lstsq
    solves it; X^T X is never formed or inverted. The intercept w[0] is not
    penalised.
    """
    X = features(x, degree)
    penalty_rows = np.sqrt(len(x) * lam) * np.eye(degree + 1)[1:]
    A = np.vstack([X, penalty_rows])
    b = np.concatenate([y, np.zeros(degree)])
    w, *_ = np.linalg.lstsq(A, b, rcond=None)
    return w


def predict(w, x):
    """The polynomial with Legendre coefficients w, at x."""
    return np.polynomial.legendre.legval(2 * x - 1, w)


def rmse(w, x, y):
    """Root mean squared error of the polynomial w on the points (x, y)."""
    return float(np.sqrt(np.mean((predict(w, x) - y) ** 2)))


# --8<-- [end:fit]


# --8<-- [start:select_degree]
def sweep_degree(x_train, y_train, x_val, y_val, max_degree):
    """Fit every degree on the training set; choose the degree on validation."""
    degrees = np.arange(max_degree + 1)
    train, val = [], []
    for degree in degrees:
        w = fit(x_train, y_train, degree)
        train.append(rmse(w, x_train, y_train))
        val.append(rmse(w, x_val, y_val))
    chosen = int(degrees[np.argmin(val)])
    return degrees, np.array(train), np.array(val), chosen


# --8<-- [end:select_degree]


# --8<-- [start:select_lambda]
LAMBDAS = np.logspace(-8, 1, 37)  # four values per decade


def sweep_lambda(x_train, y_train, x_val, y_val, degree, lambdas=LAMBDAS):
    """Fit one high degree with every lambda; choose lambda on validation."""
    train, val = [], []
    for lam in lambdas:
        w = fit(x_train, y_train, degree, lam)
        train.append(rmse(w, x_train, y_train))
        val.append(rmse(w, x_val, y_val))
    chosen = float(lambdas[np.argmin(val)])
    return np.array(train), np.array(val), chosen


# --8<-- [end:select_lambda]


# --8<-- [start:test_once]
def score_once_on_test(rng, n_test, noise_sd, chosen_models):
    """Called after every choice is made: draw the test set, score each model once."""
    x_test, y_test = make_data(rng, n_test, noise_sd)
    return [rmse(w, x_test, y_test) for w in chosen_models]


# --8<-- [end:test_once]


def _train_val(seed, n_train, n_val, noise_sd):
    """The training and validation sets of one seed, and its generator for the test."""
    rng = np.random.default_rng(seed)
    train = make_data(rng, n_train, noise_sd)
    val = make_data(rng, n_val, noise_sd)
    return rng, train, val


# --8<-- [start:compute]
def compute(
    seed=0, n_train=20, n_val=200, n_test=1000, noise_sd=0.3, max_degree=15, n_seeds=10
):
    """Choose two capacity knobs on a validation set: the polynomial degree, and
    the weight decay λ at the highest degree.

    The data: x uniform on [0, 1], y = sin(2πx) plus Gaussian noise of sd
    noise_sd (make_data), n_train training and n_val validation points from the
    seed; n_test test points are drawn after both choices and used once. The
    choices are then repeated for the seeds 0 to n_seeds - 1. The result holds
    both error curves, the chosen knobs, their test errors and the curves drawn.
    """
    return run_experiment(seed, n_train, n_val, n_test, noise_sd, max_degree, n_seeds)


# --8<-- [end:compute]


def run_experiment(seed, n_train, n_val, n_test, noise_sd, max_degree, n_seeds):
    """The body of compute(): the sweeps, the test, the repeats, the result."""
    rng, (x_train, y_train), (x_val, y_val) = _train_val(seed, n_train, n_val, noise_sd)
    degrees, train_rmse, val_rmse, degree = sweep_degree(
        x_train, y_train, x_val, y_val, max_degree
    )
    ridge_train, ridge_val, lam = sweep_lambda(
        x_train, y_train, x_val, y_val, max_degree
    )

    w_degree = fit(x_train, y_train, degree)
    w_lambda = fit(x_train, y_train, max_degree, lam)
    test_rmse_degree, test_rmse_lambda = score_once_on_test(
        rng, n_test, noise_sd, [w_degree, w_lambda]
    )

    x_grid = np.linspace(0.0, 1.0, 200)
    underfit = 1
    curve_degrees = (underfit, degree, max_degree)
    curve_lambdas = (float(LAMBDAS[0]), lam, float(LAMBDAS[-1]))
    degree_curves, lambda_curves = fitted_curves(
        x_train, y_train, x_grid, curve_degrees, curve_lambdas, max_degree
    )
    w_smallest = fit(x_train, y_train, max_degree, LAMBDAS[0])
    seed_degrees, seed_lambdas = choices_over_seeds(
        n_seeds, n_train, n_val, noise_sd, max_degree
    )

    return CapacityResult(
        seed=seed,
        noise_sd=noise_sd,
        n_train=n_train,
        n_val=n_val,
        n_test=n_test,
        x_train=x_train,
        y_train=y_train,
        x_grid=x_grid,
        true_grid=true_function(x_grid),
        degrees=degrees,
        train_rmse=train_rmse,
        val_rmse=val_rmse,
        chosen_degree=degree,
        n_coefficients_chosen=degree + 1,
        val_rmse_chosen_degree=float(val_rmse[degree]),
        runner_up_degree=int(np.argsort(val_rmse)[1]),
        val_rmse_runner_up_degree=float(np.sort(val_rmse)[1]),
        runner_up_relative_gap=float(np.sort(val_rmse)[1] / val_rmse.min() - 1),
        test_rmse_chosen_degree=test_rmse_degree,
        train_rmse_chosen_degree=float(train_rmse[degree]),
        underfit_degree=underfit,
        max_degree=max_degree,
        condition_legendre=float(np.linalg.cond(features(x_train, max_degree))),
        condition_powers=float(np.linalg.cond(np.vander(x_train, max_degree + 1))),
        n_coefficients_max=max_degree + 1,
        train_rmse_underfit=float(train_rmse[underfit]),
        val_rmse_underfit=float(val_rmse[underfit]),
        train_rmse_max_degree=float(train_rmse[-1]),
        val_rmse_max_degree=float(val_rmse[-1]),
        curve_degrees=curve_degrees,
        degree_curves=degree_curves,
        lambdas=LAMBDAS,
        ridge_train_rmse=ridge_train,
        ridge_val_rmse=ridge_val,
        chosen_lambda=lam,
        val_rmse_chosen_lambda=float(ridge_val.min()),
        test_rmse_chosen_lambda=test_rmse_lambda,
        train_rmse_smallest_lambda=float(ridge_train[0]),
        val_rmse_smallest_lambda=float(ridge_val[0]),
        coef_norm_smallest_lambda=float(np.linalg.norm(w_smallest[1:])),
        coef_norm_chosen_lambda=float(np.linalg.norm(w_lambda[1:])),
        curve_lambdas=curve_lambdas,
        lambda_curves=lambda_curves,
        n_seeds=n_seeds,
        seed_chosen_degrees=seed_degrees,
        seed_chosen_lambdas=seed_lambdas,
        n_seeds_interior_degree=int(
            np.sum((seed_degrees > 0) & (seed_degrees < max_degree))
        ),
        n_seeds_interior_lambda=int(
            np.sum((seed_lambdas > LAMBDAS[0]) & (seed_lambdas < LAMBDAS[-1]))
        ),
        min_seed_degree=int(seed_degrees.min()),
        max_seed_degree=int(seed_degrees.max()),
    )


def fitted_curves(x_train, y_train, x_grid, degrees, lambdas, max_degree):
    """The fits to draw: one per degree, and one per λ at max_degree, on x_grid."""
    degree_curves = np.array(
        [predict(fit(x_train, y_train, d), x_grid) for d in degrees]
    )
    lambda_curves = np.array(
        [predict(fit(x_train, y_train, max_degree, g), x_grid) for g in lambdas]
    )
    return degree_curves, lambda_curves


def choices_over_seeds(n_seeds, n_train, n_val, noise_sd, max_degree):
    """The degree and the λ chosen on validation for each of the seeds 0, 1, ..."""
    seed_degrees, seed_lambdas = [], []
    for s in range(n_seeds):
        _, (xt, yt), (xv, yv) = _train_val(s, n_train, n_val, noise_sd)
        seed_degrees.append(sweep_degree(xt, yt, xv, yv, max_degree)[3])
        seed_lambdas.append(sweep_lambda(xt, yt, xv, yv, max_degree)[2])
    return np.array(seed_degrees), np.array(seed_lambdas)


def _error_panel(ax, x, train, val, chosen, chosen_label, noise_sd):
    """Training and validation RMSE against a knob, the noise level, the choice."""
    ax.plot(x, train, color="C0", marker="o", markersize=4, label="training RMSE")
    ax.plot(
        x,
        val,
        color="C1",
        linestyle="--",
        marker="s",
        markersize=4,
        label="validation RMSE",
    )
    ax.axhline(
        noise_sd,
        color="C4",
        linestyle="-.",
        linewidth=1.2,
        label="noise sd (RMSE of the true function)",
    )
    ax.plot(
        chosen,
        val.min(),
        marker="*",
        markersize=16,
        color="C2",
        linestyle="none",
        zorder=4,
        label=chosen_label,
    )
    ax.set_yscale("log")
    ax.set_ylim(0.4 * train.min(), 2.5 * val.max())  # room for the labels below
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncols=1)


def _curve_panel(ax, result, curves, labels, styles, title):
    """The training points, the true curve and the given fitted curves."""
    ax.scatter(
        result.x_train,
        result.y_train,
        s=22,
        color="C0",
        zorder=3,
        label="training data",
    )
    ax.plot(
        result.x_grid,
        result.true_grid,
        color="C4",
        linestyle="-.",
        linewidth=1.2,
        label="true function (unknown to the fit)",
    )
    for curve, label, (colour, style) in zip(curves, labels, styles, strict=True):
        ax.plot(result.x_grid, curve, color=colour, linestyle=style, label=label)
    spread = np.ptp(result.y_train)
    ax.set_ylim(
        result.y_train.min() - 0.4 * spread, result.y_train.max() + 0.4 * spread
    )
    ax.set(xlabel="x (input)", ylabel="y (target)", title=title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncols=1)


UNDERFIT, CHOSEN, OVERFIT = ("C3", ":"), ("C2", "-"), ("C1", "--")


def plot_degree(result):
    """Panel "Error against degree": training and validation RMSE against
    degree. Panel "Fits of three degrees": three fits."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.6), layout="constrained")
    _error_panel(
        left,
        result.degrees,
        result.train_rmse,
        result.val_rmse,
        result.chosen_degree,
        f"chosen on validation: degree {result.chosen_degree}",
        result.noise_sd,
    )
    left.text(0.02, 0.03, "← underfitting", transform=left.transAxes, fontsize=9)
    left.text(
        0.98, 0.03, "overfitting →", transform=left.transAxes, fontsize=9, ha="right"
    )
    left.set(
        xlabel="polynomial degree (capacity grows →)",
        ylabel="RMSE (log scale)",
        title="Error against degree",
    )
    left.xaxis.set_major_locator(
        MaxNLocator(integer=True)
    )  # a degree is a whole number

    low, chosen, high = result.curve_degrees
    _curve_panel(
        right,
        result,
        result.degree_curves,
        [f"degree {low}", f"degree {chosen} (chosen)", f"degree {high}"],
        [UNDERFIT, CHOSEN, OVERFIT],
        "Fits of three degrees",
    )
    return fig


def plot_lambda(result):
    """Panel "Error against weight decay": training and validation RMSE against
    lambda. Panel "Degree-N fits, three values of λ": three fits."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.6), layout="constrained")
    _error_panel(
        left,
        result.lambdas,
        result.ridge_train_rmse,
        result.ridge_val_rmse,
        result.chosen_lambda,
        f"chosen on validation: λ = {lambda_text(result.chosen_lambda)}",
        result.noise_sd,
    )
    left.set_xscale("log")
    left.text(0.02, 0.03, "← overfitting", transform=left.transAxes, fontsize=9)
    left.text(
        0.98, 0.03, "underfitting →", transform=left.transAxes, fontsize=9, ha="right"
    )
    left.set(
        xlabel=f"weight decay λ at degree {result.max_degree} (capacity shrinks →)",
        ylabel="RMSE (log scale)",
        title="Error against weight decay",
    )

    small, chosen, large = result.curve_lambdas
    _curve_panel(
        right,
        result,
        result.lambda_curves,
        [
            f"λ = {lambda_text(small)}",
            f"λ = {lambda_text(chosen)} (chosen)",
            f"λ = {lambda_text(large)}",
        ],
        [OVERFIT, CHOSEN, UNDERFIT],
        f"Degree-{result.max_degree} fits, three values of λ",
    )
    return fig


# --8<-- [start:slider]
def _fit_and_score(result, degree, lam):
    """Fit on the training set of compute()'s run; RMSE on its training and
    validation sets (drawn again from the stored seed: the same points)."""
    _, (x_train, y_train), (x_val, y_val) = _train_val(
        result.seed, result.n_train, result.n_val, result.noise_sd
    )
    w = fit(x_train, y_train, degree, lam)
    return w, rmse(w, x_train, y_train), rmse(w, x_val, y_val)


def degree_numbers(result, degree):
    """The numbers beside the degree slider."""
    _, train, val = _fit_and_score(result, degree, 0.0)
    return {"training RMSE": train, "validation RMSE": val}


def lambda_numbers(result, lam):
    """The numbers beside the weight-decay slider (at the highest degree)."""
    _, train, val = _fit_and_score(result, result.max_degree, lam)
    return {"training RMSE": train, "validation RMSE": val}


CHOSEN_MARK = "chosen on validation"
NEAR = 0.1  # within 10 % of the chosen setting's validation RMSE counts as near it


def degree_positions(result) -> SliderPositions:
    """Every degree swept; the slider opens on the one chosen on validation."""
    degrees = [int(d) for d in result.degrees]
    chosen = result.chosen_degree
    return positions_with(degrees, [], chosen, {chosen: CHOSEN_MARK})


def lambda_positions(result) -> SliderPositions:
    """Every second λ of the grid (two per decade), and the λ chosen on it."""
    grid = [float(lam) for lam in result.lambdas[::2]]
    chosen = result.chosen_lambda
    return positions_with(grid, result.curve_lambdas, chosen, {chosen: CHOSEN_MARK})


def _outcome(numbers, chosen_numbers, what):
    """Compare one setting's errors with those of the setting chosen on validation:
    outside the "close to" band, less flexible (training RMSE higher) underfits and
    more flexible (training RMSE lower) overfits, both read against that setting."""
    train, val = numbers["training RMSE"], numbers["validation RMSE"]
    best_train = chosen_numbers["training RMSE"]
    best_val = chosen_numbers["validation RMSE"]
    if (train, val) == (best_train, best_val):
        return f"{CHOSEN_MARK}: the lowest validation RMSE"
    gap = val / best_val - 1
    if val <= (1 + NEAR) * best_val:
        close = f"close to the chosen {what}"
        return f"{close}: validation RMSE {gap:.2%} higher (under {NEAR:.0%})"
    higher = f"validation RMSE {gap:.1%} higher than at the chosen {what}"
    if train > best_train:
        return f"underfits: training RMSE higher, {higher}"
    return f"overfits: training RMSE lower, {higher}"


def degree_outcome(result, degree):
    """What the frame at this degree shows, in words (alt text and under the figure)."""
    return _outcome(
        degree_numbers(result, degree),
        degree_numbers(result, result.chosen_degree),
        "degree",
    )


def lambda_outcome(result, lam):
    """What the frame at this weight decay shows, in words."""
    return _outcome(
        lambda_numbers(result, lam),
        lambda_numbers(result, result.chosen_lambda),
        "λ",
    )


def lambda_text(lam):
    """λ as the slider shows it: 0.0316, 0.00316, then powers of ten below 0.001:
    3.16 × 10⁻⁴, 10⁻⁸."""
    text = f"{lam:.3g}" if lam >= 1e-3 else f"{lam:.2e}"
    mantissa, e, exponent = text.partition("e")
    if not e:
        return mantissa
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    power = str(int(exponent)).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"10{power}" if mantissa == "1" else f"{mantissa} × 10{power}"


def _slider_figure(result, w, x, train_curve, val_curve, at, scores, xlabel, title):
    """One slider position: the fit w, and the error curves with `at` marked."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.2), layout="constrained")
    _curve_panel(
        left, result, [predict(w, result.x_grid)], ["the fit"], [CHOSEN], title
    )
    right.plot(x, train_curve, color="C0", marker="o", markersize=3, label="training")
    right.plot(x, val_curve, color="C1", linestyle="--", label="validation")
    right.axvline(at, color="C2", linewidth=1.5)
    right.plot(at, scores[0], "o", color="C0", markersize=9, clip_on=False)
    right.plot(at, scores[1], "s", color="C1", markersize=9, clip_on=False)
    right.set(yscale="log", xlabel=xlabel, ylabel="RMSE (log scale)")
    right.set_ylim(0.4 * train_curve.min(), 2.5 * val_curve.max())
    right.set_title("Error, with this setting marked")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncols=1)
    return fig, right


def plot_degree_fit(result, degree):
    """Panel "Degree-d fit": the polynomial of this degree. Panel "Error, with
    this setting marked": error against degree."""
    w, *scores = _fit_and_score(result, degree, 0.0)
    fig, right = _slider_figure(
        result,
        w,
        result.degrees,
        result.train_rmse,
        result.val_rmse,
        degree,
        scores,
        "polynomial degree",
        f"Degree-{degree} fit",
    )
    right.xaxis.set_major_locator(
        MaxNLocator(integer=True)
    )  # a degree is a whole number
    return fig


def plot_lambda_fit(result, lam):
    """Panel "Degree-N fit, λ = …": the degree-max fit with this weight decay.
    Panel "Error, with this setting marked": error against λ."""
    w, *scores = _fit_and_score(result, result.max_degree, lam)
    fig, right = _slider_figure(
        result,
        w,
        result.lambdas,
        result.ridge_train_rmse,
        result.ridge_val_rmse,
        lam,
        scores,
        f"weight decay λ at degree {result.max_degree} (log scale)",
        f"Degree-{result.max_degree} fit, λ = {lambda_text(lam)}",
    )
    right.set_xscale("log")
    return fig


# --8<-- [end:slider]
