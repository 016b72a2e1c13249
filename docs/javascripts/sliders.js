// Slider figures (computed_pages/render/slider_html.py): every frame, number and outcome was computed in
// Python when the site was built; this script only swaps what the page holds.
//
// The data contract: each <figure data-slider> carries JSON with, for position i,
//   frames[t][i]   the image URL of theme t (0 light, 1 dark), as the <img> src
//   sizes[i]       [width, height] of the frame
//   phoneFrames[t][i], phoneSizes[i]  the phone variant: the srcset of the <source>
//                  in theme t's <picture>, and its size
//   values[i]      the value as shown; keys[i] the value as the address writes it
//   alts[i], outcomes[i], numbers[i] (the numbers shown, in the order of the <dd>s)
// and param (the address parameter: ?param=keys[i]) and default (the index shown first).
// Frames other than the shown one are fetched on the first touch of the slider,
// then a few ahead in the direction of the drag.
(() => {
  const AHEAD = 3
  const DWELL = 900 // ms a played frame stays once it has loaded

  // The one place that swaps a frame: the figures' own files, per theme.
  function swapFrame(images, data, index) {
    const [width, height] = data.sizes[index]
    images.forEach((img, theme) => {
      const picture = img.parentElement.tagName === "PICTURE" ? img.parentElement : null
      // A narrow screen shows the frame's phone variant (<source> in the <picture>):
      // set it before src, so the browser makes one choice and one download.
      const source = picture && picture.querySelector("source")
      if (source && data.phoneFrames) {
        source.srcset = data.phoneFrames[theme][index]
        ;[source.width, source.height] = data.phoneSizes[index]
      }
      img.src = data.frames[theme][index]
      img.alt = data.alts[index]
      img.width = width
      img.height = height
    })
  }

  const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)")

  function setUp(figure) {
    const data = JSON.parse(figure.dataset.slider)
    const input = figure.querySelector("input[type=range]")
    const output = figure.querySelector("output")
    const outcome = figure.querySelector(".slider-outcome")
    const images = [...figure.querySelectorAll("img")] // light, dark
    const link = figure.querySelector("a.slider-full")
    const cells = [...figure.querySelectorAll(".slider-numbers dd")]
    const marks = figure.querySelector(".slider-marks")
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
    const show = index => {
      input.value = String(index)
      swapFrame(images, data, index)
      link.href = data.frames[0][index].split("#")[0]
      output.value = data.values[index]
      input.setAttribute("aria-valuetext", data.values[index])
      outcome.textContent = data.outcomes[index]
      cells.forEach((cell, k) => { cell.textContent = data.numbers[index][k] })
      const step = Math.sign(index - last) || 1
      for (let d = 1; d <= AHEAD; d++) prefetch(index + step * d)
      prefetch(index - step)
      last = index
    }

    // The position in the address: ?learning-rate=1.01 opens there; back/forward restore.
    const fromAddress = () => {
      const key = new URLSearchParams(location.search).get(data.param)
      const index = data.keys.indexOf(key)
      return index >= 0 ? index : data.default
    }
    const toAddress = () => {
      const url = new URL(location.href)
      url.searchParams.set(data.param, data.keys[Number(input.value)])
      if (url.href !== location.href) history.pushState(history.state, "", url)
    }

    input.hidden = false
    if (marks) marks.hidden = false
    input.addEventListener("pointerdown", touch)
    input.addEventListener("keydown", touch)
    input.addEventListener("input", () => { touch(); show(Number(input.value)) })
    input.addEventListener("change", toAddress)
    addEventListener("popstate", () => show(fromAddress()))
    const start = fromAddress()
    if (start !== data.default) {
      touch()
      show(start)
      if (!location.hash) figure.scrollIntoView({ block: "center" })
    }
    setUpPlay(figure, data, input, images, show, touch, toAddress)
  }

  // Play steps through the positions, one loaded frame at a time; any key or click
  // stops it. No button at all when the reader prefers reduced motion.
  function setUpPlay(figure, data, input, images, show, touch, toAddress) {
    const head = figure.querySelector(".slider-head")
    let button = null
    let timer = null
    let run = 0 // a stop ends the run whose frame was still loading
    const playing = () => figure.dataset.playing === "true"
    const stop = () => {
      if (!playing()) return
      clearTimeout(timer)
      run += 1
      figure.dataset.playing = "false"
      button.textContent = "Play"
      toAddress()
    }
    const step = () => {
      const next = Number(input.value) + 1
      if (next >= data.values.length) { stop(); return }
      show(next)
      const mine = run
      const img = images.find(i => i.offsetParent !== null) || images[0]
      img.decode().catch(() => null).then(() => {
        if (mine === run && playing()) schedule()
      })
    }
    const play = () => {
      touch()
      figure.dataset.playing = "true"
      button.textContent = "Stop"
      if (Number(input.value) >= data.values.length - 1) show(0)
      schedule()
    }
    // data-scheduled: the position whose dwell has begun (a state tests can wait for).
    const schedule = () => {
      timer = setTimeout(step, DWELL)
      figure.dataset.scheduled = input.value
    }
    const place = () => {
      if (reducedMotion.matches) {
        stop()
        button?.remove()
        button = null
        return
      }
      if (button) return
      button = document.createElement("button")
      button.type = "button"
      button.className = "slider-play"
      button.textContent = "Play"
      button.addEventListener("click", () => (playing() ? stop() : play()))
      head.append(button)
    }
    // Any key stops it; Enter or Space on the button itself stop without restarting.
    document.addEventListener("keydown", event => {
      if (!playing()) return
      if (event.target === button && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault()
      }
      stop()
    }, true)
    document.addEventListener("pointerdown", event => {
      if (playing() && !(button && button.contains(event.target))) stop()
    }, true)
    figure.dataset.playing = "false"
    reducedMotion.addEventListener("change", place)
    place()
  }

  document.querySelectorAll("figure[data-slider]").forEach(setUp)
})()
