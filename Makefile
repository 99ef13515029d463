# The few commands people use. `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every template folder: the project's and each app's (templates/, */templates/).
TEMPLATES := $(wildcard templates */templates)

.PHONY: run test lint format install debian-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# requirements-dev.txt includes requirements.txt (runtime) and adds tests and tooling.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: export DJANGO_SETTINGS_MODULE ?= cms.settings.dev
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# axe-core for the browser tests, openapi-typescript and typescript for the API's TypeScript consumer;
# `npm ci` again whenever the lock file changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Installing Debian packages needs root, so `make test` names the missing ones and stops; `.ci/run` installs them.
debian-packages:
	@missing="$$(.ci/missing-debian-packages)"; \
	if [ -n "$$missing" ]; then echo "Missing Debian packages: $$missing - run: sudo apt-get install -y $$missing"; exit 1; fi

# One pytest worker per core (pytest-xdist); the browser tests and the production topology each stay
# on one worker, so their servers start once. TEST_WORKERS=0 runs everything in this process.
TEST_WORKERS ?= auto
test: export DJANGO_SETTINGS_MODULE = cms.settings.test
test: debian-packages install node_modules/.installed
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $(TEMPLATES)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $(TEMPLATES)
