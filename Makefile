# Two commands do all the set-up on a fresh machine:
#   make run   - create .venv, install OpenDome, run the main job on the built-in default scenario
#   make test  - create .venv with the test extra, run the whole suite (pytest, ruff, mypy, import-linter)
# The test extra includes the web extra (FastAPI, uvicorn, czml3) and the browser-test tools;
# `make web` installs CesiumJS from npm into node_modules/ (ignored by git) with `npm ci`.
# The browser test also needs Debian's chromium at /usr/bin/chromium (.ci/run installs it).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARGS ?= --out out/run

NODE_MODULES := node_modules/.package-lock.json

.PHONY: run test fuzz lint docs bench clean web serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# CesiumJS for the globe page, exactly as package-lock.json pins it (never committed).
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

web: $(NODE_MODULES)

run: $(VENV)/.installed
	$(BIN)/opendome run $(ARGS)

# The web view on http://127.0.0.1:8000/ (runs, reports, the offline 3-D globe).
serve: $(VENV)/.installed web
	$(BIN)/opendome serve

test: $(VENV)/.installed web
	$(BIN)/python -m pytest -q
	$(MAKE) lint

# The randomized, longer campaigns (hypothesis profile "fuzz"; `make test` runs derandomized)
# and the long checks marked `campaign` (the slow validation studies, among them).
fuzz: $(VENV)/.installed
	HYPOTHESIS_PROFILE=fuzz OPENDOME_CAMPAIGNS=1 $(BIN)/python -m pytest -q -p no:cacheprovider

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src/opendome
	$(BIN)/lint-imports

# The documentation site (mkdocs-material; the tutorial notebook is executed while it builds).
docs: $(VENV)/.installed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
	@echo "open site/index.html"

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/engine.py

clean:
	rm -rf $(VENV) build site *.egg-info src/*.egg-info node_modules
