# Two commands do all the set-up on a fresh machine (Python 3.10+ with pip):
#   make run    installs into .venv and extracts the records of samples/
#   make test   installs into .venv (with the dev extras) and runs the tests
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: run test bench samples clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: $(BIN)/.installed
	$(BIN)/coop-extract --format jsonl samples/

test: $(BIN)/.installed
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/bench.py

# Re-generate samples/*.expected.json after a reviewed change of behaviour.
samples: $(BIN)/.installed
	$(BIN)/python scripts/update_samples.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
