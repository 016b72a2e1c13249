"""One browser tab on the served site, recording what every page load does."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from axe_playwright_python.base import AXE_SCRIPT  # the axe-core it bundles

CAP_MS = 120_000  # Playwright's 30 s default is short for a page of a loaded 2-core machine

# Every <img>: is it displayed, and did it load? Displayed lazy images are
# scrolled into view first, because they load only then. The wait ends when
# the image fires load or error; page.evaluate has no timeout of its own, so a
# cap turns an image that never settles into a failure naming it, never into
# a pass (and never into a broken image on a merely slow machine).
_IMAGES = """async capMs => {
  const settled = img => new Promise((done, fail) => {
    if (img.complete) return done()
    img.addEventListener("load", done, {once: true})
    img.addEventListener("error", done, {once: true})
    setTimeout(() => fail(new Error("image never loaded nor failed: " + img.src)), capMs)
  })
  const found = []
  for (const img of document.querySelectorAll("img")) {
    const shown = img.checkVisibility()
    if (shown) { img.scrollIntoView({block: "center"}); await settled(img) }
    found.push({src: img.src, shown, width: img.naturalWidth,
                figure: img.closest(".computed-figure") !== null})
  }
  window.scrollTo(0, 0)
  return found
}"""

# Wait until the page is still: scrolling makes Material fade the header title
# and move other parts; those CSS transitions start a frame or two after the
# scroll. Wait for frames, then for every finite animation to finish, until a
# pair of frames starts none. This waits for a state, not for a time, and the
# colours checked afterwards are the settled ones, so a real contrast problem
# still fails.
_SETTLE = """async capMs => {
  const frame = () => new Promise(done => requestAnimationFrame(() => done()))
  const moving = () => document.getAnimations().filter(a =>
    a.playState === "running"
    && a.effect && a.effect.getComputedTiming().endTime !== Infinity)
  const giveUp = performance.now() + capMs
  for (;;) {
    await frame(); await frame()
    const running = moving()
    if (running.length === 0) return
    if (performance.now() > giveUp)
      throw new Error("the page never stopped moving: " + running.map(a => a.animationName
        || a.transitionProperty).join(", "))
    await Promise.all(running.map(a => a.finished.catch(() => null)))
  }
}"""

# Material keeps the palette in localStorage under its scope (the site root)
# plus ".__palette"; __md_set writes there. The stored option must be the
# toggle input of that scheme, or Material's script switches it back.
_STORE_SCHEME = """scheme => {
  const inputs = [...document.querySelectorAll("input[name=__palette]")]
  const index = inputs.findIndex(input =>
    input.dataset.mdColorScheme === scheme
    && input.dataset.mdColorMedia !== "(prefers-color-scheme)")
  const input = inputs[index]
  __md_set("__palette", {index, color: {
    media: input.dataset.mdColorMedia, scheme,
    primary: input.dataset.mdColorPrimary, accent: input.dataset.mdColorAccent}})
  return __md_scope.pathname + ".__palette"
}"""


def _no_images(route) -> None:
    if route.request.resource_type == "image":
        route.abort()
    else:
        route.continue_()


@dataclass
class Record:
    """What the tab saw since the last navigation."""

    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@dataclass
class Visit:
    path: str
    scheme: str
    record: Record
    images: list[dict]
    notebook_links: list[str]
    violations: list[dict]


class Tab:
    def __init__(self, context, site_url: str):
        self.context, self.site_url = context, site_url
        context.set_default_timeout(CAP_MS)  # a cap on waits for states, never a wait itself
        self.record = Record()
        # On the context, not the page: it also sees the search worker's requests.
        context.on("request", lambda r: self.record.requests.append(r.url))
        context.on("requestfailed", self._failed)
        context.on("response", self._response)
        self.page = context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.record.console_errors.append(str(e)))

    def _failed(self, request) -> None:
        self.record.failures.append(f"{request.url}: {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 400:
            self.record.failures.append(f"{response.url}: HTTP {response.status}")

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.record.console_errors.append(f"{message.text} ({where})")

    def open(self, path: str) -> Record:
        # Leave the last page first: its requests still in flight (a favicon, a
        # prefetched frame) end when it is left, aborted, and those events must
        # land in its record, not in the next page's. Once this navigation has
        # finished, every event of the old page has been delivered.
        self.page.goto("about:blank")
        self.record = Record()
        self.page.goto(self.site_url + path, wait_until="load")
        return self.record

    def store_scheme(self, scheme: str) -> None:
        # Stored from a page that loads no images: an image seen once in the
        # wrong theme stays in the browser's cache and would then show up as
        # a request for the hidden variant.
        setup = self.context.new_page()
        setup.route("**/*", _no_images)
        setup.goto(self.site_url)
        key = setup.evaluate(_STORE_SCHEME, scheme)
        setup.close()
        assert key == urlparse(self.site_url).path + ".__palette", key
        self.open("")
        assert self.scheme() == scheme, f"stored {scheme}, page shows {self.scheme()}"

    def settle(self) -> None:
        """Return once no transition or animation is running on the page."""
        self.page.evaluate(_SETTLE, CAP_MS)

    def scheme(self) -> str:
        return self.page.evaluate("document.body.dataset.mdColorScheme")

    def start_visit(self, path: str, images: bool = True) -> None:
        """Load a page, look at its images (unless told not to) and links, and start axe on it.

        axe runs in the page while this returns, so two tabs (two renderer
        processes) check two pages at once: axe is most of a visit's time.
        """
        record = self.open(path)
        self._visit = (path, record, self.page.evaluate(_IMAGES, CAP_MS) if images else [])
        self.settle()
        self._links = self.page.eval_on_selector_all(
            'a[download][href$=".ipynb"]', "links => links.map(a => a.href)"
        )
        self.page.evaluate(AXE_SCRIPT)
        self.page.evaluate("() => { window.axeRun = axe.run({resultTypes: ['violations']}) }")

    def finish_visit(self) -> Visit:
        path, record, images = self._visit
        violations = self.page.evaluate("window.axeRun.then(r => r.violations)")
        return Visit(path, self.scheme(), record, images, self._links, violations)

    def visit(self, path: str) -> Visit:
        self.start_visit(path)
        return self.finish_visit()

    def close(self) -> None:
        self.context.close()


def axe_findings(visits: list[Visit]) -> list[str]:
    """One line per axe violation of every visit: theme, page, rule, an example node."""
    return [
        f"{v.scheme} /{v.path}: {rule['id']} ({rule['impact']}) "
        f"{len(rule['nodes'])}x, e.g. {rule['nodes'][0]['target']}: "
        f"{rule['nodes'][0]['failureSummary'].splitlines()[-1].strip()}"
        for v in visits
        for rule in v.violations
    ]
