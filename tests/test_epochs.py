"""The claims of docs/epochs.md, checked on the computation behind it."""

from __future__ import annotations

import dataclasses
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from snippets import epochs

SEEDS = range(10)
# The overfitting claim must hold for every one of these seeds (10 of 10), with:
LATEST_BEST = 0.6  # the validation minimum lies before 60 % of the epochs
MIN_RISE = 0.10  # and the last validation loss is at least 10 % above it
MAX_UPTICK = 2e-3  # the training loss never rises by more than this in one epoch


@cache
def run(seed=0, **kwargs):
    return epochs.compute(seed=seed, **kwargs)


@pytest.fixture(scope="module")
def result():
    return run()


# ---------------------------------------------------------------- the claims
@pytest.mark.parametrize("seed", SEEDS)
def test_claim_training_loss_falls_overall(seed):
    """epochs.md, index.md: the training loss falls over the run; where it ticks up,
    the rise is far too small to see in the figure."""
    r = run(seed)
    drop = r.first_train_loss - r.final_train_loss
    assert drop > 0.25
    assert r.final_train_loss < r.train_loss_at_best < r.first_train_loss
    assert r.final_train_loss <= r.train_loss.min() + 1e-3
    # Upticks exist, and every one is below 0.25 % of the overall fall.
    assert r.max_train_loss_rise == pytest.approx(max(np.diff(r.train_loss).max(), 0))
    assert r.max_train_loss_rise < min(MAX_UPTICK, 0.0025 * drop)
    assert r.final_train_loss == r.train_loss[-1]
    assert r.train_loss_at_best == r.train_loss[r.best_epoch - 1]


def test_claim_training_loss_upticks_come_late():
    """epochs.md, hyperparameters.md: in the run shown, the training loss does tick up, on a number of
    epochs, only from well after the chosen epoch on."""
    r = run()
    rises = np.nonzero(np.diff(r.train_loss) > 0)[0] + 2
    assert r.n_train_loss_rises == len(rises) > 0
    assert r.first_train_loss_rise_epoch == rises[0] > 3 * r.best_epoch
    # Every rise is below the digits the slider shows, so the slider marks none.
    assert r.max_train_loss_rise < 5e-4
    assert r.first_train_loss_rise_epoch not in epochs.epoch_positions(r).values


@pytest.mark.parametrize("seed", SEEDS)
def test_claim_validation_loss_turns_up(seed):
    """epochs.md, index.md, comparison.md: the validation loss falls to a minimum at the
    chosen epoch, then rises clearly by the end of the run."""
    r = run(seed)
    assert 1 < r.best_epoch < LATEST_BEST * r.n_epochs
    assert r.best_val_loss < r.first_val_loss - 0.05
    assert r.final_val_loss >= (1 + MIN_RISE) * r.best_val_loss
    assert r.val_loss_rise == pytest.approx(r.final_val_loss / r.best_val_loss - 1)


@pytest.mark.parametrize("seed", SEEDS)
def test_claim_gap_between_training_and_validation_grows(seed):
    """epochs.md: after the minimum the gap between validation and training loss grows;
    the validation loss rises overall, though not at every epoch."""
    r = run(seed)
    after = np.diff(np.asarray(r.val_loss)[r.best_epoch - 1 :])
    assert np.any(after < 0) and np.sum(after) > 0
    gap_at_best = r.best_val_loss - r.train_loss_at_best
    assert r.final_val_loss - r.final_train_loss > gap_at_best + 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_claim_training_accuracy_rises_with_dips(seed):
    """epochs.md: training accuracy ends higher than at the chosen epoch (the flipped
    training labels get memorised), though it dips on some epochs."""
    r = run(seed)
    assert r.final_train_acc > r.train_acc_at_best
    assert r.n_train_acc_drops == np.count_nonzero(np.diff(r.train_acc) < 0)
    if seed == 0:  # the run shown dips visibly, and ends above what the true classes
        assert r.n_train_acc_drops > 10  # would score: it has fitted wrong labels
        assert r.final_train_acc > r.train_acc_true_classes


def test_claim_validation_accuracy_levels_off_and_slips(result):
    """epochs.md, index.md: in the run shown, validation accuracy levels off and slips
    by the end, and peaks later than the validation loss bottoms out; it moves less
    than the validation loss, in relative terms."""
    r = result
    assert r.final_val_acc < r.best_val_acc - 0.02
    assert r.max_val_acc_epoch > r.best_epoch
    assert r.val_acc_drop == pytest.approx(1 - r.final_val_acc / r.max_val_acc)
    assert 0.02 < r.val_acc_drop < r.val_loss_rise
    # The page gives the drop in percentage points and, named as such, relative.
    assert r.val_acc_drop_points == pytest.approx(100 * (r.max_val_acc - r.final_val_acc))
    assert r.val_acc_drop_points < 100 * r.val_acc_drop  # the two differ: name them
    # The page says the validation loss more than doubled over the same epochs.
    assert r.final_val_loss > 2 * r.best_val_loss


def test_claim_the_validation_minimum_is_flat(result):
    """epochs.md: every epoch from flat_first_epoch to flat_last_epoch has a validation loss
    within flat_tolerance of the minimum, a window of many epochs around the chosen one,
    while the loss at the end is far above that band."""
    r = result
    window = r.val_loss[r.flat_first_epoch - 1 : r.flat_last_epoch]
    assert np.all(window <= r.best_val_loss + r.flat_tolerance)
    # No epoch outside the window is that close: the window is the whole band.
    outside = np.r_[r.val_loss[: r.flat_first_epoch - 1], r.val_loss[r.flat_last_epoch :]]
    assert np.all(outside > r.best_val_loss + r.flat_tolerance)
    assert r.flat_first_epoch < r.best_epoch < r.flat_last_epoch
    assert r.flat_last_epoch - r.flat_first_epoch >= 10
    assert r.final_val_loss - r.best_val_loss > 20 * r.flat_tolerance


def test_claim_a_longer_budget_never_worsens_the_chosen_validation_loss(result):
    """epochs.md: with the best checkpoint, a longer budget never makes the chosen
    model's validation loss worse (higher): fresh runs with shorter budgets choose a validation loss
    at least as high, and the shorter budget quoted is that of a fresh run."""
    budgets = [20, result.short_budget, result.best_epoch, 400, result.n_epochs]
    chosen = [run(n_epochs=budget).best_val_loss for budget in budgets[:-1]]
    chosen.append(result.best_val_loss)
    assert chosen == sorted(chosen, reverse=True)
    assert chosen[1] == result.short_budget_val_loss
    assert result.short_budget < result.best_epoch
    assert result.short_budget_val_loss > result.best_val_loss


def test_flat_window():
    loss = np.array([3.0, 1.05, 1.0, 1.2, 1.01, 2.0])
    assert epochs.flat_window(loss, 0.1) == (2, 5)


def test_the_default_run_shows_the_story(result):
    r = result
    assert r.best_epoch < 0.1 * r.n_epochs
    assert r.val_loss_rise > 0.5
    # The chosen model is far better than chance (50 %).
    assert r.test_acc_at_best > 0.75
    assert r.best_val_acc > 0.75


def test_claim_here_the_test_score_beats_the_validation_score(result):
    """epochs.md: at the chosen epoch the test accuracy is higher than the validation accuracy."""
    assert result.test_acc_at_best > result.best_val_acc


def test_claim_every_split_has_the_same_label_noise(result):
    """epochs.md: the validation and test sets have wrong labels too, in the same
    proportion, so a classifier that knew the true classes would score below 100 %."""
    r = result
    for wrong, n in [
        (r.n_wrong_labels_train, r.n_train),
        (r.n_wrong_labels_val, r.n_val),
        (r.n_wrong_labels_test, r.n_test),
    ]:
        assert wrong == round(r.label_noise * n) > 0
    assert r.test_acc_true_classes == pytest.approx(1 - r.n_wrong_labels_test / r.n_test)
    assert r.test_acc_at_best < r.test_acc_true_classes < 1
    assert r.train_acc_true_classes == pytest.approx(1 - r.n_wrong_labels_train / r.n_train)


def test_claim_the_chosen_epoch_already_fits_a_wrong_training_label(result):
    """epochs.md: in the run shown, the training accuracy at the chosen epoch is above
    the share of correct training labels, the most a model can score on the training set
    without agreeing with a wrong label; so it already fits at least one. Counted: the
    chosen checkpoint agrees with some wrong labels, the last network with more."""
    r = result
    ceiling = r.train_acc_true_classes
    assert ceiling == pytest.approx(1 - r.n_wrong_labels_train / r.n_train)
    assert ceiling < 1
    # At least one more training point agrees with its label than the true classes allow.
    excess = round(r.train_acc_at_best * r.n_train) - round(ceiling * r.n_train)
    assert excess > 0
    assert r.final_train_acc > r.train_acc_at_best
    # The direct count: at least that excess, and more at the end ("goes on memorising").
    assert excess <= r.wrong_labels_fitted_at_best <= r.n_wrong_labels_train
    assert r.wrong_labels_fitted_at_best < r.wrong_labels_fitted_at_end <= r.n_wrong_labels_train


# ---------------------------------------------------------------- the choice
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_best_epoch_is_the_argmin_of_the_validation_loss(seed):
    r = run(seed)
    assert r.best_epoch == 1 + int(np.argmin(r.val_loss))
    assert r.best_val_loss == r.val_loss.min()
    assert r.best_val_acc == r.val_acc[r.best_epoch - 1]
    np.testing.assert_array_equal(r.epochs, np.arange(1, r.n_epochs + 1))


def test_the_choice_does_not_see_the_test_set():
    # Another test set (other size, other points) changes the test numbers
    # and nothing else: training and the choice never touch it.
    a, b = run(0), run(0, n_test=123)
    for name in ["train_loss", "val_loss", "train_acc", "val_acc"]:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert a.best_epoch == b.best_epoch
    assert a.test_loss_at_best != b.test_loss_at_best


def test_the_test_set_is_evaluated_exactly_once(monkeypatch):
    n_test = 123  # a size no other split has
    calls = []
    real = epochs.evaluate

    def counting(params, X, y):
        calls.append(len(X))
        return real(params, X, y)

    monkeypatch.setattr(epochs, "evaluate", counting)
    r = epochs.compute(n_test=n_test, n_epochs=50)
    assert calls.count(n_test) == 1
    assert calls[-1] == n_test  # and only after the last epoch
    assert calls.count(r.n_val) == r.n_epochs


# ---------------------------------------------------------------- independent check
def _train_independently(splits, params, learning_rate, n_epochs):
    """Plain full-batch gradient descent written out again, without the module."""
    X, y, _ = splits["train"]
    W1, b1, W2, b2 = (params[k].copy() for k in ["W1", "b1", "W2", "b2"])
    for _ in range(n_epochs):
        pre = X @ W1 + b1
        hidden = np.where(pre > 0, pre, 0.0)
        p = 1 / (1 + np.exp(-(hidden @ W2 + b2)))
        d_logit = (p - y) / len(y)
        d_pre = d_logit[:, None] * W2[None, :] * (pre > 0)
        W1 = W1 - learning_rate * X.T @ d_pre
        b1 = b1 - learning_rate * d_pre.sum(axis=0)
        W2 = W2 - learning_rate * hidden.T @ d_logit
        b2 = b2 - learning_rate * d_logit.sum()
    return W1, b1, W2, b2


def _test_metrics(splits, weights):
    X, y, _ = splits["test"]
    W1, b1, W2, b2 = weights
    logit = np.where(X @ W1 + b1 > 0, X @ W1 + b1, 0.0) @ W2 + b2
    # -log P(label): softplus(-z) for class 1, softplus(z) for class 0.
    loss = np.mean(np.where(y == 1, np.logaddexp(0, -logit), np.logaddexp(0, logit)))
    return loss, np.mean((logit > 0) == y)


def test_reported_test_numbers_are_those_of_the_best_checkpoint(result):
    r = result
    splits, init_rng = epochs.make_splits(
        r.seed, r.n_train, r.n_val, r.n_test, r.noise_sd, r.label_noise
    )
    start = epochs.init_params(init_rng, r.hidden_units)
    at_best = _train_independently(splits, start, r.learning_rate, r.best_epoch)
    loss, acc = _test_metrics(splits, at_best)
    assert r.test_acc_at_best == pytest.approx(acc, abs=1e-12)
    assert r.test_loss_at_best == pytest.approx(loss, rel=1e-8)
    # The checkpoint matters: the parameters of the last epoch test worse.
    rest = r.n_epochs - r.best_epoch
    at_end = _train_independently(
        splits,
        dict(zip(["W1", "b1", "W2", "b2"], at_best, strict=True)),
        r.learning_rate,
        rest,
    )
    end_loss, end_acc = _test_metrics(splits, at_end)
    assert end_loss > 1.5 * r.test_loss_at_best
    assert end_acc < r.test_acc_at_best


def test_gradients_match_finite_differences():
    rng = np.random.default_rng(1)
    X, y, _ = epochs.make_rings(rng, 20, 0.05, 0.15)
    params = epochs.init_params(rng, 7)
    params["b1"] = rng.normal(0, 0.3, 7)  # kinks away from the origin
    grads = epochs.gradients(params, X, y)
    h = 1e-6
    for name, value in params.items():
        numeric = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            shifted = {k: v.copy() for k, v in params.items()}
            shifted[name][index] += h
            up = epochs.evaluate(shifted, X, y)[0]
            shifted[name][index] -= 2 * h
            down = epochs.evaluate(shifted, X, y)[0]
            numeric[index] = (up - down) / (2 * h)
        np.testing.assert_allclose(grads[name], numeric, rtol=1e-5, atol=1e-8)


# ---------------------------------------------------------------- data and model
def test_rings_have_balanced_classes_and_exactly_the_stated_label_noise():
    X, y, flipped = epochs.make_rings(np.random.default_rng(3), 200, 0.05, 0.15)
    assert X.shape == (200, 2)
    assert flipped.sum() == 30
    clean = np.where(flipped, 1 - y, y)
    assert clean.sum() == 100
    radius = np.hypot(X[:, 0], X[:, 1])
    assert np.all(np.abs(radius[clean == 1] - 0.5) < 0.3)
    assert np.all(np.abs(radius[clean == 0] - 1.0) < 0.3)


def test_sizes_and_parameter_count(result):
    r = result
    assert r.n_parameters == 2 * r.hidden_units + r.hidden_units + r.hidden_units + 1
    assert r.n_wrong_labels_train == round(r.label_noise * r.n_train)
    for name in ["epochs", "train_loss", "val_loss", "train_acc", "val_acc"]:
        assert getattr(r, name).shape == (r.n_epochs,)
    assert r.final_val_loss == r.val_loss[-1]
    assert r.final_val_acc == r.val_acc[-1]
    assert r.final_train_acc == r.train_acc[-1]
    assert r.train_acc_at_best == r.train_acc[r.best_epoch - 1]


def test_scalars_are_plain_python_numbers(result):
    for field in dataclasses.fields(result):
        value = getattr(result, field.name)
        if not isinstance(value, np.ndarray):
            assert type(value) in (int, float), field.name


# ---------------------------------------------------------------- determinism
def test_deterministic(result):
    again = epochs.compute(seed=0)
    for field in dataclasses.fields(result):
        np.testing.assert_array_equal(getattr(again, field.name), getattr(result, field.name))


def test_seed_reaches_data_and_initialisation(result):
    other = run(1)
    assert not np.array_equal(other.val_loss, result.val_loss)


# ---------------------------------------------------------------- plot
def test_plot_curves(result):
    fig = epochs.plot_curves(result)
    try:
        assert isinstance(fig, Figure)
        assert len(fig.axes) == 2
        for ax in fig.axes:
            assert ax.get_xlabel() == "epoch"
            assert ax.get_ylabel()
            assert ax.get_title()
        # A legend under each panel, for that panel's lines.
        assert not fig.legends
        for ax in fig.axes:
            labels = [text.get_text() for text in ax.get_legend().get_texts()]
            assert f"chosen on validation (epoch {result.best_epoch:,})" in labels
        for ax in fig.axes:
            styles = {line.get_linestyle() for line in ax.get_lines()}
            assert len(styles) == 3  # not colour alone
        assert fig.axes[0].get_ylabel() == "cross-entropy loss"
        assert fig.axes[1].get_ylabel() == "accuracy"
    finally:
        plt.close(fig)


def test_each_panel_legend_describes_its_own_training_line(result):
    """Review 3, F6: the Loss panel's training line is per epoch and is not labelled
    as an accuracy mean; the Accuracy panel's is a window mean and says so."""
    fig = epochs.plot_curves(result)
    try:
        loss_ax, acc_ax = fig.axes
        loss_labels = [t.get_text() for t in loss_ax.get_legend().get_texts()]
        acc_labels = [t.get_text() for t in acc_ax.get_legend().get_texts()]
        loss_line = next(ln for ln in loss_ax.get_lines() if ln.get_linestyle() == "-")
        acc_line = next(ln for ln in acc_ax.get_lines() if ln.get_linestyle() == "-")
        assert loss_line.get_label() == "training" and "training" in loss_labels
        assert not any("mean" in lab or "accuracy" in lab for lab in loss_labels)
        assert acc_line.get_label().startswith("training: mean over")
        assert acc_line.get_label() in acc_labels
        assert len(loss_line.get_xdata()) == len(result.epochs)  # every epoch, indeed
        assert len(acc_line.get_xdata()) < len(result.epochs)  # windowed means, indeed
        # Accuracies read as percentages in the figure too, as in the prose.
        fig.canvas.draw()
        ticks = [t.get_text() for t in acc_ax.get_yticklabels() if t.get_text()]
        assert ticks and all(t.endswith("%") for t in ticks), ticks
    finally:
        plt.close(fig)


def test_the_outcome_names_the_side_of_the_minimum_and_when_it_is_near(result):
    """Each label changes exactly at its threshold: the flat minimum's edges, the 1 %
    line before and after the chosen epoch, and the accuracy falling to the chosen one's."""
    r, outcome = result, epochs.epoch_outcome
    first, last, best, minimum = (
        r.flat_first_epoch,
        r.flat_last_epoch,
        r.best_epoch,
        r.best_val_loss,
    )
    assert outcome(r, best).startswith("chosen on validation")
    assert outcome(r, first).startswith("in the flat minimum, before the chosen epoch")
    assert outcome(r, last).startswith("in the flat minimum, after the chosen epoch")
    assert "overfitting" not in outcome(r, last)
    near = (1 + epochs.NEAR_MINIMUM) * minimum
    # Just outside the flat minimum, both sides are still within 1 % of it.
    assert r.val_loss[first - 2] <= near and r.val_loss[last] <= near
    assert outcome(r, first - 1).startswith("underfitting, near the validation")
    after = outcome(r, last + 1)
    assert after.startswith("overfitting (by the loss)") and "within 1% of it" in after
    assert r.val_acc[last] > r.best_val_acc and "the loss rises first" in after
    # The 1 % line before the chosen epoch.
    far_before = max(e for e in range(1, best) if r.val_loss[e - 1] > near)
    assert outcome(r, far_before).startswith("too early, underfitting")
    # Far from it, the label says how far: epoch 1 is tens of percent above, not "over 1 %".
    for epoch in (far_before, 1):
        above = r.val_loss[epoch - 1] / minimum - 1
        assert f"validation loss {above:.1%} above its later minimum" in outcome(r, epoch)
    assert r.val_loss[0] / minimum - 1 > 0.1
    # The 1 % line after it, with the accuracy still higher.
    far_after = min(e for e in range(best, r.n_epochs + 1) if r.val_loss[e - 1] > near)
    assert r.val_acc[far_after - 1] > r.best_val_acc
    assert "although validation accuracy is still higher" in outcome(r, far_after)
    assert "within 1% of it" not in outcome(r, far_after)
    assert "within 1% of it" in outcome(r, far_after - 1)
    # Where the validation accuracy falls back to the chosen epoch's, no "although".
    later = range(last + 1, r.n_epochs + 1)
    no_higher = min(e for e in later if r.val_acc[e - 1] <= r.best_val_acc)
    assert r.val_loss[no_higher - 1] > near
    assert "although" not in outcome(r, no_higher)
    assert "although validation accuracy is still higher" in outcome(r, no_higher - 1)
