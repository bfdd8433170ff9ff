# mtaudit: `make demo` and `make test` are the two set-up commands (each installs first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -c constraints.txt
STAMP := $(VENV)/.installed

.PHONY: install demo test test-fast bench lint format clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt requirements-lm.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(PIP) -q -e '.[dev]'
	# the neural LM backend (torch CPU 2.13.0, pinned) so that its tests run too
	$(PIP) -q -r requirements-lm.txt
	touch $(STAMP)

demo: install
	$(BIN)/mtaudit check seeds --fail-on never

# The whole suite, slow and data-heavy tests included (what CI runs).
test: install
	$(BIN)/python -m pytest -q -m "slow or not slow"

# The quick suite for development (plain `pytest` runs the same): no slow tests.
test-fast: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python scripts/bench.py

lint: install
	$(BIN)/ruff check audit tests scripts
	$(BIN)/ruff format --check audit tests scripts

format: install
	$(BIN)/ruff format audit tests scripts
	$(BIN)/ruff check --fix audit tests scripts

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache

# `make models` rebuilds every model file from ../shared/corpus (build-time tools only; see Makefile.models).
include Makefile.models
