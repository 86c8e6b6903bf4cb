# Quick start: `make site` builds the sample hub into site/ for a local preview; `make serve`
# previews at http://127.0.0.1:8000/ and rebuilds on every save; `make check` checks content/;
# `make new-event TITLE="..."` (or new-partner, new-venue) starts a file; `make test` runs ruff, mypy
# and the whole suite. The first use creates .venv: building needs only Bulletin and its runtime
# libraries; `make test` adds the test tools. Each installs again when pyproject.toml or
# constraints.txt change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.PHONY: site serve test check new-event new-partner new-venue clean

PREVIEW := http://localhost:8000/

site: $(RUNTIME)
	$(BIN)/bulletin build --base-url $(PREVIEW)
	@echo "Preview it with:  $(PYTHON) -m http.server 8000 --directory site   then open $(PREVIEW)"
	@echo "(or 'make serve', which also rebuilds and reloads the page whenever a file is saved)"

serve: $(RUNTIME)
	$(BIN)/bulletin serve

check: $(RUNTIME)
	$(BIN)/bulletin check

# The title reaches bulletin as it was typed: through the environment, not expanded by make ("$5
# Book Sale") nor by the shell (quotes, backslashes).
new-event new-partner new-venue: export BULLETIN_TITLE := $(value TITLE)
new-event new-partner new-venue: $(RUNTIME)
	@test -n "$$BULLETIN_TITLE" || { echo 'Give the title, e.g.: make $@ TITLE="Family Chess Afternoon"' >&2; exit 2; }
	$(BIN)/bulletin new $(@:new-%=%) "$$BULLETIN_TITLE"

test: $(TESTING)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

$(RUNTIME): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $(RUNTIME)

$(TESTING): $(RUNTIME)
	$(PIP) -e '.[test]'
	$(PIP) --no-deps recurring-ical-events x-wr-timezone
	touch $(TESTING)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
