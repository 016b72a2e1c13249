// A table wider than the screen (on a phone, say) scrolls sideways inside
// Material's wrapper, which never takes keyboard focus, so a keyboard user
// could not scroll it (axe: scrollable-region-focusable). Make each
// overflowing wrapper focusable, as Material does for its code blocks.
addEventListener("load", () => {
  for (const region of document.querySelectorAll(".md-typeset__scrollwrap")) {
    if (region.scrollWidth > region.clientWidth && !region.hasAttribute("tabindex")) {
      region.tabIndex = 0
    }
  }
})
