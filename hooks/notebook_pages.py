"""MkDocs hook: make mkdocs-jupyter's notebook pages as light and offline as the others.

mkdocs-jupyter inlines about 590 KB of JupyterLab CSS into every notebook page,
plus a script that imports Mermaid from a CDN. Those are replaced here by one
small shared stylesheet (`stylesheets/notebook.css`, cached by the browser
across pages). Inline SVG outputs get page-unique ids, since matplotlib
reuses ids such as `figure_1` in every SVG it writes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).parent))

from svg_minify import minify  # noqa: E402

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
    body = _unique_svg_ids(body)
    stylesheet = get_relative_url(NOTEBOOK_CSS, page.url)
    head = head.replace("</head>", f'<link rel="stylesheet" href="{stylesheet}">\n</head>', 1)
    return head + body


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
