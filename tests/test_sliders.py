"""Slider figures: what the page offers and shows is what the code computes.

For every `{slider=...}` figure in docs/: the positions in the built page are
the values written in the Markdown; the numbers shown at the first, the
default and the last position are those the snippet's numbers function gives
for a fresh `compute()`; every frame exists in both themes. Then the snippet
functions behind the sliders, called directly (they run in the build's worker
process, which coverage does not see), and the facts the pages' questions
state about them.
"""

from __future__ import annotations

import html
import importlib
import json
import re
import sys
from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import executable_pages  # noqa: E402  (the hook's own reading of a figure line)
import sliders  # noqa: E402
from slider_frames import parse_value  # noqa: E402

from tests.markdown_pages import DOCS, find_in_prose, pages  # noqa: E402


def slider_lines() -> list[tuple[Path, int, re.Match]]:
    found = []
    for page in pages():
        for line, match in find_in_prose(page.read_text(encoding="utf-8"), executable_pages.FIGURE):
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


@pytest.mark.parametrize("item", SLIDERS, ids=_id)
def test_the_page_offers_the_values_written_in_it(built_site, item):
    page, line, match = item
    attributes = sliders.parse_attributes(match["slider"], f"{page.name}:{line}")
    values = sliders.expand_values(attributes["values"], "")
    spec = {"unit": attributes.get("unit", "")}
    data = slider_data(built_site, page, match)
    assert data["values"] == [sliders.shown_value(spec, v) for v in values]
    assert f'max="{len(values) - 1}"' in data["input"]
    default = values.index(attributes["default"])
    assert f'value="{default}"' in data["input"]
    assert all(
        "{value}" not in alt and shown in alt
        for alt, shown in zip(data["alts"], data["values"], strict=True)
    )
    # Continuous hyperparameters get at least 12 positions; K and the degree are counts.
    assert len(values) >= 10


@pytest.mark.parametrize("item", SLIDERS, ids=_id)
def test_numbers_shown_are_computed_for_that_value(built_site, item):
    page, line, match = item
    attributes = sliders.parse_attributes(match["slider"], f"{page.name}:{line}")
    values = sliders.expand_values(attributes["values"], "")
    module = importlib.import_module(f"snippets.{match['module']}")
    numbers = getattr(module, attributes["numbers"])
    data = slider_data(built_site, page, match)
    for index in sorted({0, values.index(attributes["default"]), len(values) - 1}):
        expected = numbers(computed(match["module"]), parse_value(values[index]))
        shown = [sliders.format_number(_plain(n)) for n in expected.values()]
        assert data["numbers"][index] == shown, (page.name, values[index])
        assert all(np.isfinite(n) for n in expected.values())
    # Without JavaScript, the default position's numbers are in the page itself.
    default = values.index(attributes["default"])
    for label, shown in zip(expected, data["numbers"][default], strict=True):
        assert f"<dt>{html.escape(label)}</dt><dd>{shown}</dd>" in data["html"]


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
    assert sliders.format_number(0.000123) == "0.000123"
    assert sliders.format_number(1.5e-8) == "1.5 × 10⁻⁸"
    assert sliders.format_number(1e12) == "10¹²"


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
    for path, line, match in SLIDERS:
        if path.name == page and match["func"] == func:
            attributes = sliders.parse_attributes(match["slider"], f"{page}:{line}")
            return [parse_value(v) for v in sliders.expand_values(attributes["values"], "")]
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
    _draw(capacity.plot_degree_fit, result, 3)
    _draw(capacity.plot_lambda_fit, result, 1e-3)


def test_kmeans_slider_functions():
    from snippets import kmeans_k

    result = computed("kmeans_k")
    numbers = kmeans_k.k_numbers(result, result.true_k)
    assert numbers["held-out cost"] == result.heldout_at_true_k
    with pytest.raises(ValueError, match="compute"):
        kmeans_k.k_numbers(result, result.max_k + 1)
    _draw(kmeans_k.plot_k, result, 3)


@pytest.mark.parametrize("item", SLIDERS, ids=_id)
def test_the_notebook_has_a_plain_function_for_the_slider(built_site, item):
    page, line, match = item
    attributes = sliders.parse_attributes(match["slider"], f"{page.name}:{line}")
    text = attributes["slider"].partition("|")[0]
    function = "slide_" + re.sub(r"\W+", "_", text.lower()).strip("_")
    stem = executable_pages.notebook_stem(page.relative_to(DOCS).as_posix())
    notebook = nbformat.read(built_site / "notebooks" / stem / f"{stem}.ipynb", as_version=4)
    code = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")
    assert f"def {function}(value):" in code
    assert f"{attributes['numbers']}(result_{match['module']}, value)" in code
    assert "ipywidgets" not in code and "interact" not in code
