# Two commands do all the set-up on a fresh machine:
#   make run   - create .venv, install OpenDome, run the main job on the built-in default scenario
#   make test  - create .venv with the test extra, run the whole suite (pytest, ruff, mypy, import-linter)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARGS ?= --out out/run

.PHONY: run test fuzz lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/opendome run $(ARGS)

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q
	$(MAKE) lint

# The randomized, longer campaigns (hypothesis profile "fuzz"; `make test` runs derandomized).
fuzz: $(VENV)/.installed
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src/opendome
	$(BIN)/lint-imports

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/engine.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
