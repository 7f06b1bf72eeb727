#!/usr/bin/env bash
# What one ingested request costs Hookbox's core, tree by tree: to find which commit made ingest
# dearer, or whether a change made it cheaper, without trusting one absolute req/s figure.
#
#   bash bench/cpu.sh [TREE...]      TREE: a commit, or "." for the working tree (default: HEAD)
#
# Each tree is built (Release) from a throwaway git worktree, served alone on CPU 0 over a fresh
# SQLite inbox with the sample source, and loaded from CPU 1 with wrk and bench/load.lua (unique
# Pocketsflow-shaped ids). After a warm-up, the measured run reads from /proc the server's CPU
# time, its threads' context switches and the bytes it wrote to disk, and from its /metrics the
# bytes it allocated and the events per commit. Run the trees in turn, twice or more, and compare
# them with each other: CPU per request moves far less from run to run than req/s, and bytes
# written or allocated hardly at all.
#
# Knobs (environment): WARMUP (30 s; 60 s with STORE=postgresql, whose paths are still being
# tiered up by the JIT at 30 s), DURATION (15 s), CONNECTIONS (64), THREADS (2),
# READY_TIMEOUT (60 s); IDS and SUBJECTS shape the load (see load.lua); DROP_INDEXES names
# indexes to drop from the fresh inbox before the warm-up, to price each one (a measurement
# only: whatever reads through a dropped index fails; on PostgreSQL a unique constraint's index
# goes with its constraint); SETUP_SQL is SQL run on the fresh inbox
# after that, to price an index of another shape (CREATE INDEX ...); DATA_BASE is the directory
# the fresh inbox is made in (default: TMPDIR, else /tmp), and "bench/out/cpu" puts it under the
# server's working directory, as `hookbox serve` keeps it by default. STORE=postgresql serves
# each tree over a fresh PostgreSQL cluster from .ci/postgres.sh instead, pinned to CPU 0 beside
# the server, and adds the database's CPU per request to the line; HOOKBOX_PG_EXTRA appends
# connection-string keywords (";No Reset On Close=false"), and PG_SETTINGS server settings, one
# postgresql.conf line each, separated by ";" ("max_wal_size = 8GB; autovacuum = off"); the line
# then says the WAL written per request and how many checkpoints ran during the measured run (one
# already running when it began counts). Output: one line per tree on stdout,
# appended to bench/out/cpu.txt; builds and server logs under bench/out/cpu/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source bench/tools.sh

STORE="${STORE:-sqlite}"
if [[ "$STORE" == postgresql ]]; then WARMUP="${WARMUP:-60}"; else WARMUP="${WARMUP:-30}"; fi
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"

case "${1:-}" in
  -h | --help) print_header "$0"; exit 0 ;;
esac

require_wrk cpu.sh
[[ "$(nproc)" -ge 2 ]] || { echo "cpu.sh: needs 2 CPUs (server on CPU 0, wrk on CPU 1)" >&2; exit 1; }
case "$STORE" in
  sqlite) ;;
  postgresql)
    # shellcheck source=SCRIPTDIR/../.ci/postgres.sh
    source .ci/postgres.sh
    pg_install_if_missing >/dev/null 2>&1 || { echo "cpu.sh: installing PostgreSQL failed (pg_install_if_missing)" >&2; exit 1; }
    ;;
  *) echo "cpu.sh: unknown STORE '$STORE' (known: sqlite postgresql)" >&2; exit 2 ;;
esac

OUT="$ROOT/bench/out/cpu"
mkdir -p "$OUT"
TICKS="$(getconf CLK_TCK)"
PG_DATA="" # the running cluster's directory, so that an interrupted run stops it

stop_cluster() {
  [[ -n "$PG_DATA" ]] || return 0
  pg_stop "$PG_DATA" >/dev/null 2>&1 || true
  rm -rf "$PG_DATA"
  PG_DATA=""
}
trap stop_cluster EXIT
export POCKETSFLOW_WEBHOOK_SECRET="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')"

measure() {
  local tree="$1" dir port data pid
  if ! dir="$(build_tree "$tree" "$OUT")"; then
    echo "$tree: build failed (bench/out/cpu/*.build.log)" >&2
    return 1
  fi

  port="$(free_port)"
  data="$(mktemp -d -p "${DATA_BASE:-${TMPDIR:-/tmp}}")"
  local store=()
  if [[ "$STORE" == postgresql ]]; then
    # A fresh cluster per tree: the database's CPU per event grows as a cluster accumulates runs.
    PG_DATA="$(mktemp -d)"
    local settings=()
    IFS=';' read -ra settings <<<"${PG_SETTINGS:-}"
    if ! pg_start "$PG_DATA" "$(pg_free_port)" "${settings[@]}" >"$OUT/postgres.log" 2>&1; then
      echo "$tree: PostgreSQL did not start (bench/out/cpu/postgres.log)" >&2
      rm -rf "$data"
      stop_cluster
      return 1
    fi
    local pid_
    for pid_ in $(pg_pids); do taskset -cp 0 "$pid_" >/dev/null; done
    store=(Hookbox__Store__Provider=postgresql "Hookbox__Store__ConnectionString=$PG_CONNECTION_STRING${HOOKBOX_PG_EXTRA:-}" Hookbox__Store__Schema=bench)
  fi
  local token
  token="benchtoken-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  env "${store[@]}" Hookbox__DataDirectory="$data" Hookbox__Admin__Token="$token" \
    taskset -c 0 dotnet "$dir/Hookbox.Cli.dll" serve --urls "http://127.0.0.1:$port" >"$OUT/server.log" 2>&1 &
  pid=$!
  if ! wait_ready "http://127.0.0.1:$port/healthz" "$pid" "$READY_TIMEOUT"; then
    echo "$tree: the server did not answer /healthz (bench/out/cpu/server.log)" >&2
    kill "$pid" 2>/dev/null || true
    rm -rf "$data"
    stop_cluster
    return 1
  fi

  local index
  for index in ${DROP_INDEXES:-}; do
    if [[ -n "$PG_DATA" ]]; then
      # A unique index there is a table constraint's (events_dedupe, events_id): dropped with it.
      pg_inbox_sql "ALTER TABLE events DROP CONSTRAINT IF EXISTS $index; DROP INDEX IF EXISTS $index;"
    else
      inbox_sql "$data/hookbox.db" "DROP INDEX $index;"
    fi
  done
  if [[ -n "${SETUP_SQL:-}" ]]; then
    if [[ -n "$PG_DATA" ]]; then pg_inbox_sql "$SETUP_SQL"; else inbox_sql "$data/hookbox.db" "$SETUP_SQL"; fi
  fi

  local url="http://127.0.0.1:$port/webhooks/pocketsflow"
  taskset -c 1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/load.lua "$url" >/dev/null 2>&1
  local t0 s0 w0 a0 b0 result t1 s1 w1 a1 b1 db_ticks=0 wal0="" wal1="" checkpoints=""
  if [[ -n "$PG_DATA" ]]; then
    pg_ticks >"$OUT/pg.ticks.before"
    wal0="$(pg_wal_lsn)"
    checkpoints="$(checkpoint_lines)"
  fi
  t0="$(cpu_ticks "$pid")"; s0="$(switches "$pid")"; w0="$(written "$pid")"; a0="$(allocated "$port" "$token")"; b0="$(batches "$port" "$token")"
  result="$(taskset -c 1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s bench/load.lua "$url" 2>&1 | grep '^RESULT' || true)"
  t1="$(cpu_ticks "$pid")"; s1="$(switches "$pid")"; w1="$(written "$pid")"; a1="$(allocated "$port" "$token")"; b1="$(batches "$port" "$token")"
  if [[ -n "$PG_DATA" ]]; then
    pg_ticks >"$OUT/pg.ticks.after"
    db_ticks="$(pg_ticks_delta "$OUT/pg.ticks.before" "$OUT/pg.ticks.after")"
    wal1="$(pg_wal_lsn)"
    checkpoints="$(checkpoints_during "$checkpoints" "$(checkpoint_lines)")"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  stop_cluster

  local ok rps latency
  ok="$(field ok "$result")"
  rps="$(field rps_ok "$result")"
  latency="$(field p50_ms "$result")/$(field p90_ms "$result")/$(field p99_ms "$result")"
  if [[ -z "$ok" || "$ok" -eq 0 ]]; then
    echo "$tree: no request was answered 200 in the measured run" >&2
    return 1
  fi

  awk -v tree="$(basename "$dir")" -v ticks=$((t1 - t0)) -v hz="$TICKS" -v sw=$((s1 - s0)) -v kb=$(((w1 - w0) / 1024)) -v allocated="$a0 $a1" -v batches="$b0 $b1" -v ok="$ok" -v seconds="$(field duration_s "$result")" -v rps="$rps" -v latency="$latency" -v ids="$(variant)" -v when="$(date -u '+%Y-%m-%d %H:%M')" -v db="$db_ticks" -v pg="$STORE" -v wal="$(wal_bytes "$wal0" "$wal1")" -v checkpoints="$checkpoints" \
    'BEGIN { split(allocated, a, " "); split(batches, b, " ")
            printf "%s  %-10s  %6.1f us CPU/request  %3.0f%% of its core  %4.2f switches/request  %5.1f KB written/request  %5.0f B allocated/request  %8.0f req/s  p50/p90/p99 %s ms", when, tree, ticks / hz / ok * 1e6, ticks / hz / seconds * 100, sw / ok, kb / ok, (a[2] - a[1]) / ok, rps, latency
            if (b[4] > b[2]) printf "  %4.1f events/commit", (b[3] - b[1]) / (b[4] - b[2])
            if (pg == "postgresql") printf "  PostgreSQL %5.1f us CPU/request  %4.1f KB WAL/request  %s checkpoints", db / hz / ok * 1e6, wal / 1024 / ok, checkpoints
            printf "%s\n", ids }' |
    tee -a "$ROOT/bench/out/cpu.txt"
}

# inbox_sql DB SQL: runs SQL on the fresh inbox beside the running server (a measurement knob).
inbox_sql() {
  python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$1" "$2"
}

# pg_inbox_sql SQL: runs SQL in the server's schema (bench) beside it (a measurement knob).
pg_inbox_sql() {
  pg_sql hookbox_test "SET client_min_messages = warning; SET search_path = bench; $1" >/dev/null
}

# pg_wal_lsn: the running cluster's current WAL position.
pg_wal_lsn() {
  pg_sql postgres 'SELECT pg_current_wal_lsn()' 2>/dev/null || true
}

# wal_bytes LSN0 LSN1: the WAL bytes between two positions ("hi/lo" in hex); 0 when either is missing.
wal_bytes() {
  [[ "$1" == */* && "$2" == */* ]] || { echo 0; return; }
  local hi0="${1%/*}" lo0="${1#*/}" hi1="${2%/*}" lo1="${2#*/}"
  echo $(( (16#$hi1 * 4294967296 + 16#$lo1) - (16#$hi0 * 4294967296 + 16#$lo0) ))
}

# checkpoint_lines: "started completed" checkpoint lines in the cluster's log so far (PostgreSQL
# 15 and later log every checkpoint by default).
checkpoint_lines() {
  awk '/LOG: +checkpoint starting/ { s++ } /LOG: +checkpoint complete/ { c++ } END { print s + 0, c + 0 }' "$PG_DATA/postgres.log" 2>/dev/null || echo "0 0"
}

# checkpoints_during BEFORE AFTER: the checkpoints that ran during a window: those that started in
# it, and the one already running when it began.
checkpoints_during() {
  awk -v before="$1" -v after="$2" 'BEGIN { split(before, b, " "); split(after, a, " "); print a[1] - b[1] + (b[1] > b[2] ? 1 : 0) }'
}

# batches PORT TOKEN: "events commits" so far, from the server's /metrics (the inbox batch-size
# histogram's sum and count); "0 0" when it does not say.
batches() {
  curl -fsS -H "Authorization: Bearer $2" "http://127.0.0.1:$1/metrics" 2>/dev/null |
    awk '/^hookbox_inbox_batch_size[a-z_]*_sum[ {]/ { sum = $NF } /^hookbox_inbox_batch_size[a-z_]*_count[ {]/ { count = $NF } END { print sum + 0, count + 0 }'
}

# allocated PORT TOKEN: the bytes the server has allocated on the managed heap since it started,
# from its own /metrics; 0 when it does not say.
allocated() {
  curl -fsS -H "Authorization: Bearer $2" "http://127.0.0.1:$1/metrics" 2>/dev/null |
    awk '/^dotnet_gc_heap_total_allocated_bytes_total[ {]/ { found = $NF } END { print found + 0 }'
}

# variant: what this run changed from the default load and inbox, for its line in cpu.txt.
variant() {
  local parts=()
  [[ "${IDS:-}" == random ]] && parts+=("random ids")
  [[ "${SUBJECTS:-}" == random ]] && parts+=("random subjects")
  [[ -n "${DROP_INDEXES:-}" ]] && parts+=("without $DROP_INDEXES")
  [[ -n "${SETUP_SQL:-}" ]] && parts+=("$SETUP_SQL")
  [[ -n "${DATA_BASE:-}" ]] && parts+=("inbox in $DATA_BASE")
  [[ "$STORE" == postgresql ]] && parts+=("PostgreSQL${HOOKBOX_PG_EXTRA:+ $HOOKBOX_PG_EXTRA}${PG_SETTINGS:+, $PG_SETTINGS}")
  ((${#parts[@]})) || return 0
  local joined
  joined="$(printf '%s, ' "${parts[@]}")"
  printf '  (%s)' "${joined%, }"
}

status=0
for tree in "${@:-HEAD}"; do
  measure "$tree" || status=1
done
exit "$status"
