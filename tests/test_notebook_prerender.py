"""The notebooks executed side by side (hooks/notebook_prerender.py) give the pages
mkdocs-jupyter itself would: the same converter call, the same cache entry, byte for byte.

No kernel runs here: the converter is replaced by one that records its call, so what is
compared is everything around it (the options, the cache key and place, the entry's
format) against the installed plugin's own `on_pre_page` and render.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import nbformat
import yaml
from mkdocs_jupyter import convert
from mkdocs_jupyter.plugin import Plugin

from hooks import notebook_prerender, notebook_worker
from tests.conftest import ROOT


def _plugin() -> Plugin:
    """mkdocs-jupyter configured as mkdocs.yml configures it."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    options = next(
        p[notebook_prerender.PLUGIN]
        for p in config["plugins"]
        if isinstance(p, dict) and notebook_prerender.PLUGIN in p
    )
    plugin = Plugin()
    errors, _ = plugin.load_config(options)
    assert not errors, errors
    return plugin


def test_a_prerendered_notebook_is_the_entry_the_plugin_would_write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the plugin's cache folder is relative to the working folder
    notebook = tmp_path / "notebooks" / "page.ipynb"
    notebook.parent.mkdir()
    cells = [nbformat.v4.new_markdown_cell("# A page: the code"), nbformat.v4.new_code_cell("1")]
    notebook.write_text(nbformat.writes(nbformat.v4.new_notebook(cells=cells)))
    calls = []

    def converted(path, **options):  # stands for the kernel's run and the HTML
        calls.append((path, options))
        return "<p>executed</p>"

    monkeypatch.setattr(convert, "nb2html", converted)
    plugin = _plugin()
    plugin.on_pre_build(None)  # as MkDocs starts a build

    # The plugin's own way: on_pre_page, then the page's render writes the entry.
    file = SimpleNamespace(abs_src_path=str(notebook), src_path="notebooks/page.ipynb")
    page = SimpleNamespace(file=file, abs_url="/p/")
    plugin.on_pre_page(page, None, None)
    page.render(None, None)
    entries = list((tmp_path / ".cache" / "mkdocs-jupyter").glob("*.json"))
    assert len(entries) == 1
    by_plugin = entries[0].read_bytes()
    assert notebook_prerender.jobs([notebook], plugin.config) == [], "cached: nothing to run"

    # The prerender's way: the same call and, in place of the plugin's, the same entry.
    entries[0].unlink()
    (job,) = notebook_prerender.jobs([notebook], plugin.config)
    assert job.cache_entry == entries[0].resolve()
    outcome = notebook_worker.run(json.loads(job.spec))
    assert calls[0] == calls[1], "the worker calls the converter as the plugin does"
    assert entries[0].read_bytes() == by_plugin
    assert outcome["seconds"] >= 0
