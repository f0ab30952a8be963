# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
NODE_STAMP := node_modules/.installed

.PHONY: install system messages messages-update demo test browser bench load-test lint format clean \
	prod-check

# Debian packages the platform itself needs: gettext (msgfmt) for the translations, Pango and
# the DejaVu fonts for the PDF scorecards (WeasyPrint). Installed when missing and we are root.
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: system $(STAMP)

system:
	@command -v dpkg-query >/dev/null 2>&1 || exit 0; \
	missing=""; for package in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" \
	    || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing system packages:$$missing (sudo apt-get install$$missing)"; \
	  fi; \
	fi

# Compile the translations (.po -> .mo); the .mo files are build output, not committed.
messages: install
	$(MANAGE) compilemessages --ignore=.venv -v 0

# Extract new interface strings into the Vietnamese catalogue, to be translated there.
messages-update: install
	$(MANAGE) makemessages -l vi --no-obsolete --ignore=.venv --ignore=tests --ignore=var \
	  --ignore=bench --ignore=node_modules

demo: messages
	mkdir -p var
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo
	$(MANAGE) runserver --insecure 127.0.0.1:8000

test: messages browser
	$(BIN)/ruff check --quiet .
	$(BIN)/pytest

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# What the browser tests (tests/e2e) need: Debian's Chromium with its translations (installed
# when missing and we are root) and axe-core from package-lock.json (when npm is there).
browser:
	@if command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory $(NODE_STAMP); \
	else \
	  echo "npm is missing: apt-get install npm (the browser tests skip without axe-core)"; \
	fi
	@if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/lib/chromium/locales/vi.pak ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-l10n; \
	  else \
	    echo "Chromium is missing: sudo apt-get install chromium chromium-l10n (the browser tests skip without it)"; \
	  fi; \
	fi

LOAD_STAMP := $(VENV)/.load-installed

$(LOAD_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev,load]"
	touch $(LOAD_STAMP)

# Benchmarks at 150 and 3,500 agencies on SQLite and PostgreSQL, then the load test (long: see
# bench/README.md). Both write bench/results.md.
bench: messages $(LOAD_STAMP)
	$(BIN)/python bench/run.py --sizes 150 3500 --databases sqlite postgres
	$(BIN)/python bench/load/run.py

# The deadline-day load test alone: gunicorn on PostgreSQL, 200 agency users and 20 appraisers
# simulated by locust for 60 s (bench/load/run.py).
load-test: messages $(LOAD_STAMP)
	$(BIN)/python bench/load/run.py

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
	rm -rf $(VENV) var .pytest_cache .hypothesis node_modules
