# newsmirror — `make demo` and `make test` set everything up themselves.
# Needs Python >= 3.11, git and make. The virtual environment lives in .venv/.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP_STAMP := $(VENV)/.pip-installed
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: demo test lint bench lock setup clean help

help:
	@echo "make demo   run the pipeline offline on the bundled sample sources"
	@echo "make test   lint (ruff, mypy) and run the whole test suite"
	@echo "make bench  run the benchmarks, write docs/benchmarks.md"
	@echo "make lint   ruff and mypy only"
	@echo "make lock   regenerate requirements/*.lock from pyproject.toml"
	@echo "make setup  only install .venv with what the tests need"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "newsmirror needs Python >= 3.11 (set PYTHON=...)"'
	$(PYTHON) -m venv $(VENV)

# Whatever pip the venv brought (23.0 and up), install the locks with a pinned, hashed one.
$(PIP_STAMP): $(BIN)/python requirements/pip.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/pip.lock
	@touch $@

$(RUNTIME_STAMP): $(PIP_STAMP) requirements/runtime.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/runtime.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements/dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.lock
	@touch $@

setup: $(DEV_STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/newsmirror demo demo-mirror

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

bench: $(DEV_STAMP)
	$(BIN)/python -m bench

lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/runtime.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev -o requirements/dev.lock pyproject.toml
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links -o requirements/pip.lock requirements/pip.in

clean:
	rm -rf $(VENV) demo-mirror .pytest_cache .mypy_cache .ruff_cache
