"""The engine behind the computed pages: Markdown in, Markdown with computed content out.

A page flows through three stages, in this order (`build.py` runs them):

- plan (`plan/`): read the pages into typed requests (values, figures,
  sliders, notebook parts) and check every reference against the snippet
  sources, without running them;
- compute (`compute/`): run each snippet module that has no valid cache entry
  in a worker process of its own, in parallel, within a time limit, and store
  its numbers and figures in an atomic cache entry;
- render (`render/`): write the values, figure and slider HTML, glossary links,
  the reading time and the companion notebooks into the pages.

Nothing here imports MkDocs: a site generator reaches the engine through an
adapter (`hooks/` for MkDocs and ProperDocs, `computed_pages.stage` for any
generator that reads a folder of Markdown). Errors are `EngineError`s.
"""
