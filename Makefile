# EpiCommand: `make demo` to try it, `make test` to check it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000

.PHONY: demo test bench bench-full lint format messages install install-test clean

# uv resolves and downloads in parallel: a fresh install takes seconds instead of minutes.
UV     := $(BIN)/uv pip install --quiet --python $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check uv

$(VENV)/.installed: pyproject.toml | $(BIN)/uv
	$(UV) -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/uv
	$(UV) -e '.[test,bench]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

messages: $(VENV)/.installed
	$(BIN)/python -m epicommand.i18n

## demo: set everything up, load the demo country, serve it on http://127.0.0.1:$(PORT)
demo: messages
	EPICOMMAND_DEBUG=1 PORT=$(PORT) $(BIN)/epicommand demo --port $(PORT)

## test: lint and the import contracts, then the whole suite on SQLite, then on PostgreSQL
test: install-test messages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m django makemigrations --check --dry-run
	$(BIN)/pytest
	$(BIN)/python scripts/pytest_postgres.py

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: every benchmark in its quick mode; bench-full: at the sizes the targets name
bench: install-test
	@set -e; for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script --quick; done

bench-full: install-test
	@set -e; for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .import_linter_cache
