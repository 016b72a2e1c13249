# One entry point for people and CI. `make serve` and `make test` each set up
# .venv/ from the pinned lock on first use and reuse it until the lock changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/requirements.lock
# The stamp's name carries the lock's hash: a changed lock means a fresh venv.
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('$(LOCK)','rb').read()).hexdigest()[:16])")
HOST ?= 127.0.0.1
PORT ?= 8000

export MPLBACKEND := Agg
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test lint lock bench clean

serve: $(STAMP)  ## build the site and serve it with live reload on 127.0.0.1
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: $(STAMP)  ## build the site into site/
	$(BIN)/mkdocs build --strict

test: $(STAMP)  ## run every test: lint, snippets, pages, build, browser
	$(BIN)/ruff check snippets hooks tests
	$(BIN)/ruff format --check snippets hooks tests
	$(BIN)/python tests/browser_check.py --install  # no browser: install one, else say how
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check snippets hooks tests
	$(BIN)/ruff format --check snippets hooks tests

lock: $(STAMP)  ## re-pin every dependency after editing requirements/requirements.in
	$(BIN)/uv pip compile requirements/requirements.in --python-version 3.11 --generate-hashes \
		--no-header --annotation-style line -o $(LOCK)

bench: $(STAMP)  ## build-speed and page-weight figures
	$(BIN)/python tests/bench.py

clean:
	rm -rf site .cache .pytest_cache .coverage

$(STAMP): $(LOCK)
	@$(PYTHON) -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 'Python 3.11 or newer is needed, found ' + sys.version.split()[0])"
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	touch $@
