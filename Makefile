# Quick start: `make site` builds the sample hub into site/ for a local preview; `make test` runs
# ruff, mypy and the whole suite; `make check` checks content/; `make serve` previews at
# http://127.0.0.1:8000/ and rebuilds on every save. Each target creates .venv on first use and reinstalls
# when pyproject.toml or constraints.txt change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: site serve test check clean

PREVIEW := http://localhost:8000/

site: $(INSTALLED)
	$(BIN)/bulletin build --base-url $(PREVIEW)
	@echo "Preview it with:  $(PYTHON) -m http.server 8000 --directory site   then open $(PREVIEW)"
	@echo "(or 'make serve', which also rebuilds and reloads the page whenever a file is saved)"

serve: $(INSTALLED)
	$(BIN)/bulletin serve

test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

check: $(INSTALLED)
	$(BIN)/bulletin check

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -c constraints.txt \
		recurring-ical-events x-wr-timezone
	touch $(INSTALLED)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info
