"""MkDocs and ProperDocs adapters: the only code here that imports MkDocs.

`mkdocs_hooks.py` (beside mkdocs.yml, the one entry under `hooks:`) calls them
in order. `engine.py` hands the pages to the engine (computed_pages) and its
output back to MkDocs; the others patch the HTML of Material, its search
plugin, Pygments and mkdocs-jupyter, and know nothing of the engine's work.
"""
