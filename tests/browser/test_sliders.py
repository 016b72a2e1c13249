"""Slider figures in Chromium: light and dark, desktop and 390 px.

On every page with a slider: before anyone touches it, no frame but the
default is requested; the keyboard (arrows, Home, End) moves it, and the
image, its alt text, the value and the numbers follow, all from the data the
build wrote; nothing leaves the site, nothing logs an error, and axe-core
finds no violation in the figure once it has moved. Every wait is for a
state (an attribute, a loaded image), never for a time.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from .conftest import THEMES
from .tab import Tab

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
OTHER_FRAME = re.compile(r"~\w+\.\d+(\.phone)?\.\w+\.(light|dark)\.svg")  # a non-default position

# The figure's state as a reader would see it, and the build's data for it.
_STATE = """figure => {
  const data = JSON.parse(figure.dataset.slider)
  const input = figure.querySelector("input[type=range]")
  const img = [...figure.querySelectorAll("img")].find(i => i.checkVisibility())
  const box = input.getBoundingClientRect()
  return {
    data, index: Number(input.value), hidden: input.hidden,
    valuetext: input.getAttribute("aria-valuetext"),
    output: figure.querySelector("output").textContent,
    numbers: [...figure.querySelectorAll(".slider-numbers dd")].map(d => d.textContent),
    src: img.src, alt: img.alt, loaded: img.complete && img.naturalWidth > 0,
    height: box.height, width: box.width,
  }
}"""

_AXE_ON = """selector => axe.run(selector, {resultTypes: ["violations"]}).then(r => r.violations)"""


@pytest.fixture(scope="module", params=[(s, w) for s in THEMES for w in SIZES], ids=str)
def tab(request, browser, site_url):
    scheme, size = request.param
    opened = Tab(browser.new_context(viewport=SIZES[size]), site_url)
    opened.store_scheme(scheme)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def slider_pages(site_pages, built_site) -> list[str]:
    return [
        path
        for path in site_pages
        if "data-slider=" in (built_site / path / "index.html").read_text(encoding="utf-8")
    ]


def _wait_for_frame(tab: Tab, figure, index: int) -> dict:
    tab.page.wait_for_function(
        """([figure, index]) => {
          const data = JSON.parse(figure.dataset.slider)
          const img = [...figure.querySelectorAll("img")].find(i => i.checkVisibility())
          const want = new URL(data.frames[0][index], location.href).pathname
          const alsoWant = new URL(data.frames[1][index], location.href).pathname
          const now = new URL(img.src).pathname
          return (now === want || now === alsoWant) && img.complete && img.naturalWidth > 0
        }""",
        arg=[figure, index],
    )
    return figure.evaluate(_STATE)


def _check_position(state: dict, index: int) -> None:
    data = state["data"]
    assert state["index"] == index
    assert state["output"] == data["values"][index] == state["valuetext"]
    assert state["alt"] == data["alts"][index] and data["values"][index] in state["alt"]
    assert state["numbers"] == data["numbers"][index]


def test_slider_pages_exist(slider_pages):
    assert len(slider_pages) >= 4, slider_pages  # capacity/ holds two


def test_sliders_move_with_the_keyboard(tab, slider_pages):
    problems = []
    for path in slider_pages:
        record = tab.open(path)
        figures = tab.page.locator("figure[data-slider]").all()
        for figure in figures:
            handle = figure.element_handle()
            figure.scroll_into_view_if_needed()
            state = figure.evaluate(_STATE)
            default, last = state["index"], len(state["data"]["values"]) - 1
            assert not state["hidden"], "the script did not reveal the slider"
            assert state["height"] >= 44, f"/{path}: touch target {state['height']} px tall"
            state = _wait_for_frame(tab, handle, default)
            _check_position(state, default)
        early = [url for url in record.requests if OTHER_FRAME.search(url)]
        assert not early, f"/{path}: frames fetched before any interaction: {early[:3]}"

        for figure in figures:
            handle = figure.element_handle()
            slider = figure.locator("input[type=range]")
            slider.focus()
            default = int(slider.get_attribute("value"))
            last = int(slider.get_attribute("max"))
            for key, index in (
                ("End", last),
                ("Home", 0),
                ("ArrowRight", 1),
                ("ArrowRight", 2),
                ("ArrowLeft", 1),
            ):
                slider.press(key)
                _check_position(_wait_for_frame(tab, handle, index), index)
            tab.page.evaluate(AXE_SCRIPT)
            found = tab.page.evaluate(_AXE_ON, f"#{figure.get_attribute('id')}")
            problems += [
                f"/{path} {figure.get_attribute('id')}: {rule['id']} {rule['nodes'][0]['target']}"
                for rule in found
            ]
        assert any(OTHER_FRAME.search(url) for url in record.requests), "no frame was fetched"
        elsewhere = [u for u in record.requests if urlparse(u).hostname != "127.0.0.1"]
        assert not elsewhere, f"/{path}: requests to other hosts: {elsewhere[:3]}"
        assert not record.console_errors, f"/{path}: {record.console_errors}"
        assert not record.failures, f"/{path}: {record.failures}"
    assert not problems, "\n".join(problems)


def test_without_javascript_the_default_position_is_an_ordinary_figure(
    browser, site_url, slider_pages
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        for path in slider_pages:
            page.goto(site_url + path)
            for figure in page.locator("figure[data-slider]").all():
                figure.scroll_into_view_if_needed()
                image = figure.locator("img:visible")
                page.wait_for_function(
                    "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
                )
                assert figure.locator("input[type=range]").is_hidden()
                assert figure.locator("output").inner_text() in image.get_attribute("alt")
                assert figure.locator(".slider-numbers dd").count() >= 1
    finally:
        context.close()
