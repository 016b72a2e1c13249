"""hooks/code_spans.py drops Pygments' name and whitespace spans: same text, same look."""

from __future__ import annotations

import html
import re
from pathlib import Path

import material

from hooks import code_spans

STYLESHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
# What pymdownx.highlight (Pygments) writes for `x = np.dot(a, b)  # why`.
HIGHLIGHTED = (
    '<pre><span></span><code><span class="n">x</span> <span class="o">=</span> '
    '<span class="n">np</span><span class="o">.</span><span class="n">dot</span>'
    '<span class="p">(</span><span class="n">a</span><span class="p">,</span>'
    '<span class="w"> </span><span class="n">b</span><span class="p">)</span>'
    '<span class="w">  </span><span class="c1"># why &lt;here&gt;</span>\n</code></pre>'
)


def text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_the_text_stays_and_only_name_and_whitespace_spans_go():
    out = code_spans.on_page_content(HIGHLIGHTED, page=None, config=None, files=None)
    assert text(out) == text(HIGHLIGHTED) == "x = np.dot(a, b)  # why <here>\n"
    assert 'class="n"' not in out and 'class="w"' not in out
    for kept in ('class="o"', 'class="p"', 'class="c1"'):
        assert out.count(kept) == HIGHLIGHTED.count(kept), kept


def test_material_gives_names_the_plain_code_colour_and_whitespace_no_style():
    """The premise of the hook: if a Material update colours .n or styles .w, this fails."""
    css = "".join(path.read_text() for path in STYLESHEETS.glob("*.min.css"))
    name_colours = set(re.findall(r"--md-code-hl-name-color:([^;}]+)", css))
    assert name_colours == {"var(--md-code-fg-color)"}, name_colours
    assert re.findall(r"\.highlight \.n\{color:([^}]+)\}", css) == ["var(--md-code-hl-name-color)"]
    assert not re.search(r"\.highlight \.w[,{:\s]", css), "Material now styles whitespace spans"


def test_the_built_code_blocks_hold_no_such_span(built_site):
    page = (built_site / "learning-rate" / "index.html").read_text(encoding="utf-8")
    assert '<span class="o">' in page, "no highlighted code on the page: nothing was checked"
    assert '<span class="n">' not in page and '<span class="w">' not in page
