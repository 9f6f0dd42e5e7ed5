# Chợ Phiên: `make run` serves the demo site, `make test` runs every check and test.
# Both set everything up themselves on a machine with Python 3.11.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Test processes (pytest-xdist): three for every two CPUs (at least two), since much of the
# suite waits on Chromium, live servers and subprocesses rather than computing; TEST_WORKERS=0
# runs the suite in one process.
TEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print(max(2, len(os.sched_getaffinity(0)) * 3 // 2))")

.PHONY: run test setup lint audit requirements messages clean browser-setup

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create a virtual environment. On Debian: apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

setup: $(VENV)/.installed

# axe-core for the browser tests' accessibility checks, at the version package-lock.json pins.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Without npm or Chromium the browser journeys are SKIPPED (pytest says why); CI has both.
browser-setup:
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node_modules/.package-lock.json; \
	  else echo "No npm: the browser journeys (tests/browser) will be SKIPPED. On Debian: apt-get install npm"; fi
	@test -x /usr/bin/chromium || echo "No Chromium at /usr/bin/chromium: the browser journeys (tests/browser) will be SKIPPED. On Debian: apt-get install chromium"

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_admin_units
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo_data --if-empty
	$(PY) manage.py rebuild_search_documents
	PY=$(PY) PORT=$(PORT) ./scripts/serve.sh

# Known vulnerabilities in the pinned packages (PyPI's advisory data); fails when one is found,
# and says how many packages it could not audit (AUDIT_REQUIRED=1 makes that a failure too).
audit: setup
	$(PY) scripts/audit.py

# lint-imports checks the layers of docs/architecture.md (contracts in pyproject.toml) and prints
# each contract KEPT or BROKEN. No cache: CI's two passes run it at once in the same folder.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

# --dist loadgroup: the modules using the shared demo worlds go to one worker, so that the demo
# is loaded once per run; the other tests are handed out one by one (tests/support/worlds.py).
test: lint browser-setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Pin requirements.in and everything it pulls in into requirements.txt.
requirements:
	rm -rf /tmp/chophien-pin && $(PYTHON) -m venv /tmp/chophien-pin
	/tmp/chophien-pin/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins of every package, transitive ones included. Generated from requirements.in by"; \
	  echo "# 'make requirements'; edit requirements.in, not this file."; \
	  /tmp/chophien-pin/bin/pip freeze; } > requirements.txt

# Refresh and compile our Vietnamese catalogue (needs GNU gettext: apt-get install gettext).
# The compiled .mo is committed, so `make run` and `make test` need no gettext tools.
messages: setup
	$(PY) manage.py makemessages -l vi --no-location --ignore=.venv --ignore=staticfiles --ignore=media --ignore=tests
	$(PY) manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules browser-screenshots
