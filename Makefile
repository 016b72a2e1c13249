# One entry point for people and CI. `make serve` and `make test` each set up
# .venv/ from the pinned lock on first use and reuse it until the lock's content changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/requirements.lock
# The stamp's name carries the lock's hash: a changed lock means a fresh venv. The stamp
# rule has no prerequisite on purpose: a lock that is merely newer (a fresh checkout, a
# branch switch, `touch`) has the same hash, so the same stamp, and reuses .venv/.
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('$(LOCK)','rb').read()).hexdigest()[:16])")
HOST ?= 127.0.0.1
PORT ?= 8000

export MPLBACKEND := Agg
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

LINTED := snippets computed_pages hooks mkdocs_hooks.py tests  # what ruff checks and formats

.PHONY: serve build stage test check format lint lock bench stress-test clean

serve: $(STAMP)  ## build the site and serve it with live reload on 127.0.0.1
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT) --livereload

build: $(STAMP)  ## build the site into site/
	$(BIN)/mkdocs build --strict

stage: $(STAMP)  ## expanded docs in build/staged-docs (numbers, figures, notebooks) for any generator
	$(BIN)/python -m computed_pages.stage --out build/staged-docs

test: $(STAMP)  ## run every test: lint, snippets, pages, build, browser
	$(BIN)/ruff check snippets computed_pages hooks mkdocs_hooks.py tests
	$(BIN)/ruff format --check snippets computed_pages hooks mkdocs_hooks.py tests
	$(BIN)/python tests/browser_check.py --install  # no browser: install one, else say how
	$(BIN)/pytest $(WORKERS) $(COVERAGE_GATE)

# Two pytest-xdist workers: the browser tests (one Chromium, one visit of every page) on
# one, the rest beside them; the site is built once for both (tests/conftest.py).
WORKERS := --numprocesses 2

# The coverage gate belongs to the full run only: `pytest tests/test_x.py` alone
# measures nothing and cannot fail on coverage.
COVERAGE_GATE := --cov=snippets --cov-report=term-missing --cov-fail-under=100

check: $(STAMP)  ## fast loop: make check PAGE=docs/x.md or MODULE=x (tests, fences, strict build)
	$(BIN)/python tests/fast_check.py $(if $(PAGE),--page $(PAGE)) $(if $(MODULE),--module $(MODULE))

# `ruff format` says "1 file reformatted" without its name: `--check` names them first.
format: $(STAMP)  ## fix what `make test` checks first: formatting and fixable lint; names each file
	@$(BIN)/ruff format --check --output-format concise $(LINTED) | sed -n 's/:.*: unformatted: .*//p' | sed 's/^/reformatted: /'
	@$(BIN)/ruff format --quiet $(LINTED)
	$(BIN)/ruff check --fix --show-fixes $(LINTED)

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

lock: $(STAMP)  ## re-pin every dependency after editing requirements/requirements.in
	$(BIN)/uv pip compile requirements/requirements.in --python-version 3.11 --generate-hashes \
		--no-header --annotation-style line -o $(LOCK)

bench: $(STAMP)  ## build-speed and page-weight figures
	$(BIN)/python tests/bench.py

stress-test: $(STAMP)  ## `make test` 5 times in a row with every core kept busy: no test may fail by timing
	$(BIN)/python tests/stress.py

clean:
	rm -rf site build .cache .pytest_cache .coverage

$(STAMP):
	@$(PYTHON) -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 'Python 3.11 or newer is needed, found ' + sys.version.split()[0])"
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	@echo "$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)"
	@$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK) > $(PIP_LOG) 2>&1 \
		|| { cat $(PIP_LOG); exit 1; }
	@grep -v "$(PIP_NOISE)" $(PIP_LOG) || true
	@n=$$(grep -c "$(PIP_NOISE)" $(PIP_LOG)); [ "$$n" -eq 0 ] || echo "pip: left out $$n notices \
	that a package location named by this machine's pip configuration does not exist (not the \
	project's, harmless; all of them in $(PIP_LOG))"
	touch $@

# A machine whose pip configuration names package folders that do not exist makes pip print
# one "Location ... is ignored" line per package and folder (about a hundred): not the
# project's, so they go to the log with one line saying so; every other line is shown.
PIP_LOG := $(VENV)/pip-install.log
PIP_NOISE := ^WARNING: Location '.*' is ignored
