"""The site serves its own stylesheets and scripts minified (computed_pages/render/asset_minify.py).

What they do in a browser is checked by the browser tests, which load these very files."""

from __future__ import annotations

from pathlib import Path

from computed_pages.render import asset_minify

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_every_own_stylesheet_and_script_is_served_minified_and_smaller(built_site):
    sources = sorted(p for p in DOCS.rglob("*") if p.suffix in asset_minify.MINIFIERS)
    assert len(sources) >= 8  # the six stylesheets and four scripts of docs/
    for source in sources:
        served = (built_site / source.relative_to(DOCS)).read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        assert served == asset_minify.MINIFIERS[source.suffix](text), source.name
        assert len(served) < len(text), f"{source.name}: nothing to strip?"
        assert "/*" not in served, f"{source.name} still carries a comment"


def test_strings_urls_and_regular_expressions_survive(tmp_path):
    docs, out = tmp_path / "docs", tmp_path / "site"
    (docs / "js").mkdir(parents=True)
    (out / "js").mkdir(parents=True)
    script = 'const u = "http://a/*b*/"; // why\nconst r = /\\/\\/x/g; /* gone */\n'
    (docs / "js" / "a.js").write_text(script)
    (out / "js" / "a.js").write_text(script)
    (docs / "data.yml").write_text("/* not an asset */")
    assert asset_minify.minify_copies(docs, out) == [out / "js" / "a.js"]
    served = (out / "js" / "a.js").read_text()
    assert '"http://a/*b*/"' in served and "/\\/\\/x/g" in served
    assert "why" not in served and "gone" not in served
