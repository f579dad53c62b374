# Heron: `make run` serves the app with embedded defaults, `make test` runs every suite.
# Each target installs what it is missing, so both work on a fresh machine.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory

# `make run HOST=0.0.0.0 PORT=9000`. Assigned with := so that a HOST or PORT already in the
# environment (set by a shell or a platform) does not silently change where Heron listens.
HOST := 127.0.0.1
PORT := 8000

# Embedded data (SQLite database, files, job store) lives in the repo-root var/, whatever the cwd.
export HERON_VAR_DIR ?= $(CURDIR)/var
export HERON_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/heron_test
export HERON_TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

# uv from PATH, else the one pip installs (`python -m uv` works before the shell sees the new binary).
UV := $(or $(shell command -v uv 2>/dev/null),python3 -m uv)
# CI must fail when uv.lock no longer matches pyproject.toml; elsewhere install the lock as it is.
UV_SYNC_FLAGS := $(if $(filter true,$(CI)),--locked,--frozen) --python python3.11
# The environment is synced once by the `env` target; `uv run` must not re-lock or re-sync behind it.
HERON := cd backend && $(UV) run --no-sync heron

# pytest-xdist workers for the back-end suite (one per core; each gets its own PostgreSQL database).
TEST_WORKERS ?= auto

WEB := $(if $(wildcard web/package.json),yes,)
ifdef WEB
WEB_SOURCES := $(shell find web -type d \( -name node_modules -o -name dist -o -name test-results \
	-o -name playwright-report \) -prune -o -type f -print)
endif

.PHONY: help
help:
	@echo 'make run     install what is missing and serve Heron on http://$(HOST):$(PORT)'
	@echo 'make test    run every test suite (starts PostgreSQL and Redis if needed)'
	@echo 'make lint    ruff and mypy;  make fmt: format and autofix'
	@echo 'make migrate | seed | worker | test-web | bench-web | clean'

# ---- environment ---------------------------------------------------------------------------

.PHONY: uv env
uv:
	@command -v uv >/dev/null || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet uv

env: uv
	cd backend && $(UV) sync $(UV_SYNC_FLAGS)

ifdef WEB
# The stamp lives in node_modules, so deleting that folder reinstalls.
WEB_DEPS := web/node_modules/.npm-ci.stamp
$(WEB_DEPS): web/package.json web/package-lock.json
	# The registry reached here answers 404 for other platforms' optional binaries (e.g.
	# @tailwindcss/oxide-darwin-x64), so the lock cannot list them and `npm ci` refuses it;
	# `npm install` then installs the same locked versions for this platform.
	cd web && { npm ci --no-audit --no-fund || npm install --no-audit --no-fund; }
	mkdir -p web/node_modules && touch $@

web/dist/index.html: $(WEB_DEPS) $(WEB_SOURCES)
	cd web && npm run build
	test -f $@
endif

.PHONY: web-deps web-build
web-deps: $(WEB_DEPS)
web-build: $(if $(WEB),web/dist/index.html)

# ---- run -----------------------------------------------------------------------------------

.PHONY: run migrate seed worker
run: env web-build
	$(HERON) migrate
	$(HERON) seed --demo --if-empty
	$(HERON) serve --host $(HOST) --port $(PORT)

migrate: env
	$(HERON) migrate

seed: env
	$(HERON) seed --demo

worker: env
	$(HERON) worker

# ---- checks --------------------------------------------------------------------------------

.PHONY: test test-backend test-web lint fmt
test: test-backend test-web

# pytest exits 5 when it collects nothing; like any non-zero status, that fails the target.
test-backend: env
	bash scripts/services.sh
	cd backend && $(UV) run --no-sync pytest -n $(TEST_WORKERS)

ifdef WEB
# npm test: client freshness, typecheck, Vitest, then the Playwright journeys in Chromium.
test-web: env web-deps
	bash scripts/browser.sh
	cd web && npm test
else
test-web:
	@echo 'test-web: no web/package.json yet, nothing to test'
endif

ifdef WEB
# The web targets (issue 4) measured, not asserted: prints them and writes bench/results/<date>-web.json.
.PHONY: bench-web
bench-web: env web-build
	bash scripts/browser.sh
	UV="$(UV)" node bench/web/run.mjs
endif

lint: env
	cd backend && $(UV) run --no-sync ruff check .
	cd backend && $(UV) run --no-sync ruff format --check .
	cd backend && $(UV) run --no-sync mypy heron

fmt: env
	cd backend && $(UV) run --no-sync ruff format .
	cd backend && $(UV) run --no-sync ruff check --fix .

# ---- housekeeping --------------------------------------------------------------------------

.PHONY: clean
clean:
	rm -rf backend/.venv var web/dist web/node_modules
