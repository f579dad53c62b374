#!/usr/bin/env bash
# Make sure the PostgreSQL and Redis that the test suites use answer on 127.0.0.1 (5432, 6379):
# use a running one, else start an installed one, else (as root, with apt-get) install one.
# Then make sure the test database `heron_test` and the non-superuser role `heron_app` exist.
# Idempotent and silent when all is well. With CI=true a missing service is an error, because a
# green CI must mean the PostgreSQL and Redis tests ran; elsewhere those tests are skipped.
set -euo pipefail

readonly HOST=127.0.0.1 PG_PORT=5432 REDIS_PORT=6379
readonly TEST_DB=heron_test APP_ROLE=heron_app
readonly WAIT_SECONDS=30

log() { printf 'services.sh: %s\n' "$*" >&2; }

is_root() { [[ $(id -u) -eq 0 ]]; }

apt_updated=false
apt_install() {
	is_root && command -v apt-get >/dev/null || return 1
	if ! $apt_updated; then
		log "apt-get update"
		apt-get update -qq >/dev/null || return 1
		apt_updated=true
	fi
	log "apt-get install $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wait_for() {
	local check=$1 i
	for ((i = 0; i < WAIT_SECONDS; i++)); do
		"$check" && return 0
		sleep 1
	done
	"$check"
}

# ---- PostgreSQL ------------------------------------------------------------------------------

pg_up() {
	command -v pg_isready >/dev/null && pg_isready -q -h "$HOST" -p "$PG_PORT" >/dev/null 2>&1
}

# The version of the first `main` cluster, e.g. 15; empty when there is none.
pg_cluster_version() {
	local clusters=(/etc/postgresql/*/main)
	[[ -d ${clusters[0]} ]] || return 0
	basename "$(dirname "${clusters[0]}")"
}

pg_start() {
	local version
	version=$(pg_cluster_version)
	[[ -n $version ]] && command -v pg_ctlcluster >/dev/null || return 1
	log "starting PostgreSQL $version/main"
	# Exits non-zero when the cluster already runs; readiness is judged by pg_isready below.
	pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
}

ensure_postgres() {
	pg_up && return 0
	if [[ -z $(pg_cluster_version) ]] || ! command -v pg_ctlcluster >/dev/null; then
		apt_install postgresql || return 1
	fi
	pg_start || return 1
	wait_for pg_up
}

# Connects as the superuser over TCP, as the tests do, with no password.
psql_admin() {
	PGCONNECT_TIMEOUT=5 PGOPTIONS='-c client_min_messages=warning' \
		psql -h "$HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAtX "$@"
}

# Runs psql as the postgres OS user over the local socket (peer auth on Debian).
psql_local() {
	(cd / && runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAtX "$@")
}

# A fresh Debian PostgreSQL asks for a password on 127.0.0.1. This is a test machine: trust
# loopback, at the top of pg_hba.conf so it wins over the scram line.
ensure_trust_login() {
	psql_admin -c 'select 1' >/dev/null 2>&1 && return 0
	is_root && command -v runuser >/dev/null || return 1
	local hba
	hba=$(psql_local -c 'show hba_file') || return 1
	if ! grep -q '^host all all 127\.0\.0\.1/32 trust$' "$hba"; then
		log "trusting 127.0.0.1 in $hba (test machine)"
		sed -i "1i # Added by Heron's scripts/services.sh: a test machine trusts loopback.\nhost all all 127.0.0.1/32 trust" "$hba"
	fi
	psql_local -c 'select pg_reload_conf()' >/dev/null
	psql_admin -c 'select 1' >/dev/null 2>&1
}

# Called in a `||` list, where `set -e` does not apply: every step returns on failure itself.
ensure_test_database() {
	local exists
	exists=$(psql_admin -c "select 1 from pg_database where datname = '$TEST_DB'") || return 1
	if [[ $exists != 1 ]]; then
		log "creating database $TEST_DB"
		# UTF-8 character classes, so that lower() and ILIKE fold accented letters.
		psql_admin -c "create database $TEST_DB template template0 encoding 'UTF8' locale 'C.UTF-8'" \
			2>/dev/null ||
			psql_admin -c "create database $TEST_DB template template0 encoding 'UTF8' locale 'C'" ||
			return 1
	fi
	# The row-level security tests need a role that policies apply to: never superuser, never BYPASSRLS.
	psql_admin <<-SQL
		do \$\$ begin
		  if not exists (select from pg_roles where rolname = '$APP_ROLE') then
		    create role $APP_ROLE login nosuperuser nobypassrls;
		  end if;
		end \$\$;
		alter role $APP_ROLE login nosuperuser nobypassrls;
		grant connect on database $TEST_DB to $APP_ROLE;
	SQL
}

postgres_ready() {
	ensure_postgres || return 1
	command -v psql >/dev/null || return 1
	ensure_trust_login || return 1
	ensure_test_database
}

# ---- Redis -----------------------------------------------------------------------------------

redis_up() {
	command -v redis-cli >/dev/null &&
		[[ $(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

redis_start() {
	command -v redis-server >/dev/null || return 1
	log "starting redis-server on $HOST:$REDIS_PORT"
	redis-server --daemonize yes --bind "$HOST" --port "$REDIS_PORT" --save "" --appendonly no \
		--dir /tmp >/dev/null
}

redis_ready() {
	redis_up && return 0
	if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
		apt_install redis-server || return 1
	fi
	# The package's own start (where the init system runs it) may already have brought it up.
	redis_up || redis_start || return 1
	wait_for redis_up
}

# ---- main ------------------------------------------------------------------------------------

missing=()
postgres_ready || missing+=("PostgreSQL on $HOST:$PG_PORT (user postgres without password, database $TEST_DB)")
redis_ready || missing+=("Redis on $HOST:$REDIS_PORT")

((${#missing[@]} == 0)) && exit 0

if [[ ${CI:-} == true ]]; then
	for service in "${missing[@]}"; do log "ERROR: not available: $service"; done
	log "ERROR: CI requires them; install and start them, or run as root on Debian to let this script do it."
	exit 1
fi
for service in "${missing[@]}"; do log "WARNING: not available: $service"; done
log "WARNING: the tests that need them will be skipped."
