"""The site's own stylesheets and scripts, served without their comments.

Their sources in docs/ keep the comments that say why each rule exists; a reader's first
visit need not download them (about 4 KB compressed on every page, of a 120 KB budget).
rcssmin and rjsmin are small, long-maintained minifiers (django-compressor's) that parse
strings, URLs and regular-expression literals, which a hand-written comment stripper
would break.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin

MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def minify_copies(docs_dir: Path, out_dir: Path) -> list[Path]:
    """Rewrite minified, under `out_dir`, the copy of every .css and .js file of `docs_dir`
    (the site, or a staged docs folder); return the files rewritten."""
    rewritten = []
    for source in sorted(docs_dir.rglob("*")):
        minify = MINIFIERS.get(source.suffix)
        copy = out_dir / source.relative_to(docs_dir)
        if minify is None or not copy.is_file():  # not an asset, or not copied (e.g. _data/)
            continue
        copy.write_text(minify(source.read_text(encoding="utf-8")), encoding="utf-8")
        rewritten.append(copy)
    return rewritten
