"""The k-means page's claims: the centroids are learned by Lloyd's algorithm; the
cost keeps falling with K on held-out data too; elbow and silhouette find the
true K."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from snippets import kmeans_k

SEEDS = range(8)


@pytest.fixture(scope="module")
def results():
    return {seed: kmeans_k.compute(seed=seed) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_claim_heldout_cost_keeps_falling(results, seed):
    """learned-hyperparameters.md: the k-means cost falls all the way to the largest K, on training and on held-out points, for every seed."""
    r = results[seed]
    assert np.all(np.diff(r.heldout_cost) <= 0), "held-out cost rose with K"
    assert np.all(np.diff(r.train_cost) <= 0)
    assert r.largest_heldout_rise <= 0
    assert r.heldout_argmin_k == r.max_k != r.true_k
    assert r.heldout_at_max_k < r.heldout_at_true_k


@pytest.mark.parametrize("seed", SEEDS)
def test_claim_silhouette_and_elbow_pick_the_true_k(results, seed):
    """learned-hyperparameters.md: the elbow and the silhouette both pick the true K, for every seed."""
    r = results[seed]
    assert r.silhouette_k == r.true_k
    assert r.elbow_k == r.true_k
    assert np.isnan(r.silhouette[0])
    assert r.best_silhouette == pytest.approx(np.nanmax(r.silhouette))


@pytest.mark.parametrize("seed", SEEDS)
def test_claim_silhouette_drops_after_the_true_k(results, seed):
    """learned-hyperparameters.md: the k-means figure's alt text; after its peak at the true K
    the silhouette drops, stays below its value just after the peak, and its later rises
    are each under half that first drop."""
    r = results[seed]
    after = r.silhouette[r.true_k - 1 :]  # index i holds K = i + 1
    first_drop = after[0] - after[1]
    assert first_drop > 0
    assert np.all(after[2:] <= after[1])
    assert np.all(np.diff(after[1:]) < first_drop / 2)


@pytest.mark.parametrize("seed", SEEDS)
def test_lloyd_converged_to_a_fixed_point(results, seed):
    """The centroids are parameters fitted to the data: at convergence every point
    is with its nearest centroid and every centroid is the mean of its points."""
    r = results[seed]
    assert r.all_converged
    for centroids, labels in zip(r.centroids, r.labels, strict=True):
        nearest = kmeans_k.squared_distances(r.x_train, centroids).argmin(axis=1)
        assert np.array_equal(nearest, labels)
        for j in np.unique(labels):
            assert np.allclose(centroids[j], r.x_train[labels == j].mean(axis=0))


@pytest.mark.parametrize("seed", SEEDS)
def test_no_cluster_shares_its_colour_with_its_nearest_cluster(results, seed):
    # A blob split in two must show two colours, not one colour filled and hollow.
    r = results[seed]
    for centroids in r.centroids[1:]:  # K = 2 onwards: K = 1 has no neighbour
        colours = kmeans_k.cluster_colours(centroids)
        assert colours[:5] == list(range(min(5, len(centroids))))
        assert len(set(colours[5:])) == len(colours[5:]), "a colour used hollow twice"
        for j, centroid in enumerate(centroids):
            distance = np.linalg.norm(centroids - centroid, axis=1)
            distance[j] = np.inf
            nearest = int(np.argmin(distance))
            assert colours[nearest] != colours[j], (len(centroids), j, nearest)


def test_lloyd_reports_when_it_stops_early():
    rng = np.random.default_rng(1)
    X = kmeans_k.make_blobs(100, 0.7, rng)
    _, _, iterations, converged = kmeans_k.lloyd(X, X[:6].copy(), max_iter=1)
    assert iterations == 1 and not converged


def test_lloyd_keeps_the_centroid_of_an_empty_cluster():
    X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0]])
    far = np.array([100.0, 100.0])
    centroids, labels, _, converged = kmeans_k.lloyd(X, np.array([X[0], X[2], far]))
    assert converged and np.array_equal(centroids[2], far)
    assert set(labels) == {0, 1}


def test_silhouette_matches_a_direct_loop():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 2))
    labels = np.array([0] * 12 + [1] * 17 + [2])  # a singleton cluster too
    D = np.sqrt(((X[:, None] - X[None]) ** 2).sum(-1))
    s = []
    for i in range(len(X)):
        same = (labels == labels[i]) & (np.arange(len(X)) != i)
        if not same.any():
            s.append(0.0)
            continue
        a = D[i, same].mean()
        b = min(D[i, labels == c].mean() for c in set(labels) - {labels[i]})
        s.append((b - a) / max(a, b))
    assert kmeans_k.silhouette(X, labels) == pytest.approx(np.mean(s))
    # label values need not be consecutive
    assert kmeans_k.silhouette(X, labels * 3 + 1) == pytest.approx(np.mean(s))
    with pytest.raises(ValueError):
        kmeans_k.silhouette(X, np.zeros(len(X), dtype=int))


def test_elbow_rule_is_the_largest_bend_on_a_log_scale():
    ks = np.arange(1, 8)
    costs = np.array([100.0, 50.0, 25.0, 1.0, 0.9, 0.8, 0.7])
    assert kmeans_k.elbow(ks, costs) == 4
    # A straight line on a log scale has no bend; a bend at 2 is found at 2.
    assert kmeans_k.elbow(ks, np.array([64.0, 4.0, 2.0, 1.0, 0.5, 0.25, 0.125])) == 2


def test_compute_is_deterministic(results):
    again = kmeans_k.compute(seed=0)
    assert np.array_equal(again.heldout_cost, results[0].heldout_cost)
    assert np.array_equal(again.x_train, results[0].x_train)


@pytest.mark.parametrize("name", ["plot_choose_k", "plot_clusters"])
def test_plots_label_their_axes(results, name):
    figure = getattr(kmeans_k, name)(results[0])
    try:
        assert isinstance(figure, plt.Figure)
        for ax in figure.axes:
            assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    finally:
        plt.close(figure)
