// The smallest rendered text of each displayed figure on the page, in CSS px:
// the image's rendered width ÷ its SVG viewBox width × the smallest font-size in
// the SVG. Each image is scrolled to and awaited, so lazy ones load (the file
// actually displayed: a <picture> may have chosen its phone variant).
async root => {
  root = root || document  // Playwright passes null when given no argument
  const FONT = /font(?:-size)?: ?(?:[a-z]+ )*([\d.]+)px/g
  const images = [...root.querySelectorAll(
    ".computed-figure img, .jupyter-wrapper .jp-OutputArea-output img")]
    .filter(img => img.checkVisibility())
  const found = []
  for (const img of images) {
    img.scrollIntoView({block: "center"})
    if (!img.complete || img.naturalWidth === 0) await img.decode().catch(() => null)
    const src = img.currentSrc
    const svg = await (await fetch(src.split("#")[0])).text()
    const viewBox = svg.match(/viewBox="[-\d.]+ [-\d.]+ ([\d.]+) /)
    const sizes = [...svg.matchAll(FONT)].map(m => Number(m[1]))
    const box = img.getBoundingClientRect().width
    found.push({src, box, viewBox: viewBox && Number(viewBox[1]), smallest: Math.min(...sizes),
                px: viewBox ? box / Number(viewBox[1]) * Math.min(...sizes) : 0})
  }
  return found
}
