"""Slider figures: what the page offers and shows is what the code computes.

For every `{slider=...}` figure in docs/: the positions in the built page are
those the snippet's positions function gives for a fresh `compute()`, they
include every value its page names and the slider opens on the one chosen;
the numbers and outcome shown at the first, the default and the last position
are those the snippet's functions give; every frame exists in both themes.
Then the snippet functions behind the sliders, called directly (they run in
the build's worker process, which coverage does not see), the outcomes they
state, and the facts the pages' questions state about them.
"""

from __future__ import annotations

import contextlib
import html
import importlib
import io
import json
import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from computed_pages.build import notebook_stem  # the engine's own naming rule
from computed_pages.compute import slider_landmarks
from computed_pages.compute.slider_frames import parse_value
from computed_pages.plan import requests, slider_requests  # the engine's own reading
from computed_pages.render import slider_html as sliders
from snippets.slider_positions import SliderPositions, positions_with  # noqa: E402
from tests.markdown_pages import DOCS, find_in_prose, pages  # noqa: E402


def slider_lines() -> list[tuple[Path, int, re.Match]]:
    found = []
    for page in pages():
        for line, match in find_in_prose(page.read_text(encoding="utf-8"), requests.FIGURE):
            if match["slider"]:
                found.append((page, line, match))
    return found


SLIDERS = slider_lines()


def _id(item) -> str:
    page, _, match = item
    return f"{page.stem}:{match['func']}"


@cache
def computed(module: str):
    return importlib.import_module(f"snippets.{module}").compute()


def page_dir(site: Path, page: Path) -> Path:
    relative = page.relative_to(DOCS).with_suffix("")
    return site if relative.name == "index" else site / relative


def slider_data(site: Path, page: Path, match) -> dict:
    text = (page_dir(site, page) / "index.html").read_text(encoding="utf-8")
    ident = "slider-" + re.sub(r"[^a-z0-9]+", "-", f"{match['module']}-{match['func']}".lower())
    found = re.search(rf'id="{ident}" data-slider="([^"]*)"', text)
    assert found, f"{page.name}: no slider figure {ident}"
    data = json.loads(html.unescape(found.group(1)))
    input_tag = re.search(rf'<input type="range" id="{ident}-input"[^>]*>', text).group(0)
    return {**data, "input": input_tag, "html": text}


def test_the_pages_have_five_sliders():
    assert len(SLIDERS) >= 5, [_id(s) for s in SLIDERS]


def attributes_of(item) -> dict[str, str]:
    page, line, match = item
    return slider_requests.parse_attributes(match["slider"], f"{page.name}:{line}")


def positions_of(item) -> SliderPositions:
    _, _, match = item
    module = importlib.import_module(f"snippets.{match['module']}")
    return getattr(module, attributes_of(item)["positions"])(computed(match["module"]))


def outcome_of(item):
    _, _, match = item
    module = importlib.import_module(f"snippets.{match['module']}")
    return getattr(module, attributes_of(item)["outcome"])


# What each page names, from its own compute(): (values the slider must reach, the one it
# opens on, the label of that one's mark). A new slider must say here what its page names.
LANDMARKS = {
    ("capacity", "plot_degree_fit"): lambda r: (
        [r.chosen_degree, r.underfit_degree, r.max_degree],
        r.chosen_degree,
        "chosen on validation",
    ),
    ("capacity", "plot_lambda_fit"): lambda r: (
        [r.chosen_lambda, *r.curve_lambdas],
        r.chosen_lambda,
        "chosen on validation",
    ),
    ("epochs", "plot_boundary"): lambda r: (
        [r.best_epoch, r.max_val_acc_epoch, 1, r.n_epochs],
        r.best_epoch,
        "chosen on validation",
    ),
    ("learning_rate", "plot_descent"): lambda r: (
        [
            1.0,
            r.fraction_small,
            r.fraction_half,
            r.fraction_below,
            r.fraction_above,
            r.fraction_far,
        ],
        r.fraction_half,
        "half the limit",
    ),
    ("kmeans_k", "plot_k"): lambda r: (
        [r.true_k, r.elbow_k, r.silhouette_k, 1, r.max_k],
        r.silhouette_k,
        "chosen by silhouette",
    ),
}


@pytest.mark.parametrize("item", SLIDERS, ids=_id)
def test_every_slider_reaches_what_its_page_names_and_opens_on_the_chosen_one(item):
    _, _, match = item
    assert (match["module"], match["func"]) in LANDMARKS, "say what this slider's page names"
    named, chosen, label = LANDMARKS[(match["module"], match["func"])](computed(match["module"]))
    found = positions_of(item)
    missing = [value for value in named if value not in found.values]
    assert not missing, f"{_id(item)}: named values that are not positions: {missing}"
    assert found.default == chosen
    assert label in found.marks[chosen]
    # The build's rule, which CONTRIBUTING states: enough positions to show a trend.
    assert len(found.values) >= slider_landmarks.fewest_positions(found.values)
    assert list(found.values) == sorted(found.values)


@pytest.mark.parametrize("item", SLIDERS, ids=_id)
def test_the_page_offers_the_computed_positions_and_opens_on_the_chosen_one(built_site, item):
    page, _, match = item
    attributes = attributes_of(item)
    found = positions_of(item)
    texts = [slider_landmarks.value_text(v) for v in found.values]
    unit = attributes.get("unit", "")
    data = slider_data(built_site, page, match)
    assert data["values"] == [sliders.shown_value(unit, v) for v in texts]
    assert data["keys"] == [sliders.address_key(v) for v in texts]
    assert len(set(data["keys"])) == len(texts)
    assert f'max="{len(texts) - 1}"' in data["input"]
    default = list(found.values).index(found.default)
    assert data["default"] == default and f'value="{default}"' in data["input"]
    # Every mark is in the page, at its position, with its label.
    for value, label in found.marks.items():
        index = list(found.values).index(value)
        assert f'data-index="{index}"><span>{html.escape(label)}</span>' in data["html"]
    outcome = outcome_of(item)
    result = computed(match["module"])
    for index in sorted({0, default, len(texts) - 1}):
        said = outcome(result, found.values[index])
        assert data["outcomes"][index] == said
        assert data["values"][index] in data["alts"][index] and said in data["alts"][index]
    assert not any("{value}" in alt or "{outcome}" in alt for alt in data["alts"])
    assert (
        f'<p class="slider-outcome" aria-live="polite">{html.escape(data["outcomes"][default])}'
        in data["html"]
    )


@pytest.mark.parametrize("item", SLIDERS, ids=_id)
def test_numbers_shown_are_computed_for_that_value(built_site, item):
    page, _, match = item
    module = importlib.import_module(f"snippets.{match['module']}")
    numbers = getattr(module, attributes_of(item)["numbers"])
    found = positions_of(item)
    data = slider_data(built_site, page, match)
    default = list(found.values).index(found.default)
    for index in sorted({0, len(found.values) - 1, default}, key=lambda i: i == default):
        expected = numbers(computed(match["module"]), found.values[index])
        shown = [sliders.format_labelled(k, _plain(n)) for k, n in expected.items()]
        assert data["numbers"][index] == [number for _, number in shown], (page.name, index)
        assert all(np.isfinite(n) for n in expected.values())
    # Without JavaScript, the default position's numbers are in the page itself.
    for label, number in shown:
        assert f"<dt>{html.escape(label)}</dt><dd>{number}</dd>" in data["html"]


def _plain(number):
    return int(number) if isinstance(number, int | np.integer) else float(number)


@pytest.mark.parametrize("item", SLIDERS, ids=_id)
def test_every_frame_exists_in_both_themes(built_site, item):
    page, _, match = item
    data = slider_data(built_site, page, match)
    folder = page_dir(built_site, page)
    for theme_index, theme in enumerate(("light", "dark")):
        urls = data["frames"][theme_index]
        assert len(urls) == len(data["values"]) == len(set(urls))
        for url in urls:
            assert url.endswith(f".{theme}.svg#only-{theme}"), url
            path = (folder / url.split("#")[0]).resolve()
            assert path.is_file() and path.read_text().startswith("<?xml"), path


def test_number_format():
    assert sliders.format_number(1234) == "1,234"
    assert sliders.format_number(0.00123) == "0.00123"
    assert sliders.format_number(0.000123) == "1.23 × 10⁻⁴"  # below 0.001: as the prose
    assert sliders.format_number(0.4997) == "0.500"  # three significant digits, kept
    assert sliders.format_number(1.5e-8) == "1.50 × 10⁻⁸"
    assert sliders.format_number(1e12) == "10¹²"
    assert sliders.format_number(1e-8, zeros=False) == "10⁻⁸"  # a slider's value
    assert sliders.format_number(0.5, zeros=False) == "0.5"
    assert sliders.format_number(0.0001, zeros=False) == "10⁻⁴"  # below 0.001, values too
    assert sliders.format_number(0.000316, zeros=False) == "3.16 × 10⁻⁴"
    assert sliders.format_number(0.0005, zeros=False) == "5 × 10⁻⁴"
    assert sliders.format_number(0.00316, zeros=False) == "0.00316"
    assert sliders.shown_value("× 2/λₘₐₓ", "1.0") == "1 × 2/λₘₐₓ"
    assert sliders.format_labelled("validation accuracy (%)", 0.814) == (
        "validation accuracy",
        "81.4%",  # as the prose's `:.1%` writes it
    )
    assert sliders.format_labelled("training RMSE", 0.15) == ("training RMSE", "0.150")


def test_capacity_figures_write_lambda_as_its_slider_shows_it():
    """The λ in the capacity frames' titles and legends (capacity.lambda_text, which the
    snippet cannot import from the engine) reads like the slider's value at every position."""
    from snippets import capacity

    for lam in np.geomspace(1e-8, 10, 37):
        assert capacity.lambda_text(lam) == sliders.format_number(float(lam), zeros=False), lam


def test_address_keys():
    assert sliders.address_key("1.01") == "1.01"
    assert sliders.address_key("143") == "143"
    assert sliders.address_key("0.03162277660168379") == "0.0316"
    assert sliders.address_key("1e-08") == "1e-08"


# ---------------------------------------------------------------- positions and landmarks


def test_slider_positions_reach_their_landmarks():
    found = positions_with([3, 1, 2], [5], 2, {5: "the limit"})
    assert found == SliderPositions((1, 2, 3, 5), 2, {5: "the limit"})
    with pytest.raises(ValueError, match="not among"):
        SliderPositions((1, 2), 3)
    with pytest.raises(ValueError, match="not among"):
        SliderPositions((1, 2), 1, {7: "chosen"})
    with pytest.raises(ValueError, match="two or more"):
        SliderPositions((1, 1), 1)
    with pytest.raises(ValueError, match="two or more"):
        SliderPositions((1,), 1)


class _Snippet:
    """A stand-in for a snippet module: what the worker asks of one."""

    def __init__(self, found, outcome="fits"):
        self.found, self.said = found, outcome

    def positions(self, result):
        return self.found

    def outcome(self, result, value):
        return self.said


_SPEC = {"positions": "positions", "outcome": "outcome"}


def test_the_worker_reads_positions_as_text_with_the_default_and_marks():
    found = SliderPositions((0.1, 0.5, 1.0, 2), 1.0, {1.0: "the limit", 0.1: "small"})
    values, default, marks = slider_landmarks.positions_of(_Snippet(found), _SPEC, None)
    assert values == ["0.1", "0.5", "1.0", "2"]
    assert [parse_value(v) for v in values] == [0.1, 0.5, 1.0, 2]
    assert default == 2 and marks == [(0, "small"), (2, "the limit")]
    third = float(np.float64(1) / 3)
    assert parse_value(slider_landmarks.value_text(np.float64(1) / 3)) == third
    assert slider_landmarks.value_text(np.int64(7)) == "7"


@pytest.mark.parametrize(
    ("found", "message"),
    [
        (SimpleNamespace(values=(1, 1.0), default=1, marks={}), "two or more"),
        (SimpleNamespace(values=(1, 2), default=3, marks={}), "default"),
        (SimpleNamespace(values=(1, 2), default=1, marks={2: " "}), "mark"),
        (SimpleNamespace(values=(1, 2), default=1, marks={5: "far"}), "mark"),
    ],
)
def test_the_worker_stops_on_malformed_positions(found, message):
    with pytest.raises(ValueError, match=message):
        slider_landmarks.positions_of(_Snippet(found), _SPEC, None)


def test_a_value_must_be_a_number_and_an_outcome_must_say_something():
    with pytest.raises(TypeError, match="number"):
        slider_landmarks.value_text("0.5")
    with pytest.raises(TypeError, match="number"):
        slider_landmarks.value_text(True)
    found = SliderPositions((1, 2), 1)
    assert slider_landmarks.outcome_at(_Snippet(found), _SPEC, None, 1) == "fits"
    for said in ("", None):
        with pytest.raises(ValueError, match="must say"):
            slider_landmarks.outcome_at(_Snippet(found, said), _SPEC, None, 1)


# ---------------------------------------------------------------- the snippets


def _draw(figure_function, result, value):
    figure = figure_function(result, value)
    assert figure.axes
    plt.close(figure)


def test_learning_rate_slider_functions():
    from snippets import learning_rate as lr

    result = computed("learning_rate")
    for fraction in (0.05, 0.5, 1.2):
        _draw(lr.plot_descent, result, fraction)
    below, above = lr.descent_numbers(result, 0.99), lr.descent_numbers(result, 1.05)
    assert below["steps run"] == result.n_steps and below["loss gap at the end ÷ at the start"] < 1
    assert above["steps run"] < result.n_steps  # stopped: diverged
    # The slider's end runs agree with the fixed figure's runs at the same rates.
    _, path, gaps = lr.descent_at(result, result.fraction_far)
    assert len(path) - 1 == result.steps_far
    np.testing.assert_allclose(gaps, result.loss_gaps[-1][: len(gaps)])


def _page_values(page: str, func: str) -> list[float]:
    for item in SLIDERS:
        if item[0].name == page and item[2]["func"] == func:
            return list(positions_of(item).values)
    raise AssertionError(f"no slider {func} on {page}")


def test_claim_slider_descent_regimes():
    """learning-rate.md: across the slider, below half the limit the error across the
    valley never changes sign; between half and the limit it changes sign at every
    step and the loss gap still shrinks; above the limit the run diverges and is
    stopped; the last position below the limit ends with the smallest gap."""
    from snippets import learning_rate as lr

    result = computed("learning_rate")
    fractions = _page_values("learning-rate.md", "plot_descent")
    converging = [f for f in fractions if f < 1]
    assert any(f < 0.5 for f in fractions) and any(0.5 < f < 1 for f in fractions)
    steep = np.linalg.eigh(lr.hessian(lr.design_matrix(result.x)))[1][:, -1]
    w_opt = np.array([result.slope_lstsq, result.intercept_lstsq])
    for fraction in fractions:
        _, path, gaps = lr.descent_at(result, fraction)
        across = (path[:4] - w_opt) @ steep  # the error across the valley, steps 0-3
        changes = int(np.sum(np.diff(np.sign(across)) != 0))
        if fraction < 0.5:
            assert changes == 0, fraction
        elif fraction == 0.5:  # the first step lands on the valley floor: rounding left
            assert np.all(np.abs(across[1:]) < 1e-9 * abs(across[0])), across
        elif fraction < 1:
            assert changes == 3 and gaps[-1] < gaps[0], fraction
        elif fraction == 1:  # the limit itself: runs to the end, never converging
            assert len(path) - 1 == result.n_steps and gaps[-1] > 0.5 * gaps[0]
        else:
            assert len(path) - 1 < result.n_steps, fraction  # stopped: diverged
    final = [
        lr.descent_numbers(result, f)["loss gap at the end ÷ at the start"] for f in converging
    ]
    assert int(np.argmin(final)) == len(converging) - 1


def test_claim_epoch_one_is_close_to_guessing():
    """epochs.md: the validation accuracy after epoch 1 is close to one half."""
    result = computed("epochs")
    assert abs(result.val_acc[0] - 0.5) < 0.1


def test_claim_largest_weight_decay_underfits():
    """capacity.md: at the slider's largest λ both errors are above those at the
    chosen λ."""
    from snippets import capacity

    result = computed("capacity")
    largest = max(_page_values("capacity.md", "plot_lambda_fit"))
    at_largest = capacity.lambda_numbers(result, largest)
    at_chosen = capacity.lambda_numbers(result, result.chosen_lambda)
    assert at_largest["training RMSE"] > at_chosen["training RMSE"]
    assert at_largest["validation RMSE"] > at_chosen["validation RMSE"]


def test_epoch_slider_replays_the_run():
    from snippets import epochs

    result = computed("epochs")
    for epoch in (1, 100, result.n_epochs):
        params, splits = epochs.params_at_epoch(result, epoch)
        loss, _ = epochs.evaluate(params, *splits["train"][:2])
        assert loss == pytest.approx(result.train_loss[epoch - 1], rel=1e-12)
        numbers = epochs.epoch_numbers(result, epoch)
        assert numbers["validation loss"] == result.val_loss[epoch - 1]
    _draw(epochs.plot_boundary, result, 10)


def test_claim_extra_centroids_split_blobs():
    """learned-hyperparameters.md: with more centroids than blobs, k-means splits
    blobs: at every K above the true one, some blob has a sizeable share of its
    points (a fifth or more) in each of two or more clusters."""
    from snippets.kmeans_k import CENTRES, squared_distances

    result = computed("kmeans_k")
    blob = squared_distances(result.x_train, CENTRES).argmin(axis=1)
    for k in range(result.true_k + 1, result.max_k + 1):
        labels = result.labels[k - 1]
        split = 0
        for b in range(len(CENTRES)):
            counts = np.bincount(labels[blob == b], minlength=k)
            split += int(np.sum(counts >= 0.2 * counts.sum()) >= 2)
        assert split >= 1, k


def test_capacity_slider_functions():
    from snippets import capacity

    result = computed("capacity")
    for degree in (0, result.chosen_degree, result.max_degree):
        numbers = capacity.degree_numbers(result, degree)
        assert numbers["training RMSE"] == pytest.approx(result.train_rmse[degree])
        assert numbers["validation RMSE"] == pytest.approx(result.val_rmse[degree])
    for index in (0, len(result.lambdas) - 1):
        numbers = capacity.lambda_numbers(result, result.lambdas[index])
        assert numbers["validation RMSE"] == pytest.approx(result.ridge_val_rmse[index])
    assert capacity.lambda_text(0.03162277660168379) == "0.0316"
    assert capacity.lambda_text(3.162277660168379e-08) == "3.16 × 10⁻⁸"
    assert capacity.lambda_text(1e-08) == "10⁻⁸"
    _draw(capacity.plot_degree_fit, result, 3)
    _draw(capacity.plot_lambda_fit, result, 1e-3)


def test_k_outcome_names_merged_and_split_blobs_together(monkeypatch):
    from snippets import kmeans_k

    said = {}
    for merged in (False, True):
        for split in (False, True):
            monkeypatch.setattr(kmeans_k, "blob_shares", lambda r, k, m=merged, s=split: (m, s))
            said[merged, split] = kmeans_k.k_outcome(None, 3)
    assert said[True, True] == "blobs merged and a blob split"
    assert len(set(said.values())) == 4


def test_kmeans_slider_functions():
    from snippets import kmeans_k

    result = computed("kmeans_k")
    numbers = kmeans_k.k_numbers(result, result.true_k)
    assert numbers["held-out cost"] == result.heldout_at_true_k
    assert list(numbers) == ["training cost", "held-out cost"]  # legend's order
    with pytest.raises(ValueError, match="compute"):
        kmeans_k.k_numbers(result, result.max_k + 1)
    _draw(kmeans_k.plot_k, result, 3)


@pytest.mark.parametrize("item", SLIDERS, ids=_id)
def test_the_notebook_has_a_plain_function_for_the_slider(built_site, item):
    page, line, match = item
    attributes = slider_requests.parse_attributes(match["slider"], f"{page.name}:{line}")
    text = attributes["slider"].partition("|")[0]
    function = "slide_" + re.sub(r"\W+", "_", text.lower()).strip("_")
    stem = notebook_stem(page.relative_to(DOCS).as_posix())
    notebook = nbformat.read(built_site / "notebooks" / stem / f"{stem}.ipynb", as_version=4)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert f"def {function}(value):" in code
    assert f"{attributes['numbers']}(result_{match['module']}, value)" in code
    assert "ipywidgets" not in code and "interact" not in code
    # Run the function with stand-ins: it prints what the page shows beside the
    # figure, a " (%)" fraction as a percentage (review 10, 24: it printed 0.814).
    cell = next(c.source for c in notebook.cells if f"def {function}(value):" in c.source)
    shown = {"validation accuracy (%)": 0.814, "training loss": 0.248}
    printed = io.StringIO()
    stand_ins = {
        f"result_{match['module']}": None,
        attributes["numbers"]: lambda result, value: shown,
        attributes["outcome"]: lambda result, value: "outcome",
        match["func"]: lambda result, value: None,
    }
    with contextlib.redirect_stdout(printed):
        exec(cell, stand_ins)  # noqa: S102 - the notebook's own cell, on stand-ins
    assert "validation accuracy: 81.4%" in printed.getvalue()
    assert "training loss: 0.248" in printed.getvalue()


def test_a_notebook_offers_only_the_sliders_its_page_shows(built_site):
    """Home quotes the epochs module, whose slider is on epochs/: home's notebook runs that
    module but offers no slider function (it said "The page's slider offers ...")."""
    notebook = nbformat.read(built_site / "notebooks" / "home" / "home.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells)
    assert "result_epochs" in text
    assert "def slide_" not in text and "The page's slider" not in text


# ---------------------------------------------------------------- what each position shows


def _errors_against_chosen(numbers, chosen, outcome, is_chosen, lowest):
    """The label by the comparison with the chosen setting: "underfits" where both
    errors are higher than there, "overfits" where training is lower and validation higher."""
    train, val = numbers["training RMSE"], numbers["validation RMSE"]
    best_train, best_val = chosen["training RMSE"], chosen["validation RMSE"]
    gap = val / best_val - 1
    if outcome.startswith("chosen on validation"):
        assert is_chosen and val == pytest.approx(lowest)
        return
    if outcome.startswith("close to the chosen"):
        assert val <= 1.1 * best_val and f"{gap:.2%} higher (under 10%)" in outcome
        return
    assert val > 1.1 * best_val and f"{gap:.1%} higher" in outcome
    if outcome.startswith("underfits"):
        assert train > best_train and "training RMSE higher" in outcome
    else:
        assert outcome.startswith("overfits") and "training RMSE lower" in outcome
        assert train < best_train


def _check_capacity(result, func, value, outcome):
    from snippets import capacity

    if func == "plot_degree_fit":
        numbers, chosen, lowest = capacity.degree_numbers, result.chosen_degree, result.val_rmse
    else:
        numbers, chosen, lowest = (
            capacity.lambda_numbers,
            result.chosen_lambda,
            result.ridge_val_rmse,
        )
    _errors_against_chosen(
        numbers(result, value),
        numbers(result, chosen),
        outcome,
        value == chosen,
        lowest.min(),
    )


def _check_epochs(result, _, epoch, outcome):
    val, train = result.val_loss[epoch - 1], result.train_loss[epoch - 1]
    lowest = result.val_loss.min()
    flat = val <= lowest + result.flat_tolerance  # the page's flat minimum
    if outcome.startswith("chosen on validation"):
        assert epoch == result.best_epoch and val == lowest
    elif outcome.startswith("in the flat minimum"):
        assert flat and epoch != result.best_epoch
        side = "before" if epoch < result.best_epoch else "after"
        assert f"{side} the chosen epoch" in outcome and "overfitting" not in outcome
    elif outcome.startswith("underfitting, near the validation minimum"):
        assert epoch < result.best_epoch and val <= 1.01 * lowest
    elif outcome.startswith("too early, underfitting"):
        assert epoch < result.best_epoch and val > 1.01 * lowest
    else:
        acc, best_acc = result.val_acc[epoch - 1], result.best_val_acc
        assert epoch > result.best_epoch and str(result.best_epoch) in outcome
        assert train < result.train_loss_at_best and not flat
        assert ("within 1% of it" in outcome) == (val <= 1.01 * lowest)
        assert f"{acc:.1%}" in outcome and f"{best_acc:.1%}" in outcome
        # Past the flat minimum "overfitting (by the loss)", and where the accuracy is
        # still higher than at the chosen epoch, the label says so.
        assert outcome.startswith("overfitting (by the loss): training loss lower")
        assert ("although validation accuracy is still higher" in outcome) == (acc > best_acc)
        assert ("highest of the run" in outcome) == (acc == result.val_acc.max())
        # No label speaks of the training loss ticking up: its rises are below
        # the digits shown beside the figure.
        assert "ticks up" not in outcome


def _shares(result, k):
    """Blob x cluster counts at K, each point in the blob whose centre is nearest."""
    from snippets.kmeans_k import CENTRES

    blob = np.array([np.argmin(((CENTRES - point) ** 2).sum(axis=1)) for point in result.x_train])
    labels = result.labels[k - 1]
    return np.array(
        [[np.sum((blob == b) & (labels == c)) for c in range(k)] for b in range(len(CENTRES))]
    )


def _check_kmeans(result, _, k, outcome):
    counts = _shares(result, k)
    of_blob = counts / counts.sum(axis=1, keepdims=True)  # each blob's points, by cluster
    if k < result.true_k:
        assert outcome.startswith("too few clusters")
        assert any(np.sum(of_blob[:, c] >= 0.2) >= 2 for c in range(k)), (
            "no cluster holds two blobs"
        )
    elif k == result.true_k:
        assert outcome == "one cluster per blob"
        majority = of_blob.argmax(axis=1)
        assert len(set(majority)) == k and of_blob.max(axis=1).min() > 0.9
    else:
        assert outcome.startswith("too many clusters")
        assert any(np.sum(row >= 0.2) >= 2 for row in of_blob), "no blob is split"


def _check_learning_rate(result, _, fraction, outcome):
    from snippets import learning_rate as lr

    _, path, gaps = lr.descent_at(result, fraction)
    steep = np.linalg.eigh(lr.hessian(lr.design_matrix(result.x)))[1][:, -1]
    w_opt = np.array([result.slope_lstsq, result.intercept_lstsq])
    across = (path[:4] - w_opt) @ steep  # the error across the valley, steps 0-3
    crossings = int(np.sum(np.diff(np.sign(across)) != 0))
    if outcome.startswith("diverges"):
        assert fraction > 1 and len(path) - 1 < result.n_steps
        assert f"at step {len(path) - 1:,}" in outcome
    elif outcome.startswith("does not converge"):
        assert fraction == 1 and crossings == 3 and gaps[-1] > 0.5 * gaps[0]
        assert abs(across[3]) == pytest.approx(abs(across[0]), rel=1e-6)  # never shrinking
    elif outcome.startswith("converges, zig-zagging"):
        assert 0.5 < fraction < 1 and crossings == 3 and gaps[-1] < 1e-6 * gaps[0]
    elif outcome.startswith("converges: the steep direction settles"):
        assert np.all(np.abs(across[1:]) < 1e-9 * abs(across[0]))
    else:
        assert outcome == "converges without crossing the valley"
        assert fraction < 0.5 and crossings == 0 and gaps[-1] < gaps[0]


_OUTCOME_CHECKS = {
    "capacity": _check_capacity,
    "epochs": _check_epochs,
    "kmeans_k": _check_kmeans,
    "learning_rate": _check_learning_rate,
}


@pytest.mark.parametrize("item", SLIDERS, ids=_id)
def test_claim_outcomes_say_what_each_position_shows(item):
    """capacity.md, epochs.md, learned-hyperparameters.md, learning-rate.md: the outcome
    each slider position states (under the figure and in its alt text) is what that
    position computes: underfits, overfits, near the chosen setting, diverged at the
    step it states, blobs merged or split."""
    _, _, match = item
    result = computed(match["module"])
    outcome = outcome_of(item)
    for value in positions_of(item).values:
        _OUTCOME_CHECKS[match["module"]](result, match["func"], value, outcome(result, value))
