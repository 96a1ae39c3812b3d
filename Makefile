# MuseWave: `make run` serves the app with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 0.0.0.0
PORT ?= 5000

.PHONY: run test install lint format migrate seed schema audit bench bench-compare clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo --if-empty

# The ASGI app (HTTP and WebSocket subscriptions) under uvicorn; `make run PORT=8000` to move it.
run: seed
	$(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan off

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(STAMP)
	$(BIN)/python manage.py export_schema schema.schema:schema --path schema.graphql

# Needs the public vulnerability databases (PyPI's JSON API or OSV) to be reachable.
audit: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit -r requirements.txt -r requirements-dev.txt

bench: $(STAMP)
	bash bench/run.sh

# MuseWave beside the raw-SQL floor at two catalogue sizes, on SQLite and PostgreSQL, and the curves.
bench-compare: $(STAMP)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	bash bench/compare.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
