#!/usr/bin/env bash
# One command: does Hookbox's memory stay flat under a long, steady load?
#
#   bash bench/memory.sh
#
# Hookbox (SQLite, one route to the local sink, which answers 200 at once) runs on CPU 0; wrk and
# the sink on CPU 1. After a discarded warm-up, PEAK_SECONDS (30) of unpaced load find its peak
# ingest rate (with dispatch running beside it); then
# wrk sends LOAD_PERCENT (80) % of that rate, paced (load.lua's RATE), for MINUTES (10) minutes,
# while every SAMPLE_SECONDS (10) this script reads Hookbox's resident set (/proc) and the GC heap
# and working set it reports in /metrics (.NET's System.Runtime meter), and the delivery backlog.
# RATE=N skips the peak run and sends N requests a second.
# Output: bench/out/memory.md (minutes 1, 5 and the last, and the trend) and bench/out/memory.tsv.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/tools.sh
source "$ROOT/bench/tools.sh"

PEAK_SECONDS="${PEAK_SECONDS:-30}"
LOAD_PERCENT="${LOAD_PERCENT:-80}"
MINUTES="${MINUTES:-10}"
SAMPLE_SECONDS="${SAMPLE_SECONDS:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
RATE="${RATE:-}"

case "${1:-}" in
  "") ;;
  -h | --help) print_header "$0"; exit 0 ;;
  *) echo "memory.sh: no arguments; use the environment knobs (see --help)" >&2; exit 2 ;;
esac

OUT="$ROOT/bench/out"
mkdir -p "$OUT"
log() { printf '[memory] %s\n' "$*" >&2; }

command -v python3 >/dev/null || { echo "memory.sh: python3 is required" >&2; exit 1; }
command -v curl >/dev/null || { echo "memory.sh: curl is required" >&2; exit 1; }
require_wrk memory.sh || exit 1

if [[ "$(nproc)" -ge 2 ]]; then SERVER_PIN=(taskset -c 0); LOAD_PIN=(taskset -c 1); else SERVER_PIN=(); LOAD_PIN=(); fi

TMP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/hookbox-memory.XXXXXX")"
SERVER_PID="" SINK_PID="" WRK_PID=""
cleanup() {
  for pid in "$WRK_PID" "$SERVER_PID" "$SINK_PID"; do
    [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "$WRK_PID" "$SERVER_PID" "$SINK_PID"; do
    [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP_ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for project in bench/Bench.Sink/Bench.Sink.csproj src/Hookbox.Cli/Hookbox.Cli.csproj; do
  log "building $project (Release)"
  dotnet build -c Release "$project" -nologo -v quiet >"$OUT/memory.build.log" 2>&1 || { tail -20 "$OUT/memory.build.log" >&2; exit 1; }
done

wait_up() { until curl -s -o /dev/null -m 2 "$1"; do kill -0 "$2" 2>/dev/null || { log "$3 exited"; exit 1; }; sleep 0.1; done; }

SECRET="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')"
ADMIN="memory-bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export POCKETSFLOW_WEBHOOK_SECRET="$SECRET"

SINK="http://127.0.0.1:$(free_port)"
"${LOAD_PIN[@]}" dotnet bench/Bench.Sink/bin/Release/net10.0/Bench.Sink.dll --urls "$SINK" >"$OUT/memory.sink.log" 2>&1 &
SINK_PID=$!
wait_up "$SINK/count" "$SINK_PID" sink

BASE="http://127.0.0.1:$(free_port)"
URL="$BASE/webhooks/pocketsflow"
env Hookbox__DataDirectory="$TMP_ROOT/data" Hookbox__Admin__Token="$ADMIN" \
  Hookbox__Routes__sink__Source=pocketsflow Hookbox__Routes__sink__Events__0='*' \
  Hookbox__Routes__sink__Url="$SINK/hooks" Hookbox__Routes__sink__Secret="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')" \
  Logging__LogLevel__Default=Warning \
  "${SERVER_PIN[@]}" dotnet src/Hookbox.Cli/bin/Release/net10.0/Hookbox.Cli.dll serve --urls "$BASE" >"$OUT/memory.hookbox.log" 2>&1 &
SERVER_PID=$!
wait_up "$BASE/healthz" "$SERVER_PID" hookbox

wrk_run() { # wrk_run SECONDS RATE OUTFILE
  RATE="$2" RATE_THREADS="$THREADS" "${LOAD_PIN[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --timeout 5s -s bench/load.lua "$URL" >"$3" 2>&1 &
  WRK_PID=$!
}

if [[ -z "$RATE" ]]; then
  # The first seconds of a new process run below its steady rate (the JIT tiers up): a discarded
  # run of the same length first.
  log "warming up: ${PEAK_SECONDS}s unpaced, discarded"
  wrk_run "$PEAK_SECONDS" 0 "$OUT/memory.warmup.txt"
  wait "$WRK_PID" || true; WRK_PID=""
  log "finding the peak: ${PEAK_SECONDS}s unpaced"
  wrk_run "$PEAK_SECONDS" 0 "$OUT/memory.peak.txt"
  wait "$WRK_PID" || true; WRK_PID=""
  PEAK="$(sed -n 's/.*rps_ok=\([0-9.]*\).*/\1/p' "$OUT/memory.peak.txt")"
  RATE="$(python3 -c "print(int(float('$PEAK') * $LOAD_PERCENT / 100))")"
  log "peak ${PEAK}/s; the long run sends ${RATE}/s ($LOAD_PERCENT%)"
  # The backlog of the unpaced run drains before the long run starts (the gauge may carry
  # labels, such as OpenTelemetry's otel_scope_name).
  until [[ "$(curl -s -H "Authorization: Bearer $ADMIN" "$BASE/metrics" | sed -n 's/^hookbox_dispatch_backlog\({[^}]*}\)\{0,1\} \([0-9]*\).*/\2/p')" == "0" ]]; do sleep 1; done
fi

SECONDS_TOTAL=$((MINUTES * 60))
log "steady load: ${RATE}/s for ${MINUTES} min, sampling every ${SAMPLE_SECONDS}s"
wrk_run "$SECONDS_TOTAL" "$RATE" "$OUT/memory.wrk.txt"
START=$SECONDS
printf 'seconds\trss_mb\tworking_set_mb\tgc_heap_mb\tgc_committed_mb\tbacklog\tdelivered\n' >"$OUT/memory.tsv"
while kill -0 "$WRK_PID" 2>/dev/null; do
  sleep "$SAMPLE_SECONDS"
  kill -0 "$WRK_PID" 2>/dev/null || break
  curl -s -m 5 -H "Authorization: Bearer $ADMIN" "$BASE/metrics" >"$TMP_ROOT/metrics.txt" || true
  python3 - "$((SECONDS - START))" "$SERVER_PID" "$(curl -s -m 5 "$SINK/count" || echo 0)" "$TMP_ROOT/metrics.txt" <<'PY' >>"$OUT/memory.tsv"
import re, sys
elapsed, pid, delivered, metrics_path = sys.argv[1:5]
text = open(metrics_path).read()
def total(name):
    values = [float(v) for v in re.findall(r"^" + name + r"(?:\{[^}]*\})? ([0-9.e+]+)", text, re.M)]
    return sum(values) if values else float("nan")
rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS:")) / 1024
mb = lambda b: b / 1048576
print(f"{elapsed}\t{rss:.1f}\t{mb(total('dotnet_process_memory_working_set_bytes')):.1f}\t{mb(total('dotnet_gc_last_collection_heap_size_bytes')):.1f}\t"
      f"{mb(total('dotnet_gc_last_collection_memory_committed_size_bytes')):.1f}\t{total('hookbox_dispatch_backlog'):.0f}\t{delivered}")
PY
done
wait "$WRK_PID" || true; WRK_PID=""

python3 - "$OUT/memory.tsv" "$RATE" "$MINUTES" "$(grep '^RESULT' "$OUT/memory.wrk.txt" || true)" <<'PY' | tee "$OUT/memory.md"
import sys
path, rate, minutes, result = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [l.rstrip("\n").split("\t") for l in open(path)][1:]
rows = [[float(x) for x in r] for r in rows if len(r) == 7]
def at(minute):
    return min(rows, key=lambda r: abs(r[0] - minute * 60)) if rows else None
print(f"# Hookbox memory under a steady load ({rate} requests/s for {minutes} min)")
print()
print(f"wrk: {result}")
print()
print("| minute | RSS MB | working set MB | GC heap MB (after last GC) | GC committed MB | delivery backlog |")
print("| ---: | ---: | ---: | ---: | ---: | ---: |")
for m in sorted({1, 5, minutes}):
    r = at(m)
    if r:
        print(f"| {r[0] / 60:.1f} | {r[1]:.0f} | {r[2]:.0f} | {r[3]:.1f} | {r[4]:.0f} | {r[5]:.0f} |")
if len(rows) >= 4:
    half = [r for r in rows if r[0] >= 60]
    if len(half) >= 2:
        n = len(half)
        xs = [r[0] / 60 for r in half]
        for label, col in (("RSS", 1), ("GC heap", 3)):
            ys = [r[col] for r in half]
            mx, my = sum(xs) / n, sum(ys) / n
            slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / max(1e-9, sum((x - mx) ** 2 for x in xs))
            print()
            print(f"{label} after minute 1: min {min(ys):.1f} MB, max {max(ys):.1f} MB, trend {slope:+.2f} MB a minute (least squares).")
PY
log "table written to bench/out/memory.md"
