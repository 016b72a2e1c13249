// A table, a display formula or a notebook's figure (drawn at its natural size,
// notebook.css) wider than the screen scrolls sideways inside
// its box. Two things make that usable:
// - the box takes keyboard focus, as Material does for its code blocks, or a
//   keyboard user could not scroll it (axe: scrollable-region-focusable);
// - the reader sees that it scrolls: a line "Scroll sideways" above it, and its
//   edge fades where more of it lies out of view (data-more="left right").
(() => {
  const REGIONS = ".md-typeset__scrollwrap, .math-display, .nb-figure"

  function mark(region) {
    const more = []
    if (region.scrollLeft > 1) more.push("left")
    if (region.scrollLeft + region.clientWidth < region.scrollWidth - 1) more.push("right")
    region.dataset.more = more.join(" ")
  }

  function setUp(region) {
    const overflows = region.scrollWidth > region.clientWidth + 1
    region.classList.toggle("scrolls-sideways", overflows)
    const hint = region.previousElementSibling?.classList.contains("scroll-hint")
      ? region.previousElementSibling : null
    if (!overflows) { hint?.remove(); delete region.dataset.more; return }
    if (!region.hasAttribute("tabindex")) region.tabIndex = 0
    if (!region.hasAttribute("aria-label") && region.matches(".md-typeset__scrollwrap")) {
      // A named region; each name unique on the page (axe: landmark-unique).
      const number = [...document.querySelectorAll(".md-typeset__scrollwrap")].indexOf(region) + 1
      region.setAttribute("role", "region")
      region.setAttribute("aria-label", `Table ${number}, scrolls sideways`)
    }
    if (!hint) {
      const line = document.createElement("p")
      line.className = "scroll-hint"
      line.setAttribute("aria-hidden", "true")  // the region's name says it to a screen reader
      line.textContent = "Scroll sideways \u2192"
      region.before(line)
    }
    mark(region)
    if (!region.dataset.watched) {
      region.dataset.watched = "1"
      region.addEventListener("scroll", () => mark(region), {passive: true})
    }
  }

  const all = () => document.querySelectorAll(REGIONS).forEach(setUp)
  addEventListener("load", () => {
    all()
    document.documentElement.dataset.scrollRegions = "ready"  // a state the tests wait for
  })
  addEventListener("resize", all)
})()
