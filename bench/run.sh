#!/usr/bin/env bash
# One command: build the three peers, load each in turn with wrk, print a Markdown table.
#
#   bash bench/run.sh [--store sqlite|postgresql] [--warmup S] [--duration S] [--connections N] [--threads N] [--peers "bare naive hookbox"]
#
# The same knobs as environment variables: STORE (sqlite; postgresql starts a throwaway cluster),
# WARMUP (60: the JIT's tiering needs it on one core), DURATION (20), CONNECTIONS (64), THREADS (2),
# PEERS ("bare naive hookbox"; "bare naive-pg hookbox-pg" on postgresql), TIMEOUT (5, wrk's per-request timeout in seconds:
# Pocketsflow's own delivery timeout), READY_TIMEOUT (60, seconds to wait for a server to answer),
# KEEP_TMP (0; 1 keeps the per-peer data directories), HOOKBOX_PG_EXTRA (connection-string keywords
# appended for hookbox-pg, such as ";Max Auto Prepare=0" to measure it without prepared statements).
# Output: bench/out/latest.md (the table) and bench/out/<peer>.* (wrk output, server log).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/tools.sh
source "$ROOT/bench/tools.sh"

WARMUP="${WARMUP:-60}"
DURATION="${DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
STORE="${STORE:-sqlite}"
PEERS="${PEERS:-}"
TIMEOUT="${TIMEOUT:-5}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"
KEEP_TMP="${KEEP_TMP:-0}"

usage() { print_header "$0"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --store) STORE="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

# The store decides the default peers and which of them the ratios compare: hookbox against
# bare (the limit) and against the naive receiver on the same database.
case "$STORE" in
  sqlite) PEERS="${PEERS:-bare naive hookbox}"; NAIVE=naive; HOOKBOX=hookbox ;;
  postgresql) PEERS="${PEERS:-bare naive-pg hookbox-pg}"; NAIVE=naive-pg; HOOKBOX=hookbox-pg ;;
  *) echo "run.sh: unknown store '$STORE' (known: sqlite postgresql)" >&2; exit 2 ;;
esac

for peer in $PEERS; do
  case "$peer" in
    bare | naive | hookbox) ;;
    naive-pg | hookbox-pg)
      if [[ "$STORE" != "postgresql" ]]; then
        echo "run.sh: peer '$peer' needs PostgreSQL; add --store postgresql" >&2; exit 2
      fi
      ;;
    *) echo "run.sh: unknown peer '$peer' (known: bare naive hookbox naive-pg hookbox-pg)" >&2; exit 2 ;;
  esac
done

OUT="$ROOT/bench/out"
mkdir -p "$OUT"
log() { printf '[bench] %s\n' "$*" >&2; }

# --- tools ---------------------------------------------------------------------------------

command -v python3 >/dev/null || { echo "run.sh: python3 is required (readiness probes, row counts)" >&2; exit 1; }
command -v dotnet >/dev/null || { echo "run.sh: dotnet is required" >&2; exit 1; }
require_wrk run.sh || exit 1

CPUS="$(nproc)"
if [[ "$CPUS" -ge 2 ]]; then
  SERVER_PIN=(taskset -c 0)
  LOAD_PIN=(taskset -c 1)
  PINNING="server on CPU 0, wrk on CPU 1 (taskset)"
else
  SERVER_PIN=()
  LOAD_PIN=()
  PINNING="not pinned: this machine has one CPU, so server and wrk share it"
  log "only one CPU: skipping taskset; server and wrk compete for the same core"
fi

# PostgreSQL is part of the server under test: it gets a core of its own when there is one
# beside the server's and wrk's, else it shares the server's core, never wrk's.
PG_CPU=""
if [[ "$STORE" == "postgresql" ]]; then
  if [[ "$CPUS" -ge 3 ]]; then
    PG_CPU=2
    PG_PINNING="PostgreSQL on CPU 2, a core of its own"
  elif [[ "$CPUS" -ge 2 ]]; then
    PG_CPU=0
    PG_PINNING="PostgreSQL shares CPU 0 with the server (only $CPUS CPUs: none left for it alone)"
  else
    PG_PINNING="PostgreSQL not pinned (one CPU)"
  fi
  log "$PG_PINNING"
fi

# --- state and cleanup ---------------------------------------------------------------------

TMP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/hookbox-bench.XXXXXX")"
SERVER_PID=""
PG_DATA="" # set once the cluster is started, so that cleanup stops it
WRK_PID=""
FS_TYPE="$(findmnt -no FSTYPE -T "$TMP_ROOT" 2>/dev/null || stat -f -c %T "$TMP_ROOT" 2>/dev/null || echo unknown)"
if [[ "$FS_TYPE" == "tmpfs" || "$FS_TYPE" == "ramfs" ]]; then
  log "WARNING: $TMP_ROOT is on $FS_TYPE, where fsync costs nothing: durable peers will look faster than on a disk; set TMPDIR to a disk-backed directory"
fi

stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while kill -0 "$SERVER_PID" 2>/dev/null && [[ $SECONDS -lt $deadline ]]; do sleep 0.1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server $SERVER_PID did not stop in 15 s; killing it"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
  fi
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

cleanup() {
  if [[ -n "$WRK_PID" ]]; then
    kill -TERM "$WRK_PID" 2>/dev/null || true
    wait "$WRK_PID" 2>/dev/null || true
  fi
  stop_server
  if [[ -n "$PG_DATA" ]]; then
    log "stopping PostgreSQL ($PG_DATA)"
    pg_stop "$PG_DATA" >>"$OUT/postgres.log" 2>&1 || log "pg_stop $PG_DATA failed (bench/out/postgres.log)"
    cp "$PG_DATA/postgres.log" "$OUT/postgres.server.log" 2>/dev/null || true
    PG_DATA=""
  fi
  if [[ "$KEEP_TMP" == "1" ]]; then
    log "kept data directories under $TMP_ROOT"
  else
    rm -rf "$TMP_ROOT"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SECRET="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')"
export POCKETSFLOW_WEBHOOK_SECRET="$SECRET" # read by load.lua, and passed to every peer

# --- build ---------------------------------------------------------------------------------

declare -A DLL=(
  [bare]="bench/Bench.Bare/bin/Release/net10.0/Bench.Bare.dll"
  [naive]="bench/Bench.Naive/bin/Release/net10.0/Bench.Naive.dll"
  [hookbox]="src/Hookbox.Cli/bin/Release/net10.0/Hookbox.Cli.dll"
  [naive-pg]="bench/Bench.Naive/bin/Release/net10.0/Bench.Naive.dll"
  [hookbox-pg]="src/Hookbox.Cli/bin/Release/net10.0/Hookbox.Cli.dll"
)
declare -A PROJECT=(
  [bare]="bench/Bench.Bare/Bench.Bare.csproj"
  [naive]="bench/Bench.Naive/Bench.Naive.csproj"
  [hookbox]="src/Hookbox.Cli/Hookbox.Cli.csproj"
  [naive-pg]="bench/Bench.Naive/Bench.Naive.csproj"
  [hookbox-pg]="src/Hookbox.Cli/Hookbox.Cli.csproj"
)
declare -A STATUS=() # peer -> "" (ran) or why it did not
declare -A BUILT=()  # project -> the peer whose build of it succeeded, or "failed:<peer>"

for peer in $PEERS; do
  project="${PROJECT[$peer]}"
  if [[ ! -f "$project" ]]; then
    STATUS[$peer]="not built: $project does not exist"
    log "$peer: ${STATUS[$peer]}"
    continue
  fi
  if [[ "${BUILT[$project]:-}" == failed:* ]]; then
    STATUS[$peer]="build failed (bench/out/${BUILT[$project]#failed:}.build.log)"
    continue
  fi
  if [[ -z "${BUILT[$project]:-}" ]]; then
    log "building $peer ($project, Release)"
    if ! dotnet build -c Release "$project" -nologo -v quiet >"$OUT/$peer.build.log" 2>&1; then
      BUILT[$project]="failed:$peer"
      STATUS[$peer]="build failed (bench/out/$peer.build.log)"
      log "$peer: build FAILED; last lines of bench/out/$peer.build.log:"
      grep -E 'error|Error' "$OUT/$peer.build.log" | sort -u | tail -15 >&2 || tail -15 "$OUT/$peer.build.log" >&2
      continue
    fi
    BUILT[$project]="$peer"
  fi
  if [[ ! -f "${DLL[$peer]}" ]]; then
    STATUS[$peer]="built, but ${DLL[$peer]} is missing"
    log "$peer: ${STATUS[$peer]}"
    continue
  fi
  STATUS[$peer]=""
done

# --- helpers -------------------------------------------------------------------------------


# HTTP status of a GET, or 000 when nothing answers.
http_status() {
  curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true
}
if ! command -v curl >/dev/null; then
  http_status() {
    python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=2).status)
except urllib.error.HTTPError as e:
    print(e.code)
except Exception:
    print("000")
PY
  }
fi

# Up when /healthz says 2xx; where there is no /healthz (404 or no answer there), any HTTP
# answer from the webhook URL counts (a GET there is a 405).
is_up() {
  local base="$1" peer="$2" code
  if [[ "$peer" == hookbox* ]]; then
    code="$(http_status "$base/healthz")"
    case "$code" in
      2??) return 0 ;;
      000 | 404) ;;
      *) return 1 ;; # healthz exists and says not yet
    esac
  fi
  code="$(http_status "$base/webhooks/pocketsflow")"
  [[ "$code" != "000" && -n "$code" ]]
}

core_times() { # "busy total" jiffies of one CPU, softirq time included (loopback TCP is charged there)
  awk -v cpu="cpu$1" '$1 == cpu { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total }' /proc/stat
}

core_busy() { # core_busy "busy0 total0" "busy1 total1" -> percent
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); dt = y[2] - x[2]; printf "%.0f", (dt > 0 ? 100 * (y[1] - x[1]) / dt : 0) }'
}

count_rows() { # count_rows DB TABLE
  python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db, table = sys.argv[1], sys.argv[2]
try:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    print(con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
except Exception as e:
    print(f"n/a ({e})")
PY
}

children_cpu() { # user + system seconds of this shell's reaped children, from the `times` builtin
  awk 'NR == 2 {
    total = 0
    for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); total += t[1] * 60 + t[2] }
    print total
  }' "$1"
}

# Runs wrk pinned to the load core, output to a file; sets WRK_CPU_PCT. wrk runs in the
# background so that a signal reaches the traps at once, and its CPU time is the change in
# this shell's children times across its wait (nothing else is reaped meanwhile).
run_wrk() {
  local seconds="$1" url="$2" out="$3" wall0 wall1
  times >"$TMP_ROOT/times.before"
  wall0="$(date +%s.%N)"
  "${LOAD_PIN[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout "${TIMEOUT}s" \
    -s bench/load.lua "$url" >"$out" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || true
  WRK_PID=""
  wall1="$(date +%s.%N)"
  times >"$TMP_ROOT/times.after"
  WRK_CPU_PCT="$(awk -v a="$(children_cpu "$TMP_ROOT/times.before")" -v b="$(children_cpu "$TMP_ROOT/times.after")" \
    -v t0="$wall0" -v t1="$wall1" 'BEGIN { printf "%.0f", (t1 > t0 ? 100 * (b - a) / (t1 - t0) : 0) }')"
}

# --- PostgreSQL (--store postgresql) --------------------------------------------------------

# A throwaway cluster from .ci/postgres.sh (the one the tests use), under TMP_ROOT, so on the
# same disk as the SQLite peers' files. Each PostgreSQL peer gets a database of its own.
PG_PORT=""
PG_INFO=""
RUN_ID="$(date -u +%Y%m%d%H%M%S)_$$"

pg_connection() { # pg_connection DATABASE: PG_CONNECTION_STRING pointed at another database
  sed -E 's/(^|;)[Dd]atabase=[^;]*/\1Database='"$1"'/' <<<"$PG_CONNECTION_STRING"
}

pg_count_rows() { # pg_count_rows DATABASE TABLE, like count_rows
  local out
  if out="$(pg_sql "$1" "SELECT count(*) FROM $2" 2>&1)"; then
    echo "$out"
  else
    echo "n/a ($(tail -n 1 <<<"$out"))"
  fi
}

if [[ "$STORE" == "postgresql" ]]; then
  if [[ ! -f .ci/postgres.sh ]]; then
    echo "run.sh: --store postgresql needs .ci/postgres.sh (pg_install_if_missing, pg_start, pg_stop)" >&2
    exit 1
  fi
  # shellcheck source=SCRIPTDIR/../.ci/postgres.sh
  source .ci/postgres.sh
  pg_install_if_missing >"$OUT/postgres.log" 2>&1 || { log "installing PostgreSQL failed:"; tail -20 "$OUT/postgres.log" >&2; exit 1; }
  PG_PORT="$(free_port)"
  # Under root the cluster runs as the postgres user, which must get through TMP_ROOT (mktemp
  # makes it 0700) to its data directory; pg_start gives it that directory.
  chmod 711 "$TMP_ROOT"
  PG_DATA="$TMP_ROOT/postgres" # set before pg_start, so that cleanup stops a half-started cluster
  mkdir -p "$PG_DATA"
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT (data in $PG_DATA)"
  if ! pg_start "$PG_DATA" "$PG_PORT" >>"$OUT/postgres.log" 2>&1; then
    log "pg_start failed; last lines of bench/out/postgres.log:"
    tail -20 "$OUT/postgres.log" >&2
    exit 1
  fi

  # Backends fork from the postmaster and inherit its affinity: pinning the processes there
  # now pins every connection the peers open later.
  if [[ -n "$PG_CPU" ]]; then
    for pid in $(pg_pids); do taskset -cp "$PG_CPU" "$pid" >/dev/null; done
  fi

  PG_INFO="PostgreSQL $(pg_sql postgres 'SHOW server_version' | cut -d' ' -f1)"
  PG_INFO+=" (synchronous_commit=$(pg_sql postgres 'SHOW synchronous_commit'), fsync=$(pg_sql postgres 'SHOW fsync')"
  PG_INFO+=", max_connections=$(pg_sql postgres 'SHOW max_connections')), $PG_PINNING"
  log "$PG_INFO"
fi

# --- one peer ------------------------------------------------------------------------------

declare -A RPS=() P50=() P99=() NON2XX=() ERRORS=() STORED=() OKTOTAL=() WRKCPU=() SRVCPU=() WRKCORE=() SRVCORE=() PGCPU=() PGCORE=()

run_peer() {
  local peer="$1"
  local dir="$TMP_ROOT/$peer" port base url
  mkdir -p "$dir"
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  url="$base/webhooks/pocketsflow"
  local -a cmd=(dotnet "${DLL[$peer]}")
  local -a envs=("POCKETSFLOW_WEBHOOK_SECRET=$SECRET")
  local database="" schema=""
  if [[ "$peer" == *-pg ]]; then
    # A fresh database per peer: no peer sees another's rows, and EF Core's EnsureCreated
    # (which does nothing in a database that holds any table) creates naive-pg's table.
    database="bench_${peer//-/_}"
    if ! pg_sql postgres "CREATE DATABASE $database OWNER \"$(pg_user)\"" >>"$OUT/postgres.log" 2>&1; then
      STATUS[$peer]="could not create database $database (bench/out/postgres.log)"
      log "$peer: ${STATUS[$peer]}"; tail -5 "$OUT/postgres.log" >&2
      return 0
    fi
  fi
  case "$peer" in
    bare) ;;
    naive) envs+=("NAIVE_DB=$dir/naive.db") ;;
    naive-pg)
      schema=naive
      envs+=("NAIVE_PROVIDER=postgresql" "NAIVE_CONNECTION=$(pg_connection "$database")" "NAIVE_SCHEMA=$schema")
      ;;
    hookbox)
      cmd+=(serve)
      envs+=("Hookbox__DataDirectory=$dir/hookbox-data")
      ;;
    hookbox-pg)
      cmd+=(serve)
      schema="bench_$RUN_ID"
      envs+=("Hookbox__DataDirectory=$dir/hookbox-data"
        "Hookbox__Store__Provider=postgresql"
        "Hookbox__Store__ConnectionString=$(pg_connection "$database")${HOOKBOX_PG_EXTRA:-}"
        "Hookbox__Store__Schema=$schema"
        # Instances sharing a PostgreSQL inbox need one admin token: none is generated for them.
        "Hookbox__Admin__Token=bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')")
      ;;
  esac
  cmd+=(--urls "$base")

  log "$peer: starting on $base"
  env "${envs[@]}" "${SERVER_PIN[@]}" "${cmd[@]}" >"$OUT/$peer.server.log" 2>&1 &
  SERVER_PID=$!

  local deadline=$((SECONDS + READY_TIMEOUT))
  until is_up "$base" "$peer"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      wait "$SERVER_PID" 2>/dev/null || true
      SERVER_PID=""
      STATUS[$peer]="exited before answering (bench/out/$peer.server.log)"
      log "$peer: ${STATUS[$peer]}"; tail -20 "$OUT/$peer.server.log" >&2
      return 0
    fi
    if [[ $SECONDS -ge $deadline ]]; then
      STATUS[$peer]="did not answer within ${READY_TIMEOUT}s (bench/out/$peer.server.log)"
      log "$peer: ${STATUS[$peer]}"; tail -20 "$OUT/$peer.server.log" >&2
      stop_server
      return 0
    fi
    sleep 0.1
  done

  log "$peer: warm-up ${WARMUP}s"
  run_wrk "$WARMUP" "$url" "$OUT/$peer.warmup.txt"
  local warm
  warm="$(grep '^RESULT' "$OUT/$peer.warmup.txt" || true)"

  log "$peer: measuring ${DURATION}s (-t$THREADS -c$CONNECTIONS)"
  local ticks0 ticks1 wall0 wall1 core0a core0b core1a core1b core2a="" core2b=""
  [[ -n "$database" ]] && pg_ticks >"$TMP_ROOT/pg.ticks.before"
  ticks0="$(cpu_ticks "$SERVER_PID")"
  wall0="$(date +%s.%N)"
  core0a="$(core_times 0)"; core1a="$(core_times 1)"
  [[ -n "$database" && "$PG_CPU" == 2 ]] && core2a="$(core_times 2)"
  run_wrk "$DURATION" "$url" "$OUT/$peer.wrk.txt"
  core0b="$(core_times 0)"; core1b="$(core_times 1)"
  [[ -n "$database" && "$PG_CPU" == 2 ]] && core2b="$(core_times 2)"
  wall1="$(date +%s.%N)"
  ticks1="$(cpu_ticks "$SERVER_PID")"
  [[ -n "$database" ]] && pg_ticks >"$TMP_ROOT/pg.ticks.after"
  stop_server

  local result
  result="$(grep '^RESULT' "$OUT/$peer.wrk.txt" || true)"
  if [[ -z "$result" ]]; then
    STATUS[$peer]="wrk printed no RESULT line (bench/out/$peer.wrk.txt)"
    log "$peer: ${STATUS[$peer]}"; tail -20 "$OUT/$peer.wrk.txt" >&2
    return 0
  fi
  log "$peer: $result"

  RPS[$peer]="$(field rps_ok "$result")"
  P50[$peer]="$(field p50_ms "$result")"
  P99[$peer]="$(field p99_ms "$result")"
  NON2XX[$peer]="$(field non2xx "$result")"
  ERRORS[$peer]="$(( $(field errors "$result") + $(field timeouts "$result") ))"
  WRKCPU[$peer]="$WRK_CPU_PCT"
  SRVCPU[$peer]="$(awk -v a="$ticks0" -v b="$ticks1" -v t0="$wall0" -v t1="$wall1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f", (t1 > t0 ? 100 * (b - a) / hz / (t1 - t0) : 0) }')"
  if [[ "$CPUS" -ge 2 ]]; then
    SRVCORE[$peer]="$(core_busy "$core0a" "$core0b")"
    WRKCORE[$peer]="$(core_busy "$core1a" "$core1b")"
  else
    SRVCORE[$peer]="-"
    WRKCORE[$peer]="-"
  fi
  log "$peer: server process ${SRVCPU[$peer]}% (core 0 busy ${SRVCORE[$peer]}%), wrk process ${WRKCPU[$peer]}% (core 1 busy ${WRKCORE[$peer]}%)"
  if [[ -n "$database" ]]; then
    PGCPU[$peer]="$(awk -v d="$(pg_ticks_delta "$TMP_ROOT/pg.ticks.before" "$TMP_ROOT/pg.ticks.after")" -v t0="$wall0" -v t1="$wall1" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { printf "%.0f", (t1 > t0 ? 100 * d / hz / (t1 - t0) : 0) }')"
    case "$PG_CPU" in
      2) PGCORE[$peer]="$(core_busy "$core2a" "$core2b")"; log "$peer: PostgreSQL processes ${PGCPU[$peer]}% (core 2 busy ${PGCORE[$peer]}%)" ;;
      0) PGCORE[$peer]="${SRVCORE[$peer]}"; log "$peer: PostgreSQL processes ${PGCPU[$peer]}% (on core 0 with the server)" ;;
      *) PGCORE[$peer]="-"; log "$peer: PostgreSQL processes ${PGCPU[$peer]}%" ;;
    esac
  fi

  # Every 200 must be a stored row. Both wrk runs hit the same database, so compare with the
  # sum of their 200s; a few more rows than 200s are requests still in flight when wrk stopped.
  local warm_ok ok
  warm_ok="$(field ok "$warm")"
  ok="$(field ok "$result")"
  OKTOTAL[$peer]="$(( ${warm_ok:-0} + ok ))"
  case "$peer" in
    naive) STORED[$peer]="$(count_rows "$dir/naive.db" Events)" ;;
    hookbox) STORED[$peer]="$(count_rows "$dir/hookbox-data/hookbox.db" events)" ;;
    naive-pg) STORED[$peer]="$(pg_count_rows "$database" "$schema.\"Events\"")" ;;
    hookbox-pg) STORED[$peer]="$(pg_count_rows "$database" "$schema.events")" ;;
    *) STORED[$peer]="-" ;;
  esac
  if [[ "$peer" != "bare" ]]; then
    if [[ "${STORED[$peer]}" =~ ^[0-9]+$ ]] && [[ "${STORED[$peer]}" -ge "${OKTOTAL[$peer]}" ]]; then
      log "$peer: stored ${STORED[$peer]} rows for ${OKTOTAL[$peer]} answers 200 (warm-up + measured): every 200 recorded"
    else
      log "$peer: WARNING stored ${STORED[$peer]} rows for ${OKTOTAL[$peer]} answers 200: some 200s were not recorded"
    fi
  fi
}

for peer in $PEERS; do
  if [[ -z "${STATUS[$peer]}" ]]; then
    run_peer "$peer"
  fi
done

# --- report --------------------------------------------------------------------------------

disturbed() { # true when a core was >25 points busier than the processes pinned to it
  local peer="$1"
  local server="${SRVCPU[$peer]:-}" pg_own=""
  if [[ -n "${PGCPU[$peer]:-}" ]]; then
    case "$PG_CPU" in
      0) server="$(( ${server:-0} + ${PGCPU[$peer]} ))" ;; # PostgreSQL shares the server's core
      2) pg_own="${PGCORE[$peer]} ${PGCPU[$peer]}" ;;
    esac
  fi
  awk -v sp="$server" -v sc="${SRVCORE[$peer]:-}" -v wp="${WRKCPU[$peer]:-}" -v wc="${WRKCORE[$peer]:-}" -v pg="$pg_own" \
    'BEGIN { if (sc == "" || sc == "-") exit 1; split(pg, p, " "); exit !((sc - sp > 25) || (wc - wp > 25) || (pg != "" && p[1] - p[2] > 25)) }'
}

ratio() { # ratio A B -> A/B with 2 decimals, or n/a
  awk -v a="${1:-}" -v b="${2:-}" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'
}

{
  echo "# Hookbox benchmark"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $CPUS CPUs, $PINNING; ${PG_INFO:+$PG_INFO; }data on $FS_TYPE; wrk -t$THREADS -c$CONNECTIONS, warm-up ${WARMUP}s, measured ${DURATION}s, timeout ${TIMEOUT}s; body ~700 B, every webhookId unique, every request signed."
  echo
  echo "| peer | accepted req/s | p50 ms | p99 ms | non-2xx | errors | stored / 200s | server CPU (core) | wrk CPU (core) |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for peer in $PEERS; do
    if [[ -n "${STATUS[$peer]}" ]]; then
      echo "| $peer | ${STATUS[$peer]} | | | | | | | |"
    elif [[ "$peer" == "bare" ]]; then
      echo "| $peer | ${RPS[$peer]} | ${P50[$peer]} | ${P99[$peer]} | ${NON2XX[$peer]} | ${ERRORS[$peer]} | (not stored) | ${SRVCPU[$peer]}% (${SRVCORE[$peer]}%) | ${WRKCPU[$peer]}% (${WRKCORE[$peer]}%) |"
    else
      echo "| $peer | ${RPS[$peer]} | ${P50[$peer]} | ${P99[$peer]} | ${NON2XX[$peer]} | ${ERRORS[$peer]} | ${STORED[$peer]} / ${OKTOTAL[$peer]} | ${SRVCPU[$peer]}% (${SRVCORE[$peer]}%) | ${WRKCPU[$peer]}% (${WRKCORE[$peer]}%) |"
    fi
  done
  echo
  echo "| ratio | value |"
  echo "| --- | ---: |"
  echo "| $HOOKBOX / bare (req/s) | $(ratio "${RPS[$HOOKBOX]:-}" "${RPS[bare]:-}") |"
  echo "| $HOOKBOX / $NAIVE (req/s) | $(ratio "${RPS[$HOOKBOX]:-}" "${RPS[$NAIVE]:-}") |"
  echo "| $HOOKBOX p99 / bare p99 | $(ratio "${P99[$HOOKBOX]:-}" "${P99[bare]:-}") |"
  echo "| $NAIVE / bare (req/s) | $(ratio "${RPS[$NAIVE]:-}" "${RPS[bare]:-}") |"
  echo
  echo "accepted req/s counts 2xx answers only. errors = socket errors + requests over the ${TIMEOUT}s timeout."
  echo "stored / 200s: rows in the peer's database after it stopped / 200s of warm-up + measured run (stored >= 200s means every 200 was recorded)."
  echo "CPU: the process's share of one core over the measured run; in parentheses, how busy its pinned core was (kernel softirq work for loopback TCP included)."
  echo "wrk's core near 100% while the server's core has headroom means wrk, not the server, was the limit."
  for peer in $PEERS; do
    if [[ -n "${PGCPU[$peer]:-}" ]]; then
      case "$PG_CPU" in
        0) echo "$peer: PostgreSQL's processes used ${PGCPU[$peer]}% of a core, on core 0 beside the server (core 0's busy figure covers both)." ;;
        2) echo "$peer: PostgreSQL's processes used ${PGCPU[$peer]}% of a core (core 2 busy ${PGCORE[$peer]}%)." ;;
        *) echo "$peer: PostgreSQL's processes used ${PGCPU[$peer]}% of a core." ;;
      esac
    fi
  done
  for peer in $PEERS; do
    if disturbed "$peer"; then
      echo
      echo "**$peer was disturbed**: its cores were much busier than the server and wrk processes themselves; something else ran during its measurement. Run again on a quiet machine."
    fi
  done
} | tee "$OUT/latest.md"

for peer in $PEERS; do
  wrk_core="${WRKCORE[$peer]:-}" srv_core="${SRVCORE[$peer]:-}"
  if [[ "$wrk_core" =~ ^[0-9]+$ && "$srv_core" =~ ^[0-9]+$ && "$wrk_core" -ge 95 && "$srv_core" -lt 90 ]]; then
    log "$peer: wrk's core was ${wrk_core}% busy while the server's was ${srv_core}%: wrk may be the bottleneck"
  fi
done
log "table written to bench/out/latest.md"
