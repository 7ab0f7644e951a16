# Custody — everyday commands. `make run` starts the whole stack with nothing but Python.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON_SYSTEM ?= python3.11
UV_VERSION := 0.13.9
VENV := .venv
PY := $(VENV)/bin/python
# uv lives in its own directory inside the venv: `uv sync` removes from the environment
# every package the lock file does not list, uv and pip included.
UV := $(VENV)/tools/bin/uv
STAMP := $(VENV)/.installed
LOCK := $(wildcard uv.lock)
MANIFESTS := pyproject.toml $(LOCK) $(wildcard libs/*/pyproject.toml services/*/pyproject.toml tools/*/pyproject.toml)
# Placeholders, only so that `docker-compose config` can check the file; never deploy them.
# (The services refuse them in production: tests/test_compose_runs.py uses random ones.)
COMPOSE_CHECK_ENV := JWT_SECRET=check POSTGRES_PASSWORD=check MINIO_ROOT_PASSWORD=check-check \
	S3_SECRET_KEY=check-check FIRST_ADMIN_PASSWORD=check GRAFANA_ADMIN_PASSWORD=check \
	AUDIT_LEDGER_PASSWORD=check SMTP_URL=smtp://check@relay.invalid:587 \
	CUSTODY_DOMAIN=custody.invalid CADDY_TLS=internal

.PHONY: help install run test unit-tests integration-tests e2e-tests lint format proto bench compose-check \
	vendor asyncapi deploy-manifests

help:
	@echo "make install | run | test | unit-tests | integration-tests | e2e-tests"
	@echo "     lint | format | proto | asyncapi | deploy-manifests | bench | compose-check | vendor"

install: $(STAMP)

# A no-op while pyproject.toml files and uv.lock are unchanged.
$(STAMP): $(MANIFESTS)
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(UV) --version 2>/dev/null | grep -Eq '^uv $(UV_VERSION)( |$$)' || { \
		$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip --upgrade >/dev/null; \
		$(PY) -m pip install --quiet --upgrade --target $(VENV)/tools uv==$(UV_VERSION); }
	if [ -f uv.lock ]; then $(UV) sync --all-groups --frozen; else $(UV) sync --all-groups; fi
	touch $@

DATA_DIR ?= .data
run: install
	$(PY) -m custody_platform.embedded run --data-dir $(DATA_DIR)

test: install
	$(PY) -m pytest -q --durations=30

unit-tests: install
	$(PY) -m pytest -q -m unit

integration-tests: install
	$(PY) -m pytest -q -m integration

e2e-tests: install
	$(PY) -m pytest -q -m e2e

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy libs services tools
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

proto: install
	$(PY) scripts/gen_proto.py

# Regenerates docs/asyncapi.yaml from the event contracts and infra/kafka/topics.yaml.
asyncapi: install
	$(PY) scripts/gen_asyncapi.py

# Regenerates docs/deploy/base's generated parts (workloads, Kafka topics, the Caddyfile copy).
deploy-manifests: install
	$(PY) scripts/gen_deploy.py

# Re-vendors the web app's front-end libraries (npm pack of pinned versions; needs node).
vendor: install
	$(PY) scripts/vendor_web.py

# Runs the benchmark suite (bench/__main__.py), or else every bench/bench_*.py there is.
bench: install
	@if [ -f bench/__main__.py ]; then $(PY) -m bench; \
	else \
		found=0; \
		for script in bench/bench_*.py; do \
			[ -e "$$script" ] || continue; found=1; \
			echo "== $$script"; $(PY) "$$script" || exit 1; \
		done; \
		[ $$found = 1 ] || echo "no benchmarks under bench/ yet"; \
	fi

compose-check:
	$(COMPOSE_CHECK_ENV) docker-compose config -q
