"""Compare the staged build with the hooked one: `python tests/stage_diff.py SITE STAGED_SITE`.

SITE is the MkDocs build with the hooks (`make build`: site/); STAGED_SITE is a build
of `make stage`'s folder by a generator that runs no hook (`staged.yml` with plain
MkDocs, or Zensical). Checked on the built HTML, page by page: every page is there;
its article says the same words (so every computed number and caption; formulas are
left out, as they are typeset by a hook); its links lead to the same places (glossary
entries, notebooks, other pages); every figure image is there with the same bytes; every slider carries the same frames, values and numbers; every glossary
tooltip says the same; every notebook page shows every code cell of its notebook and
as many figure outputs. Prints each difference and exits 1 if there is any.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import sys
from pathlib import Path

ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(?P<body>.*?)</article>', re.S)
MATH = re.compile(
    r"<math\b.*?</math>|<span class=\"arithmatex\">.*?</span>|<div class=\"arithmatex\">.*?</div>",
    re.S,
)
TAG = re.compile(r"<[^>]+>")
IMAGE = re.compile(r'<(?:img|source)\b[^>]*?(?:src|srcset)="(?P<src>[^"#]+)')
SLIDER = re.compile(r'data-slider="(?P<data>[^"]*)"')
TIP = re.compile(r'<span class="gl-tip"[^>]*>(?P<tip>.*?)</span></span>', re.S)
LINK = re.compile(r'<a\b[^>]*?href="(?P<href>[^"]+)"')
NOTEBOOK_FIGURES = re.compile(r'<img\b[^>]*(?:src="data:image|src="output-)')


def words(markup: str) -> str:
    text = html.unescape(TAG.sub(" ", MATH.sub(" ", markup)))
    return " ".join(text.replace("¶", " ").split())


def article(page: Path) -> str:
    match = ARTICLE.search(page.read_text(encoding="utf-8"))
    return match["body"] if match else ""


def pages(site: Path) -> list[Path]:
    return sorted(p.relative_to(site) for p in site.rglob("index.html"))


def _images(site: Path, page: Path, body: str) -> dict[str, bytes]:
    found = {}
    for match in IMAGE.finditer(body):
        path = (site / page.parent / match["src"]).resolve()
        found[match["src"]] = path.read_bytes() if path.is_file() else b"MISSING"
    return found


def _links(page: Path, body: str) -> list[str]:
    """Where each link of the article leads, as a path in the site (and its #fragment)."""
    out = []
    for match in LINK.finditer(body):
        href = html.unescape(match["href"])
        if re.match(r"[a-z]+:|#|/", href):
            out.append(href)
            continue
        path, _, fragment = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(page.parent.as_posix(), path or "."))
        out.append(f"{resolved}#{fragment}" if fragment else resolved)
    return out


def compare_page(site: Path, staged: Path, page: Path) -> list[str]:
    a, b = article(site / page), article(staged / page)
    if not b:
        return [f"{page}: no article in the staged build"]
    if page.parts[0] == "notebooks":
        return _compare_notebook(site, staged, page, a, b)
    report = []
    if words(a) != words(b):
        left, right = words(a).split(), words(b).split()
        at = next(
            (i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y),
            min(len(left), len(right)),
        )
        report.append(
            f"{page}: the text differs at word {at}: {' '.join(left[at : at + 8])!r} against {' '.join(right[at : at + 8])!r}"
        )
    images_a, images_b = _images(site, page, a), _images(staged, page, b)
    if images_a != images_b:
        missing = sorted(set(images_a) ^ set(images_b)) or [
            s for s in images_a if images_a[s] != images_b[s]
        ]
        report.append(f"{page}: figure images differ: {missing[:3]}")
    links_a, links_b = _links(page, a), _links(page, b)
    if links_a != links_b:
        odd = [f"{x} against {y}" for x, y in zip(links_a, links_b, strict=False) if x != y]
        report.append(
            f"{page}: links lead elsewhere: {(odd or [f'{len(links_a)} against {len(links_b)}'])[:3]}"
        )
    sliders_a = [json.loads(html.unescape(m["data"])) for m in SLIDER.finditer(a)]
    sliders_b = [json.loads(html.unescape(m["data"])) for m in SLIDER.finditer(b)]
    if sliders_a != sliders_b:
        report.append(f"{page}: sliders differ ({len(sliders_a)} against {len(sliders_b)})")
    tips_a, tips_b = [words(t) for t in TIP.findall(a)], [words(t) for t in TIP.findall(b)]
    if tips_a != tips_b:
        report.append(f"{page}: glossary tooltips differ ({len(tips_a)} against {len(tips_b)})")
    return report


def _compare_notebook(site: Path, staged: Path, page: Path, a: str, b: str) -> list[str]:
    stem = page.parent.name
    notebook = json.loads((site / page.parent / f"{stem}.ipynb").read_text(encoding="utf-8"))
    report = []
    if not (staged / page.parent / f"{stem}.ipynb").is_file():
        report.append(f"{page}: the staged build has no {stem}.ipynb to download")
    shown = "".join(html.unescape(TAG.sub("", b)).split())  # highlighting splits tokens
    for cell in notebook["cells"]:
        source = "".join("".join(cell["source"]).split()) if cell["cell_type"] == "code" else ""
        if source and source not in shown:
            report.append(f"{page}: the code cell {source[:60]!r} is not shown")
    figures_a, figures_b = len(NOTEBOOK_FIGURES.findall(a)), len(NOTEBOOK_FIGURES.findall(b))
    if figures_a != figures_b:
        report.append(f"{page}: {figures_a} figure outputs against {figures_b}")
    return report


def differences(site: Path, staged: Path) -> list[str]:
    report = [
        f"{p}: only in the staged build" for p in sorted(set(pages(staged)) - set(pages(site)))
    ]
    for page in pages(site):
        if not (staged / page).is_file():
            report.append(f"{page}: missing from the staged build")
            continue
        report += compare_page(site, staged, page)
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    report = differences(Path(argv[0]), Path(argv[1]))
    print(
        "\n".join(report)
        or f"the staged build has every page, number, figure, slider, tooltip and notebook of {argv[0]}"
    )
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
