"""Spending a tuning budget: grid search, random search and successive halving.

Part 1 (after Bergstra & Bengio 2012): a synthetic validation loss over two
hyperparameters in [0, 1], of which only one matters much. A 3 x 3 grid and 9
random trials get the same budget; repeated over many random positions of the
optimum, which finds the lower loss more often? Plus the arithmetic of random
trials: P(at least one of n lands in the best 5 %) = 1 - 0.95^n.

Part 2 (Jamieson & Talwalkar 2016; Li et al. 2018): 81 settings of learning
rate and weight decay for ridge regression trained by gradient descent, one
epoch per full-batch step. Successive halving trains all of them for 1 epoch,
keeps the best third, trains those to 3 epochs, and so on up to 81. It is
compared with training every setting for 81 epochs (full search) and with
random search given as many full runs as fit in halving's epochs.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil, log

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter

# The set-up, written once (the rest is compute()'s arguments).
# Part 1: a 3 x 3 grid against 9 random trials, for several weights of v.
N_PER_AXIS = 3
WEIGHTS = (0.0, 0.01, 0.1, 1.0)  # how much v matters next to u, per scenario
IRRELEVANT, MAIN, TENTH, EQUAL = range(len(WEIGHTS))  # MAIN is the one drawn
N_RANDOM_TRIALS = 60  # the budget whose chance of a hit in the best 5 % is quoted
N_HIT_SIMULATIONS = 2000  # repeats that check that chance by counting
# Part 2: ridge data with a few informative inputs.
N_INFORMATIVE = 5  # inputs with a nonzero true weight
N_TEST = 1000  # test points per data set


@dataclass(frozen=True)
class SearchResult:
    """Grid against random search, and successive halving against full and random
    search: every number and figure of the page on searching hyperparameters."""

    # Part 1: grid versus random search
    n_trials: int
    n_per_axis: int
    n_search_repeats: int
    weights: np.ndarray  # how much the second hyperparameter v matters, per scenario
    main_weight: float
    random_wins: np.ndarray  # fraction of repeats random search found the lower loss
    random_wins_main: float
    random_wins_irrelevant: float  # weight 0: v has no effect at all
    random_wins_equal: float  # weight 1: u and v matter equally
    tenth_weight: float  # 0.1: v matters a tenth as much as u
    random_wins_tenth: float  # at that weight
    grid_distinct_u: int
    random_distinct_u: int
    median_best_grid: float  # main scenario: median over repeats of the best loss found
    median_best_random: float
    demo_u_best: float  # one repeat, for the figure
    demo_v_best: float
    demo_random_u: np.ndarray
    demo_random_v: np.ndarray
    # arithmetic of random trials
    n_random_trials: int
    p_hit_top: float  # 1 - (1 - TOP_FRACTION) ** n_random_trials
    p_hit_top_simulated: float
    n_hit_simulations: int
    n_for_95: int  # smallest n with P(hit) >= 0.95
    # Part 2: successive halving
    n_configs: int
    max_epochs: int
    reduction_factor: int
    rungs: np.ndarray  # epochs at which survivors are compared
    survivors: np.ndarray  # configurations trained up to each rung
    cost_halving: int  # epochs spent by halving
    cost_full: int  # epochs spent training every configuration fully
    cost_fraction: float
    cost_factor: float  # cost_full / cost_halving
    rungs_text: str  # "1, 3, 9, 27 and 81", for the prose
    # configurations random search can train fully on halving's budget
    n_random_same_budget: int
    cost_random: int
    n_train: int
    n_features: int
    n_informative: int  # inputs with a nonzero true weight
    stability_limit: float  # demo: learning rates above about this diverge
    demo_max_weight_decay: float  # demo: the largest weight decay drawn
    demo_limit_at_max_weight_decay: float  # demo: the limit at that weight decay
    n_diverged: int  # demo: configurations whose training blew up
    demo_learning_rate: np.ndarray
    demo_weight_decay: np.ndarray
    # (max_epochs + 1, n_configs): validation MSE after each epoch (row 0: untrained)
    demo_val_curves: np.ndarray
    demo_reached: np.ndarray  # the last epoch halving trained each configuration to
    demo_halving_winner: int
    demo_full_winner: int
    demo_test_halving: float
    demo_test_full: float
    demo_excess: float  # demo_test_halving / demo_test_full - 1
    demo_full_stopped_at: int  # the epoch at which halving dropped full search's winner
    # A configuration above its stability limit that looked good long enough to reach
    # the second-last rung and blew up there: the figure labels it. None if no
    # configuration did (other seeds); the page's run has one, and its test says so.
    demo_late_blowup: int | None
    demo_late_blowup_rung: int
    demo_lr_blowup: float | None  # its learning rate and its stability limit
    demo_limit_blowup: float | None
    demo_lr_halving: float  # the two winners' hyperparameters
    demo_limit_halving: float  # 1 / (lambda_max + weight decay): its stability limit
    demo_lr_full: float
    demo_wd_full: float
    # Part 2 repeated
    n_sh_repeats: int
    test_ratio_halving: np.ndarray  # test MSE of halving's winner / full search's
    test_ratio_random: np.ndarray  # the same for random search on halving's budget
    rank_halving: np.ndarray  # of halving's winner by final validation MSE (0 = best)
    n_same_winner: int
    n_halving_worse_test: int  # halving's winner tests worse than full search's
    median_excess_halving: float  # median of (ratio - 1) over repeats, halving
    max_excess_halving: float
    median_excess_random: float
    n_halving_beats_random: int  # lower test MSE than random search on the same budget
    n_halving_top_tenth: int  # winner in the best tenth by final validation MSE
    n_halving_over_10pct: int  # repeats where halving's winner is > 10 % worse on test
    n_random_over_10pct: int  # the same for random search on halving's budget
    max_ratio_halving: float


# --8<-- [start:objective]
def validation_loss(u, v, u_best, v_best, weight):
    """A synthetic validation loss: u matters, v matters `weight` times as much."""
    return (u - u_best) ** 2 + weight * (v - v_best) ** 2


def grid_points(n_per_axis):
    """Every combination of n values per axis, at the centres of n equal cells."""
    values = (np.arange(n_per_axis) + 0.5) / n_per_axis
    u, v = np.meshgrid(values, values)
    return u.ravel(), v.ravel()


# --8<-- [end:objective]


# --8<-- [start:grid_vs_random]
def grid_versus_random(rng, weight, n_repeats, n_per_axis=N_PER_AXIS):
    """Best loss found by the grid and by as many random trials, in each repeat.

    Each repeat places the optimum (u_best, v_best) uniformly at random: the
    searcher does not know where it is.
    """
    u_best, v_best = rng.uniform(size=(2, n_repeats, 1))
    grid_u, grid_v = grid_points(n_per_axis)
    grid = validation_loss(grid_u, grid_v, u_best, v_best, weight).min(axis=1)
    random_u, random_v = rng.uniform(size=(2, n_repeats, n_per_axis**2))
    random = validation_loss(random_u, random_v, u_best, v_best, weight).min(axis=1)
    return grid, random


# --8<-- [end:grid_vs_random]


# --8<-- [start:hit_top]
TOP_FRACTION = 0.05  # a trial "hits" when it lands in the best 5 % of the space


def probability_hit_top(n_trials, top_fraction=TOP_FRACTION):
    """P(at least one of n independent uniform trials lands in the best fraction)."""
    return 1.0 - (1.0 - top_fraction) ** n_trials


def simulate_hit_top(rng, n_trials, n_repeats, top_fraction=TOP_FRACTION):
    """The same, counted on the loss with v irrelevant (weight 0).

    There the best `top_fraction` of the search space is the band
    |u - u_best| < top_fraction / 2 (the optimum is kept that far from the edges).
    """
    half = top_fraction / 2
    u_best = rng.uniform(half, 1 - half, (n_repeats, 1))
    u = rng.uniform(size=(n_repeats, n_trials))
    return float(np.mean((np.abs(u - u_best) < half).any(axis=1)))


# --8<-- [end:hit_top]


# --8<-- [start:ridge_gd]
def sample_configurations(rng, shape):
    """Random configurations: both hyperparameters log-uniform over a wide range."""
    learning_rate = 10 ** rng.uniform(-3.0, 0.0, shape)  # 0.001 to 1
    weight_decay = 10 ** rng.uniform(-4.0, 1.0, shape)  # 0.0001 to 10
    return learning_rate, weight_decay


def make_regression(rng, n_sets, n_points, true_w, noise_sd=1.0):
    """`n_sets` independent data sets y = X w + noise, stacked on the first axis."""
    x = rng.normal(size=(n_sets, n_points, true_w.shape[1]))
    return x, x @ true_w + noise_sd * rng.normal(size=(n_sets, n_points, 1))


def train_ridge_gd(x, y, learning_rate, weight_decay, n_epochs):
    """Full-batch gradient descent on mean squared error + weight_decay * |w|^2.

    Trains every configuration (last axis) on every data set (first axis) at
    once; one epoch is one step over the whole training set. Yields the weights
    and the mask of diverged runs after each epoch. A run whose weights blow up
    is frozen there and counts as diverged.
    """
    n_sets, n_points, n_features = x.shape
    gram = x.transpose(0, 2, 1) @ x / n_points  # X^T X / n
    xty = x.transpose(0, 2, 1) @ y / n_points  # X^T y / n
    w = np.zeros((n_sets, n_features, learning_rate.shape[-1]))
    running = np.ones(learning_rate.shape, dtype=bool)
    for _ in range(n_epochs):
        gradient = 2 * (gram @ w - xty) + 2 * weight_decay[:, None, :] * w
        w = w - (learning_rate * running)[:, None, :] * gradient
        running &= np.abs(w).max(axis=1) < 1e4
        yield w, ~running


def mse(x, y, w, diverged):
    """Mean squared error of every configuration; infinite for diverged runs."""
    error = ((x @ w - y) ** 2).mean(axis=1)
    return np.where(diverged, np.inf, error)


# --8<-- [end:ridge_gd]


# --8<-- [start:halving]
def successive_halving(val_loss_at, n_configs, rungs, reduction_factor=3):
    """Which configurations reach each rung, and the epochs that costs.

    `val_loss_at(epoch)` gives every configuration's validation loss after that
    many epochs. At each rung the survivors are compared and the best
    1/reduction_factor go on to be trained reduction_factor times longer
    (continuing, not restarting).
    """
    alive = np.arange(n_configs)
    reached = np.zeros(n_configs, dtype=int)
    cost, trained, survivors = 0, 0, []
    for epochs in rungs:
        cost += len(alive) * (epochs - trained)  # train survivors up to this rung
        trained = epochs
        reached[alive] = epochs
        survivors.append(len(alive))
        ranking = np.argsort(val_loss_at(epochs)[alive], kind="stable")
        alive = alive[ranking[: max(1, len(alive) // reduction_factor)]]
    return int(alive[0]), cost, reached, survivors


# --8<-- [end:halving]


# The page shows this signature; fmt: off keeps its end marker at the line start.
# fmt: off
# --8<-- [start:call]
def compute(
    seed=0,  # every random draw below comes from this one seed
    n_search_repeats=1000,  # grid against random: random positions of the optimum
    n_configs=81,  # halving: configurations (learning rate, weight decay) drawn
    reduction_factor=3,  # halving's reduction factor: keep 1/3, train 3 times longer
    n_sh_repeats=100,  # halving against full and random search: fresh repeats
    n_train=100,  # ridge data: training points (validation below)
    n_features=30,
    n_val=200,
):
# --8<-- [end:call]
    # fmt: on
    """Compare ways of spending a tuning budget, in two parts.

    Part 1: on the synthetic loss validation_loss(u, v), a 3 x 3 grid against 9
    random trials, over n_search_repeats random optima, for each weight in WEIGHTS;
    and the chance that random trials land in the best 5 %. Part 2: n_configs
    random (learning rate, weight decay) settings of ridge regression trained by
    gradient descent on data from make_regression (n_train training and n_val
    validation points, n_features inputs, N_INFORMATIVE of them informative),
    searched by successive halving, by training all fully, and by random search
    on halving's budget: once in detail, then over n_sh_repeats fresh data sets.
    Each part draws from its own stream of the one seed.
    """
    rng_search, rng_top, rng_demo, rng_study = np.random.default_rng(seed).spawn(4)
    rungs = halving_rungs(n_configs, reduction_factor)
    true_w = true_weights(rng_demo, n_features)
    # Each step returns its part of the result's fields.
    return SearchResult(
        **grid_against_random(rng_search, n_search_repeats),
        **random_trial_arithmetic(rng_top),
        **halving_once(
            rng_demo, n_configs, reduction_factor, rungs, n_train, true_w, n_val
        ),
        **halving_repeated(
            rng_study,
            n_sh_repeats,
            n_configs,
            reduction_factor,
            rungs,
            n_train,
            true_w,
            n_val,
        ),
    )


def grid_against_random(rng, n_repeats):
    """Part 1: how often random search finds the lower loss, for each weight of v,
    and one more placement of the optimum and of the random trials, to draw."""
    outcomes = [grid_versus_random(rng, wt, n_repeats, N_PER_AXIS) for wt in WEIGHTS]
    random_wins = np.array([np.mean(rand < grid) for grid, rand in outcomes])
    grid_main, random_main = outcomes[MAIN]
    demo_u_best, demo_v_best = rng.uniform(size=2)
    demo_u, demo_v = rng.uniform(size=(2, N_PER_AXIS**2))
    return dict(
        n_trials=N_PER_AXIS**2,
        n_per_axis=N_PER_AXIS,
        n_search_repeats=n_repeats,
        weights=np.array(WEIGHTS),
        main_weight=WEIGHTS[MAIN],
        random_wins=random_wins,
        random_wins_main=float(random_wins[MAIN]),
        random_wins_irrelevant=float(random_wins[IRRELEVANT]),
        random_wins_equal=float(random_wins[EQUAL]),
        tenth_weight=WEIGHTS[TENTH],
        random_wins_tenth=float(random_wins[TENTH]),
        grid_distinct_u=N_PER_AXIS,
        random_distinct_u=int(len(np.unique(demo_u))),
        median_best_grid=float(np.median(grid_main)),
        median_best_random=float(np.median(random_main)),
        demo_u_best=float(demo_u_best),
        demo_v_best=float(demo_v_best),
        demo_random_u=demo_u,
        demo_random_v=demo_v,
    )


def random_trial_arithmetic(rng):
    """Part 1: the chance that N_RANDOM_TRIALS random trials hit the best 5 %, by
    formula and by counting, and how many trials make that chance 95 %."""
    return dict(
        n_random_trials=N_RANDOM_TRIALS,
        p_hit_top=probability_hit_top(N_RANDOM_TRIALS),
        p_hit_top_simulated=simulate_hit_top(rng, N_RANDOM_TRIALS, N_HIT_SIMULATIONS),
        n_hit_simulations=N_HIT_SIMULATIONS,
        n_for_95=ceil(log(0.05) / log(1 - TOP_FRACTION)),
    )


def halving_rungs(n_configs, reduction_factor):
    """The epochs at which halving compares its survivors: 1, 3, 9, 27, 81."""
    n_rungs = int(round(log(n_configs, reduction_factor))) + 1
    return reduction_factor ** np.arange(0, n_rungs)


def true_weights(rng, n_features):
    """The ridge data's true weights: N_INFORMATIVE drawn at random, the rest 0."""
    true_w = np.zeros((1, n_features, 1))
    true_w[0, :N_INFORMATIVE, 0] = rng.normal(0.0, 1.0, N_INFORMATIVE)
    return true_w


def validation_curves(x, y, x_val, y_val, learning_rate, weight_decay, n_epochs):
    """Every configuration's validation MSE after each epoch (row 0: untrained),
    and the final weights and diverged runs."""
    untrained = np.zeros((1, x.shape[2], learning_rate.shape[-1]))
    curves = [mse(x_val, y_val, untrained, False)[0]]
    for w, diverged in train_ridge_gd(x, y, learning_rate, weight_decay, n_epochs):
        curves.append(mse(x_val, y_val, w, diverged)[0])  # after each epoch
    return np.array(curves), w, diverged


def _late_blowup(curves, reached, learning_rate, weight_decay, gram_max, rung):
    """The configuration above its stability limit 1 / (lambda_max + weight decay) that
    survived to `rung` and whose validation error there is highest relative to its best
    so far (more than twice it): a rate that looked good, then blew up."""
    above = (reached == rung) & (learning_rate > 1.0 / (gram_max + weight_decay))
    candidates = np.flatnonzero(above)
    growth = curves[rung, candidates] / np.nanmin(
        curves[1 : rung + 1, candidates], axis=0
    )
    if not candidates.size or not np.nanmax(growth) > 2:
        return None
    return int(candidates[np.nanargmax(growth)])


def halving_once(rng, n_configs, reduction_factor, rungs, n_train, true_w, n_val):
    """Part 2 in detail, on one data set: every configuration's validation curve,
    the configurations halving keeps, and its winner against full search's."""
    x, y = make_regression(rng, 1, n_train, true_w)
    x_val, y_val = make_regression(rng, 1, n_val, true_w)
    x_test, y_test = make_regression(rng, 1, N_TEST, true_w)
    learning_rate, weight_decay = sample_configurations(rng, (1, n_configs))
    max_epochs = int(rungs[-1])
    curves, w, diverged = validation_curves(
        x, y, x_val, y_val, learning_rate, weight_decay, max_epochs
    )
    winner, cost_halving, reached, survivors = successive_halving(
        lambda e: curves[e], n_configs, rungs, reduction_factor
    )
    full = int(np.argmin(curves[-1]))
    test = mse(x_test, y_test, w, diverged)[0]
    gram_max = np.linalg.eigvalsh(x[0].T @ x[0] / n_train).max()
    late_rung = int(rungs[-2])
    late_blowup = _late_blowup(
        curves, reached, learning_rate[0], weight_decay[0], gram_max, late_rung
    )
    cost_full = n_configs * max_epochs
    return dict(
        n_configs=n_configs,
        max_epochs=max_epochs,
        reduction_factor=reduction_factor,
        rungs=rungs,
        survivors=np.array(survivors),
        cost_halving=cost_halving,
        cost_full=cost_full,
        cost_fraction=cost_halving / cost_full,
        cost_factor=cost_full / cost_halving,
        rungs_text=", ".join(str(r) for r in rungs[:-1]) + f" and {rungs[-1]}",
        n_train=n_train,
        n_features=true_w.shape[1],
        n_informative=N_INFORMATIVE,
        stability_limit=float(1.0 / gram_max),
        demo_max_weight_decay=float(weight_decay[0].max()),
        demo_limit_at_max_weight_decay=float(1.0 / (gram_max + weight_decay[0].max())),
        n_diverged=int(diverged.sum()),
        demo_learning_rate=learning_rate[0],
        demo_weight_decay=weight_decay[0],
        demo_val_curves=curves,
        demo_reached=reached,
        demo_halving_winner=winner,
        demo_full_winner=full,
        demo_test_halving=float(test[winner]),
        demo_test_full=float(test[full]),
        demo_excess=float(test[winner] / test[full] - 1),
        demo_full_stopped_at=int(reached[full]),
        demo_late_blowup=late_blowup,
        demo_late_blowup_rung=late_rung,
        demo_lr_blowup=None
        if late_blowup is None
        else float(learning_rate[0, late_blowup]),
        demo_limit_blowup=None
        if late_blowup is None
        else float(1.0 / (gram_max + weight_decay[0, late_blowup])),
        demo_lr_halving=float(learning_rate[0, winner]),
        demo_limit_halving=float(1.0 / (gram_max + weight_decay[0, winner])),
        demo_lr_full=float(learning_rate[0, full]),
        demo_wd_full=float(weight_decay[0, full]),
    )


def _halving_study(
    rng, n_repeats, n_configs, reduction_factor, rungs, n_train, true_w, n_val
):
    """Halving, full search and equal-budget random search on fresh data each repeat."""
    x, y = make_regression(rng, n_repeats, n_train, true_w)
    x_val, y_val = make_regression(rng, n_repeats, n_val, true_w)
    x_test, y_test = make_regression(rng, n_repeats, N_TEST, true_w)
    learning_rate, weight_decay = sample_configurations(rng, (n_repeats, n_configs))
    val = {}  # validation MSE at each rung, for every configuration
    training = train_ridge_gd(x, y, learning_rate, weight_decay, rungs[-1])
    for epoch, (w, diverged) in enumerate(training, start=1):
        if epoch in rungs:
            val[epoch] = mse(x_val, y_val, w, diverged)
    n_random = 0
    rows = []
    for r in range(n_repeats):
        winner, cost, _, _ = successive_halving(
            lambda e, r=r: val[e][r], n_configs, rungs, reduction_factor
        )
        final = val[rungs[-1]][r]
        full = int(np.argmin(final))
        n_random = cost // rungs[-1]  # full trainings that fit in halving's budget
        random = int(np.argmin(final[:n_random]))  # configurations come in random order
        chosen = np.array([winner, full, random])
        one = slice(r, r + 1)  # keep the data-set axis
        test = mse(
            x_test[one], y_test[one], w[one][..., chosen], diverged[one][:, chosen]
        )
        test = test[0]
        rank = int(np.sum(final < final[winner]))
        rows.append((test[0] / test[1], test[2] / test[1], rank, winner == full))
    ratio_h, ratio_r, rank, same = (np.array(c) for c in zip(*rows, strict=True))
    return ratio_h, ratio_r, rank.astype(int), same.astype(bool), n_random


def halving_repeated(
    rng, n_repeats, n_configs, reduction_factor, rungs, n_train, true_w, n_val
):
    """Part 2 repeated on fresh data and configurations: how halving's winner and
    random search's on the same budget test against full search's winner."""
    ratio_h, ratio_r, rank, same, n_random = _halving_study(
        rng, n_repeats, n_configs, reduction_factor, rungs, n_train, true_w, n_val
    )
    return dict(
        n_random_same_budget=n_random,
        cost_random=n_random * int(rungs[-1]),
        n_sh_repeats=n_repeats,
        test_ratio_halving=ratio_h,
        test_ratio_random=ratio_r,
        rank_halving=rank,
        n_same_winner=int(same.sum()),
        n_halving_worse_test=int(np.sum(ratio_h > 1)),
        median_excess_halving=float(np.median(ratio_h) - 1),
        max_excess_halving=float(ratio_h.max() - 1),
        median_excess_random=float(np.median(ratio_r) - 1),
        n_halving_beats_random=int(np.sum(ratio_h < ratio_r)),
        n_halving_top_tenth=int(np.sum(rank < n_configs / 10)),
        n_halving_over_10pct=int(np.sum(ratio_h > 1.1)),
        n_random_over_10pct=int(np.sum(ratio_r > 1.1)),
        max_ratio_halving=float(ratio_h.max()),
    )


# --8<-- [start:plot_search]
def plot_grid_vs_random(result):
    """Trials over the loss, the same trials seen along u, and the repeat counts."""
    fig, (left, middle, right) = plt.subplots(
        1, 3, figsize=(10.5, 3.7), layout="constrained"
    )
    u_best, v_best, weight = result.demo_u_best, result.demo_v_best, result.main_weight
    n = result.n_per_axis
    grid_u, grid_v = grid_points(result.n_per_axis)

    axis = np.linspace(0.0, 1.0, 60)
    U, V = np.meshgrid(axis, axis)
    shares, styles = (0.05, 0.2, 0.5), ("-", "--", ":")
    levels = np.quantile(validation_loss(U, V, u_best, v_best, weight), shares)
    left.contour(
        U,
        V,
        validation_loss(U, V, u_best, v_best, weight),
        levels=levels,
        colors="C4",
        linewidths=0.8,
        linestyles=list(styles),
    )
    # Contours take no legend label: one empty line per style names it in the legend.
    for share, style in zip(shares, styles, strict=True):
        label = f"best {share:.0%} of the space"
        left.plot([], [], style, color="C4", lw=0.8, label=label)
    left.plot(grid_u, grid_v, "s", color="C0", markersize=7, label=f"grid ({n} × {n})")
    left.plot(
        result.demo_random_u,
        result.demo_random_v,
        "o",
        color="C1",
        markersize=6,
        label=f"random ({result.n_trials})",
    )
    left.plot(u_best, v_best, "*", color="C3", markersize=13, label="optimum")
    left.set(
        xlim=(0, 1),
        ylim=(0, 1),
        xlabel="u (matters)",
        ylabel="v (barely matters)",
        title="Trials over the loss",
    )
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=1)

    middle.plot(
        axis,
        validation_loss(axis, v_best, u_best, v_best, weight),
        color="C4",
        linestyle=":",
        label="loss along u",
    )
    middle.plot(
        grid_u,
        validation_loss(grid_u, grid_v, u_best, v_best, weight),
        "s",
        color="C0",
        markersize=7,
        label=f"grid: {result.grid_distinct_u} distinct u",
    )
    middle.plot(
        result.demo_random_u,
        validation_loss(
            result.demo_random_u, result.demo_random_v, u_best, v_best, weight
        ),
        "o",
        color="C1",
        markersize=6,
        label=f"random: {result.random_distinct_u} distinct u",
    )
    middle.set(
        xlabel="u", ylabel="validation loss", title="The same trials, seen along u"
    )
    middle.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=1)

    positions = np.arange(len(result.weights))
    right.bar(
        positions,
        result.random_wins,
        color="C1",
        alpha=0.8,
        hatch="//",
        edgecolor="C1",
        label="random found the lower loss",
    )
    right.axhline(0.5, color="C4", linestyle="--", linewidth=1.2, label="even")
    right.set_xticks(positions, [f"{w:g}" for w in result.weights])
    right.set(
        ylim=(0, 1),
        xlabel="weight a of v in the loss",
        ylabel="fraction of repeats",
        title=f"{result.n_search_repeats:,} repeats per weight",
    )
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=1)
    return fig


# --8<-- [end:plot_search]


def _plain_log_ticks(axis):
    """Label a log axis 1, 2, 3, 5, 10 ... instead of 10^0, 2 x 10^0 ..."""
    axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 3.0, 5.0)))
    axis.set_major_formatter(FormatStrFormatter("%g"))
    axis.set_minor_formatter(NullFormatter())


# --8<-- [start:plot_halving]
def plot_successive_halving(result):
    """Panel "Rungs: keep the best third, train 3× longer": one halving run.
    Panel "N repeats: quality of the winner": quality over the repeats."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.6), layout="constrained")
    curves = result.demo_val_curves
    epochs = np.arange(curves.shape[0])
    styles = {  # the last rung a configuration reached -> how it is drawn
        int(r): (f"C{min(i, 3)}", ("-", "-", "--", "-.", "-")[i], 0.6 + 0.4 * i)
        for i, r in enumerate(result.rungs)
    }
    labelled = set()
    # Even, not random, spread within ±15 % of epoch 1 (a factor on the log axis).
    jitter = np.geomspace(0.85, 1.0 / 0.85, curves.shape[1])
    for c in np.argsort(result.demo_reached, kind="stable"):
        reached = int(result.demo_reached[c])
        drawn_apart = (
            result.demo_halving_winner,
            result.demo_full_winner,
            result.demo_late_blowup,
        )
        if c in drawn_apart:
            continue
        colour, style, width = styles[reached]
        shown = slice(1, reached + 1)
        finite = np.isfinite(curves[shown, c])
        label = None
        if reached not in labelled:
            # Count only the lines drawn in this style, so a reader can count them:
            # the configurations drawn apart have their own legend entries.
            same = np.flatnonzero(result.demo_reached == reached)
            n = sum(int(d) not in drawn_apart for d in same)
            label = f"stopped at epoch {reached} ({n})"
            if reached == 1:
                label += ", spread sideways"
            labelled.add(reached)
        x = epochs[shown][finite]
        if reached == 1:  # dozens of single dots at epoch 1 would pile up on one line:
            x = x * jitter[c]  # spread sideways (declared in the legend) so each shows
        left.plot(
            x,
            curves[shown, c][finite],
            color=colour,
            linestyle=style,
            linewidth=width,
            marker="." if reached == 1 else None,
            markersize=4,
            alpha=0.7,
            label=label,
            # Over the winner's thick line: the last rung's losers run close to it.
            zorder=3 if reached == result.rungs[-2] else 2,
        )
    winner, full = result.demo_halving_winner, result.demo_full_winner
    left.plot(
        epochs[1:],
        curves[1:, winner],
        color="C4",
        linewidth=2.4,
        label=f"halving's winner ({result.max_epochs} epochs)",
    )
    if full != winner:
        cut = int(result.demo_reached[full])
        left.plot(
            epochs[1:],
            curves[1:, full],
            color="C0",
            linestyle=":",
            linewidth=2.2,
            label=f"full search's winner (halving stopped it at {cut})",
        )
    blowup, rung = result.demo_late_blowup, result.demo_late_blowup_rung
    if blowup is not None:
        left.plot(
            epochs[1 : rung + 1],
            curves[1 : rung + 1, blowup],
            color="C5",
            linewidth=2.2,
            label=f"learning rate above its limit (stopped at {rung})",
        )
    for r in result.rungs:
        left.axvline(r, color="C4", linestyle=":", linewidth=0.8, alpha=0.6)
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xticks(result.rungs, [f"{r:d}" for r in result.rungs])
    left.set_xticks([], minor=True)
    _plain_log_ticks(left.yaxis)
    start = curves[0, 0]
    left.set_ylim(0.8 * np.nanmin(curves[np.isfinite(curves)]), 2.5 * start)
    left.set(
        xlabel="epochs trained (log scale)",
        ylabel="validation MSE (log scale)",
        title="Rungs: keep the best third, train 3× longer",
    )
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1)

    n = result.n_sh_repeats
    share = (np.arange(n) + 0.5) / n
    groups = [
        (
            result.test_ratio_random,
            "C1",
            "--",
            f"random search, {result.n_random_same_budget} configurations "
            f"({result.cost_random:,} epochs)",
        ),
        (
            result.test_ratio_halving,
            "C4",
            "-",
            f"successive halving ({result.cost_halving:,} epochs)",
        ),
        (np.ones(n), "C0", ":", f"full search ({result.cost_full:,} epochs)"),
    ]
    for ratio, colour, style, label in groups:
        right.plot(
            share,
            np.sort(ratio),
            color=colour,
            linestyle=style,
            linewidth=2,
            label=label,
        )
    right.set_yscale("log")
    _plain_log_ticks(right.yaxis)
    right.set(
        xlabel="share of repeats (sorted by the ratio)",
        ylabel="winner's test MSE / full search's",
        title=f"{n} repeats: quality of the winner",
    )
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1)
    return fig


# --8<-- [end:plot_halving]
