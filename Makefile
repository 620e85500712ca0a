# Waspada: make demo · make test · make lint · make bench
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

install: $(STAMP)

# Re-installs only when pyproject.toml changes; a fresh venv gets a current pip first
# (pip 23 skips lxml[html_clean] and trafilatura then fails to import).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	$(BIN)/waspada demo

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Benchmarks run on purpose, never in the tests; each prints its figures next to its targets.
# The digest and serve benchmarks generate 100k–1M-article databases (minutes each).
bench: install
	$(BIN)/python -m bench.crawl
	$(BIN)/python -m bench.tag
	$(BIN)/python -m bench.classify --train
	$(BIN)/python -m bench.learning_curve
	$(BIN)/python -m bench.summarize
	$(BIN)/python -m bench.digest
	$(BIN)/python -m bench.serve
	$(BIN)/python -m bench.neardup
	$(BIN)/python -m bench.tag_workers
	$(BIN)/python -m bench.fleet

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
