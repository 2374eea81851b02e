# Two entry points (see README): `make run` and `make test`. Both build .venv/ first.
PYTHON ?= python3
# The shared reference data, when this checkout sits beside it (as in CI); otherwise the build goes without.
export KG_REFERENCE_DIR ?= $(if $(wildcard ../shared/reference),$(abspath ../shared/reference),)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The front-end packages (YASGUI for /sparql), exactly as package-lock.json pins them; again only when it changes.
NODE_STAMP := node_modules/.installed

.PHONY: run test install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: /sparql will be a plain form (install Node.js for YASGUI)"; exit 0; }; \
	npm ci --ignore-scripts --no-audit --no-fund && touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

run: install
	$(BIN)/kg build
	$(BIN)/kg serve

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) dist .pytest_cache
