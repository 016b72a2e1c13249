"""Model parameters of a straight line: slope m and intercept c.

Noisy points are drawn around a known line; m and c are then fitted twice,
in closed form by least squares and by gradient descent on the mean squared
error, and the two answers agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np


@dataclass(frozen=True)
class RegressionResult:
    """The data, the true line it was drawn around, and the line fitted three ways."""

    x: np.ndarray
    y: np.ndarray
    true_slope: float
    true_intercept: float
    noise_sd: float
    n_points: int
    slope_lstsq: float
    intercept_lstsq: float
    slope_gd: float
    intercept_gd: float
    mse: float
    rmse: float
    learning_rate: float
    n_steps: int
    gd_path: np.ndarray  # (n_steps + 1, 2): (m, c) after each step
    gd_loss: np.ndarray  # mean squared error after each step
    max_gap: float  # largest |GD - closed form| over m and c
    slope_mae: float  # the line that minimises the mean absolute error instead
    intercept_mae: float
    condition_x: float  # condition number of X = [x, 1]
    condition_xtx: float  # condition number of X^T X: the square of condition_x


# --8<-- [start:data]
# The set-up, written once: compute() and make_data() both default to it, so the
# page's "true line" is always the line the points were drawn around.
N_POINTS = 40
TRUE_SLOPE = 2.5
TRUE_INTERCEPT = -1.0
NOISE_SD = 2.0  # standard deviation of the noise added to each y


def make_data(
    n_points=N_POINTS,
    slope=TRUE_SLOPE,
    intercept=TRUE_INTERCEPT,
    noise_sd=NOISE_SD,
    seed=0,
):
    """Points scattered around the line y = slope * x + intercept."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 10.0, n_points)
    y = slope * x + intercept + rng.normal(0.0, noise_sd, n_points)
    return x, y


# --8<-- [end:data]


# --8<-- [start:closed_form]
def design_matrix(x):
    """X = [x, 1]: one row per point, so that X @ (m, c) = m x + c."""
    return np.column_stack([x, np.ones_like(x)])


def fit_least_squares(x, y):
    """m and c minimising the sum of squared residuals, in closed form."""
    # lstsq works on X itself. Forming X^T X instead would make the answer far more
    # sensitive to rounding errors (why: the folded "Deeper" note on the page).
    X = design_matrix(x)
    (m, c), *_ = np.linalg.lstsq(X, y, rcond=None)
    return m, c


# --8<-- [end:closed_form]


# --8<-- [start:gradient_descent]
def mse(m, c, x, y):
    """The mean squared error of the line y = m x + c on the points (x, y)."""
    return np.mean((m * x + c - y) ** 2)


def fit_gradient_descent(x, y, learning_rate, n_steps):
    """m and c reached by gradient descent on the mean squared error, from (0, 0)."""
    m, c = 0.0, 0.0
    path = [(m, c)]
    for _ in range(n_steps):
        residual = m * x + c - y
        grad_m = 2 * np.mean(residual * x)  # d MSE / dm
        grad_c = 2 * np.mean(residual)  # d MSE / dc
        m, c = m - learning_rate * grad_m, c - learning_rate * grad_c
        path.append((m, c))
    return np.array(path)


def stable_learning_rate(x):
    """The step size, computed from the data rather than chosen: half the limit
    that the loss's steepest curvature sets. At or above that limit, gradient
    descent on this loss does not converge (the folded "Deeper" note on the page)."""
    X = design_matrix(x)
    hessian = 2 * X.T @ X / len(x)  # the loss's curvature, the same at every point
    return 1.0 / np.linalg.eigvalsh(hessian).max()


# --8<-- [end:gradient_descent]


# --8<-- [start:absolute_error]
def fit_least_absolute(x, y, n_iterations=200):
    """m and c minimising the mean absolute error, by iteratively reweighted
    least squares.

    Each round solves a weighted least-squares problem whose weights 1/|residual|
    turn squared errors into absolute ones at the current fit.
    """
    X = design_matrix(x)
    coefficients = np.linalg.lstsq(X, y, rcond=None)[0]
    for _ in range(n_iterations):
        residual = np.abs(y - X @ coefficients)
        weights = 1.0 / np.maximum(residual, 1e-9)
        sqrt_w = np.sqrt(weights)
        coefficients = np.linalg.lstsq(X * sqrt_w[:, None], y * sqrt_w, rcond=None)[0]
    return coefficients[0], coefficients[1]


# --8<-- [end:absolute_error]


# --8<-- [start:compute]
def compute(
    seed=0,
    n_points=N_POINTS,
    slope=TRUE_SLOPE,
    intercept=TRUE_INTERCEPT,
    noise_sd=NOISE_SD,
    n_steps=5000,
):
    """Fit a straight line to noisy points, by formula and by gradient descent.

    The data: n_points points with x uniform on [0, 10], drawn around the line
    y = slope * x + intercept with Gaussian noise of sd noise_sd (make_data, seed).
    The result holds the data, the least-squares line, the gradient-descent path
    of n_steps steps at a rate computed from the data, the least-absolute-error
    line, and the condition numbers of X and XᵀX.
    """
    x, y = make_data(n_points, slope, intercept, noise_sd, seed)
    m, c = fit_least_squares(x, y)
    learning_rate = stable_learning_rate(x)
    path = fit_gradient_descent(x, y, learning_rate, n_steps)
    losses = np.array([mse(pm, pc, x, y) for pm, pc in path])
    final = mse(m, c, x, y)
    m_mae, c_mae = fit_least_absolute(x, y)
    X = design_matrix(x)
    return RegressionResult(
        x=x,
        y=y,
        true_slope=slope,
        true_intercept=intercept,
        noise_sd=noise_sd,
        n_points=n_points,
        slope_lstsq=float(m),
        intercept_lstsq=float(c),
        slope_gd=float(path[-1, 0]),
        intercept_gd=float(path[-1, 1]),
        mse=float(final),
        rmse=float(np.sqrt(final)),
        learning_rate=float(learning_rate),
        n_steps=n_steps,
        gd_path=path,
        gd_loss=losses,
        max_gap=float(np.abs(path[-1] - (m, c)).max()),
        slope_mae=float(m_mae),
        intercept_mae=float(c_mae),
        condition_x=float(np.linalg.cond(X)),
        condition_xtx=float(np.linalg.cond(X.T @ X)),
    )


# --8<-- [end:compute]


# --8<-- [start:plot]
def signed(value):
    """Three decimals with a true minus sign, as the ticks and the text write it."""
    return f"{value:.3f}".replace("-", "\N{MINUS SIGN}")


def plot_fit(result):
    """The data and fitted lines, and the loss over (m, c) with the descent path."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 4.8), layout="constrained")

    left.scatter(result.x, result.y, s=16, color="C0", label="data")
    ends = np.array([0.0, 10.0])
    left.plot(
        ends,
        result.slope_lstsq * ends + result.intercept_lstsq,
        color="C1",
        label=f"least squares: m = {signed(result.slope_lstsq)}, "
        f"c = {signed(result.intercept_lstsq)}",
    )
    left.plot(
        ends,
        result.slope_gd * ends + result.intercept_gd,
        color="C2",
        linestyle="--",
        label=f"gradient descent: m = {signed(result.slope_gd)}, "
        f"c = {signed(result.intercept_gd)}",
    )
    left.plot(
        ends,
        result.true_slope * ends + result.true_intercept,
        color="C3",
        linestyle=":",
        label="true line (unknown to the fit)",
    )
    left.set(xlabel="x (input)", ylabel="y (target)", title="Data and fitted lines")
    # Below the axes, like the right panel's, so both panels keep the same height.
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18))

    # The loss surface on a grid that contains the whole descent path.
    path = result.gd_path
    m_axis = np.linspace(path[:, 0].min() - 0.5, path[:, 0].max() + 0.5, 60)
    c_axis = np.linspace(path[:, 1].min() - 4.0, path[:, 1].max() + 4.0, 60)
    M, C = np.meshgrid(m_axis, c_axis)
    loss = np.mean((M[..., None] * result.x + C[..., None] - result.y) ** 2, axis=-1)
    levels = np.geomspace(loss.min() * 1.05, loss.max(), 9)
    # Opaque lines: at 60 % opacity the dark theme's contours all but vanished.
    contours = right.contour(M, C, loss, levels=levels, colors="C0", linewidths=0.9)
    # Each label at its contour's lowest point, well below the descent path,
    # so no label is overprinted by it; at the figure's text size (11).
    # Only contours that reach that bottom band get one: the innermost ring
    # around the minimum is too small to hold its label (cut at 390 px).
    low = c_axis[0] + 0.6
    labelled, spots = [], []
    for level, segments in zip(contours.levels, contours.allsegs, strict=True):
        points = np.concatenate([s for s in segments if len(s)] or [np.empty((0, 2))])
        points = points[points[:, 1] >= low]
        if len(points) and points[:, 1].min() < low + 1.0:
            labelled.append(level)
            spots.append(points[np.argmin(points[:, 1])])
    right.clabel(contours, labelled, fmt="%.0f", fontsize=11, manual=spots)
    shown = path[np.unique(np.geomspace(1, len(path), 60).astype(int) - 1)]
    right.plot(
        shown[:, 0],
        shown[:, 1],
        color="C2",
        linestyle="--",
        marker="o",
        markersize=3,
        label="gradient descent, from (0, 0)",
    )
    right.plot(
        result.slope_lstsq,
        result.intercept_lstsq,
        "*",
        color="C1",
        markersize=13,
        label="least-squares minimum",
    )
    right.set(
        xlabel="slope m", ylabel="intercept c", title="Mean squared error over (m, c)"
    )
    # Below the axes: inside, every corner of the panel is crossed by contour lines.
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18))
    return fig


# --8<-- [end:plot]
