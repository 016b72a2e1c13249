// "Open the figure full size" (the link around every computed figure): without
// this script the link opens the light SVG as a page of its own. With it, the
// figure opens at full size in a dialog over the page, in the theme the reader
// sees, and the page stays where it was: Escape, the close button or a click
// outside the figure close the dialog, and the focus returns to the link.
(() => {
  const LINKS = "figure.computed-figure > a"
  let dialog = null

  function build() {
    const box = document.createElement("dialog")
    box.className = "full-size"
    box.setAttribute("aria-label", "Figure at full size")
    box.innerHTML =
      '<form method="dialog"><button class="full-size__close">Close</button></form>' +
      '<div class="full-size__scroll" tabindex="0"></div>'
    box.addEventListener("click", event => {
      if (event.target === box) box.close()  // the backdrop, outside the figure
    })
    document.body.append(box)
    return box
  }

  function show(link) {
    // The image the reader sees: light or dark, a <picture>'s chosen source included.
    const shown = [...link.querySelectorAll("img")].find(img => img.checkVisibility())
    if (!shown) return false
    dialog ??= build()
    const copy = document.createElement("img")
    // Without the "#only-dark" mark, which Material's CSS hides in the other theme.
    copy.src = (shown.currentSrc || shown.src).split("#")[0]
    copy.alt = shown.alt
    copy.width = shown.naturalWidth || shown.width
    copy.height = shown.naturalHeight || shown.height
    dialog.querySelector(".full-size__scroll").replaceChildren(copy)
    dialog.addEventListener("close", () => link.focus({preventScroll: true}), {once: true})
    dialog.showModal()
    return true
  }

  document.addEventListener("click", event => {
    const link = event.target.closest(LINKS)
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return
    if (show(link)) event.preventDefault()
  })
})()
