"""k-means: the centroids are learned, the number of clusters K is not.

Points are drawn from a known number of well-separated Gaussian blobs in 2-D.
For each K, Lloyd's algorithm (k-means++ starts, best of a few restarts) fits
the centroids. The within-cluster sum of squares keeps falling as K grows, on
the training data and on held-out data alike, so neither picks K; the elbow of
the cost curve and the mean silhouette do.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

import matplotlib.pyplot as plt
import numpy as np

from snippets.slider_positions import SliderPositions

CENTRES = np.array([[0.0, 0.0], [5.0, 1.0], [1.0, 5.5], [6.0, 6.0]])  # the true blobs


@dataclass(frozen=True)
class KMeansResult:
    """k-means for K = 1 .. max_k on blob data: costs, silhouettes, and the K each
    criterion picks, against the true number of blobs."""

    x_train: np.ndarray
    ks: np.ndarray  # 1 .. max_k
    train_cost: np.ndarray  # mean squared distance to the nearest centroid, per K
    heldout_cost: np.ndarray  # the same for held-out points and the trained centroids
    silhouette: np.ndarray  # mean silhouette per K (nan for K = 1)
    centroids: tuple  # one (K, 2) array per K
    labels: tuple  # one training-label array per K
    n_train: int
    n_heldout: int
    n_restarts: int
    true_k: int
    elbow_k: int
    silhouette_k: int
    best_silhouette: float
    heldout_argmin_k: int  # where the held-out cost is lowest
    max_k: int
    heldout_at_true_k: float
    heldout_at_max_k: float
    heldout_drop_after_true_k: float  # 1 - heldout(max_k) / heldout(true_k)
    largest_heldout_rise: float  # largest relative rise from K - 1 to K (<= 0: none)
    all_converged: bool  # every fit ended because no point changed cluster


@dataclass(frozen=True)
class FitAtK:
    """One K of the sweep: the fitted centroids and how well they fit."""

    centroids: np.ndarray  # (K, 2)
    labels: np.ndarray  # the cluster of each training point
    train_cost: float  # mean squared distance to the nearest centroid
    heldout_cost: float  # the same for the held-out points
    silhouette: float  # of the training clustering (nan for K = 1)
    converged: bool


# --8<-- [start:data]
def make_blobs(n_points, sd, rng):
    """Points around CENTRES, each blob picked with equal probability."""
    blob = rng.integers(0, len(CENTRES), n_points)
    return CENTRES[blob] + rng.normal(0.0, sd, (n_points, 2))


def squared_distances(X, C):
    """(n, k) matrix of squared distances from each row of X to each row of C."""
    return np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=-1)


# --8<-- [end:data]


# --8<-- [start:lloyd]
def kmeans_plus_plus(X, k, rng):
    """Starting centroids: each new one is a data point drawn with probability
    proportional to its squared distance from the centroids chosen so far."""
    centroids = [X[rng.integers(len(X))]]
    for _ in range(1, k):
        d2 = squared_distances(X, np.array(centroids)).min(axis=1)
        centroids.append(X[rng.choice(len(X), p=d2 / d2.sum())])
    return np.array(centroids)


def lloyd(X, centroids, max_iter=100):
    """Alternate: move each centroid to the mean of its points; reassign points.

    Stops when no point changes cluster. An empty cluster keeps its centroid.
    """
    labels = squared_distances(X, centroids).argmin(axis=1)
    for iteration in range(1, max_iter + 1):
        counts = np.bincount(labels, minlength=len(centroids))
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels, X)
        centroids = np.where(
            counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centroids
        )
        new_labels = squared_distances(X, centroids).argmin(axis=1)
        if np.array_equal(new_labels, labels):
            return centroids, labels, iteration, True
        labels = new_labels
    return centroids, labels, max_iter, False


def kmeans(X, k, rng, n_restarts=5):
    """Best of n_restarts runs of Lloyd's algorithm from k-means++ starts."""
    best = None
    for _ in range(n_restarts):
        centroids, labels, iterations, converged = lloyd(X, kmeans_plus_plus(X, k, rng))
        cost = np.mean(np.sum((X - centroids[labels]) ** 2, axis=1))
        if best is None or cost < best[0]:
            best = (cost, centroids, labels, iterations, converged)
    return best


# --8<-- [end:lloyd]


# --8<-- [start:silhouette]
def silhouette(X, labels):
    """Mean silhouette width (Rousseeuw 1987).

    For point i: a = mean distance to the other points of its cluster, b = mean
    distance to the points of the nearest other cluster, s = (b - a) / max(a, b);
    s = 0 for a point alone in its cluster. Needs at least two clusters.
    """
    _, labels = np.unique(labels, return_inverse=True)  # drop empty clusters
    n, k = len(X), labels.max() + 1
    if k < 2:
        raise ValueError("the silhouette needs at least two clusters")
    distances = np.sqrt(squared_distances(X, X))
    members = labels[:, None] == np.arange(k)  # (n, k) one-hot
    counts = members.sum(axis=0)
    totals = distances @ members  # summed distance from each point to each cluster
    own = counts[labels]
    a = totals[np.arange(n), labels] / np.maximum(own - 1, 1)
    mean_to_cluster = totals / counts
    mean_to_cluster[np.arange(n), labels] = np.inf
    b = mean_to_cluster.min(axis=1)
    s = np.where(own > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(s.mean())


# --8<-- [end:silhouette]


# --8<-- [start:elbow]
def elbow(ks, costs):
    """The K where the cost curve bends most on a log scale: the largest second
    difference log W(K-1) - 2 log W(K) + log W(K+1), for K strictly inside ks."""
    log_cost = np.log(costs)
    bend = log_cost[:-2] - 2 * log_cost[1:-1] + log_cost[2:]
    return int(ks[1:-1][np.argmax(bend)])


# --8<-- [end:elbow]


# --8<-- [start:sweep]
def sweep(X_train, X_heldout, max_k, rng, n_restarts=5):
    """Fit k-means for K = 1 .. max_k on X_train; score on both sets."""
    fits = []
    for k in range(1, max_k + 1):
        _, centroids, labels, _, converged = kmeans(X_train, k, rng, n_restarts)
        fits.append(
            FitAtK(
                centroids=centroids,
                labels=labels,
                train_cost=np.mean(squared_distances(X_train, centroids).min(axis=1)),
                heldout_cost=np.mean(
                    squared_distances(X_heldout, centroids).min(axis=1)
                ),
                silhouette=silhouette(X_train, labels) if k > 1 else np.nan,
                converged=converged,
            )
        )
    return fits


# --8<-- [end:sweep]


# The page shows this signature; fmt: off keeps its end marker at the line start.
# fmt: off
# --8<-- [start:call]
def compute(
    seed=0,  # every random draw below comes from this one seed
    n_train=200,  # training points, from four round blobs
    n_heldout=1000,  # held-out points from the same blobs
    max_k=10,  # K runs from 1 to max_k
    n_restarts=5,  # k-means++ starts per K; the lowest training cost is kept
    blob_sd=0.7,  # spread of each blob
):
# --8<-- [end:call]
    # fmt: on
    """How K is chosen for k-means when the cost keeps falling as K grows.

    The data: n_train training and n_heldout held-out points from the four
    Gaussian blobs around CENTRES, each of sd blob_sd (make_blobs). For each K
    from 1 to max_k, k-means is fitted on the training points (sweep). The
    result holds both cost curves, the silhouettes, every K's clustering, and
    the K chosen by the elbow and by the silhouette, beside the true number.
    """
    rng_train, rng_heldout, rng_fit = np.random.default_rng(seed).spawn(3)
    X_train = make_blobs(n_train, blob_sd, rng_train)
    X_heldout = make_blobs(n_heldout, blob_sd, rng_heldout)
    fits = sweep(X_train, X_heldout, max_k, rng_fit, n_restarts)
    return summarise(fits, X_train, n_heldout, n_restarts)


def summarise(fits, X_train, n_heldout, n_restarts):
    """The curves over K, and the K that each criterion picks."""
    ks = np.arange(1, len(fits) + 1)
    train = np.array([f.train_cost for f in fits])
    heldout = np.array([f.heldout_cost for f in fits])
    sil = np.array([f.silhouette for f in fits])
    true_k = len(CENTRES)
    return KMeansResult(
        x_train=X_train,
        ks=ks,
        train_cost=train,
        heldout_cost=heldout,
        silhouette=sil,
        centroids=tuple(f.centroids for f in fits),
        labels=tuple(f.labels for f in fits),
        n_train=len(X_train),
        n_heldout=n_heldout,
        n_restarts=n_restarts,
        true_k=true_k,
        elbow_k=elbow(ks, train),
        silhouette_k=int(ks[np.nanargmax(sil)]),
        best_silhouette=float(np.nanmax(sil)),
        heldout_argmin_k=int(ks[np.argmin(heldout)]),
        max_k=len(fits),
        heldout_at_true_k=float(heldout[true_k - 1]),
        heldout_at_max_k=float(heldout[-1]),
        heldout_drop_after_true_k=float(1 - heldout[-1] / heldout[true_k - 1]),
        largest_heldout_rise=float(np.max(np.diff(heldout) / heldout[:-1])),
        all_converged=all(f.converged for f in fits),
    )


# --8<-- [start:plot]
def draw_costs(ax, result):
    """The k-means cost against K on training and held-out points (log scale)."""
    ax.plot(result.ks, result.train_cost, color="C0", marker="o", label="training")
    ax.plot(
        result.ks,
        result.heldout_cost,
        color="C1",
        linestyle="--",
        marker="s",
        markersize=5,
        label="held-out",
    )
    ax.set(
        xlabel="number of clusters K",
        ylabel="mean squared distance\nto nearest centroid (log scale)",
        yscale="log",
    )


def cluster_colours(centroids, n_colours=5):
    """A colour index for each cluster (at most 2 * n_colours of them): the first
    n_colours take one each, and the rest the same colours hollow, matched so that
    the nearest two clusters of one colour lie as far apart as they can. Two
    clusters in one blob then never share a colour, with only the fill to tell."""
    first, rest = centroids[:n_colours], centroids[n_colours:]

    def nearest_pair(colours):
        pairs = zip(rest, colours, strict=True)
        return min((np.linalg.norm(c - first[i]) for c, i in pairs), default=0.0)

    best = max(permutations(range(len(first)), len(rest)), key=nearest_pair)
    return list(range(len(first))) + list(best)


def draw_clusters(ax, result, k, n_shown):
    """The first n_shown training points, coloured and marked by their cluster
    for K = k, and each cluster's centroid as a large ×."""
    markers = ["o", "^", "s", "D", "v"]
    labels, centroids = result.labels[k - 1], result.centroids[k - 1]
    colours = cluster_colours(centroids)
    for j in range(k):
        style = {"color": f"C{colours[j]}", "marker": markers[(j // 5 + j) % 5]}
        # The style has five colours: clusters 6-10 repeat them hollow (and with
        # another marker), so a blob split in two never looks like one cluster.
        hollow = {"fillstyle": "none", "markeredgewidth": 1.2} if j >= 5 else {}
        points = result.x_train[:n_shown][labels[:n_shown] == j]
        ax.plot(*points.T, linestyle="none", markersize=4.5, **style, **hollow)
        # An outline in the text colour and a place on top: a centroid in its
        # own cluster's colour is lost among the points without it.
        ax.plot(
            *centroids[j],
            linestyle="none",
            markersize=16,
            markeredgewidth=1.6,
            markeredgecolor=plt.rcParams["text.color"],
            zorder=5,
            **{**style, "marker": "X"},
        )


def plot_choose_k(result):
    """Panel "k-means cost keeps falling": cost against K, training and
    held-out. Panel "Silhouette peaks at the true K": mean silhouette."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    for ax in (left, right):
        ax.axvline(result.true_k, color="C3", linestyle=":", label="true K")
        ax.set_xticks(result.ks)

    draw_costs(left, result)
    left.plot(
        result.elbow_k,
        result.train_cost[result.elbow_k - 1],
        "*",
        color="C2",
        markersize=14,
        label="elbow (largest bend)",
    )
    left.set_title("k-means cost keeps falling")
    left.legend(loc="upper right")

    # K = 1 has no silhouette: masked, a gap on purpose rather than a stray NaN.
    silhouette = np.ma.masked_invalid(result.silhouette)
    right.plot(result.ks, silhouette, color="C2", marker="^", label="silhouette")
    right.plot(
        result.silhouette_k,
        result.best_silhouette,
        "*",
        color="C2",
        markersize=14,
        label="largest",
    )
    right.set(
        xlabel="number of clusters K",
        ylabel="mean silhouette (training data)",
        title="Silhouette peaks at the true K",
    )
    right.legend(loc="upper right")
    return fig


def plot_clusters(result, n_shown=140):
    """The training points clustered with the chosen K and with the largest K.

    Only the first n_shown points are drawn (they are in random order), to keep
    the figure light; the centroids were fitted to all of them.
    """
    fig, axes = plt.subplots(
        1, 2, figsize=(9, 4.2), layout="constrained", sharex=True, sharey=True
    )
    titles = (
        f"K = {result.silhouette_k}, the silhouette's choice",
        f"K = {result.max_k}: lower cost, blobs split",
    )
    ks = (result.silhouette_k, result.max_k)
    for ax, k, title in zip(axes, ks, titles, strict=True):
        draw_clusters(ax, result, k, n_shown)
        ax.set(xlabel="feature 1", ylabel="feature 2", title=title, aspect="equal")
    return fig


# --8<-- [end:plot]


# --8<-- [start:slider]
def k_numbers(result, k):
    """The numbers beside the K slider: the cost on both sets at this K.

    Only the Ks compute() swept (1 .. max_k); for more, run compute(max_k=...).
    """
    if not 1 <= k <= result.max_k:
        raise ValueError(f"K = {k} was not swept: call compute(max_k={k}) first")
    # Training first, as in the legend and every other slider.
    return {
        "training cost": result.train_cost[k - 1],
        "held-out cost": result.heldout_cost[k - 1],
    }


def k_positions(result) -> SliderPositions:
    """Every K swept; marks where the true K, the elbow and the silhouette are.
    The slider opens on the K the silhouette chose."""
    marks = {}
    for k, label in (
        (result.true_k, "the true K"),
        (result.elbow_k, "the elbow"),
        (result.silhouette_k, "chosen by silhouette"),
    ):
        marks[k] = f"{marks[k]}, {label}" if k in marks else label
    ks = tuple(int(k) for k in result.ks)
    return SliderPositions(ks, result.silhouette_k, marks)


SHARE = 0.2  # a fifth of a blob's (or a cluster's) points counts as a real share


def blob_shares(result, k):
    """(merged, split) at K: some cluster holds a fifth or more of the points
    of two blobs; some blob has a fifth or more of its points in two clusters.
    A point's blob is the blob centre it lies nearest to."""
    blob = squared_distances(result.x_train, CENTRES).argmin(axis=1)
    counts = np.zeros((len(CENTRES), k), dtype=int)  # blob x cluster
    np.add.at(counts, (blob, result.labels[k - 1]), 1)
    big = counts >= SHARE * counts.sum(axis=1, keepdims=True)
    return bool(np.any(big.sum(axis=0) >= 2)), bool(np.any(big.sum(axis=1) >= 2))


def k_outcome(result, k):
    """What the frame at this K shows, in words."""
    merged, split = blob_shares(result, k)
    if merged and split:
        return "blobs merged and a blob split"
    if merged:
        return "too few clusters: two or more blobs merged into one cluster"
    if split:
        return "too many clusters: a blob split in two or more"
    return "one cluster per blob"


def plot_k(result, k, n_shown=140):
    """Panel "K = k: clusters and centroids (×)": the training points clustered
    with K centroids. Panel "Cost against K, this K marked": the cost against K
    on training and held-out points, with a marker at K."""
    numbers = k_numbers(result, k)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.9), layout="constrained")
    draw_clusters(left, result, k, n_shown)
    left.set(
        xlabel="feature 1",
        ylabel="feature 2",
        title=f"K = {k}: clusters and centroids (×)",
        aspect="equal",
        xlim=(-3, 9),
        ylim=(-3, 9),
    )

    draw_costs(right, result)
    right.axvline(k, color="C2", linewidth=1.5)
    # Not clipped: at K = 1 the markers sit at the edge of the data.
    right.plot(
        k, numbers["training cost"], "o", color="C0", markersize=10, clip_on=False
    )
    right.plot(
        k, numbers["held-out cost"], "s", color="C1", markersize=10, clip_on=False
    )
    right.set(
        xticks=result.ks,
        xlim=(
            0.4,
            result.max_k + 0.6,
        ),  # room left of K = 1: its marker clears the axis line
        title="Cost against K, this K marked",
    )
    right.legend(loc="upper right")
    return fig


# --8<-- [end:slider]
