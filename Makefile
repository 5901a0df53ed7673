# The two commands a newcomer needs:  make run   and   make test
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run stop test setup lint check-migrations frontend clean-var

run: setup
	$(PY) -m carers_portal.devserver

# For a shell that lost the terminal `make run` was in: stops it and the embedded servers.
stop:
	@$(PY) -m carers_portal.devserver --stop

test: setup
	$(PY) -m pytest

setup: $(VENV)/.installed node_modules/.installed static/build/app.css
	@./scripts/install-system-packages.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	@rm -rf build *.egg-info
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/app.css: node_modules/.installed static/scss/app.scss scripts/build-frontend.mjs
	node scripts/build-frontend.mjs

frontend: node_modules/.installed
	node scripts/build-frontend.mjs

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check-migrations: $(VENV)/.installed
	$(PY) manage.py makemigrations --check --dry-run

clean-var:
	rm -rf var/
