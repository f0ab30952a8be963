# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: install messages messages-update demo test lint format clean prod-check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Compile the translations (.po -> .mo); the .mo files are build output, not committed.
messages: install
	$(MANAGE) compilemessages --ignore=.venv -v 0

# Extract new interface strings into the Vietnamese catalogue, to be translated there.
messages-update: install
	$(MANAGE) makemessages -l vi --no-obsolete --ignore=.venv --ignore=tests --ignore=var

demo: messages
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo
	$(MANAGE) runserver --insecure 127.0.0.1:8000

test: messages
	$(BIN)/ruff check --quiet .
	$(BIN)/pytest

# The production stack started locally and used over HTTP (docs/deploy.md).
prod-check: messages
	bash scripts/prod_check.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
