"""Hyperparameters set from the training data alone: the evidence approximation.

Bayesian linear regression on Gaussian basis functions has two hyperparameters,
the prior precision alpha of the weights and the noise precision beta. The
marginal likelihood (evidence) of the training targets has a closed form, so it
can be maximised over alpha and beta without a validation set; Bishop's
fixed-point re-estimation does this. The answer is compared with the ridge
strength lambda = alpha / beta chosen on a validation set.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter


@dataclass(frozen=True)
class EvidenceResult:
    """λ chosen by the evidence and on a validation set, on one data set in detail
    and over n_repeats further data sets: every number and figure of the page."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    n_train: int
    n_val: int
    n_basis: int  # number of weights, constant column included
    noise_sd: float  # true noise standard deviation (unknown to both methods)
    noise_variance: float  # the part of any model's test MSE that is pure noise
    lambdas: np.ndarray  # grid of ridge strengths lambda = alpha / beta
    grid_step_decades: float
    profile_evidence: np.ndarray  # ln p(y | alpha, beta), best beta for each lambda
    train_mse: np.ndarray  # per lambda
    val_mse: np.ndarray  # per lambda
    path: np.ndarray  # (n_iterations + 1, 2): (alpha, beta) of each re-estimation
    path_evidence: np.ndarray  # ln p(y | alpha, beta) along the path
    first_update_share: float  # of the log evidence's climb to its peak, in one update
    n_iterations: int
    converged: bool
    alpha_evidence: float
    beta_evidence: float
    lambda_evidence: float
    gamma: float  # effective number of well-determined weights
    noise_sd_evidence: float  # 1 / sqrt(beta) of the fixed point
    max_log_evidence: float
    alpha_grid_best: float  # alpha at the grid maximum of the evidence
    lambda_grid_best: float
    lambda_validation: float
    grid_steps_apart: float  # |log10 lambda_evidence - log10 lambda_grid_best| / step
    test_mse_evidence: float
    test_mse_validation: float
    test_ratio: float  # test_mse_evidence / test_mse_validation
    n_repeats: int  # further data sets for the comparison of the two choices
    ratio_min: float
    ratio_median: float
    ratio_max: float
    evidence_wins: int  # data sets where the evidence choice had the lower test error
    validation_wins: int  # data sets where the validation choice did better
    # Both can end on all n_train + n_val points: the evidence chooses lambda there
    # itself; the validation choice is refitted there with the lambda it chose.
    lambda_evidence_all: float  # alpha / beta fitted on all the labelled points
    all_ratio_median: float  # test MSE, evidence-on-all over refitted validation choice
    all_ratio_min: float
    all_ratio_max: float
    all_evidence_wins: int  # data sets where evidence-on-all had the lower test error
    all_validation_wins: int  # data sets where the refitted validation choice did


# --8<-- [start:data]
def true_function(x):
    """The curve the targets are drawn around."""
    return np.sin(2 * np.pi * x)


def make_data(n_points, noise_sd, rng):
    """Inputs uniform on [0, 1]; targets = sin(2 pi x) + Gaussian noise."""
    x = rng.uniform(0.0, 1.0, n_points)
    return x, true_function(x) + rng.normal(0.0, noise_sd, n_points)


def design_matrix(x, n_centres=16, width=0.07):
    """A constant column and Gaussian bumps centred evenly on [0, 1]."""
    centres = np.linspace(0.0, 1.0, n_centres)
    bumps = np.exp(-((x[:, None] - centres) ** 2) / (2 * width**2))
    return np.column_stack([np.ones_like(x), bumps])


# --8<-- [end:data]


# --8<-- [start:ridge]
def ridge_weights(Phi_train, y_train, lambdas):
    """Minimisers of ||y - Phi w||^2 + lambda ||w||^2, one row per lambda.

    Through the SVD Phi = U S V^T: w = V diag(S / (S^2 + lambda)) U^T y.
    With lambda = alpha / beta this is also the posterior mean of the weights.
    """
    U, S, Vt = np.linalg.svd(Phi_train, full_matrices=False)
    shrink = S / (S**2 + np.asarray(lambdas, dtype=float)[:, None])
    return (shrink * (U.T @ y_train)) @ Vt


def mean_squared_error(weights, Phi, y):
    """MSE of each row of weights on the data (Phi, y)."""
    return np.mean((y - weights @ Phi.T) ** 2, axis=1)


# --8<-- [end:ridge]


# --8<-- [start:evidence]
def log_evidence(alpha, beta, Phi_train, y_train):
    """ln p(y | alpha, beta): the weights w ~ N(0, I / alpha) integrated out.

    Bishop, PRML section 3.5.1. alpha and beta are 1-D arrays (one value per
    pair). Only training data goes in: there is no validation argument.
    """
    N, M = Phi_train.shape
    alpha, beta = np.broadcast_arrays(
        np.atleast_1d(np.asarray(alpha, dtype=float)),
        np.atleast_1d(np.asarray(beta, dtype=float)),
    )
    m = ridge_weights(Phi_train, y_train, alpha / beta)  # posterior means
    sq_error = np.sum((y_train - m @ Phi_train.T) ** 2, axis=1)
    E = beta / 2 * sq_error + alpha / 2 * np.sum(m**2, axis=1)
    eig = np.linalg.svd(Phi_train, compute_uv=False) ** 2  # eigenvalues of Phi^T Phi
    log_det_A = np.sum(np.log(alpha[:, None] + beta[:, None] * eig), axis=1)
    return (
        M / 2 * np.log(alpha)
        + N / 2 * np.log(beta)
        - E
        - log_det_A / 2
        - N / 2 * np.log(2 * np.pi)
    )


def profile_log_evidence(lambdas, Phi_train, y_train):
    """For each ridge strength lambda = alpha / beta, the evidence at the best beta.

    With alpha = lambda * beta the posterior mean m depends on lambda alone, and
    ln p is largest at beta = N / (||y - Phi m||^2 + lambda ||m||^2).
    Returns that largest ln p and the beta reaching it, per lambda.
    """
    N = len(y_train)
    m = ridge_weights(Phi_train, y_train, lambdas)
    sq_error = np.sum((y_train - m @ Phi_train.T) ** 2, axis=1)
    beta = N / (sq_error + lambdas * np.sum(m**2, axis=1))
    return log_evidence(lambdas * beta, beta, Phi_train, y_train), beta


# --8<-- [end:evidence]


# --8<-- [start:fixed_point]
def reestimate(Phi_train, y_train, alpha=1.0, beta=1.0, tol=1e-10, max_iter=500):
    """Bishop's fixed-point updates for alpha and beta (PRML section 3.5.2).

    Returns the path of (alpha, beta) pairs and whether the updates settled.
    """
    N, M = Phi_train.shape
    eig = np.linalg.svd(Phi_train, compute_uv=False) ** 2  # eigenvalues of Phi^T Phi
    path = [(alpha, beta)]
    for _ in range(max_iter):
        m = ridge_weights(Phi_train, y_train, [alpha / beta])[0]
        gamma = np.sum(beta * eig / (alpha + beta * eig))  # well-determined weights
        new_alpha = gamma / (m @ m)
        new_beta = (N - gamma) / np.sum((y_train - Phi_train @ m) ** 2)
        path.append((new_alpha, new_beta))
        change = max(abs(np.log(new_alpha / alpha)), abs(np.log(new_beta / beta)))
        alpha, beta = new_alpha, new_beta
        if change < tol:
            return np.array(path), True
    return np.array(path), False


# --8<-- [end:fixed_point]


def _splits(seed, n_train, n_val, n_test, noise_sd):
    """Training, validation and test sets from separate streams of one seed, so
    changing the size of one set leaves the others unchanged."""
    rng_train, rng_val, rng_test = np.random.default_rng(seed).spawn(3)
    return (
        make_data(n_train, noise_sd, rng_train),
        make_data(n_val, noise_sd, rng_val),
        make_data(n_test, noise_sd, rng_test),
    )


@dataclass(frozen=True)
class Comparison:
    """One data set: λ chosen by the evidence and on validation, and test errors."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    Phi: np.ndarray  # design matrix of the training points
    path: np.ndarray  # (alpha, beta) of each fixed-point update
    converged: bool
    val_mse: np.ndarray  # validation error of ridge at each λ of the grid
    lambda_evidence: float
    lambda_validation: float
    test_evidence: float  # test MSE of each choice, fitted on the training points
    test_validation: float
    lambda_evidence_all: float  # the evidence's choice on all the labelled points
    test_evidence_all: float  # test MSE of each choice, ending on all the points
    test_validation_refit: float


# --8<-- [start:compare]
def compare(seed, lambdas, n_train, n_val, n_test, noise_sd):
    """Choose lambda twice, by the evidence and on a validation set; test both
    choices as fitted on the training points, and again ending on all the points."""
    (x, y), (x_val, y_val), (x_test, y_test) = _splits(
        seed, n_train, n_val, n_test, noise_sd
    )
    Phi, Phi_val, Phi_test = (
        design_matrix(x),
        design_matrix(x_val),
        design_matrix(x_test),
    )

    path, converged = reestimate(Phi, y)  # training data only
    alpha, beta = path[-1]
    lambda_evidence = alpha / beta

    val_mse = mean_squared_error(ridge_weights(Phi, y, lambdas), Phi_val, y_val)
    lambda_validation = lambdas[np.argmin(val_mse)]

    # Both end on all the labelled points: the evidence chooses lambda again there
    # (it needs no held-out points); the validation choice is refitted with its lambda.
    Phi_all, y_all = np.vstack([Phi, Phi_val]), np.concatenate([y, y_val])
    alpha_all, beta_all = reestimate(Phi_all, y_all)[0][-1]
    w_all = ridge_weights(Phi_all, y_all, [alpha_all / beta_all, lambda_validation])

    # The test set is touched once, after every choice is made.
    both = ridge_weights(Phi, y, [lambda_evidence, lambda_validation])
    test_evidence, test_validation = mean_squared_error(both, Phi_test, y_test)
    test_evidence_all, test_refit = mean_squared_error(w_all, Phi_test, y_test)
    return Comparison(
        x_train=x,
        y_train=y,
        x_val=x_val,
        y_val=y_val,
        Phi=Phi,
        path=path,
        converged=converged,
        val_mse=val_mse,
        lambda_evidence=lambda_evidence,
        lambda_validation=lambda_validation,
        test_evidence=test_evidence,
        test_validation=test_validation,
        lambda_evidence_all=alpha_all / beta_all,
        test_evidence_all=test_evidence_all,
        test_validation_refit=test_refit,
    )


# --8<-- [end:compare]


# The page shows this signature; fmt: off keeps its end marker at the line start.
# fmt: off
# --8<-- [start:call]
def compute(
    seed=0,  # every random draw below comes from this one seed
    n_train=25,  # training points
    n_val=25,  # validation points (the evidence never sees them in the first fit)
    n_test=2000,  # test points, used once per choice
    noise_sd=0.3,  # standard deviation of the noise on sin(2 pi x)
    n_repeats=50,  # further data sets for the comparison
):
# --8<-- [end:call]
    # fmt: on
    """Set the ridge strength λ = α / β by the evidence and on a validation set.

    The data: points x uniform on [0, 1], targets sin(2πx) plus Gaussian noise of
    sd noise_sd, in training, validation and test sets of the given sizes, one
    seed each (make_data, _splits), fitted on 16 Gaussian bumps and a constant.
    The first data set (seed) is shown in detail: the evidence over a grid of λ,
    the fixed-point path, both errors. Then both choices are tested on
    n_repeats further data sets (seeds seed + 1, ...).
    """
    lambdas = np.logspace(-6, 2, 321)  # the grid the validation set chooses from
    first = compare(seed, lambdas, n_train, n_val, n_test, noise_sd)
    repeats = [
        compare(seed + 1 + i, lambdas, n_train, n_val, n_test, noise_sd)
        for i in range(n_repeats)
    ]
    return summarise(first, repeats, lambdas, noise_sd)


def grid_maximum(lambdas, Phi, y):
    """The evidence over the grid at the best beta for each λ, and its maximum."""
    profile, profile_beta = profile_log_evidence(lambdas, Phi, y)
    best = int(np.argmax(profile))
    return profile, lambdas[best], lambdas[best] * profile_beta[best]


def ratios_on_test(comparisons):
    """Test MSE of the evidence's choice over the validation choice, per data set:
    fitted on the training points, and ending on all the labelled points."""
    fitted = np.array([c.test_evidence / c.test_validation for c in comparisons])
    on_all = np.array(
        [c.test_evidence_all / c.test_validation_refit for c in comparisons]
    )
    return fitted, on_all


def summarise(first, repeats, lambdas, noise_sd):
    """The page's numbers: the first data set in detail, the repeats as ratios."""
    Phi, y, path = first.Phi, first.y_train, first.path
    alpha, beta = path[-1]
    eig = np.linalg.svd(Phi, compute_uv=False) ** 2  # eigenvalues of Phi^T Phi
    step = float(np.log10(lambdas[1] / lambdas[0]))
    profile, lambda_grid_best, alpha_grid_best = grid_maximum(lambdas, Phi, y)
    ratios, all_ratios = ratios_on_test(repeats)
    path_evidence = log_evidence(path[:, 0], path[:, 1], Phi, y)
    peak = float(log_evidence(alpha, beta, Phi, y)[0])
    return EvidenceResult(
        x_train=first.x_train,
        y_train=y,
        x_val=first.x_val,
        y_val=first.y_val,
        n_train=len(y),
        n_val=len(first.y_val),
        n_basis=Phi.shape[1],
        noise_sd=noise_sd,
        noise_variance=noise_sd**2,
        lambdas=lambdas,
        grid_step_decades=step,
        profile_evidence=profile,
        train_mse=mean_squared_error(ridge_weights(Phi, y, lambdas), Phi, y),
        val_mse=first.val_mse,
        path=path,
        path_evidence=path_evidence,
        first_update_share=float(
            (path_evidence[1] - path_evidence[0]) / (peak - path_evidence[0])
        ),
        n_iterations=len(path) - 1,
        converged=first.converged,
        alpha_evidence=float(alpha),
        beta_evidence=float(beta),
        lambda_evidence=float(first.lambda_evidence),
        gamma=float(np.sum(beta * eig / (alpha + beta * eig))),
        noise_sd_evidence=float(1 / np.sqrt(beta)),
        max_log_evidence=peak,
        alpha_grid_best=float(alpha_grid_best),
        lambda_grid_best=float(lambda_grid_best),
        lambda_validation=float(first.lambda_validation),
        grid_steps_apart=float(
            abs(np.log10(first.lambda_evidence / lambda_grid_best)) / step
        ),
        test_mse_evidence=float(first.test_evidence),
        test_mse_validation=float(first.test_validation),
        test_ratio=float(first.test_evidence / first.test_validation),
        n_repeats=len(repeats),
        ratio_min=float(ratios.min()),
        ratio_median=float(np.median(ratios)),
        ratio_max=float(ratios.max()),
        evidence_wins=int(np.sum(ratios < 1)),
        validation_wins=int(np.sum(ratios > 1)),
        lambda_evidence_all=float(first.lambda_evidence_all),
        all_ratio_median=float(np.median(all_ratios)),
        all_ratio_min=float(all_ratios.min()),
        all_ratio_max=float(all_ratios.max()),
        all_evidence_wins=int(np.sum(all_ratios < 1)),
        all_validation_wins=int(np.sum(all_ratios > 1)),
    )


# --8<-- [start:plot]
def plot_choice(result):
    """Panel "Evidence: training data only": log evidence against lambda.
    Panel "Ridge error against λ": training and validation error."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    log_lam = np.log10(result.lambdas)
    chosen_e = np.log10(result.lambda_evidence)
    chosen_v = np.log10(result.lambda_validation)

    left.plot(log_lam, result.profile_evidence, color="C0", label="evidence, best β")
    path_lam = np.log10(result.path[:, 0] / result.path[:, 1])
    left.plot(
        path_lam,
        result.path_evidence,
        color="C1",
        linestyle="none",
        marker="o",
        markersize=4,
        label="fixed-point iterates",
    )
    left.annotate(
        "start",
        (path_lam[0], result.path_evidence[0]),
        xytext=(8, -4),
        textcoords="offset points",
    )
    left.axvline(chosen_e, color="C1", linestyle="--", label="fixed point")
    left.set(
        xlabel="log₁₀ λ  (λ = α / β)",
        ylabel="ln p(y | α, β)",
        title="Evidence: training data only",
    )
    left.legend(loc="lower right")

    right.plot(log_lam, result.train_mse, color="C0", linestyle=":", label="training")
    right.plot(log_lam, result.val_mse, color="C2", label="validation")
    right.axvline(chosen_v, color="C2", linestyle="-.", label="validation choice")
    right.axvline(chosen_e, color="C1", linestyle="--", label="evidence choice")
    right.set(
        xlabel="log₁₀ λ",
        ylabel="mean squared error (log scale)",
        yscale="log",
        title="Ridge error against λ",
    )
    # One tick style on the log axis: plain decimals 0.02, 0.05, 0.1, 0.2 ..., never
    # a power of ten beside them; the other minor ticks stay unlabelled.
    right.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    right.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    right.yaxis.set_minor_formatter(NullFormatter())
    right.legend(loc="upper left")
    return fig


def plot_fits(result):
    """The data and the two fitted curves."""
    fig, ax = plt.subplots(figsize=(9, 3.4), layout="constrained")
    grid = np.linspace(0.0, 1.0, 200)
    weights = ridge_weights(
        design_matrix(result.x_train),
        result.y_train,
        [result.lambda_evidence, result.lambda_validation],
    )
    curves = weights @ design_matrix(grid).T
    ax.plot(grid, true_function(grid), color="C3", linestyle=":", label="sin(2πx)")
    ax.plot(grid, curves[0], color="C1", label="λ from the evidence")
    ax.plot(grid, curves[1], color="C2", linestyle="--", label="λ from validation")
    ax.scatter(result.x_train, result.y_train, s=18, color="C0", label="training")
    ax.scatter(
        result.x_val,
        result.y_val,
        s=22,
        marker="^",
        facecolors="none",
        edgecolors="C2",
        label="validation",
    )
    ax.set(xlabel="x", ylabel="y", title="Two fits of the same training data")
    ax.legend(loc="upper right", ncols=2)
    return fig


# --8<-- [end:plot]
