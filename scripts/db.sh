#!/usr/bin/env bash
# scripts/db.sh: find a PostgreSQL server for Residens (or start a private one)
# and print shell code that points DATABASE_URL at it. The Makefile uses it as
#
#   dbenv="$(bash scripts/db.sh run)" && eval "$dbenv"
#
# Modes:
#   run     the application database "residens", created when missing (make run,
#           make migrate, make seed)
#   url     the same, but creates no database
#   test    a connection as a role that may CREATE DATABASE and CREATE ROLE,
#           to the maintenance database "postgres" (the tests clone their own
#           databases with pgtestdb)
#   status  say which server would be used, and the private cluster's state
#   stop    stop the private cluster, if it runs
#   destroy stop the private cluster and delete it
#
# Where the server comes from, first match wins:
#   a. DATABASE_URL is set: it is used as it is.
#   b. The local server answers on its default socket (libpq's defaults, so
#      PGHOST and PGPORT are honoured) as the current user, or else as the user
#      postgres. For tests that user must be allowed to create databases and
#      roles, and the server must let a role log in with a password on that
#      socket (pgtestdb's role does); a stock Debian server's peer auth does
#      not, and then step c is used for the tests.
#   c. PostgreSQL's binaries are installed (RESIDENS_PG_BINDIR, the newest
#      /usr/lib/postgresql/*/bin, or initdb on PATH): a private cluster in
#      .cache/pg of the checkout is created (once) and started. It has trust
#      auth for the superuser postgres, listens only on the Unix socket in
#      .cache/pg/run and trades durability for speed (fsync off): it is for
#      development and tests only. As root, the server runs as the system user
#      postgres (or nobody). If that user cannot reach the checkout, or the
#      path is too long or odd for a socket, the cluster lives in
#      $TMPDIR/residens-pg-<hash> and .cache/pg is a symlink to it.
#   d. Otherwise it says how to get a server and exits with status 1.
#
# Environment:
#   DATABASE_URL             use this server (step a)
#   PGHOST, PGPORT           libpq's: where step b looks
#   RESIDENS_DB_SKIP_SYSTEM  1: skip step b (to test the private cluster)
#   RESIDENS_DB_NAME         application database name (default residens)
#   RESIDENS_PG_DIR          where the private cluster lives (default .cache/pg)
#   RESIDENS_PG_BINDIR       PostgreSQL's bin directory for the private cluster
#   RESIDENS_PG_PORT         port number of the private cluster's socket (5432)
#
# Only the export line goes to standard output; messages go to standard error.
set -euo pipefail

mode=${1:-url}
case $mode in
run | url | test | status | stop | destroy) ;;
-h | --help | help)
	sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit 0
	;;
*)
	echo "db.sh: unknown mode '$mode' (want run, url, test, status, stop or destroy)" >&2
	exit 2
	;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
dbname=${RESIDENS_DB_NAME:-residens}
pgport=${RESIDENS_PG_PORT:-5432}
export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-5}

say() { echo "db.sh: $*" >&2; }
die() {
	say "$@"
	exit 1
}

# quote VALUE for a libpq/pgx keyword string; plain values stay bare.
kwquote() {
	local v=$1
	if [[ $v =~ ^[A-Za-z0-9_./:@-]+$ ]]; then
		printf '%s' "$v"
	else
		v=${v//\\/\\\\}
		printf "'%s'" "${v//\'/\\\'}"
	fi
}

# print the line the caller evals: export DATABASE_URL='...'
emit() {
	local v=$1
	printf "export DATABASE_URL='%s'\n" "${v//\'/\'\\\'\'}"
}

# ---------------------------------------------------------------------------
# a. DATABASE_URL
# ---------------------------------------------------------------------------
use_env() {
	say "using DATABASE_URL from the environment"
	if [[ $mode == test ]] && command -v pg_isready >/dev/null 2>&1 &&
		! pg_isready -q -d "$DATABASE_URL" >/dev/null 2>&1; then
		say "warning: the server in DATABASE_URL does not answer (pg_isready)"
	fi
	emit "$DATABASE_URL"
}

# ---------------------------------------------------------------------------
# b. the local server on its default socket
# ---------------------------------------------------------------------------
# q USER SQL: run SQL in the maintenance database as USER ("" = current user)
q() {
	local user=$1 sql=$2
	psql -X -w -q -At -v ON_ERROR_STOP=1 -d postgres ${user:+-U "$user"} -c "$sql" 2>/dev/null
}

# password_login USER: can a role with a password log in the way the tests'
# pgtestdb role will (same socket, password auth)? Checked with a role that
# lives only for the check. A stock Debian server says no (peer auth).
password_login() {
	local user=$1 role="residens_probe_$$" ok=0
	q "$user" "create role $role login password 'probe'" >/dev/null || return 1
	if PGPASSWORD=probe psql -X -w -q -At -d postgres -U "$role" -c 'select 1' >/dev/null 2>&1; then
		ok=1
	fi
	q "$user" "drop role if exists $role" >/dev/null || say "warning: could not drop the probe role $role"
	((ok))
}

# system_user: print which user may use the local server for this mode
# ("-" for the current user, or "postgres"); fail when neither may.
system_user() {
	[[ ${RESIDENS_DB_SKIP_SYSTEM:-} == 1 ]] && return 1
	command -v psql >/dev/null 2>&1 || return 1
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -q >/dev/null 2>&1 || return 1
	fi
	local user ok have
	for user in "" postgres; do
		if [[ -n $user && $user == "$(id -un)" ]]; then continue; fi
		if [[ $mode == test ]]; then
			ok=$(q "$user" "select rolsuper or (rolcreatedb and rolcreaterole) from pg_roles where rolname = current_user") || continue
			[[ $ok == t ]] || continue
			if ! password_login "$user"; then
				say "the local PostgreSQL server does not let a role log in with a password on its socket"
				say "  (peer authentication?), as the tests' pgtestdb role must: not using it for the tests"
				return 1
			fi
		else
			ok=$(q "$user" "select rolsuper or rolcreatedb from pg_roles where rolname = current_user") || continue
			if [[ $mode == run && $ok != t ]]; then
				have=$(q "$user" "select 1 from pg_database where datname = '$dbname'") || continue
				[[ $have == 1 ]] || continue
			fi
		fi
		echo "${user:--}"
		return 0
	done
	say "the local PostgreSQL server answers, but neither $(id -un) nor postgres may use it as needed"
	if [[ $mode != test ]] && ((EUID == 0)) && id -u postgres >/dev/null 2>&1; then
		say "  (to use it: runuser -u postgres -- createuser --superuser $(id -un))"
	fi
	return 1
}

use_system() { # USER from system_user
	local user=$1 have url
	[[ $user == - ]] && user=""
	url="dbname=$dbname"
	[[ $mode == test ]] && url="dbname=postgres"
	[[ -n $user ]] && url="$url user=$user"
	# libpq's PGHOST and PGPORT, spelled out so the URL works without them
	[[ -n ${PGPORT:-} ]] && url="port=$(kwquote "$PGPORT") $url"
	[[ -n ${PGHOST:-} ]] && url="host=$(kwquote "$PGHOST") $url"
	if [[ $mode == run ]]; then
		have=$(q "$user" "select 1 from pg_database where datname = '$dbname'") || have=""
		if [[ $have != 1 ]]; then
			say "creating database $dbname"
			createdb -w ${user:+-U "$user"} "$dbname" || die "could not create database $dbname"
		fi
	fi
	say "using the local PostgreSQL server (${PGHOST:-default socket}${PGPORT:+, port $PGPORT}) as ${user:-$(id -un)}"
	emit "$url"
}

# ---------------------------------------------------------------------------
# c. a private cluster in .cache/pg
# ---------------------------------------------------------------------------
link=${RESIDENS_PG_DIR:-$repo/.cache/pg}
base="" data="" run="" bindir="" pguser=""

major_of() { # the major version of a bin directory's postgres
	"$1/postgres" --version 2>/dev/null | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/;q'
}

find_bindir() { # [MAJOR]: the bin directory to use, preferring MAJOR
	local want=${1:-} d
	if [[ -n ${RESIDENS_PG_BINDIR:-} ]]; then
		[[ -x $RESIDENS_PG_BINDIR/initdb && -x $RESIDENS_PG_BINDIR/pg_ctl ]] ||
			die "RESIDENS_PG_BINDIR=$RESIDENS_PG_BINDIR has no initdb and pg_ctl"
		echo "$RESIDENS_PG_BINDIR"
		return
	fi
	if [[ -n $want && -x /usr/lib/postgresql/$want/bin/pg_ctl ]]; then
		echo "/usr/lib/postgresql/$want/bin"
		return
	fi
	d=$(for d in /usr/lib/postgresql/*/bin; do
		[[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]] && echo "$d"
	done | sort -V | tail -n 1)
	if [[ -z $d ]] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		d=$(dirname "$(command -v initdb)")
	fi
	[[ -n $d ]] || return 1
	echo "$d"
}

# run a command as the cluster's owner, from a directory it may read, and
# without the lock's file descriptor (a server started here would inherit it
# and hold the lock for as long as it runs)
as_pg() {
	if ((EUID == 0)); then
		if command -v runuser >/dev/null 2>&1; then
			(cd / && runuser -u "$pguser" -- "$@") 9>&-
		else
			(cd / && su -s /bin/sh "$pguser" -c "$(printf '%q ' "$@")") 9>&-
		fi
	else
		"$@" 9>&-
	fi
}

# a place the server may use: the owner can write it, and the socket path is
# short and plain enough for a Unix socket and for a URL's query string.
usable_base() {
	local b=$1 sock="$1/run/.s.PGSQL.$pgport"
	((${#sock} <= 100)) || return 1
	[[ $b =~ ^[A-Za-z0-9/._-]+$ ]] || return 1
	as_pg test -w "$b" -a -x "$b"
}

prepare_base() {
	local target
	mkdir -p "$(dirname "$link")"
	if [[ -L $link ]]; then
		target=$(readlink "$link")
		mkdir -p "$target"
		base=$target
	else
		mkdir -p "$link"
		base=$link
	fi
	base=$(cd "$base" && pwd -P)
	data=$base/data
	run=$base/run

	if ((EUID == 0)); then
		if [[ -d $data && $(stat -c %u "$data") != 0 ]]; then
			pguser=$(stat -c %U "$data")
		elif id -u postgres >/dev/null 2>&1; then
			pguser=postgres
		else
			pguser=nobody
		fi
		chown "$pguser:" "$base"
		chmod 700 "$base"
	else
		pguser=$(id -un)
	fi

	if ! usable_base "$base"; then
		[[ ! -e $data ]] || die "the private cluster in $base is not usable by $pguser; remove it (bash scripts/db.sh destroy)"
		[[ $base == "$link" ]] || die "$base (from $link) is not usable by $pguser"
		target="${TMPDIR:-/tmp}/residens-pg-$(printf '%s' "$link" | cksum | cut -d' ' -f1)"
		[[ $target =~ ^[A-Za-z0-9/._-]+$ ]] || target="/tmp/residens-pg-$(printf '%s' "$link" | cksum | cut -d' ' -f1)"
		say "$pguser cannot use $link; the private cluster goes to $target"
		mkdir -p "$target"
		rmdir "$link"
		ln -s "$target" "$link"
		prepare_base
		return
	fi
	mkdir -p "$run"
	((EUID == 0)) && chown "$pguser:" "$run"
	return 0
}

# settings rewritten at every start, so a moved checkout still works
write_conf() {
	local r=${run//\'/\'\'}
	cat >"$data/residens.conf" <<-EOF
		# Written by scripts/db.sh at every start: a private development cluster.
		listen_addresses = ''
		unix_socket_directories = '$r'
		port = $pgport
		max_connections = 200
		shared_buffers = 128MB
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		log_min_messages = warning
	EOF
	((EUID == 0)) && chown "$pguser:" "$data/residens.conf"
	return 0
}

init_cluster() {
	local log=$base/initdb.log
	rm -rf "$data" # what an interrupted initdb left
	say "creating a private PostgreSQL $(major_of "$bindir") cluster in $base (as $pguser)"
	if ! as_pg "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$log" 2>&1; then
		rm -rf "$data"
		as_pg "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C >"$log" 2>&1 || {
			cat "$log" >&2
			rm -rf "$data"
			die "initdb failed"
		}
	fi
	echo "include_if_exists = 'residens.conf'" >>"$data/postgresql.conf"
}

# pg_isready's answer on the private socket: 0 accepting, 1 rejecting (still
# starting or recovering), 2 no answer
pg_ready() {
	local rc=0
	"$bindir/pg_isready" -q -h "$run" -p "$pgport" -U postgres -d postgres >/dev/null 2>&1 || rc=$?
	return "$rc"
}

start_cluster() {
	local log=$base/postgresql.log verb=start rc=0
	pg_ready || rc=$?
	if ((rc == 1)); then
		say "waiting for the private cluster to finish starting"
		for _ in $(seq 120); do
			pg_ready && return 0
			sleep 0.5
		done
	fi
	((rc == 0)) && return 0
	if as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		# running, but not on this socket and port: the checkout moved, or
		# RESIDENS_PG_PORT changed
		verb=restart
	fi
	write_conf
	touch "$log"
	((EUID == 0)) && chown "$pguser:" "$log"
	say "starting the private cluster ($verb)"
	if ! as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 -m fast "$verb" >/dev/null; then
		tail -n 20 "$log" >&2 || true
		die "the private cluster in $base did not start (log: $log)"
	fi
	for _ in $(seq 50); do
		pg_ready && return 0
		sleep 0.1
	done
	die "the private cluster started but does not answer on $run"
}

with_lock() { # serialise concurrent make runs
	mkdir -p "$repo/.cache"
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$repo/.cache/db.lock"
		flock -w 120 9 || die "timed out waiting for $repo/.cache/db.lock"
	fi
}

# the major version of an existing private cluster, if any
private_version() {
	local real
	real=$(readlink -f "$link" 2>/dev/null) || return 0
	if [[ -f $real/data/PG_VERSION ]]; then cat "$real/data/PG_VERSION"; fi
}

use_private() { # with bindir set
	local have
	with_lock
	prepare_base
	if [[ -f $data/PG_VERSION ]]; then
		have=$(cat "$data/PG_VERSION")
		[[ $have == "$(major_of "$bindir")" ]] ||
			die "the private cluster in $base is PostgreSQL $have but $bindir is $(major_of "$bindir"); remove it with: bash scripts/db.sh destroy"
	else
		init_cluster
	fi
	start_cluster
	local psql=("$bindir/psql" -X -w -q -At -h "$run" -p "$pgport" -U postgres -d postgres)
	if [[ $mode == run ]] && [[ $("${psql[@]}" -c "select 1 from pg_database where datname = '$dbname'") != 1 ]]; then
		say "creating database $dbname"
		"$bindir/createdb" -w -h "$run" -p "$pgport" -U postgres "$dbname"
	fi
	local db=$dbname
	[[ $mode == test ]] && db=postgres
	say "using the private cluster in $base"
	emit "host=$(kwquote "$run") port=$pgport user=postgres dbname=$db"
}

# status, stop and destroy act on the private cluster only
private_admin() {
	local real
	real=$(readlink -f "$link" 2>/dev/null || true)
	real=${real:-$link}
	case $real in
	/ | "$HOME" | "$repo" | "$repo/.cache") die "refusing to manage a private cluster in '$real'" ;;
	esac
	if [[ ! -f $real/data/PG_VERSION ]]; then
		say "no private cluster in $link"
		if [[ $mode == destroy ]]; then
			if [[ -L $link ]]; then rm -f "$link"; fi
			rm -rf "$link" "$real"
		fi
		return 0
	fi
	with_lock
	base=$real data=$real/data run=$real/run
	bindir=$(find_bindir "$(cat "$data/PG_VERSION")") || die "no PostgreSQL binaries to manage $base"
	if ((EUID == 0)); then pguser=$(stat -c %U "$data"); else pguser=$(id -un); fi
	case $mode in
	status)
		if as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
			say "private cluster in $base: running (socket $run, port $pgport)"
		else
			say "private cluster in $base: stopped"
		fi
		;;
	stop | destroy)
		if as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
			say "stopping the private cluster in $base"
			as_pg "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
		fi
		if [[ $mode == destroy ]]; then
			say "deleting $base"
			rm -rf "$real"
			if [[ -L $link ]]; then rm -f "$link"; fi
			rm -rf "$link"
		fi
		;;
	esac
}

no_server() {
	cat >&2 <<-EOF
		db.sh: no PostgreSQL server found, and no PostgreSQL binaries to start a private one.
		Ways out:
		  1. Install PostgreSQL and run this again, e.g. on Debian or Ubuntu:
		       sudo apt-get install postgresql
		     (a running local server is used; if none runs, a private one is started in .cache/pg).
		  2. Point DATABASE_URL at a server you have (its user must be allowed to create
		     databases and roles for the tests), e.g.
		       export DATABASE_URL='postgres://user:password@host:5432/residens'
		  3. Start the database from docker-compose.yml and point at it:
		       docker compose up -d db
		       export DATABASE_URL='postgres://residens:residens@127.0.0.1:55432/residens?sslmode=disable'
	EOF
	exit 1
}

case $mode in
stop | destroy)
	private_admin
	exit 0
	;;
status)
	if [[ -n ${DATABASE_URL:-} ]]; then
		say "DATABASE_URL is set: it is used"
	elif user=$(mode=url system_user 2>/dev/null); then
		say "the local PostgreSQL server answers: it is used (as ${user/#-/$(id -un)})"
	fi
	private_admin
	exit 0
	;;
esac

# Each step is tested in an if, and the one chosen then runs outside any
# condition, so that set -e still stops it at the first failure.
if [[ -n ${DATABASE_URL:-} ]]; then
	use_env
elif user=$(system_user); then
	use_system "$user"
elif bindir=$(find_bindir "$(private_version)"); then
	use_private
else
	no_server
fi
