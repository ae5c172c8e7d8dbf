# talkoot — the two commands a newcomer needs:
#   make demo   set up everything and serve the demo community on http://127.0.0.1:8000
#   make test   every check and test (SQLite, then PostgreSQL when one is reachable)

PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-stamp
DEMO_MEMBERS ?= 60
DEMO_SEED ?= 2026
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lint check-django messages translations test-sqlite test-postgres test-api-fuzz bench lock clean

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { scripts/find-python; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

# Refresh the Finnish catalogue after adding or changing strings; then translate the new entries.
translations: $(STAMP)
	$(MANAGE) makemessages -l fi --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=scripts

# The demo runs background work as production does: queued in the database, run by db_worker.
demo: export TASKS_BACKEND := database
demo: install messages
	@mkdir -p var
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) seed_demo --if-empty --members $(DEMO_MEMBERS) --seed $(DEMO_SEED)
	$(MANAGE) insights_compute --if-missing
	$(MANAGE) demo_logins --url http://$(HOST):$(PORT)/
	@echo "Serving talkoot on http://$(HOST):$(PORT)/  (Ctrl-C stops it; your data stays in var/)"
	@# The scheduler (reminders, digests, repeating tasks, closing proposals) and the worker that runs
	@# what it and the pages queue (e-mails, printed to this terminal) run beside the server and stop with it.
	$(MANAGE) run_scheduler & scheduler=$$!; $(MANAGE) db_worker & worker=$$!; \
		trap 'kill $$scheduler $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST):$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_ENV=test $(BIN)/mypy config talkoot

check-django: $(STAMP) messages
	DJANGO_ENV=test $(MANAGE) check --fail-level WARNING
	DJANGO_ENV=test $(MANAGE) makemigrations --check --dry-run

test-sqlite: $(STAMP) messages
	$(BIN)/python -m pytest

test-postgres: $(STAMP) messages
	@$(BIN)/python scripts/run_postgres_tests.py

# Schemathesis against the live API on a demo database (every check, a fixed seed); prints its summary.
test-api-fuzz: $(STAMP)
	$(BIN)/python scripts/api_fuzz.py

test: lint check-django test-sqlite test-postgres test-api-fuzz

# Server time of the busiest pages on a large generated community, SQLite and PostgreSQL, against
# a bare one-query view in the same run; the API under load (gunicorn, wrk) against bare
# django-ninja endpoints; then the insights on generated networks of 100,000 and
# 1,000,000 members against a networkx baseline (bench/README.md). Not part of `make test`.
# `make bench SCALE=small` runs only a quick insights benchmark (10,000 members, under 2 minutes).
SCALE ?= full
bench: $(STAMP)
ifeq ($(SCALE),full)
	$(BIN)/python bench/pages.py --db both
	$(BIN)/python bench/http.py
endif
	$(BIN)/python bench/insights.py --scale $(SCALE)

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

clean:
	rm -rf $(VENV) var/static .pytest_cache .ruff_cache
