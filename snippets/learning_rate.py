"""The learning rate: how big a step gradient descent may take, and why.

Gradient descent on the regression page's least-squares problem, with the same
data. The mean squared error is a quadratic in w = (m, c), so its Hessian
H = (2/n) X^T X is constant and decides everything: gradient descent converges
for every start exactly when the learning rate is below 2 / lambda_max(H), and
the ratio lambda_max / lambda_min (the condition number) sets how many steps
even the best constant rate needs. Standardising x makes that ratio 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from snippets.regression import N_POINTS, make_data
from snippets.slider_positions import SliderPositions, positions_with

FRACTIONS = (0.1, 0.5, 0.99, 1.01, 1.2)  # learning rates, as multiples of 2/lambda_max
# A fine grid of rates just below the limit: where does the gap end smallest?
FINE_STEP = 0.0001
FINE_FRACTIONS = np.round(np.arange(0.985, 0.9999, FINE_STEP), 4)
PLOT_TOP = 1e4  # the rates figure is cut at this multiple of the starting gap
LINE_STYLES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)))


@dataclass(frozen=True)
class LearningRateResult:
    """The loss's curvature, runs at several learning rates, and raw against
    standardised x: every number and figure of the learning-rate page."""

    n_points: int
    # The curvature of the loss (raw x).
    lambda_max: float
    lambda_min: float
    condition_number: float
    eta_limit: float  # 2 / lambda_max: converges only strictly below it
    # The best constant rate, eta_best = 2 / (lambda_max + lambda_min), over the limit.
    best_fraction: float  # eta_best / eta_limit = kappa / (kappa + 1)
    slow_direction_angle: float  # degrees between the flattest direction and the c axis
    slope_lstsq: float
    intercept_lstsq: float
    loss_opt: float
    # Runs at several fractions of the limit.
    fractions: tuple[float, ...]
    fraction_small: float
    fraction_half: float
    fraction_below: float
    fraction_above: float
    fraction_far: float
    n_steps: int
    blowup: float  # a run stops once its loss exceeds blowup times the start
    loss_gaps: np.ndarray  # (len(fractions), n_steps + 1): f(w) - f*; NaN once stopped
    gap_start: float  # f(0, 0) - f*
    remaining_small: float  # gap after n_steps / gap at start, at fraction_small
    remaining_half: float
    remaining_below: float
    steps_above: int  # steps the run at fraction_above lasted before it was stopped
    steps_far: int
    growth_above: float  # measured per-step factor of the gap at the end of that run
    growth_above_theory: float  # (1 - 2 * fraction_above) ** 2
    # "Diverged" means stopped by the blowup rule; leaving the figure is earlier.
    plot_top: float  # the rates figure is cut at plot_top times the starting gap
    leaves_plot_above: int  # first step whose gap is above the top of the figure
    leaves_plot_far: int
    # The best constant rate is best for the worst case, not for this run.
    remaining_best: float  # gap after n_steps / at start, at eta_best
    best_over_below: float  # remaining_best / remaining_below
    fine_fractions: np.ndarray  # rates tried just below the limit
    fine_end_gaps: np.ndarray  # gap after n_steps / at start, at each of them
    best_fine_fraction: float  # the rate of the grid with the smallest end gap
    half_below_until: int  # the 0.5x run is below the fraction_below run up to here
    fine_first: float  # the grid's smallest and largest rate
    fine_last: float
    fine_step: float  # the spacing of the grid
    steep_factor_below: float  # |1 - eta lambda_max| at fraction_below
    # Conditioning: raw x against standardised x.
    tolerance: float
    n_cond_steps: int
    x_mean: float
    mean_x_squared: float
    x_sd: float
    condition_number_std: float
    eta_half_raw: float  # 1 / lambda_max, the regression page's rate
    eta_half_std: float  # 1 / lambda_max for standardised x (= its best rate)
    errors_raw: np.ndarray  # (n_cond_steps + 1, 2): |m - m*|, |c - c*| at 1/lambda_max
    distance_best_raw: np.ndarray  # ||w - w*|| at eta_best, raw x
    errors_std: np.ndarray  # (n_cond_steps + 1, 2) for standardised x, mapped back
    steps_raw: int  # steps until both errors stay below tolerance, raw x, 1/lambda_max
    steps_best_raw: int  # the same at eta_best
    steps_best_bound: int  # theory: ln(||w*|| / tol) / ln((kappa + 1) / (kappa - 1))
    w_opt_norm: float  # ||w*||: the distance from the start (0, 0) to the optimum
    steps_std: int  # the same for standardised x
    slope_error_raw_1: float  # |m - m*| after one step, raw x
    intercept_error_raw_1: float  # |c - c*| after one step, raw x
    intercept_error_raw_0: float  # |c - c*| at the start, |c*|
    slope_std_fit: float  # the standardised fit mapped back to m
    intercept_std_fit: float
    std_fit_gap: float  # largest |standardised fit - lstsq| over m and c
    # The data, for the slider (descent_at and plot_descent).
    x: np.ndarray
    y: np.ndarray


# --8<-- [start:curvature]
def design_matrix(x):
    """Columns x and 1, so that X @ (m, c) = m * x + c."""
    return np.column_stack([x, np.ones_like(x)])


def hessian(X):
    """Hessian of f(w) = (1/n) ||X w - y||^2. It does not depend on w or y."""
    return 2 * X.T @ X / len(X)


def curvature(X):
    """Smallest and largest eigenvalue of the Hessian (eigvalsh sorts them)."""
    lambda_min, lambda_max = np.linalg.eigvalsh(hessian(X))
    return lambda_min, lambda_max


def step_size_limits(X):
    """The stability limit, the condition number and the best constant rate."""
    lambda_min, lambda_max = curvature(X)
    eta_limit = 2 / lambda_max  # converges only strictly below it
    kappa = lambda_max / lambda_min  # the condition number
    eta_best = 2 / (lambda_max + lambda_min)  # the fastest constant rate
    return eta_limit, kappa, eta_best


# --8<-- [end:curvature]


# --8<-- [start:descent]
BLOWUP = 1e12  # a run has diverged once its loss exceeds this multiple of its start


def gradient_descent(X, y, learning_rate, n_steps, blowup=BLOWUP):
    """w = (m, c) after each step, from (0, 0).

    Stops early, as a training script would, once the loss exceeds
    blowup times its starting value: the run has diverged.
    """
    w = np.zeros(X.shape[1])
    path = [w]
    residual = X @ w - y
    start = np.mean(residual**2)
    for _ in range(n_steps):
        gradient = 2 * X.T @ residual / len(y)
        w = w - learning_rate * gradient
        path.append(w)
        residual = X @ w - y
        if np.mean(residual**2) > blowup * start:
            break
    return np.array(path)


def loss_gap(X, path, w_opt):
    """f(w) - f(w*) for each row of path.

    For least squares this equals (1/n) ||X (w - w*)||^2 exactly, because the
    residual at w* is orthogonal to the columns of X. Computed this way the gap
    stays accurate near zero instead of drowning in the rounding of f(w) - f(w*).
    """
    return np.mean(((path - w_opt) @ X.T) ** 2, axis=1)


def loss_gaps_for_rates(X, y, w_opt, eta_limit, fractions, n_steps):
    """Row i: f(w) - f(w*) after each step at rate fractions[i] * eta_limit.

    A run that diverged and was stopped leaves NaN in the rest of its row.
    """
    gaps = np.full((len(fractions), n_steps + 1), np.nan)
    for i, fraction in enumerate(fractions):
        path = gradient_descent(X, y, fraction * eta_limit, n_steps)
        gaps[i, : len(path)] = loss_gap(X, path, w_opt)
    return gaps


# --8<-- [end:descent]


# --8<-- [start:standardise]
def standardise(x):
    """z = (x - mean) / sd: zero mean, unit variance."""
    mean, sd = x.mean(), x.std()
    return (x - mean) / sd, mean, sd


def to_original_scale(a, b, mean, sd):
    """y = a (x - mean) / sd + b is the line y = m x + c with these m and c."""
    return a / sd, b - a * mean / sd


def descend_standardised(x, y, n_steps):
    """Gradient descent on y = a z + b at 1/lambda_max; its path as (m, c) for x."""
    z, mean, sd = standardise(x)
    Z = design_matrix(z)
    lambda_min, lambda_max = curvature(Z)
    path = gradient_descent(Z, y, 1 / lambda_max, n_steps)
    m, c = to_original_scale(path[:, 0], path[:, 1], mean, sd)
    return np.column_stack([m, c]), lambda_max / lambda_min, 1 / lambda_max


# --8<-- [end:standardise]


def end_gaps(X, y, w_opt, eta_limit, fractions, n_steps):
    """Gap after n_steps divided by the gap at the start, one run per rate."""
    ends = []
    for fraction in fractions:
        gaps = loss_gap(X, gradient_descent(X, y, fraction * eta_limit, n_steps), w_opt)
        ends.append(gaps[-1] / gaps[0])
    return np.array(ends)


def first_step_above(gaps, top):
    """First step whose gap is above top (the step it leaves a plot cut there)."""
    above = np.flatnonzero(gaps > top)
    return int(above[0]) if above.size else -1


def last_step_below(lower, upper):
    """The last step of the first stretch (from step 1) where lower < upper."""
    not_below = np.flatnonzero(lower[1:] >= upper[1:])
    return int(not_below[0]) if not_below.size else len(lower) - 1


def steps_to_tolerance(errors, tolerance):
    """First step from which every later error is below tolerance (len if never)."""
    worst = errors.reshape(len(errors), -1).max(axis=1)
    above = np.flatnonzero(worst > tolerance)
    return int(above[-1] + 1) if above.size else 0


# --8<-- [start:compute]
def compute(seed=0, n_points=N_POINTS, n_steps=1000, n_cond_steps=3000, tolerance=1e-6):
    """Every number and figure of the page: the regression page's data (its
    seed, size and noise), runs of n_steps at several rates, and runs of
    n_cond_steps until m and c are within tolerance of least squares."""
    x, y = make_data(n_points=n_points, seed=seed)  # noise_sd: its default
    return analyse(x, y, n_steps, n_cond_steps, tolerance)


# --8<-- [end:compute]


def analyse(x, y, n_steps, n_cond_steps, tolerance):
    """The experiments of compute() on the data x, y, each returning its fields."""
    X = design_matrix(x)
    w_opt, *_ = np.linalg.lstsq(X, y, rcond=None)
    return LearningRateResult(
        **curvature_of_the_loss(X, y, w_opt),
        **runs_at_several_rates(X, y, w_opt, n_steps),
        **raw_against_standardised(x, y, w_opt, n_cond_steps, tolerance),
        x=x,
        y=y,
    )


def curvature_of_the_loss(X, y, w_opt):
    """The Hessian's eigenvalues, the limit they set, and the least-squares fit."""
    lambda_min, lambda_max = curvature(X)
    eta_limit, kappa, eta_best = step_size_limits(X)
    _, vectors = np.linalg.eigh(hessian(X))
    slow = vectors[:, 0]  # eigenvector of lambda_min
    angle = np.degrees(np.arctan2(abs(slow[0]), abs(slow[1])))
    return dict(
        n_points=len(X),
        lambda_max=float(lambda_max),
        lambda_min=float(lambda_min),
        condition_number=float(kappa),
        eta_limit=float(eta_limit),
        best_fraction=float(eta_best / eta_limit),
        slow_direction_angle=float(angle),
        slope_lstsq=float(w_opt[0]),
        intercept_lstsq=float(w_opt[1]),
        loss_opt=float(np.mean((X @ w_opt - y) ** 2)),
    )


def runs_at_several_rates(X, y, w_opt, n_steps):
    """Runs of n_steps at FRACTIONS of the limit, and at a fine grid just below it."""
    eta_limit, _, eta_best = step_size_limits(X)
    gaps = loss_gaps_for_rates(X, y, w_opt, eta_limit, FRACTIONS, n_steps)
    lengths = np.isfinite(gaps).sum(axis=1) - 1  # steps each run lasted
    small, half, below, above, far = range(len(FRACTIONS))
    end_above = gaps[above, max(lengths[above] - 10, 0) : lengths[above] + 1]
    fine_end_gaps = end_gaps(X, y, w_opt, eta_limit, FINE_FRACTIONS, n_steps)
    remaining_best = end_gaps(X, y, w_opt, eta_limit, [eta_best / eta_limit], n_steps)
    return dict(
        fractions=FRACTIONS,
        fraction_small=FRACTIONS[small],
        fraction_half=FRACTIONS[half],
        fraction_below=FRACTIONS[below],
        fraction_above=FRACTIONS[above],
        fraction_far=FRACTIONS[far],
        n_steps=n_steps,
        blowup=BLOWUP,
        loss_gaps=gaps,
        gap_start=float(gaps[0, 0]),
        remaining_small=float(gaps[small, -1] / gaps[small, 0]),
        remaining_half=float(gaps[half, -1] / gaps[half, 0]),
        remaining_below=float(gaps[below, -1] / gaps[below, 0]),
        steps_above=int(lengths[above]),
        steps_far=int(lengths[far]),
        growth_above=float(np.mean(end_above[1:] / end_above[:-1])),
        growth_above_theory=(1 - 2 * FRACTIONS[above]) ** 2,
        plot_top=PLOT_TOP,
        leaves_plot_above=first_step_above(gaps[above], PLOT_TOP * gaps[0, 0]),
        leaves_plot_far=first_step_above(gaps[far], PLOT_TOP * gaps[0, 0]),
        remaining_best=float(remaining_best[0]),
        best_over_below=float(remaining_best[0] / (gaps[below, -1] / gaps[below, 0])),
        fine_fractions=FINE_FRACTIONS,
        fine_end_gaps=fine_end_gaps,
        best_fine_fraction=float(FINE_FRACTIONS[np.argmin(fine_end_gaps)]),
        half_below_until=last_step_below(gaps[half], gaps[below]),
        fine_first=float(FINE_FRACTIONS[0]),
        fine_last=float(FINE_FRACTIONS[-1]),
        fine_step=FINE_STEP,
        steep_factor_below=abs(1 - 2 * FRACTIONS[below]),
    )


def raw_against_standardised(x, y, w_opt, n_cond_steps, tolerance):
    """Steps until m and c are within tolerance, for raw and standardised x."""
    X = design_matrix(x)
    lambda_min, lambda_max = curvature(X)
    _, kappa, eta_best = step_size_limits(X)
    path_raw = gradient_descent(X, y, 1 / lambda_max, n_cond_steps)
    path_best = gradient_descent(X, y, eta_best, n_cond_steps)
    path_std, kappa_std, eta_half_std = descend_standardised(x, y, n_cond_steps)
    errors_raw = np.abs(path_raw - w_opt)
    errors_std = np.abs(path_std - w_opt)
    distance_best = np.linalg.norm(path_best - w_opt, axis=1)
    return dict(
        tolerance=tolerance,
        n_cond_steps=n_cond_steps,
        x_mean=float(x.mean()),
        mean_x_squared=float(np.mean(x**2)),
        x_sd=float(x.std()),
        condition_number_std=float(kappa_std),
        eta_half_raw=float(1 / lambda_max),
        eta_half_std=float(eta_half_std),
        errors_raw=errors_raw,
        distance_best_raw=distance_best,
        errors_std=errors_std,
        steps_raw=steps_to_tolerance(errors_raw, tolerance),
        steps_best_raw=steps_to_tolerance(distance_best, tolerance),
        steps_best_bound=int(
            np.ceil(
                np.log(np.linalg.norm(w_opt) / tolerance)
                / np.log((kappa + 1) / (kappa - 1))
            )
        ),
        w_opt_norm=float(np.linalg.norm(w_opt)),
        steps_std=steps_to_tolerance(errors_std, tolerance),
        slope_error_raw_1=float(errors_raw[1, 0]),
        intercept_error_raw_1=float(errors_raw[1, 1]),
        intercept_error_raw_0=float(errors_raw[0, 1]),
        slope_std_fit=float(path_std[-1, 0]),
        intercept_std_fit=float(path_std[-1, 1]),
        std_fit_gap=float(errors_std[-1].max()),
    )


def _shown(n, extra=6, points=300):
    """Steps to draw: the first few, then an even subsample (keeps the SVG small)."""
    return np.unique(np.r_[0:extra, np.linspace(0, n, points).astype(int)])


# --8<-- [start:plot_rates]
def plot_rates(result):
    """Loss minus the optimal loss, step by step, for rates around 2 / lambda_max."""
    fig, ax = plt.subplots(figsize=(9, 5.0), layout="constrained")
    steps = np.arange(result.n_steps + 1)
    shown = _shown(result.n_steps, extra=60)
    finite = result.loss_gaps[np.isfinite(result.loss_gaps)]
    top = result.plot_top * result.gap_start  # above: marked where it leaves, not drawn
    bottom = 10 ** np.floor(np.log10(finite[finite > 0].min()))
    for i, fraction in enumerate(result.fractions):
        gaps = result.loss_gaps[i]
        label = f"η = {fraction:g} × 2/λₘₐₓ"
        out = np.flatnonzero(gaps > top)
        if out.size:  # diverged: draw up to the edge, mark where it leaves
            label += f" (leaves the plot at step {out[0]})"
            keep = shown[shown < out[0]]
            keep = np.r_[keep, out[0]]
        else:
            keep = shown
        ax.plot(
            steps[keep],
            np.clip(gaps[keep], bottom, top),
            color=f"C{i}",
            linestyle=LINE_STYLES[i],
            label=label,
        )
        if out.size:
            ax.plot(out[0], top, marker="^", color=f"C{i}", ms=9, clip_on=False)
    ax.set_yscale("log")
    ax.set_ylim(bottom, top)
    ax.set_xlim(0, result.n_steps)
    ax.set(
        xlabel="step",
        ylabel="loss − optimal loss (log scale)",
        title="Gradient descent at learning rates around the limit 2/λₘₐₓ",
    )
    # Below the plot: inside, any corner would cover one of the five falling curves.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
    return fig


# --8<-- [end:plot_rates]


# --8<-- [start:plot_conditioning]
def plot_conditioning(result, zoom=10):
    """|m - m*| and |c - c*| against step: raw x (left), standardised x (right)."""
    fig, (raw, std) = plt.subplots(
        1, 2, figsize=(9, 3.8), sharey=True, width_ratios=(2, 1), layout="constrained"
    )
    floor = 1e-16  # exact zeros and rounding noise are drawn at this floor
    shown = _shown(result.n_cond_steps)
    first = np.arange(zoom + 1)
    panels = [
        (raw, result.errors_raw, shown, None),
        (std, result.errors_std, first, "o"),
    ]
    for ax, errors, steps, marker in panels:
        ax.plot(
            steps,
            np.maximum(errors[steps, 0], floor),
            color="C0",
            marker=marker,
            label="|m − m*| (slope)",
        )
        ax.plot(
            steps,
            np.maximum(errors[steps, 1], floor),
            color="C1",
            linestyle="--",
            marker=marker and "s",
            label="|c − c*| (intercept)",
        )
        ax.axhline(result.tolerance, color="C4", linestyle=":", label="tolerance")
        ax.set_xlabel("step")
    raw.plot(
        shown,
        np.maximum(result.distance_best_raw[shown], floor),
        color="C2",
        linestyle="-.",
        label="distance to (m*, c*) at the best\nconstant rate 2/(λₘₐₓ + λₘᵢₙ)",
    )
    notes = [
        (raw, result.steps_raw, (0.85, 0.78)),
        (raw, result.steps_best_raw, (0.42, 0.9)),  # clear of the legend
        (std, result.steps_std, (0.3, 0.62)),
    ]
    for ax, n, where in notes:
        ax.annotate(
            f"{n:,d} step{'s' if n != 1 else ''}",  # 2,306 as in the text
            xy=(n, result.tolerance),
            xytext=where,
            textcoords="axes fraction",
            ha="center",
            arrowprops={"arrowstyle": "->", "color": "C4"},
        )
    raw.set(title="Raw x, η = 1/λₘₐₓ", ylabel="error (log scale)", yscale="log")
    raw.set_ylim(floor / 3, 30)
    std.set(title="Standardised x, η = 1/λₘₐₓ", xlim=(-0.5, zoom + 0.5))
    raw.legend(loc="lower left")
    std.legend(loc="upper right")
    return fig


# --8<-- [end:plot_conditioning]


# --8<-- [start:slider]
def descent_at(result, fraction):
    """Gradient descent at learning rate fraction * 2/lambda_max, for n_steps.

    Returns the learning rate, the path of (m, c) and the loss gap f(w) - f*
    at each step (the run stops early once it has diverged).
    """
    X = design_matrix(result.x)
    w_opt = np.array([result.slope_lstsq, result.intercept_lstsq])
    eta = fraction * result.eta_limit
    path = gradient_descent(X, result.y, eta, result.n_steps, result.blowup)
    return eta, path, loss_gap(X, path, w_opt)


def descent_numbers(result, fraction):
    """The numbers beside the slider: the rate, how long it ran, how far it got."""
    eta, path, gaps = descent_at(result, fraction)
    return {
        "η": eta,
        "steps run": len(path) - 1,
        "loss gap at the end ÷ at the start": gaps[-1] / gaps[0],
    }


RATE_STOPS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.05, 1.5)
LIMIT = 1.0  # the learning rate 2/lambda_max, as a multiple of itself
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def rate_positions(result) -> SliderPositions:
    """Learning rates as multiples of the limit: a spread, the rates the page
    quotes, and the limit itself. The slider opens on half the limit, a rate that
    converges: the first frame a reader sees is a working run, not the edge case."""
    quoted = (
        result.fraction_small,
        result.fraction_half,
        result.fraction_below,
        result.fraction_above,
        result.fraction_far,
    )
    half = "half the limit, 1/λₘₐₓ"
    marks = {LIMIT: "the limit 2/λₘₐₓ", result.fraction_half: half}
    return positions_with(RATE_STOPS, quoted, result.fraction_half, marks)


def descent_outcome(result, fraction):
    """What the run at this rate does, in words; a diverged run is one that
    the stop rule of gradient_descent halted (loss over blowup × its start)."""
    _, path, gaps = descent_at(result, fraction)
    steps = len(path) - 1
    if steps < result.n_steps:
        power = str(round(np.log10(result.blowup))).translate(SUPERSCRIPTS)
        return f"diverges: its loss passed 10{power} × the start at step {steps:,}"
    if fraction >= LIMIT:
        return "does not converge: the steep part of the error flips, never shrinking"
    if fraction > result.fraction_half:
        return "converges, zig-zagging across the valley"
    if fraction == result.fraction_half:
        return "converges: the steep direction settles in one step"
    return "converges without crossing the valley"


def plot_descent(result, fraction):
    """Panel 'Path over the loss': the path over the contours; panel 'Loss gap':
    the loss gap against step."""
    eta, path, gaps = descent_at(result, fraction)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")

    m_opt, c_opt = result.slope_lstsq, result.intercept_lstsq
    m_axis = np.linspace(m_opt - 3.0, m_opt + 3.0, 60)  # holds the start (0, 0)
    c_axis = np.linspace(c_opt - 3.0, c_opt + 3.0, 60)
    M, C = np.meshgrid(m_axis, c_axis)
    loss = np.mean((M[..., None] * result.x + C[..., None] - result.y) ** 2, axis=-1)
    levels = result.loss_opt * (1 + np.geomspace(0.02, 20, 7))
    left.contour(M, C, loss, levels=levels, colors="C0", linewidths=0.7, alpha=0.6)
    last = len(path) - 1
    shown = path[_shown(last, extra=min(60, last), points=150)]
    left.plot(*shown.T, color="C1", marker="o", markersize=2.5, linewidth=1)
    left.plot(m_opt, c_opt, "*", color="C2", markersize=13, label="minimum")
    left.plot(0, 0, "s", color="C1", markersize=6, label="start (0, 0)")
    left.set(
        xlim=(m_axis[0], m_axis[-1]),
        ylim=(c_axis[0], c_axis[-1]),
        xlabel="slope m",
        ylabel="intercept c",
        title=f"Path over the loss, η = {fraction:g} × 2/λₘₐₓ",
    )
    left.legend(loc="lower left")

    top, bottom = 1e4, 1e-14  # relative to the start: above top it has diverged
    relative = gaps / gaps[0]
    keep = _shown(last, extra=min(60, last), points=200)
    right.plot(keep, np.clip(relative[keep], bottom, top), color="C1")
    if relative.max() > top:
        out = int(np.argmax(relative > top))
        right.plot(out, top, marker="^", color="C1", ms=9, clip_on=False)
        note = f" off the plot from step {out}, stopped at {last}"
        right.text(out, top / 30, note, fontsize=9)
    right.set(
        yscale="log",
        ylim=(bottom, top),
        xlim=(0, result.n_steps),
        xlabel="step",
        ylabel="(loss − optimum) ÷ at start",
        title="Loss gap, step by step (log scale)",
    )
    return fig


# --8<-- [end:slider]
