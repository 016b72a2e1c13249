"""Slider figures in Chromium: light and dark, desktop and 390 px.

On every page with a slider: before anyone touches it, no frame but the
default is requested; the keyboard (arrows, Home, End) moves it, and the
image, its alt text, the value, the outcome and the numbers follow, all from
the data the build wrote; nothing leaves the site, nothing logs an error, and
axe-core finds no violation in the figure once it has moved. The focus ring
shows (computed style, WCAG 2.4.7); the track's box stays put over a full
sweep; the marks are readable inside the figure; the glossary link sits
beside the label; the address carries the position, and back and forward
restore it; play steps through the positions and any key stops it, and there
is no play control when the reader prefers reduced motion. Every wait is for
a state (an attribute, a loaded image), never for a time; play runs on
Playwright's clock, advanced by hand.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from itertools import pairwise
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
    outcome: figure.querySelector(".slider-outcome").textContent,
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
    assert state["outcome"] == data["outcomes"][index] and state["outcome"] in state["alt"]


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


# The ring's colour against the page's background: at least 3:1 (WCAG 1.4.11).
_FOCUS = """input => {
  const style = getComputedStyle(input)
  const rgb = text => text.match(/[\\d.]+/g).map(Number)
  const lum = ([r, g, b]) => [r, g, b].map(c => c / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0)
  const ring = rgb(style.outlineColor)
  const page = rgb(getComputedStyle(document.body).backgroundColor)
  const alpha = ring.length > 3 ? ring[3] : 1
  const seen = [0, 1, 2].map(i => alpha * ring[i] + (1 - alpha) * page[i])  // over the page
  const [hi, lo] = [lum(seen), lum(page)].sort((a, b) => b - a)
  return {
    visible: input.matches(":focus-visible"), style: style.outlineStyle,
    width: parseFloat(style.outlineWidth), contrast: (hi + 0.05) / (lo + 0.05),
  }
}"""

_BOX = """input => {
  const box = input.getBoundingClientRect()
  return [box.left + scrollX, box.top + scrollY, box.width, box.height]
}"""


def _figures(tab: Tab, path: str):
    tab.open(path)
    return tab.page.locator("figure[data-slider]").all()


def test_focus_ring_shows_and_the_track_never_moves(tab, slider_pages):
    for path in slider_pages:
        for figure in _figures(tab, path):
            handle = figure.element_handle()
            slider = figure.locator("input[type=range]")
            slider.focus()
            slider.press("Home")  # a key: focus is now keyboard focus
            _wait_for_frame(tab, handle, 0)
            ring = slider.evaluate(_FOCUS)
            where = f"/{path} {figure.get_attribute('id')}"
            assert ring["visible"] and ring["style"] != "none", (where, ring)
            assert ring["width"] >= 2 and ring["contrast"] >= 3, (
                where,
                ring,
            )
            first = slider.evaluate(_BOX)
            for index in range(1, int(slider.get_attribute("max")) + 1):
                slider.press("ArrowRight")
                _wait_for_frame(tab, handle, index)
                assert slider.evaluate(_BOX) == first, f"{where}: the track moved at {index}"


def test_marks_and_label_are_readable_and_in_place(tab, slider_pages):
    for path in slider_pages:
        for figure in _figures(tab, path):
            where = f"/{path} {figure.get_attribute('id')}"
            found = figure.evaluate(
                """figure => {
                  const box = e => e.getBoundingClientRect()
                  const outer = box(figure)
                  const marks = [...figure.querySelectorAll(".slider-mark span")]
                  return {
                    marks: marks.map(m => ({
                      text: m.textContent, left: box(m).left, right: box(m).right,
                      top: box(m).top, bottom: box(m).bottom,
                      size: parseFloat(getComputedStyle(m).fontSize), shown: m.checkVisibility(),
                    })),
                    figure: [outer.left, outer.right],
                    linkInLabel: figure.querySelectorAll("label a").length,
                    linkBeside: figure.querySelectorAll(".slider-head > .slider-term a.gl-term").length,
                    label: figure.querySelector("label").textContent,
                  }
                }"""
            )
            assert found["marks"], f"{where}: no marks"
            left, right = found["figure"]
            for mark in found["marks"]:
                assert mark["shown"] and mark["size"] >= 12, (where, mark)
                assert left - 0.5 <= mark["left"] and mark["right"] <= right + 0.5, (where, mark)
            # Labels read left to right in the order of their ticks (rows go top-down).
            lefts = [m["left"] for m in found["marks"]]
            assert lefts == sorted(lefts), f"{where}: labels out of order {found['marks']}"
            rows = sorted((m["top"], m["bottom"]) for m in found["marks"])
            assert all(a[1] <= b[0] + 0.5 for a, b in pairwise(rows)), f"{where}: marks overlap"
            assert found["linkInLabel"] == 0 and found["linkBeside"] == 1, where
            # A click on the label moves focus to the slider and stays on the page.
            url = tab.page.url
            figure.locator("label").click()
            tab.page.wait_for_function(
                "figure => document.activeElement === figure.querySelector('input')",
                arg=figure.element_handle(),
            )
            assert tab.page.url == url


def _index(figure) -> int:
    return int(figure.locator("input[type=range]").input_value())


def test_the_address_round_trips_a_position_and_back_forward_restore(tab, slider_pages):
    for path in slider_pages:
        figures = _figures(tab, path)
        for figure in figures:
            data = figure.evaluate("figure => JSON.parse(figure.dataset.slider)")
            pick = 0 if data["default"] != 0 else len(data["keys"]) - 1
            address = f"{path}?{data['param']}={data['keys'][pick]}"
            tab.open(address)
            figure = tab.page.locator(f"#{figure.get_attribute('id')}")
            handle = figure.element_handle()
            _check_position(_wait_for_frame(tab, handle, pick), pick)
            slider = figure.locator("input[type=range]")
            slider.focus()
            after = pick + 1 if pick == 0 else pick - 1
            slider.press("ArrowRight" if pick == 0 else "ArrowLeft")
            _check_position(_wait_for_frame(tab, handle, after), after)
            tab.page.wait_for_function(
                "want => new URLSearchParams(location.search).get(want[0]) === want[1]",
                arg=[data["param"], data["keys"][after]],
            )
            tab.page.go_back()
            _check_position(_wait_for_frame(tab, handle, pick), pick)
            tab.page.go_forward()
            _check_position(_wait_for_frame(tab, handle, after), after)


_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def test_play_steps_through_the_positions_and_any_key_stops_it(tab, slider_pages):
    page = tab.context.new_page()
    # Installed, the clock still runs on its own; paused, timers run only when the test
    # advances it, so play takes exactly the steps the test allows.
    page.clock.install(time=_EPOCH)
    page.clock.pause_at(_EPOCH + timedelta(seconds=1))
    try:
        for path in slider_pages:
            page.goto(tab.site_url + path)
            for figure in page.locator("figure[data-slider]").all():
                figure.scroll_into_view_if_needed()
                handle = figure.element_handle()
                button = figure.locator("button.slider-play")
                start = _index(figure)
                if start >= int(figure.locator("input[type=range]").get_attribute("max")) - 2:
                    figure.locator("input[type=range]").press("Home")
                    start = 0
                button.click()
                for index in (start + 1, start + 2):
                    page.wait_for_function(
                        "([f, i]) => f.dataset.scheduled === String(i)", arg=[handle, index - 1]
                    )
                    page.clock.run_for(1000)
                    page.wait_for_function(
                        "([f, i]) => f.querySelector('input').value === String(i)",
                        arg=[handle, index],
                    )
                assert figure.get_attribute("data-playing") == "true"
                page.keyboard.press("Shift")
                page.wait_for_function("f => f.dataset.playing === 'false'", arg=handle)
                page.clock.run_for(10_000)
                assert _index(figure) == start + 2, (path, start, _index(figure), "play went on")
                assert button.inner_text() == "Play"
    finally:
        page.close()


def test_no_play_control_when_the_reader_prefers_reduced_motion(browser, site_url, slider_pages):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    try:
        for path in slider_pages:
            page.goto(site_url + path)
            page.wait_for_function(
                "() => [...document.querySelectorAll('figure[data-slider] input')].every(i => !i.hidden)"
            )
            assert page.locator("figure[data-slider] .slider-play").count() == 0, path
    finally:
        context.close()
