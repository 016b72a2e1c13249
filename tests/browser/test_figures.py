"""Figures: the variant of the current theme is shown and loads, the other is
not even downloaded, and the palette toggle swaps them."""

from __future__ import annotations

from urllib.parse import urldefrag

import pytest

pytestmark = pytest.mark.browser

VARIANT = {"default": "#only-light", "slate": "#only-dark"}
OTHER = {"default": "#only-dark", "slate": "#only-light"}


def test_every_displayed_image_loads(visits):
    broken = [
        f"{v.scheme} /{v.path}: {image['src'][:120]}"
        for v in visits
        for image in v.images
        if image["shown"] and image["width"] == 0
    ]
    assert not broken, "\n".join(broken)


def test_each_theme_shows_its_variant_and_skips_the_other(visits):
    problems = []
    for v in visits:
        for image in (i for i in v.images if i["figure"]):
            where = f"{v.scheme} /{v.path}: {image['src'].rsplit('/', 1)[-1]}"
            ours = image["src"].endswith(VARIANT[v.scheme])
            if not image["src"].endswith((VARIANT[v.scheme], OTHER[v.scheme])):
                problems.append(f"{where} is neither variant")
            elif ours and not image["shown"]:
                problems.append(f"{where} is hidden in its own theme")
            elif not ours and image["shown"]:
                problems.append(f"{where} is shown in the other theme")
            elif not ours and (image["width"] or urldefrag(image["src"])[0] in v.record.requests):
                problems.append(f"{where} was downloaded though hidden (lazy?)")
    assert not problems, "\n".join(problems)


def test_figure_pages_exist(visits):
    assert any(i["figure"] for v in visits for i in v.images), "no computed figure"


def _first_figure_page(visits) -> str:
    return next(v.path for v in visits if any(i["figure"] for i in v.images))


def test_the_palette_toggle_swaps_the_figures(browser, site_url, visits):
    context = browser.new_context()  # nothing stored: the palette follows the system
    page = context.new_page()
    try:
        page.goto(site_url + _first_figure_page(visits))
        for _ in range(3):  # the toggle cycles: system, light, dark
            figure = page.locator(".computed-figure img:visible").first
            figure.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete", arg=figure.element_handle())
            scheme = page.evaluate("document.body.dataset.mdColorScheme")
            src, width = figure.evaluate("img => [img.src, img.naturalWidth]")
            assert src.endswith(VARIANT[scheme]) and width > 0, (scheme, src, width)
            page.locator("form[data-md-component=palette] label:visible").click()
    finally:
        context.close()
