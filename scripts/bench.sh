#!/usr/bin/env bash
# scripts/bench.sh: the performance benchmark behind `make bench`.
#
# It builds the server with -tags bench (which adds the ceiling route,
# internal/app/bench_ceiling.go) and the load generator (cmd/loadgen); drops
# and recreates a dedicated database (residens_bench) on the server that
# DATABASE_URL names, or the one scripts/db.sh finds; seeds the demo content
# and 10,000 generated residencies with 5,000 actors; and then runs the load
# twice, with the page cache on and off. Each run starts the server, saves the
# list page as the ceiling file (a static file of the same size, served by
# the same binary the way web/static serves an asset), drives each page and
# the ceiling from a second process over loopback, records the server's memory
# and stops it. Last, it explains the queries behind the pages and flags any
# sequential scan of a big table.
#
# Environment:
#   DATABASE_URL     server to use (its database name is replaced); default as
#                    scripts/db.sh finds one
#   BENCH_DB         database to (re)create, default residens_bench
#   BENCH_PORT       port on 127.0.0.1, default the first free one from 8765
#   BENCH_CONNS      concurrent connections, default 64
#   BENCH_DURATION   measured time per target, default 15s
#   BENCH_WARMUP     warm-up per target, default 2s
#   BENCH_N          generated residencies, default 10000 (actors: half)
#
# Everything it writes goes to .cache/bench; nothing is left running.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
out=.cache/bench
mkdir -p "$out"

dbname=${BENCH_DB:-residens_bench}
conns=${BENCH_CONNS:-64}
duration=${BENCH_DURATION:-15s}
warmup=${BENCH_WARMUP:-2s}
n=${BENCH_N:-10000}
[[ $dbname =~ ^[a-z_][a-z0-9_]*$ ]] || {
	echo "bench: BENCH_DB=$dbname: want a plain lower-case name" >&2
	exit 2
}

say() { printf '\n== %s\n' "$*"; }

# url_with_db URL NAME: the same server with the database NAME, for both
# forms libpq and pgx accept (a later dbname= keyword wins over an earlier one).
url_with_db() {
	local u=$1 name=$2 scheme rest query=""
	if [[ $u =~ ^postgres(ql)?:// ]]; then
		scheme=${u%%://*}
		rest=${u#*://}
		if [[ $rest == *\?* ]]; then
			query="?${rest#*\?}"
			rest=${rest%%\?*}
		fi
		printf '%s://%s/%s%s\n' "$scheme" "${rest%%/*}" "$name" "$query"
	else
		printf '%s dbname=%s\n' "$u" "$name"
	fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- build -------------------------------------------------------------------
say "build"
go build -tags bench -o "$out/residens" ./cmd/residens
go build -o "$out/loadgen" ./cmd/loadgen
echo "built $out/residens (-tags bench) and $out/loadgen"

# --- database ----------------------------------------------------------------
say "database"
if [[ -z ${DATABASE_URL:-} ]]; then
	dbenv=$(bash scripts/db.sh url)
	eval "$dbenv"
fi
base_url=$DATABASE_URL
bench_url=$(url_with_db "$base_url" "$dbname")
admin_url=$(url_with_db "$base_url" postgres)
psql -X -q -v ON_ERROR_STOP=1 -d "$admin_url" \
	-c "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" -c "CREATE DATABASE $dbname"
echo "recreated database $dbname"
DATABASE_URL=$bench_url LOG_LEVEL=warn "$out/residens" seed --demo
DATABASE_URL=$bench_url LOG_LEVEL=warn "$out/residens" seed --synthetic "$n"
# Fresh statistics, as autovacuum would have them on a server that has run a
# while; without them the planner guesses from empty tables.
psql -X -q -v ON_ERROR_STOP=1 -d "$bench_url" -c "VACUUM ANALYZE"
psql -X -At -v ON_ERROR_STOP=1 -d "$bench_url" -c "
	SELECT 'published residencies: ' || count(*) FROM residencies WHERE published
	UNION ALL SELECT 'published actors: ' || count(*) FROM cultural_actors WHERE published
	UNION ALL SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"

# A real residency: the demo's kommunkoreograf in Nacka, which has actors and
# shares its municipality with hundreds of generated ones.
slug=kommunkoreograf-i-nacka-2024
have=$(psql -X -At -d "$bench_url" -c "SELECT count(*) FROM residencies WHERE slug = '$slug' AND published")
[[ $have == 1 ]] || {
	echo "bench: residency $slug not found in $dbname" >&2
	exit 1
}
pages=(/residens "/residens?q=dans&kommun=nacka" "/residens/$slug" "/kulturaktorer?konstform=dans" /evenemang)

# --- server runs -------------------------------------------------------------
port=${BENCH_PORT:-}
if [[ -z $port ]]; then
	for port in $(seq 8765 8799); do port_free "$port" && break; done
fi
port_free "$port" || {
	echo "bench: port $port on 127.0.0.1 is taken (set BENCH_PORT)" >&2
	exit 1
}
origin=http://127.0.0.1:$port
tsv=$out/results.tsv
: >"$tsv"
mem=()

server_pid=""
stop_server() {
	[[ -n $server_pid ]] || return 0
	if kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid"
		wait "$server_pid" || echo "bench: the server exited with status $?" >&2
	fi
	server_pid=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

run() { # on|off
	local cache=$1 ceiling=$out/ceiling-$1.html log=$out/server-$1.log args=() i
	say "run with PAGE_CACHE=$cache"
	rm -f "$ceiling"
	DATABASE_URL=$bench_url ADDR=127.0.0.1:$port LOG_LEVEL=warn PAGE_CACHE=$cache \
		BENCH_CEILING_FILE=$ceiling "$out/residens" serve >"$log" 2>&1 &
	server_pid=$!
	for i in $(seq 300); do
		curl -fsS --max-time 2 -o /dev/null "$origin/readyz" 2>/dev/null && break
		if ! kill -0 "$server_pid" 2>/dev/null; then
			cat "$log" >&2
			echo "bench: the server did not start" >&2
			exit 1
		fi
		((i < 300)) || {
			echo "bench: the server is not ready after 30 s (log: $log)" >&2
			exit 1
		}
		sleep 0.1
	done
	echo "server pid $server_pid on $origin, log level warn (no per-request log lines)"
	# The list page as a browser would get it, but uncompressed (curl sends
	# no Accept-Encoding): the ceiling file then has its size and content,
	# and so compresses the same.
	curl -fsS -o "$ceiling" "$origin/residens"
	echo "ceiling file: $ceiling, $(wc -c <"$ceiling") bytes (the list page, uncompressed)"

	args=(-pid "$server_pid" -run "cache $cache" -tsv "$tsv" -c "$conns" -d "$duration" -warmup "$warmup"
		-ceiling "$origin/static/__bench/ceiling")
	if [[ $cache == off ]]; then
		# Without the cache the aim is for the list page only: 4 % of the
		# ceiling. The other figures are shown for comparison.
		args+=(-aim-share 0.04 -aim-p99 0 -aim-only /residens)
	fi
	for p in "${pages[@]}"; do args+=(-url "$origin$p"); done
	"$out/loadgen" "${args[@]}"

	mem+=("cache $cache: peak RSS (VmHWM) $(awk '/^VmHWM/ {printf "%.0f MiB", $2/1024}' "/proc/$server_pid/status"), RSS at the end $(awk '/^VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$server_pid/status")")
	stop_server
	if grep -q 'level=ERROR' "$log"; then
		echo "bench: the server logged errors (first lines of $log):" >&2
		grep 'level=ERROR' "$log" | head -n 5 >&2
	fi
}

run on
run off

# --- query plans -------------------------------------------------------------
say "query plans (EXPLAIN (ANALYZE, BUFFERS) of every query the pages make, page cache bypassed)"
explain_args=(-explain -explain-out "$out/explain.txt")
for p in "${pages[@]}"; do explain_args+=(-url "$p"); done
DATABASE_URL=$bench_url LOG_LEVEL=warn "$out/loadgen" "${explain_args[@]}"

# --- summary -----------------------------------------------------------------
say "summary"
echo "$n generated residencies and $((n / 2)) actors (+ demo content) in $dbname; $conns connections; per target"
echo "$warmup of warm-up and $duration measured, in slices taken in turn with the other targets. The server, PostgreSQL"
echo "and the load generator share this machine's $(nproc) CPUs (load average now: $(cut -d' ' -f1-3 /proc/loadavg)),"
echo "so every figure is lower than a server with the machine to itself would reach; the loadgen tables above show"
echo "how the CPU was shared. With the cache on, every request after a target's first is a cache hit."
echo "Aims: with the cache on every page >= 33 % of the ceiling and p99 < 50 ms; with it off /residens >= 4 %."
echo
{
	printf 'run\ttarget\trequests\treq/s\tp50 ms\tp99 ms\terrors\tbytes/req\tshare\tRSS MiB\taims\n'
	cat "$tsv"
} | column -t -s $'\t'
echo
printf '%s\n' "${mem[@]}"
echo "query plans: $out/explain.txt"
