// Glossary tooltips (computed_pages/render/glossary.py). Without this script CSS alone shows a
// tip on hover and keyboard focus, under its term. This script:
// - places the open tip with position: fixed, so no scroll box (a wide table's)
//   clips it, below the term or above when there is no room below, and shifted
//   sideways to stay inside the viewport; a tip taller than the room scrolls;
// - on a touch screen opens the tip on the first tap instead of leaving the page
//   (the tip's own "Glossary entry" link, or a second tap, goes to the glossary);
// - closes it on Escape, until the pointer or the focus leaves the term.
(() => {
  const MARGIN = 8  // px kept free between a tip and the viewport's edges
  const GAP = 4  // px between the term and its tip
  let pointerType = "mouse"

  const tipOf = gl => gl.querySelector(".gl-tip")

  function place(gl) {
    const tip = tipOf(gl)
    if (getComputedStyle(tip).display === "none") return
    const term = gl.querySelector(".gl-term").getBoundingClientRect()
    const width = innerWidth, height = innerHeight
    tip.style.maxWidth = `${Math.min(352, width - 2 * MARGIN)}px`
    tip.style.maxHeight = ""  // measured at its full height
    const box = tip.getBoundingClientRect()
    const left = Math.min(Math.max(MARGIN, term.left), width - MARGIN - box.width)
    const below = term.bottom + GAP
    const roomBelow = height - MARGIN - below
    const roomAbove = term.top - GAP - MARGIN
    // Below if it fits there, else on the roomier side; a tip taller than that side
    // scrolls inside it rather than cover its own term (the pointer would leave it).
    const side = box.height <= roomBelow || roomBelow >= roomAbove ? "below" : "above"
    const room = Math.max(0, side === "below" ? roomBelow : roomAbove)
    if (box.height > room) tip.style.maxHeight = `${room}px`
    const shown = Math.min(box.height, room)
    tip.style.left = `${Math.max(MARGIN, left)}px`
    tip.style.top = `${side === "below" ? below : term.top - GAP - shown}px`
    tip.dataset.side = side
  }

  function open(gl) {
    gl.classList.remove("gl--dismissed")
    gl.classList.add("gl--open")
    place(gl)
  }

  function close(gl) {
    gl.classList.remove("gl--open")
  }

  const openTips = () => document.querySelectorAll(".gl--open")

  function setUp(gl) {
    const term = gl.querySelector(".gl-term")
    gl.addEventListener("mouseenter", () => open(gl))
    gl.addEventListener("mouseleave", () => { close(gl); gl.classList.remove("gl--dismissed") })
    gl.addEventListener("focusin", () => open(gl))
    gl.addEventListener("focusout", event => {
      if (!gl.contains(event.relatedTarget)) { close(gl); gl.classList.remove("gl--dismissed") }
    })
    term.addEventListener("click", event => {
      // A tap on a touch screen: the first one shows the definition.
      if (pointerType === "mouse" || gl.classList.contains("gl--open") && gl.dataset.tapped) return
      event.preventDefault()
      openTips().forEach(other => { if (other !== gl) { close(other); delete other.dataset.tapped } })
      gl.dataset.tapped = "1"
      open(gl)
    })
  }

  addEventListener("pointerdown", event => {
    pointerType = event.pointerType || "mouse"
    // A tap outside every open tip closes them.
    if (!event.target.closest(".gl")) {
      openTips().forEach(gl => { close(gl); delete gl.dataset.tapped })
    }
  }, true)
  addEventListener("keydown", event => {
    if (event.key !== "Escape") return
    openTips().forEach(gl => {
      close(gl)
      delete gl.dataset.tapped
      gl.classList.add("gl--dismissed")
    })
  })
  const replace = () => openTips().forEach(place)
  addEventListener("scroll", replace, {passive: true, capture: true})
  addEventListener("resize", replace)

  document.documentElement.classList.add("gl-js")
  document.querySelectorAll(".gl").forEach(setUp)
})()
