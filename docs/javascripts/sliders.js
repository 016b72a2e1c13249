// Slider figures (hooks/sliders.py): every frame and number was computed in
// Python when the site was built; this script only swaps what the page holds.
// Frames other than the default are fetched on the first touch of the slider,
// then a few ahead in the direction of the drag.
(() => {
  const AHEAD = 3

  function setUp(figure) {
    const data = JSON.parse(figure.dataset.slider)
    const input = figure.querySelector("input[type=range]")
    const output = figure.querySelector("output")
    const images = [...figure.querySelectorAll("img")]  // light, dark
    const link = figure.querySelector("a.slider-full")
    const cells = [...figure.querySelectorAll(".slider-numbers dd")]
    const fetched = new Map()
    let touched = false
    let last = Number(input.value)

    // The theme not shown has display: none, hence no offsetParent.
    const visibleTheme = () => Math.max(0, images.findIndex(img => img.offsetParent !== null))
    const prefetch = index => {
      if (index < 0 || index >= data.values.length) return
      const phone = window.matchMedia(prefersPhone() || "not all").matches
      const url = (phone ? data.phoneFrames : data.frames)[visibleTheme()][index]
      if (fetched.has(url)) return
      const image = new Image()
      image.src = url
      fetched.set(url, image.decode().catch(() => null))
    }
    const touch = () => {
      if (touched) return
      touched = true
      for (let d = 1; d <= AHEAD; d++) { prefetch(last + d); prefetch(last - d) }
    }
    // A narrow screen shows each frame's phone variant (<source> in a <picture>).
    const prefersPhone = () => figure.querySelector("source")?.media
    const setPhoneSource = (img, theme, index) => {
      const source = img.parentElement.querySelector("source")
      if (!source) return
      source.srcset = data.phoneFrames[theme][index]
      ;[source.width, source.height] = data.phoneSizes[index]
    }
    const show = index => {
      const [width, height] = data.sizes[index]
      images.forEach((img, theme) => {
        setPhoneSource(img, theme, index)  // before src: one choice, one download
        img.src = data.frames[theme][index]
        img.alt = data.alts[index]
        img.width = width
        img.height = height
      })
      link.href = data.frames[0][index].split("#")[0]
      output.value = data.values[index]
      input.setAttribute("aria-valuetext", data.values[index])
      cells.forEach((cell, k) => { cell.textContent = data.numbers[index][k] })
    }

    input.hidden = false
    input.addEventListener("pointerdown", touch)
    input.addEventListener("keydown", touch)
    input.addEventListener("input", () => {
      touch()
      const index = Number(input.value)
      const step = Math.sign(index - last) || 1
      show(index)
      for (let d = 1; d <= AHEAD; d++) prefetch(index + step * d)
      prefetch(index - step)
      last = index
    })
  }

  document.querySelectorAll("figure[data-slider]").forEach(setUp)
})()
