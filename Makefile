# mtaudit: `make demo` and `make test` are the two set-up commands (each installs first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -c constraints.txt
STAMP := $(VENV)/.installed

.PHONY: install demo test test-fast bench bench-scaling bench-html lint format clean browser

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt requirements-lm.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(PIP) -q -e '.[dev,ray]'
	# the neural LM backend (torch CPU 2.13.0, pinned) so that its tests run too
	$(PIP) -q -r requirements-lm.txt
	touch $(STAMP)

demo: install
	$(BIN)/mtaudit check seeds --fail-on never

# Headless Chromium for the HTML report's browser test (tests/report/test_browser.py): Debian chromium
# and chromium-driver, installed with apt-get when missing and we are root; otherwise a note, and the
# test skips (it fails under CI, where this target installs them).
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium and chromium-driver (apt-get)"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
			>/dev/null) || echo "note: apt-get could not install chromium: the browser test will not run"; \
	else echo "note: chromium/chromedriver missing and not root: the browser test will be skipped"; fi

# The whole suite, slow and data-heavy tests included (what CI runs).
test: install browser
	$(BIN)/python -m pytest -q -m "slow or not slow"

# The quick suite for development (plain `pytest` runs the same): no slow tests.
test-fast: install
	$(BIN)/python -m pytest -q

# `make bench` compares with a bare `hunspell -l` (Debian's hunspell, installed here when missing and
# we are root: a benchmark tool, never needed to run or test mtaudit)
bench: install
	@command -v hunspell >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hunspell >/dev/null); } || \
		echo "note: hunspell missing: the benchmark runs without its side-by-side ratio"
	$(BIN)/python scripts/bench.py

bench-scaling: install
	$(BIN)/python scripts/bench_scaling.py

bench-html: install browser
	$(BIN)/python scripts/bench_html.py

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
