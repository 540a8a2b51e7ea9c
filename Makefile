# Math Hub: `make site` builds the site, `make test` runs every test.
# Both set up everything they need first, on a fresh Debian machine with Python 3.11.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := true
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup site serve test validate browser clean help

help:
	@echo "make site      set up, validate the content and build the site into site/"
	@echo "make test      set up and run the whole test suite"
	@echo "make serve     live preview at http://127.0.0.1:8000"
	@echo "make validate  check every cartridge and rubric"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

validate: setup
	$(BIN)/mathhub validate

# Validate, build beside the old site, swap only on success (scripts/build_site.sh).
site: setup
	@BIN=$(BIN) bash scripts/build_site.sh

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

browser:
	@bash scripts/install_test_tools.sh

# On every core; a worker that runs out of tests takes some from the other (worksteal); `pytest` alone runs in one process.
test: setup browser
	$(BIN)/python -m pytest -n auto --dist worksteal

clean:
	rm -rf site .site-build $(VENV)
