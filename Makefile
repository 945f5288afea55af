# Baladiya CMS — developer commands. `make run` and `make test` are the two README commands.
PY ?= python3
# `make run PORT=8001` serves on another port.
PORT ?= 8000
# Links in the demo content and admin e-mails follow the port, unless the address is set already.
RUN_ENV := WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$(PORT)}
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint format install check

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -e ".[dev]"

run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --no-input
	$(RUN_ENV) $(BIN)/python manage.py createcachetable
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py ensure_admin
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test:
	bash .ci/test

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
