# cs-playbook developer commands. `make run` and `make test` set up .venv first.
# `make run` serves the web page on http://127.0.0.1:7860 (HOST=, PORT= to move it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: setup run examples test lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "cs-playbook needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV) \
		|| { echo "Could not create $(VENV): install Python's venv module (Debian/Ubuntu: apt install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

setup: $(STAMP)

run: setup
	$(BIN)/cs-playbook serve --host $(HOST) --port $(PORT)

examples: setup
	@for profile in examples/*.yaml; do \
		name=$$(basename $$profile .yaml); \
		$(BIN)/cs-playbook generate $$profile --out out/$$name/ || exit 1; \
	done
	@echo "Open out/<example>/bundle.html in a browser, or read bundle.md."

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_graph.py
	$(BIN)/python benchmarks/bench_api.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .hypothesis
