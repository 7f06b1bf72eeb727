#!/usr/bin/env bash
# What one delivery costs Hookbox's core, tree by tree: dispatch alone, draining a backlog, to
# tell whether a change made dispatch cheaper without trusting one deliveries/s figure.
#
#   bash bench/drain.sh [TREE...]    TREE: a commit, or "." for the working tree (default: HEAD)
#
# Each tree is built as cpu.sh builds it, and served alone on CPU 0 over a fresh SQLite inbox
# with one route to the local sink (bench/Bench.Sink on CPU 1, answering 200 at once). wrk loads
# it at full speed for FILL seconds from CPU 1; dispatch runs beside ingest and falls behind, so
# a backlog builds. Once wrk stops, the next DURATION seconds of the drain are read from /proc:
# the server's CPU time, its threads' context switches and the bytes it wrote, per delivery the
# sink saw. The backlog must outlast the measurement: the line says so when it did not. Run the
# trees in turn, twice or more, and compare them with each other.
#
# Knobs (environment): FILL (60 s), DURATION (6 s), CONNECTIONS (64), THREADS (2), READY_TIMEOUT
# (60 s). Output: one line per tree on stdout, appended to bench/out/drain.txt; builds under
# bench/out/cpu/, logs under bench/out/drain/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source bench/tools.sh

FILL="${FILL:-60}"
DURATION="${DURATION:-6}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"

case "${1:-}" in
  -h | --help) print_header "$0"; exit 0 ;;
esac

require_wrk drain.sh
[[ "$(nproc)" -ge 2 ]] || { echo "drain.sh: needs 2 CPUs (server on CPU 0, sink and wrk on CPU 1)" >&2; exit 1; }

BUILDS="$ROOT/bench/out/cpu"
OUT="$ROOT/bench/out/drain"
mkdir -p "$OUT"
TICKS="$(getconf CLK_TCK)"
export POCKETSFLOW_WEBHOOK_SECRET="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')"

SINK_DLL="bench/Bench.Sink/bin/Release/net10.0/Bench.Sink.dll"
dotnet build -c Release bench/Bench.Sink -nologo -v quiet >"$OUT/sink.build.log" 2>&1 ||
  { echo "drain.sh: the sink did not build (bench/out/drain/sink.build.log)" >&2; exit 1; }

SERVER_PID=""
SINK_PID=""
DATA=""
stop_all() {
  for pid in "$SERVER_PID" "$SINK_PID"; do
    [[ -n "$pid" ]] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  done
  SERVER_PID="" SINK_PID=""
  [[ -n "$DATA" ]] && rm -rf "$DATA"
  DATA=""
}
trap stop_all EXIT

# ready URL PID NAME: waits for a server, saying which did not answer.
ready() {
  wait_ready "$1" "$2" "$READY_TIMEOUT" || { echo "drain.sh: $3 did not answer $1 (bench/out/drain/$3.log)" >&2; return 1; }
}

measure() {
  local tree="$1" dir
  if ! dir="$(build_tree "$tree" "$BUILDS")"; then
    echo "$tree: build failed (bench/out/cpu/*.build.log)" >&2
    return 1
  fi

  local sink="http://127.0.0.1:$(free_port)"
  taskset -c 1 dotnet "$SINK_DLL" --urls "$sink" >"$OUT/sink.log" 2>&1 &
  SINK_PID=$!
  ready "$sink/count" "$SINK_PID" sink || return 1

  local port
  port="$(free_port)"
  DATA="$(mktemp -d)"
  Hookbox__DataDirectory="$DATA" Hookbox__Admin__Token="benchtoken-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    Hookbox__Routes__sink__Source=pocketsflow Hookbox__Routes__sink__Events__0='*' Hookbox__Routes__sink__Url="$sink/hooks" \
    Hookbox__Routes__sink__Secret="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')" \
    taskset -c 0 dotnet "$dir/Hookbox.Cli.dll" serve --urls "http://127.0.0.1:$port" >"$OUT/hookbox.log" 2>&1 &
  SERVER_PID=$!
  ready "http://127.0.0.1:$port/healthz" "$SERVER_PID" hookbox || return 1

  local fill accepted
  fill="$(taskset -c 1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"${FILL}s" -s bench/load.lua "http://127.0.0.1:$port/webhooks/pocketsflow" 2>&1 | grep '^RESULT' || true)"
  accepted="$(field ok "$fill")"
  if [[ -z "$accepted" || "$accepted" -eq 0 ]]; then
    echo "$tree: no request was answered 200 while filling the backlog" >&2
    return 1
  fi

  local t0 s0 w0 c0 t1 s1 w1 c1 ms0 ms1
  t0="$(cpu_ticks "$SERVER_PID")"; s0="$(switches "$SERVER_PID")"; w0="$(written "$SERVER_PID")"; c0="$(curl -s "$sink/count")"; ms0="$(date +%s%3N)"
  sleep "$DURATION"
  t1="$(cpu_ticks "$SERVER_PID")"; s1="$(switches "$SERVER_PID")"; w1="$(written "$SERVER_PID")"; c1="$(curl -s "$sink/count")"; ms1="$(date +%s%3N)"
  stop_all

  local delivered=$((c1 - c0)) note=""
  if ((delivered <= 0)); then
    echo "$tree: no delivery reached the sink while draining: dispatch kept up with the fill (the sink saw $c0 of $accepted accepted), or it stopped" >&2
    return 1
  fi
  # Deliveries of the same event are one per accepted request here (one route); all of them
  # seen means the backlog ran out during the measurement, and idle time diluted it.
  ((c1 >= accepted)) && note="  (the backlog ran out: raise FILL or lower DURATION)"

  awk -v tree="$(basename "$dir")" -v ticks=$((t1 - t0)) -v hz="$TICKS" -v sw=$((s1 - s0)) -v kb=$(((w1 - w0) / 1024)) -v n="$delivered" -v ms=$((ms1 - ms0)) -v backlog=$((accepted - c0)) -v note="$note" -v when="$(date -u '+%Y-%m-%d %H:%M')" \
    'BEGIN { printf "%s  %-10s  %6.1f us CPU/delivery  %3.0f%% of its core  %4.2f switches/delivery  %5.1f KB written/delivery  %6.0f deliveries/s  backlog at start %d%s\n", when, tree, ticks / hz / n * 1e6, ticks / hz / (ms / 1000) * 100, sw / n, kb / n, n / (ms / 1000), backlog, note }' |
    tee -a "$ROOT/bench/out/drain.txt"
}

status=0
for tree in "${@:-HEAD}"; do
  measure "$tree" || { status=1; stop_all; }
done
exit "$status"
