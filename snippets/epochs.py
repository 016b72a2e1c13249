"""Epochs: training loss falls while validation loss turns up.

A one-hidden-layer ReLU network learns to separate two noisy rings of points
in the plane from only a few training points. In every split, the labels of
a fixed share of the points (rounded to a whole number) are flipped to the
wrong class. Full-batch gradient descent makes one update per epoch. The loss and
accuracy on the training and validation sets are recorded after every epoch,
and the parameters from the epoch with the lowest validation loss (the best
checkpoint) are kept. The test set is used once, after training, on that
checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import PercentFormatter

from snippets.slider_positions import SliderPositions, positions_with

FLAT_TOLERANCE = 1e-3  # "near the minimum": validation loss within this of it
SHORT_BUDGET = 100  # a shorter budget, to compare the best checkpoint's choice with


@dataclass(frozen=True)
class EpochsResult:
    """One training run: loss and accuracy after every epoch, the epoch chosen on
    validation, and its test score: every number and figure of the epochs page."""

    # Setup: data sizes and hyperparameters.
    seed: int
    n_train: int
    n_val: int
    n_test: int
    noise_sd: float  # standard deviation of the Gaussian jitter of each point
    label_noise: float  # fraction of labels flipped in every split
    n_wrong_labels_train: int  # training points that carry the wrong label
    n_wrong_labels_val: int
    n_wrong_labels_test: int
    wrong_labels_fitted_at_best: int  # wrong training labels the chosen epoch fits
    wrong_labels_fitted_at_end: int  # ... and the network after the last epoch
    test_acc_true_classes: float  # test accuracy of always predicting the true class
    train_acc_true_classes: float  # on training: the ceiling without memorising
    hidden_units: int
    n_parameters: int  # weights and biases of the network
    learning_rate: float
    n_epochs: int
    # Curves, one value per epoch, measured after that epoch's update.
    epochs: np.ndarray  # 1, 2, ..., n_epochs
    train_loss: np.ndarray
    val_loss: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    # The epoch chosen on validation (argmin of the validation loss, 1-based).
    best_epoch: int
    best_val_loss: float
    best_val_acc: float
    train_loss_at_best: float
    train_acc_at_best: float
    # The end of the run.
    first_val_loss: float  # after epoch 1
    first_train_loss: float  # after epoch 1
    first_train_loss_rise_epoch: int  # first epoch that ends higher than it began
    n_train_loss_rises: int  # epochs that end with a higher training loss
    max_train_loss_rise: float  # the largest of those rises
    n_train_acc_drops: int  # epochs that end with a lower training accuracy
    final_train_loss: float
    final_train_acc: float
    final_val_loss: float
    final_val_acc: float
    max_val_acc: float
    max_val_acc_epoch: int  # the first epoch with the highest validation accuracy
    val_acc_drop: float  # 1 - final_val_acc / max_val_acc: relative to the peak
    val_acc_drop_points: float  # 100 * (max_val_acc - final_val_acc): percentage points
    val_loss_rise: float  # final_val_loss / best_val_loss - 1
    # How flat the validation minimum is: the epochs within flat_tolerance of it.
    flat_tolerance: float
    flat_first_epoch: int
    flat_last_epoch: int
    # The best checkpoint within a shorter budget (the same run, cut short).
    short_budget: int
    short_budget_val_loss: float
    # The test set, evaluated once on the best checkpoint after training.
    test_loss_at_best: float
    test_acc_at_best: float


# --8<-- [start:data]
def make_rings(rng, n, noise_sd, label_noise):
    """n points on two rings, half of them per class: class 1 on the inner
    ring (radius 0.5), class 0 on the outer one (radius 1), each point
    jittered by Gaussian noise. Then the labels of round(label_noise * n)
    random points are flipped: no model can get those right, so fitting
    them is fitting noise.

    Returns the points X (n x 2), the labels y (0 or 1) and which labels
    were flipped.
    """
    y = rng.permutation(np.arange(n) % 2)
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(y == 1, 0.5, 1.0)
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    X = X + rng.normal(0, noise_sd, (n, 2))
    flipped = np.zeros(n, dtype=bool)
    flipped[rng.choice(n, size=round(label_noise * n), replace=False)] = True
    return X, np.where(flipped, 1 - y, y), flipped


def make_splits(seed, n_train, n_val, n_test, noise_sd, label_noise):
    """Training, validation and test sets from the same distribution.

    Each split, and the network's initialisation, gets its own stream of
    random numbers spawned from the seed: the size of the test set cannot
    change anything that happens before the test.
    """
    train_rng, val_rng, test_rng, init_rng = np.random.default_rng(seed).spawn(4)
    splits = {
        "train": make_rings(train_rng, n_train, noise_sd, label_noise),
        "val": make_rings(val_rng, n_val, noise_sd, label_noise),
        "test": make_rings(test_rng, n_test, noise_sd, label_noise),
    }
    return splits, init_rng


# --8<-- [end:data]


# --8<-- [start:model]
def init_params(rng, hidden_units):
    """The parameters (weights and biases) before training: the usual defaults,
    He initialisation (variance 2 / fan-in) into the ReLU layer, variance
    1 / fan-in into the output, zero biases.
    """
    return {
        "W1": rng.normal(0, np.sqrt(2 / 2), (2, hidden_units)),  # fan-in: 2 inputs
        "b1": np.zeros(hidden_units),
        "W2": rng.normal(0, np.sqrt(1 / hidden_units), hidden_units),
        "b2": np.zeros(()),
    }


def forward(params, X):
    """2 inputs -> hidden_units ReLU units -> 1 output, the logit z of
    P(class 1) = sigmoid(z), for each row of X. Also returns the hidden
    pre-activations, which backpropagation needs.
    """
    a = X @ params["W1"] + params["b1"]
    z = np.maximum(a, 0) @ params["W2"] + params["b2"]
    return z, a


def evaluate(params, X, y):
    """Mean binary cross-entropy (from logits, without overflow) and accuracy."""
    z, _ = forward(params, X)
    loss = np.mean(np.logaddexp(0, z) - y * z)  # = -log P(the label y)
    accuracy = np.mean((z > 0) == y)  # predict class 1 when P(class 1) > 0.5
    return float(loss), float(accuracy)


def gradients(params, X, y):
    """Gradient of the mean cross-entropy on (X, y) by backpropagation."""
    z, a = forward(params, X)
    p = np.exp(-np.logaddexp(0, -z))  # sigmoid(z), stable for any z
    dz = (p - y) / len(y)  # d loss / d z
    dh = np.outer(dz, params["W2"]) * (a > 0)  # back through the ReLU
    return {
        "W1": X.T @ dh,
        "b1": dh.sum(axis=0),
        "W2": np.maximum(a, 0).T @ dz,
        "b2": dz.sum(),
    }


# --8<-- [end:model]


# --8<-- [start:train]
def train(params, splits, learning_rate, n_epochs):
    """Full-batch gradient descent that keeps the best checkpoint, then one test.

    Returns the curves (rows: training loss, validation loss, training
    accuracy, validation accuracy; one column per epoch, measured after that
    epoch's update), the chosen epoch (1-based), the test loss and accuracy
    of the parameters saved at that epoch, and how many wrong training labels
    the network agrees with at that epoch and at the end (memorised noise).
    """
    X_train, y_train, flipped = splits["train"]
    X_val, y_val, _ = splits["val"]
    params = dict(params)  # the updates below rebind entries, never the caller's
    curves = np.empty((4, n_epochs))
    best_val_loss, best_epoch, best_params = np.inf, 0, None
    for epoch in range(1, n_epochs + 1):
        # Full batch: the gradient uses every training point, so one epoch
        # (one pass over the training set) is exactly one update.
        grads = gradients(params, X_train, y_train)
        for name in params:
            params[name] = params[name] - learning_rate * grads[name]

        train_loss, train_acc = evaluate(params, X_train, y_train)
        val_loss, val_acc = evaluate(params, X_val, y_val)
        curves[:, epoch - 1] = train_loss, val_loss, train_acc, val_acc

        # The chosen epoch is the one with the lowest validation LOSS (not
        # accuracy: the loss also sees over-confident mistakes). Keep a copy
        # of its parameters, the best checkpoint. The test set is not used.
        if val_loss < best_val_loss:
            best_val_loss, best_epoch = val_loss, epoch
            best_params = {name: value.copy() for name, value in params.items()}

    # Every choice is made: now the test set, once, on the best checkpoint.
    X_test, y_test, _ = splits["test"]
    test_loss, test_acc = evaluate(best_params, X_test, y_test)
    memorised = tuple(
        wrong_labels_fitted(p, X_train, y_train, flipped) for p in (best_params, params)
    )
    return curves, best_epoch, test_loss, test_acc, memorised


def wrong_labels_fitted(params, X, y, flipped):
    """How many points with a flipped label the network predicts as labelled."""
    z, _ = forward(params, X)
    return int(np.count_nonzero(((z > 0) == y) & flipped))


# --8<-- [end:train]


# --8<-- [start:compute]
def compute(
    seed: int = 0,
    n_train: int = 50,
    n_val: int = 500,
    n_test: int = 500,
    noise_sd: float = 0.05,
    label_noise: float = 0.15,
    hidden_units: int = 50,
    learning_rate: float = 0.3,
    n_epochs: int = 2500,
) -> EpochsResult:
    """One training run. The keyword arguments are fixed before training starts:
    the data (seed, sizes, noise_sd, label_noise) and the hyperparameters
    (hidden_units, learning_rate, and n_epochs, the budget). The parameters are the
    weights and biases that gradient descent changes. train() records the
    validation loss after every epoch and keeps a copy of the best parameters so
    far: the epoch kept is the best of the whole run, known when it ends.

    The data: two rings of points jittered by noise_sd, with a share label_noise
    of the labels flipped, in training, validation and test sets of the given
    sizes (make_splits, one stream of the seed each). The result holds the curves,
    the chosen epoch, its test score and the numbers the page quotes.
    """
    splits, init_rng = make_splits(seed, n_train, n_val, n_test, noise_sd, label_noise)
    params = init_params(init_rng, hidden_units)
    curves, best_epoch, test_loss, test_acc, memorised = train(
        params, splits, learning_rate, n_epochs
    )
    return summarise(
        curves,
        best_epoch,
        (test_loss, test_acc),
        memorised,
        splits,
        params,
        seed=seed,
        noise_sd=noise_sd,
        label_noise=label_noise,
        hidden_units=hidden_units,
        learning_rate=learning_rate,
    )


# --8<-- [end:compute]


def flat_window(loss, tolerance):
    """First and last epoch (1-based) whose loss is within tolerance of its minimum."""
    near = np.flatnonzero(loss <= loss.min() + tolerance)
    return int(near[0]) + 1, int(near[-1]) + 1


def summarise(
    curves,
    best_epoch,
    test,
    memorised,
    splits,
    params,
    *,
    seed: int,
    noise_sd: float,
    label_noise: float,
    hidden_units: int,
    learning_rate: float,
) -> EpochsResult:
    """The result: the curves and the numbers the page quotes from them."""
    test_loss, test_acc = test
    train_loss, val_loss, train_acc, val_acc = curves
    best = best_epoch - 1  # index into the curves
    n_epochs = curves.shape[1]
    flat_first, flat_last = flat_window(val_loss, FLAT_TOLERANCE)
    return EpochsResult(
        seed=seed,
        n_train=len(splits["train"][1]),
        n_val=len(splits["val"][1]),
        n_test=len(splits["test"][1]),
        noise_sd=float(noise_sd),
        label_noise=float(label_noise),
        n_wrong_labels_train=int(splits["train"][2].sum()),
        n_wrong_labels_val=int(splits["val"][2].sum()),
        n_wrong_labels_test=int(splits["test"][2].sum()),
        wrong_labels_fitted_at_best=memorised[0],
        wrong_labels_fitted_at_end=memorised[1],
        test_acc_true_classes=float(1 - splits["test"][2].mean()),
        train_acc_true_classes=float(1 - splits["train"][2].mean()),
        hidden_units=hidden_units,
        n_parameters=int(sum(value.size for value in params.values())),
        learning_rate=float(learning_rate),
        n_epochs=n_epochs,
        epochs=np.arange(1, n_epochs + 1),
        train_loss=train_loss,
        val_loss=val_loss,
        train_acc=train_acc,
        val_acc=val_acc,
        best_epoch=int(best_epoch),
        best_val_loss=float(val_loss[best]),
        best_val_acc=float(val_acc[best]),
        train_loss_at_best=float(train_loss[best]),
        train_acc_at_best=float(train_acc[best]),
        first_val_loss=float(val_loss[0]),
        first_train_loss=float(train_loss[0]),
        first_train_loss_rise_epoch=int(np.argmax(np.diff(train_loss) > 0)) + 2
        if np.any(np.diff(train_loss) > 0)
        else 0,
        n_train_loss_rises=int(np.count_nonzero(np.diff(train_loss) > 0)),
        max_train_loss_rise=float(max(np.diff(train_loss).max(), 0.0)),
        n_train_acc_drops=int(np.count_nonzero(np.diff(train_acc) < 0)),
        final_train_loss=float(train_loss[-1]),
        final_train_acc=float(train_acc[-1]),
        final_val_loss=float(val_loss[-1]),
        final_val_acc=float(val_acc[-1]),
        max_val_acc=float(val_acc.max()),
        max_val_acc_epoch=int(np.argmax(val_acc)) + 1,
        val_acc_drop=float(1 - val_acc[-1] / val_acc.max()),
        val_acc_drop_points=float(100 * (val_acc.max() - val_acc[-1])),
        val_loss_rise=float(val_loss[-1] / val_loss[best] - 1),
        flat_tolerance=FLAT_TOLERANCE,
        flat_first_epoch=flat_first,
        flat_last_epoch=flat_last,
        short_budget=SHORT_BUDGET,
        short_budget_val_loss=float(val_loss[:SHORT_BUDGET].min()),
        test_loss_at_best=test_loss,
        test_acc_at_best=test_acc,
    )


# --8<-- [start:plot]
def plot_curves(result):
    """Panels 'Loss' and 'Accuracy' against epoch, training and validation."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    panels = [
        (ax1, result.train_loss, result.val_loss, "cross-entropy loss", "Loss"),
        (ax2, result.train_acc, result.val_acc, "accuracy", "Accuracy"),
    ]
    for ax, on_train, on_val, ylabel, title in panels:
        if on_train is result.train_acc:
            _accuracy_band(ax, result)
        else:
            ax.plot(result.epochs, on_train, color="C0", label="training")
        ax.plot(result.epochs, on_val, color="C1", linestyle="--", label="validation")
        ax.axvline(
            result.best_epoch,
            color="C2",
            linestyle=":",
            linewidth=2,
            label=f"chosen on validation (epoch {result.best_epoch:,})",
        )
        ax.set(xlabel="epoch", ylabel=ylabel, title=title, xlim=(0, result.n_epochs))
    ax1.set_ylim(0, None)
    ax2.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))  # 80%, as prose
    # A legend under each panel: the training line is per epoch in one and a window
    # mean in the other, and stacked on a phone each panel keeps its own key.
    for ax in (ax1, ax2):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=1)
    return fig


def _accuracy_band(ax, result, windows=100):
    """Training accuracy flips between two or three values from one epoch to the
    next late in training: drawn epoch by epoch it fills a solid block. Instead:
    its mean over each window of epochs, and the band from its lowest to highest."""
    width = max(1, len(result.epochs) // windows)
    starts = np.arange(0, len(result.epochs), width)
    counts = np.diff(np.append(starts, len(result.epochs)))
    middle = result.epochs[starts] + (counts - 1) / 2
    ax.fill_between(
        middle,
        np.minimum.reduceat(result.train_acc, starts),
        np.maximum.reduceat(result.train_acc, starts),
        color="C0",
        alpha=0.45,  # at 0.3 the dark theme's band was barely visible on a phone
        linewidth=0,
        label=f"training: range over {width} epochs",
    )
    ax.plot(
        middle,
        np.add.reduceat(result.train_acc, starts) / counts,
        color="C0",
        label=f"training: mean over {width} epochs",
    )


# --8<-- [end:plot]


# --8<-- [start:slider]
def params_at_epoch(result, epoch):
    """The parameters after `epoch` updates of the run that compute() made.

    The same data, initialisation and update rule as train(), replayed from
    the settings stored in the result: the epoch slider's frames.
    """
    splits, init_rng = make_splits(
        result.seed,
        result.n_train,
        result.n_val,
        result.n_test,
        result.noise_sd,
        result.label_noise,
    )
    params = init_params(init_rng, result.hidden_units)
    X_train, y_train, _ = splits["train"]
    for _ in range(epoch):
        grads = gradients(params, X_train, y_train)
        params = {
            name: params[name] - result.learning_rate * grads[name] for name in params
        }
    return params, splits


def epoch_numbers(result, epoch):
    """The numbers beside the slider: the losses and accuracy after that epoch."""
    return {
        "training loss": result.train_loss[epoch - 1],
        "validation loss": result.val_loss[epoch - 1],
        "validation accuracy (%)": result.val_acc[epoch - 1],
    }


EPOCH_STOPS = (1, 2, 5, 10, 20, 50, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000)
NEAR_MINIMUM = 0.01  # validation loss within 1 % of its minimum


def epoch_positions(result) -> SliderPositions:
    """Stops along the run, the epochs the page names, and the last epoch;
    the slider opens on the epoch chosen on validation (the lowest loss)."""
    named = (result.max_val_acc_epoch,)
    chosen = result.best_epoch
    stops = [e for e in EPOCH_STOPS if e < result.n_epochs] + [result.n_epochs]
    marks = {
        chosen: "chosen on validation",
        result.max_val_acc_epoch: "highest validation accuracy",
    }
    return positions_with(stops, named, chosen, marks)


def epoch_outcome(result, epoch):
    """What the frame after this epoch shows, in words."""
    val, acc = result.val_loss[epoch - 1], result.val_acc[epoch - 1]
    best = result.best_epoch
    if epoch == best:
        return "chosen on validation: the lowest validation loss"
    # Inside the flat minimum the page describes (the same tolerance), no side is
    # named: the text calls those epochs as good as the chosen one.
    if val <= result.best_val_loss + result.flat_tolerance:
        side = "before" if epoch < best else "after"
        return (
            f"in the flat minimum, {side} the chosen epoch: validation loss within"
            f" {result.flat_tolerance:g} of its lowest, at epoch {best}"
        )
    # Outside it, every label names its side of the minimum (the page's definition),
    # and says when the loss is within 1 % of it.
    near = val <= (1 + NEAR_MINIMUM) * result.best_val_loss
    if epoch < best:
        if near:
            return (
                "underfitting, near the validation minimum:"
                " validation loss within 1% of its later minimum"
            )
        above = val / result.best_val_loss - 1
        return (
            f"too early, underfitting: validation loss {above:.1%}"
            " above its later minimum"
        )
    how_far = " but within 1% of it" if near else ""
    overfitting = (
        "overfitting (by the loss): training loss lower, validation loss higher than at"
        f" epoch {best}{how_far}"
    )
    if acc > result.best_val_acc:
        # The loss turns up before the accuracy falls: say both.
        peak = ", the highest of the run" if epoch == result.max_val_acc_epoch else ""
        return (
            f"{overfitting}, although validation accuracy is still higher,"
            f" {acc:.1%}{peak} ({result.best_val_acc:.1%} at epoch {best}):"
            " the loss rises first"
        )
    return (
        f"{overfitting}, validation accuracy {acc:.1%}"
        f" ({result.best_val_acc:.1%} there)"
    )


def plot_boundary(result, epoch):
    """Panel "Decision boundary after epoch N": the boundary after `epoch`
    epochs, over the training points. Panel "Loss against epoch": the loss
    curves with a marker at that epoch."""
    params, splits = params_at_epoch(result, epoch)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.9), layout="constrained")
    grid = np.linspace(-1.45, 1.45, 90)
    G1, G2 = np.meshgrid(grid, grid)
    z, _ = forward(params, np.column_stack([G1.ravel(), G2.ravel()]))
    z = z.reshape(G1.shape)
    left.contourf(
        G1, G2, z, levels=[-np.inf, 0, np.inf], colors=["C0", "C1"], alpha=0.18
    )
    left.contour(G1, G2, z, levels=[0], colors="C2", linewidths=1.8)
    X, y, _ = splits["train"]
    left.plot(*X[y == 0].T, "o", color="C0", markersize=4.5, label="class 0 (outer)")
    left.plot(*X[y == 1].T, "^", color="C1", markersize=5, label="class 1 (inner)")
    left.set(
        xlim=(grid[0], grid[-1]),
        ylim=(grid[0], grid[-1]),
        aspect="equal",
        xticks=[-1, 0, 1],
        yticks=[-1, 0, 1],
        title=f"Decision boundary after epoch {epoch:,}",
    )
    left.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=2)

    # The main figure's linear epoch axis; a subsample keeps the SVG small.
    shown = np.unique(np.linspace(1, result.n_epochs, 300).astype(int)) - 1
    right.plot(
        result.epochs[shown], result.train_loss[shown], color="C0", label="training"
    )
    right.plot(
        result.epochs[shown],
        result.val_loss[shown],
        color="C1",
        linestyle="--",
        label="validation",
    )
    right.axvline(epoch, color="C2", linewidth=2, label=f"epoch {epoch:,}")
    right.plot(epoch, result.train_loss[epoch - 1], "o", color="C0")
    right.plot(epoch, result.val_loss[epoch - 1], "s", color="C1")
    right.set(
        # A little past both ends: the markers at the first and last epoch stay clear
        # of the axis lines.
        xlim=(-0.02 * result.n_epochs, 1.02 * result.n_epochs),
        ylim=(0, None),
        xlabel="epoch",
        ylabel="cross-entropy loss",
        title="Loss against epoch",
    )
    right.legend(loc="lower left")
    return fig


# --8<-- [end:slider]
