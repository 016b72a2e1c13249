"""MkDocs hook: make mkdocs-jupyter's notebook pages as light and offline as the others.

mkdocs-jupyter inlines about 590 KB of JupyterLab CSS into every notebook page,
plus a script that imports Mermaid from a CDN. Those are replaced here by one
small shared stylesheet (`stylesheets/notebook.css`, cached by the browser
across pages). Inline SVG outputs get page-unique ids, since matplotlib
reuses ids such as `figure_1` in every SVG it writes.
"""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from computed_pages.compute.svg_minify import minify, size_px

NOTEBOOK_CSS = "stylesheets/notebook.css"
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
# nbconvert's copy buttons: a custom element, its script, and a hidden second copy of
# every cell's source (which search would index twice). Material's own copy button is kept.
_COPY_WIDGET = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>|<div class="clipboard-copy-txt"[^>]*>.*?</div>',
    re.S,
)
_DROP_SCRIPT_MARKERS = ("mermaid", "MathJax", "mathjax", 'src=""', "clipboard-copy")


# Code cells as plain text: the page itself shows the same code highlighted, and a
# <span> per token made notebook pages several times heavier (and slow to audit).
_CODE_CELL = re.compile(
    r'(?P<open><div class="highlight-ipynb[^"]*"><pre[^>]*>)(?P<code>.*?)</pre>', re.S
)
_TOKEN_SPAN = re.compile(r"</?span[^>]*>")


def on_page_markdown(markdown: str, page, config, files) -> str:
    # A notebook repeats its page's code: searching should lead to the page, and the
    # index every page downloads stays small.
    if page.file.src_uri.endswith(".ipynb"):
        page.meta.setdefault("search", {})["exclude"] = True
    return markdown


def on_post_page(output: str, page, config) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    content_start = output.find('<article class="md-content__inner')
    if content_start < 0:
        raise PluginError(f"{page.file.src_uri}: no article element in the rendered notebook page")
    head, body = output[:content_start], output[content_start:]
    body = _STYLE.sub("", body)
    body = _SCRIPT.sub(
        lambda m: "" if any(k in m.group(0) for k in _DROP_SCRIPT_MARKERS) else m.group(0), body
    )
    body = _COPY_WIDGET.sub("", body)
    body = _CODE_CELL.sub(lambda m: m["open"] + _TOKEN_SPAN.sub("", m["code"]) + "</pre>", body)
    body = _unique_svg_ids(body)
    body = _figures_as_files(body, page, config)
    stylesheet = get_relative_url(NOTEBOOK_CSS, page.url)
    head = head.replace("</head>", f'<link rel="stylesheet" href="{stylesheet}">\n</head>', 1)
    return head + body


_SVG_OUTPUT = re.compile(
    r'<img alt="[^"]*" src="data:image/svg\+xml;base64,(?P<data>[A-Za-z0-9+/=]+)"'
)
_CODE_BEFORE = re.compile(r'<div class="highlight-ipynb[^"]*"><pre[^>]*>(?P<code>.*?)</pre>', re.S)


def _figures_as_files(html: str, page, config) -> str:
    """Move each figure output out of the page into its own lazily loaded file.

    nbconvert inlines figures as base64 data, which every visitor downloads with the
    page. As files beside the page they load only when scrolled to, and get an alt
    text naming the code that drew them instead of nbconvert's "No description".
    """
    folder = Path(config.site_dir) / Path(page.file.dest_uri).parent
    out, position = [], 0
    for number, match in enumerate(_SVG_OUTPUT.finditer(html), start=1):
        svg = minify(base64.b64decode(match["data"]).decode("utf-8"))
        name = f"output-{number}-{hashlib.sha256(svg.encode()).hexdigest()[:10]}.svg"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(svg, encoding="utf-8")
        codes = list(_CODE_BEFORE.finditer(html, 0, match.start()))
        code = htmllib.unescape(re.sub(r"<[^>]+>", "", codes[-1]["code"])) if codes else ""
        call, caption = _last_statement(code), _leading_comment(code)
        drawn = f"the figure drawn by {call} when this notebook ran" if call else "a figure output"
        alt = f"{caption} ({drawn})" if caption else drawn[0].upper() + drawn[1:]
        size = size_px(svg)
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        out.append(html[position : match.start()])
        # At its natural size, where its text is legible (see notebook.css): a wide
        # figure scrolls sideways in a box the keyboard can scroll too.
        out.append(
            f'<div class="nb-figure" tabindex="0" role="region" aria-label="{htmllib.escape(alt, quote=True)}">'
            f'<img alt="{htmllib.escape(alt, quote=True)}" loading="lazy"{dims} src="{name}"'
        )
        closing = html.find(">", match.end())
        out.append(html[match.end() : closing + 1] + "</div>")
        position = closing + 1
    out.append(html[position:])
    return "".join(out)


def _leading_comment(code: str) -> str:
    """A cell of comment lines and one call: the comments describe the figure (the
    notebook builder writes the page's caption there)."""
    lines = [line.strip() for line in code.strip().splitlines() if line.strip()]
    if len(lines) < 2 or not all(line.startswith("#") for line in lines[:-1]):
        return ""
    return " ".join(line.lstrip("#").strip() for line in lines[:-1])


def _last_statement(code: str) -> str:
    """The call that drew the figure: the cell's last line (a cell may define a
    function first, as the slider cells do; its source is not an alt text)."""
    lines = [line.strip() for line in code.strip().splitlines() if line.strip()]
    return lines[-1].rstrip(";") if lines else ""


def _unique_svg_ids(html: str) -> str:
    """Prefix every id inside each inline SVG (and its references) with the SVG's index."""
    count = 0

    def rename(match: re.Match) -> str:
        nonlocal count
        count += 1
        svg = match.group(0)
        prefix = f"nbfig{count}-"
        ids = set(re.findall(r'\bid="([^"]+)"', svg))
        for old in sorted(ids, key=len, reverse=True):
            svg = svg.replace(f'id="{old}"', f'id="{prefix}{old}"')
            svg = svg.replace(f"#{old})", f"#{prefix}{old})").replace(
                f'"#{old}"', f'"#{prefix}{old}"'
            )
        return svg

    return _SVG.sub(lambda match: minify(rename(match)), html)
