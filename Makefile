# Grip's one entry point for people and CI. `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
export GRIP_VAR_DIR ?= $(CURDIR)/var

.PHONY: help install install-dev run serve test lint typecheck architecture checks pytest bench demo schema lock messages clean

help:
	@echo "make run    install, migrate, load demo data when empty, serve on http://$(HOST):$(PORT)"
	@echo "make test   install, lint, type-check, architecture, migrations, schema, every test"
	@echo "make lint | typecheck | architecture | pytest | bench | demo | schema | lock | messages"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs the hashed lock files with pip, then Grip itself (editable, no build isolation).
$(VENV)/.installed-base: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt $(VENV)/.installed-base
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

run: install
	DJANGO_SETTINGS_MODULE=grip.settings.dev $(BIN)/grip migrate --no-input
	DJANGO_SETTINGS_MODULE=grip.settings.dev $(BIN)/grip demo --if-empty
	DJANGO_SETTINGS_MODULE=grip.settings.dev $(BIN)/grip collectstatic --no-input --verbosity 0
	@echo ""
	@echo "Grip serves on http://$(HOST):$(PORT)/  (log in with one of the demo log-ins above; Ctrl-C stops)"
	@# Background work (the regional report pack) runs in a task worker beside the web server,
	@# so that the page can show its progress; the scheduler enqueues the daily jobs (the
	@# notifications). All three stop together.
	@# Links in notifications lead to this server unless GRIP_BASE_URL says otherwise.
	export GRIP_BASE_URL=$${GRIP_BASE_URL:-http://$(HOST):$(PORT)}; \
	DJANGO_SETTINGS_MODULE=grip.settings.dev GRIP_TASKS_IMMEDIATE=false $(BIN)/grip db_worker --interval 1 & worker=$$!; \
	DJANGO_SETTINGS_MODULE=grip.settings.dev GRIP_TASKS_IMMEDIATE=false $(BIN)/grip scheduler > var/scheduler.log 2>&1 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=grip.settings.dev GRIP_TASKS_IMMEDIATE=false $(BIN)/gunicorn grip.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -

demo: install
	DJANGO_SETTINGS_MODULE=grip.settings.dev $(BIN)/grip migrate --no-input
	DJANGO_SETTINGS_MODULE=grip.settings.dev $(BIN)/grip demo --reset $(DEMO_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy

architecture: install-dev
	$(BIN)/lint-imports

checks: install-dev
	DJANGO_SETTINGS_MODULE=grip.settings.test $(BIN)/grip makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=grip.settings.test $(BIN)/grip spectacular --validate --fail-on-warn --file $(VENV)/openapi.generated.yaml
	diff -u src/grip/api/openapi.yaml $(VENV)/openapi.generated.yaml || (echo "The committed OpenAPI schema drifted: run 'make schema' and commit it." && exit 1)

# The suite runs on every core (pytest-xdist). `--dist load` hands each worker its tests in
# collection order, so pytest-django's order (transactional tests, which empty the database,
# last) holds within each worker; `worksteal` broke it. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
PYTEST_COV ?= --cov --cov-report=term
pytest: install-dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_COV) $(PYTEST_ARGS)

test: lint typecheck architecture checks pytest

bench: install-dev
	$(BIN)/python -m grip.bench $(BENCH_ARGS)

schema: install-dev
	DJANGO_SETTINGS_MODULE=grip.settings.test $(BIN)/grip spectacular --validate --fail-on-warn --file src/grip/api/openapi.yaml

# Rewrites requirements/*.txt from requirements/*.in with hashes (needs the network to PyPI).
lock:
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet pip-tools
	cd requirements && ../$(VENV)-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url -o base.txt base.in
	cd requirements && ../$(VENV)-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url -o dev.txt dev.in

messages: install-dev
	cd src/grip && DJANGO_SETTINGS_MODULE=grip.settings.test ../../$(BIN)/grip makemessages --locale nl --no-obsolete
	cd src/grip && DJANGO_SETTINGS_MODULE=grip.settings.test ../../$(BIN)/grip compilemessages --locale nl

clean:
	rm -rf $(VENV) $(VENV)-lock var .coverage htmlcov
