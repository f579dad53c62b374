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
	@echo 'make migrate | seed | worker | test-web | bench-web | bench-exports | bench-imports | clean'
	@echo 'make bench SIZE=tiny|small|medium|large [DB=postgresql,sqlite]   the API benchmark'

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
# npm test: client freshness, typecheck, Vitest, then the Playwright journeys in Chromium, on
# SQLite and (some of them) on PostgreSQL: a scratch database on HERON_TEST_POSTGRES_URL's server.
test-web: env web-deps
	bash scripts/browser.sh
	bash scripts/services.sh
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

# The export targets (issue 5) measured on PostgreSQL: writes bench/results/<date>-exports.json.
.PHONY: bench-exports
bench-exports: env
	cd backend && $(UV) run --no-sync python ../bench/exports/run.py

# The API benchmark (issue 6): a generated data set (kept in var/bench/), a real `heron serve`
# on PostgreSQL and SQLite, each operation against its SQL floor, then wrk load runs. Prints the
# figures and writes bench/results/<date>-<size>-<db>.json. `make bench SIZE=large DB=postgresql`
SIZE ?= small
DB ?= postgresql,sqlite
BENCH_ARGS ?=
.PHONY: bench bench-smoke wrk
bench: env wrk
	bash scripts/services.sh
	cd backend && $(UV) run --no-sync python ../bench/api/run.py --size $(SIZE) --db $(DB) $(BENCH_ARGS)

# Where one operation's time goes: its requests to Heron in-process under a profiler
# (pyinstrument, a dev dependency; cProfile without it); the report in var/bench/profile-<op>-<size>.txt.
# `make bench-profile OP=record SIZE=small` (PROFILE_ARGS="--timing 9": CPU a request, no profiler)
OP ?= record
PROFILE_ARGS ?=
.PHONY: bench-profile
bench-profile: env
	bash scripts/services.sh
	cd backend && $(UV) run --no-sync python ../bench/api/hotspots.py --op $(OP) --size $(SIZE) $(PROFILE_ARGS)

# The same suite at the tiny size, briefly, so it never rots (CI runs it; no time is asserted,
# but an error answer or a failed step fails it).
bench-smoke: env wrk
	bash scripts/services.sh
	cd backend && $(UV) run --no-sync python ../bench/api/run.py --size tiny --smoke \
		--out ../var/bench/smoke

wrk:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
		|| echo "wrk is not installed: the load runs are skipped (apt-get install wrk)"

# Import throughput next to PostgreSQL COPY (issue 5), measured, not asserted:
# prints the figures and writes bench/results/<date>-imports.json.
.PHONY: bench-imports
bench-imports: env
	cd backend && $(UV) run --no-sync python ../bench/imports/run.py --rows $${ROWS:-1000000} --sqlite

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
