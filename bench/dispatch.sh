#!/usr/bin/env bash
# One command: how fast does Hookbox hand accepted events on to a local destination that
# answers 200 at once, and how long from accepted to delivered?
#
#   bash bench/dispatch.sh
#
# Knobs (environment): WARMUP (30 s of wrk load, discarded), DURATION (20 s of wrk load, the
# throughput phase), LATENCY_DURATION (10 s of one request at a time, the latency phase),
# CONNECTIONS (64), THREADS (2), TIMEOUT (5, wrk's per-request timeout in seconds),
# RATES ("1000 5000": one paced phase of RATE_DURATION (20) s at each rate, in requests a second;
# "" for none), 
# READY_TIMEOUT (60 s for a server to answer), DRAIN_TIMEOUT (1800 s for a backlog to drain),
# KEEP_TMP (0; 1 keeps the data directory). Hookbox inherits the environment, so
# Hookbox__Dispatch__Concurrency=32 or Logging__LogLevel__Default=Warning change its settings.
# Output: bench/out/dispatch.md (the table) and bench/out/dispatch.* (wrk output, server logs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/tools.sh
source "$ROOT/bench/tools.sh"

WARMUP="${WARMUP:-30}"
DURATION="${DURATION:-20}"
LATENCY_DURATION="${LATENCY_DURATION:-10}"
RATES="${RATES-1000 5000}"
RATE_DURATION="${RATE_DURATION:-20}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
TIMEOUT="${TIMEOUT:-5}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-1800}"
KEEP_TMP="${KEEP_TMP:-0}"

case "${1:-}" in
  "") ;;
  -h | --help) print_header "$0"; exit 0 ;;
  *) echo "dispatch.sh: no arguments; use the environment knobs (see --help)" >&2; exit 2 ;;
esac

OUT="$ROOT/bench/out"
mkdir -p "$OUT"
log() { printf '[dispatch] %s\n' "$*" >&2; }

# --- tools ---------------------------------------------------------------------------------

command -v python3 >/dev/null || { echo "dispatch.sh: python3 is required" >&2; exit 1; }
command -v dotnet >/dev/null || { echo "dispatch.sh: dotnet is required" >&2; exit 1; }
command -v curl >/dev/null || { echo "dispatch.sh: curl is required" >&2; exit 1; }
require_wrk dispatch.sh || exit 1

CPUS="$(nproc)"
if [[ "$CPUS" -ge 2 ]]; then
  SERVER_PIN=(taskset -c 0)
  LOAD_PIN=(taskset -c 1)
  PINNING="Hookbox on CPU 0; sink and wrk on CPU 1 (taskset)"
else
  SERVER_PIN=()
  LOAD_PIN=()
  PINNING="not pinned: this machine has one CPU, so Hookbox, sink and wrk share it"
  log "only one CPU: skipping taskset"
fi

# --- state and cleanup ---------------------------------------------------------------------

TMP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/hookbox-dispatch.XXXXXX")"
DATA="$TMP_ROOT/hookbox-data"
DB="$DATA/hookbox.db"
SERVER_PID=""
SINK_PID=""
WRK_PID=""
WATCH_PID=""
FS_TYPE="$(findmnt -no FSTYPE -T "$TMP_ROOT" 2>/dev/null || stat -f -c %T "$TMP_ROOT" 2>/dev/null || echo unknown)"
if [[ "$FS_TYPE" == "tmpfs" || "$FS_TYPE" == "ramfs" ]]; then
  log "WARNING: $TMP_ROOT is on $FS_TYPE, where fsync costs nothing; set TMPDIR to a disk-backed directory"
fi

stop_pid() { # stop_pid PID NAME: TERM, wait up to 15 s, then KILL
  local pid="$1" name="$2"
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while kill -0 "$pid" 2>/dev/null && [[ $SECONDS -lt $deadline ]]; do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name ($pid) did not stop in 15 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

stop_servers() {
  stop_pid "$SERVER_PID" hookbox; SERVER_PID=""
  stop_pid "$SINK_PID" sink; SINK_PID=""
}

cleanup() {
  if [[ -n "$WATCH_PID" ]]; then
    kill "$WATCH_PID" 2>/dev/null || true
    wait "$WATCH_PID" 2>/dev/null || true
  fi
  if [[ -n "$WRK_PID" ]]; then
    kill -TERM "$WRK_PID" 2>/dev/null || true
    wait "$WRK_PID" 2>/dev/null || true
  fi
  stop_servers
  if [[ "$KEEP_TMP" == "1" ]]; then
    log "kept the data directory under $TMP_ROOT"
  else
    rm -rf "$TMP_ROOT"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SECRET="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')"
ROUTE_SECRET="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')"
export POCKETSFLOW_WEBHOOK_SECRET="$SECRET" # read by load.lua and by Hookbox

# --- build ---------------------------------------------------------------------------------

SINK_DLL="bench/Bench.Sink/bin/Release/net10.0/Bench.Sink.dll"
HOOKBOX_DLL="src/Hookbox.Cli/bin/Release/net10.0/Hookbox.Cli.dll"
for pair in "sink:bench/Bench.Sink/Bench.Sink.csproj" "hookbox:src/Hookbox.Cli/Hookbox.Cli.csproj"; do
  name="${pair%%:*}" project="${pair#*:}"
  log "building $name ($project, Release)"
  if ! dotnet build -c Release "$project" -nologo -v quiet >"$OUT/dispatch.$name.build.log" 2>&1; then
    log "$name: build FAILED; last lines of bench/out/dispatch.$name.build.log:"
    grep -E 'error|Error' "$OUT/dispatch.$name.build.log" | sort -u | tail -15 >&2 || tail -15 "$OUT/dispatch.$name.build.log" >&2
    exit 1
  fi
done

# --- helpers -------------------------------------------------------------------------------


http_status() { # HTTP status of a GET, or 000 when nothing answers
  curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true
}

now_ms() { date +%s%3N; }

core_times() { # "busy total" jiffies of one CPU, softirq included
  awk -v cpu="cpu$1" '$1 == cpu { total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total }' /proc/stat
}

pct() { # pct TICKS0 TICKS1 MS0 MS1 -> percent of one core
  awk -v a="$1" -v b="$2" -v t0="$3" -v t1="$4" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f", (t1 > t0 ? 100 * (b - a) / hz / ((t1 - t0) / 1000) : 0) }'
}

core_busy() { # core_busy "busy0 total0" "busy1 total1" -> percent
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); dt = y[2] - x[2]; printf "%.0f", (dt > 0 ? 100 * (y[1] - x[1]) / dt : 0) }'
}

sink_count() {
  curl -s -m 5 "$SINK/count" 2>/dev/null || echo "?"
}

# "events open dead" from the inbox: stored events, deliveries still pending or retrying, dead
# deliveries. Read-only; the database is in WAL mode, so this never blocks Hookbox's writer.
db_state() {
  python3 - "$DB" <<'PY'
import sqlite3, sys
try:
    con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=5)
    events = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    open_ = con.execute("SELECT COUNT(*) FROM deliveries WHERE status IN ('pending', 'retrying')").fetchone()[0]
    dead = con.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'dead'").fetchone()[0]
    print(events, open_, dead)
except Exception as e:
    print("? ? ?", file=sys.stdout)
    print(f"db_state: {e}", file=sys.stderr)
PY
}

dotnet_ticks() { # "pid ticks command" of every other dotnet process (tests, builds, build servers)
  local pid
  for pid in $(pgrep -f 'dotnet|testhost' || true); do
    [[ "$pid" == "$SERVER_PID" || "$pid" == "$SINK_PID" || "$pid" == "$$" ]] && continue
    [[ -r "/proc/$pid/stat" ]] || continue
    printf '%s %s %s\n' "$pid" "$(cpu_ticks "$pid")" "$( (tr '\0' ' ' <"/proc/$pid/cmdline") 2>/dev/null | cut -c1-120)"
  done
}

# Samples the other dotnet processes every second into a file, until killed.
watch_others() { while :; do dotnet_ticks; sleep 1; done >>"$1"; }

other_dotnet() { # other_dotnet BEFORE_FILE SAMPLES_FILE SECONDS: those that used more than 2% of a core
  awk -v hz="$(getconf CLK_TCK)" -v secs="$3" '
    FILENAME == ARGV[1] { before[$1] = $2; next }
    { if (!($1 in last) || $2 > last[$1]) last[$1] = $2
      pid = $1; $1 = ""; $2 = ""; cmd[pid] = $0 }
    END { for (pid in last) {
            used = (last[pid] - ((pid in before) ? before[pid] : 0)) / hz
            if (secs > 0 && used / secs > 0.02) printf "pid %s used %.0f%% of a core: %s\n", pid, 100 * used / secs, cmd[pid] } }
  ' "$1" "$2"
}

check_alive() {
  if [[ -n "$SERVER_PID" ]] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "Hookbox exited; last lines of bench/out/dispatch.hookbox.log:"; tail -20 "$OUT/dispatch.hookbox.log" >&2; exit 1
  fi
  if [[ -n "$SINK_PID" ]] && ! kill -0 "$SINK_PID" 2>/dev/null; then
    log "the sink exited; last lines of bench/out/dispatch.sink.log:"; tail -20 "$OUT/dispatch.sink.log" >&2; exit 1
  fi
}

wait_up() { # wait_up URL NAME: until any HTTP status answers
  local url="$1" name="$2" deadline=$((SECONDS + READY_TIMEOUT)) code
  while :; do
    code="$(http_status "$url")"
    [[ -n "$code" && "$code" != "000" ]] && return 0
    check_alive
    if [[ $SECONDS -ge $deadline ]]; then
      log "$name did not answer within ${READY_TIMEOUT}s"; exit 1
    fi
    sleep 0.1
  done
}

# Runs wrk pinned to the load core; in the background so that a signal reaches the traps.
run_wrk() { # run_wrk SECONDS THREADS CONNECTIONS OUTFILE [RATE]
  RATE="${5:-0}" RATE_THREADS="$2" "${LOAD_PIN[@]}" wrk -t"$2" -c"$3" -d"$1s" --timeout "${TIMEOUT}s" -s bench/load.lua "$URL" >"$4" 2>&1 &
  WRK_PID=$!
  wait "$WRK_PID" || true
  WRK_PID=""
}

# Polls until every stored event's delivery is finished (none pending or retrying) and the sink
# has seen at least as many deliveries as there are stored events that did not die, twice in a
# row (a commit still in flight when wrk stopped shows up in between). Sets DRAINED_MS.
wait_drained() {
  local phase="$1" deadline=$((SECONDS + DRAIN_TIMEOUT)) next_report=$((SECONDS + 10)) hits=0
  local sink events open dead
  while :; do
    check_alive
    sink="$(sink_count)"
    read -r events open dead <<<"$(db_state)"
    if [[ "$sink" =~ ^[0-9]+$ && "$events" =~ ^[0-9]+$ && "$open" == "0" && "$sink" -ge $((events - dead)) ]]; then
      hits=$((hits + 1))
      if [[ $hits -ge 2 ]]; then
        DRAINED_MS="$(now_ms)"
        log "$phase: drained: $events events stored, sink saw $sink deliveries, $dead dead"
        return 0
      fi
    else
      hits=0
    fi
    if [[ $SECONDS -ge $next_report ]]; then
      log "$phase: draining: $events events stored, sink saw $sink, $open deliveries open, $dead dead"
      next_report=$((SECONDS + 10))
    fi
    if [[ $SECONDS -ge $deadline ]]; then
      DRAINED_MS="$(now_ms)"
      log "$phase: WARNING not drained after ${DRAIN_TIMEOUT}s: $events events stored, sink saw $sink, $open open, $dead dead"
      return 0
    fi
    sleep 0.2
  done
}

# --- start the sink and Hookbox ------------------------------------------------------------

SINK_PORT="$(free_port)"
SINK="http://127.0.0.1:$SINK_PORT"
log "sink: starting on $SINK"
"${LOAD_PIN[@]}" dotnet "$SINK_DLL" --urls "$SINK" >"$OUT/dispatch.sink.log" 2>&1 &
SINK_PID=$!
wait_up "$SINK/count" sink

PORT="$(free_port)"
BASE="http://127.0.0.1:$PORT"
URL="$BASE/webhooks/pocketsflow"
log "hookbox: starting on $BASE, routing every pocketsflow event to $SINK/hooks"
env POCKETSFLOW_WEBHOOK_SECRET="$SECRET" \
  Hookbox__DataDirectory="$DATA" \
  Hookbox__Routes__sink__Source=pocketsflow \
  Hookbox__Routes__sink__Events__0='*' \
  Hookbox__Routes__sink__Url="$SINK/hooks" \
  Hookbox__Routes__sink__Secret="$ROUTE_SECRET" \
  "${SERVER_PIN[@]}" dotnet "$HOOKBOX_DLL" serve --urls "$BASE" >"$OUT/dispatch.hookbox.log" 2>&1 &
SERVER_PID=$!
wait_up "$URL" hookbox

# --- phases --------------------------------------------------------------------------------

PHASES="warmup throughput latency"
for rate in $RATES; do PHASES="$PHASES paced$rate"; done
declare -A START_IDX=() END_IDX=() WRK_START_MS=() WRK_END_MS=() RESULT=() SRVCPU=() SINKCPU=() CORE0=() CORE1=() OTHERS=()

run_phase() { # run_phase NAME SECONDS THREADS CONNECTIONS [RATE]
  local phase="$1" seconds="$2" threads="$3" connections="$4" rate="${5:-0}"
  local ticks0 sticks0 core0a core1a
  START_IDX[$phase]="$(sink_count)"
  log "$phase: wrk -t$threads -c$connections -d${seconds}s (sink has seen ${START_IDX[$phase]})"
  ticks0="$(cpu_ticks "$SERVER_PID")"; sticks0="$(cpu_ticks "$SINK_PID")"
  core0a="$(core_times 0)"; core1a="$(core_times 1)"
  dotnet_ticks >"$TMP_ROOT/others.$phase.before"
  : >"$TMP_ROOT/others.$phase.samples"
  watch_others "$TMP_ROOT/others.$phase.samples" &
  WATCH_PID=$!
  if [[ "$CPUS" -ge 2 ]]; then taskset -pc 1 "$WATCH_PID" >/dev/null 2>&1 || true; fi
  WRK_START_MS[$phase]="$(now_ms)"
  run_wrk "$seconds" "$threads" "$connections" "$OUT/dispatch.$phase.wrk.txt" "$rate"
  WRK_END_MS[$phase]="$(now_ms)"
  kill "$WATCH_PID" 2>/dev/null || true
  wait "$WATCH_PID" 2>/dev/null || true
  WATCH_PID=""
  dotnet_ticks >>"$TMP_ROOT/others.$phase.samples"
  OTHERS[$phase]="$(other_dotnet "$TMP_ROOT/others.$phase.before" "$TMP_ROOT/others.$phase.samples" "$seconds")"
  RESULT[$phase]="$(grep '^RESULT' "$OUT/dispatch.$phase.wrk.txt" || true)"
  if [[ -z "${RESULT[$phase]}" ]]; then
    log "$phase: wrk printed no RESULT line:"; tail -20 "$OUT/dispatch.$phase.wrk.txt" >&2; exit 1
  fi
  log "$phase: ${RESULT[$phase]}"
  wait_drained "$phase"
  END_IDX[$phase]="$(sink_count)"
  # CPU over wrk's run plus the drain: the dispatch work of this phase.
  SRVCPU[$phase]="$(pct "$ticks0" "$(cpu_ticks "$SERVER_PID")" "${WRK_START_MS[$phase]}" "$DRAINED_MS")"
  SINKCPU[$phase]="$(pct "$sticks0" "$(cpu_ticks "$SINK_PID")" "${WRK_START_MS[$phase]}" "$DRAINED_MS")"
  if [[ "$CPUS" -ge 2 ]]; then
    CORE0[$phase]="$(core_busy "$core0a" "$(core_times 0)")"
    CORE1[$phase]="$(core_busy "$core1a" "$(core_times 1)")"
  else
    CORE0[$phase]="-"; CORE1[$phase]="-"
  fi
}

run_phase warmup "$WARMUP" "$THREADS" "$CONNECTIONS"
run_phase throughput "$DURATION" "$THREADS" "$CONNECTIONS"
run_phase latency "$LATENCY_DURATION" 1 1
for rate in $RATES; do
  run_phase "paced$rate" "$RATE_DURATION" "$THREADS" "$CONNECTIONS" "$rate"
done

curl -s -m 120 -o "$TMP_ROOT/arrivals.json" "$SINK/stats"
stop_servers

# --- report --------------------------------------------------------------------------------

PHASE_FILE="$TMP_ROOT/phases.tsv"
for phase in $PHASES; do
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "${START_IDX[$phase]}" "${END_IDX[$phase]}" \
    "${WRK_START_MS[$phase]}" "${WRK_END_MS[$phase]}" "$(field rps_ok "${RESULT[$phase]}")" "$(field ok "${RESULT[$phase]}")" \
    "$(( $(field non2xx "${RESULT[$phase]}") + $(field errors "${RESULT[$phase]}") + $(field timeouts "${RESULT[$phase]}") ))" \
    "${SRVCPU[$phase]}% (${CORE0[$phase]}%)" "${SINKCPU[$phase]}% (${CORE1[$phase]}%)"
done >"$PHASE_FILE"

HEADER="$(date -u '+%Y-%m-%d %H:%M UTC'); $CPUS CPUs, $PINNING; data on $FS_TYPE; warm-up wrk -t$THREADS -c$CONNECTIONS ${WARMUP}s, throughput wrk -t$THREADS -c$CONNECTIONS ${DURATION}s, latency wrk -t1 -c1 ${LATENCY_DURATION}s${RATES:+; paced wrk -t$THREADS -c$CONNECTIONS ${RATE_DURATION}s at each of $RATES requests/s}; one route (pocketsflow, \`*\`) to a local sink that answers 200 at once; Hookbox's dispatch settings are its defaults unless the environment overrides them."

python3 - "$DB" "$TMP_ROOT/arrivals.json" "$PHASE_FILE" "$HEADER" "$OUT/dispatch.hookbox.log" <<'PY' | tee "$OUT/dispatch.md"
import collections, json, math, re, sqlite3, sys

db_path, arrivals_path, phases_path, header, log_path = sys.argv[1:6]

con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
received = dict(con.execute("SELECT id, received_at FROM events"))
statuses = dict(con.execute("SELECT status, COUNT(*) FROM deliveries GROUP BY status"))
retried = con.execute("SELECT COUNT(*) FROM deliveries WHERE attempts > 1").fetchone()[0]
with open(arrivals_path) as f:
    arrivals = [(a["id"], a["ms"]) for a in json.load(f)["arrivals"]]

seen = collections.Counter(i for i, _ in arrivals)
unknown = sum(n for i, n in seen.items() if i not in received)
undelivered = [i for i in received if i not in seen]
duplicated = sum(1 for n in seen.values() if n > 1)
extra = sum(n - 1 for n in seen.values() if n > 1)


def pctl(sorted_values, p):  # nearest rank
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def fmt(x, digits=1):
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{digits}f}"


def per_s(count, ms):
    return count / (ms / 1000) if ms > 0 and count > 1 else float("nan")


labels = {"warmup": "warm-up (discarded)", "throughput": "throughput", "latency": "latency (1 at a time)"}
labels.update({p: f"paced at {int(p[5:]):,}/s" for p in open(phases_path).read().split() if p.startswith("paced")})
rows, notes, timelines = [], [], []
for line in open(phases_path):
    (phase, start, end, wrk_start, wrk_end, rps_ok, ok, failed, srv_cpu, sink_cpu) = line.rstrip("\n").split("\t")
    start, end, wrk_start, wrk_end = int(start), int(end), int(wrk_start), int(wrk_end)
    mine = arrivals[start:end]
    n = len(mine)
    first_ms = min((ms for _, ms in mine), default=None)
    last_ms = max((ms for _, ms in mine), default=None)
    rate = per_s(n, (last_ms - first_ms) if n else 0)
    during = sum(1 for _, ms in mine if ms <= wrk_end)
    after = n - during
    rate_during = per_s(during, wrk_end - first_ms) if n else float("nan")
    rate_after = per_s(after, last_ms - wrk_end) if after > 1 else float("nan")
    latencies = sorted(ms - received[i] for i, ms in mine if i in received)
    drain_s = max(0.0, (last_ms - wrk_end) / 1000) if last_ms is not None else float("nan")
    # Backlog: events received but not yet delivered, over this phase's events (first delivery each).
    first_seen = {}
    for i, ms in mine:
        if i in received and i not in first_seen:
            first_seen[i] = ms
    steps = sorted([(received[i], 1) for i in first_seen] + [(ms, -1) for ms in first_seen.values()])
    backlog = peak = 0
    for _, d in steps:
        backlog += d
        peak = max(peak, backlog)
    rows.append(
        f"| {labels.get(phase, phase)} | {fmt(float(rps_ok))} | {n:,} | **{fmt(rate)}** | {fmt(rate_during)} | {fmt(rate_after)} | "
        f"{fmt(pctl(latencies, 50), 0)} | {fmt(pctl(latencies, 99), 0)} | {fmt(latencies[-1] if latencies else None, 0)} | "
        f"{peak:,} | {fmt(drain_s)} | {srv_cpu} | {sink_cpu} |")
    if int(failed):
        notes.append(f"{phase}: wrk saw {failed} non-2xx answers, socket errors or timeouts.")
    if (phase == "throughput" or phase.startswith("paced")) and first_seen:
        # Dispatch rate against backlog, in at most 12 slices from wrk's start to the last
        # delivery: whether the backlog stays flat, or grows and by how much.
        total_s = max(1, math.ceil((last_ms - wrk_start) / 1000))
        width = max(1, math.ceil(total_s / 12))
        rec = collections.Counter((received[i] - wrk_start) // 1000 // width for i in first_seen)
        dlv = collections.Counter((ms - wrk_start) // 1000 // width for ms in first_seen.values())
        backlog, timeline = 0, []
        for b in range(0, max(max(dlv), max(rec)) + 1):
            backlog += rec[b] - dlv[b]
            timeline.append(f"| {b * width}–{(b + 1) * width} | {rec[b] / width:,.0f} | {dlv[b] / width:,.0f} | {backlog:,} |")
        timelines.append((labels.get(phase, phase), (wrk_end - wrk_start) / 1000, timeline))

log_lines = open(log_path, errors="replace").read().splitlines()
problems = [l for l in log_lines
            if re.match(r"^(warn|fail|crit):", l) and "Hookbox.AspNetCore.IngestEndpoint[1002]" not in l]

print("# Hookbox dispatch benchmark")
print()
print(header)
print()
print("| phase | ingest req/s (wrk 2xx) | events delivered | dispatch events/s | … while wrk ran | … after wrk stopped | p50 ms | p99 ms | max ms | peak backlog | drain after wrk s | Hookbox CPU (core 0) | sink CPU (core 1) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in rows:
    print(r)
print()
print("- **dispatch events/s**: deliveries the sink saw in the phase / (last arrival − first arrival); "
      "split into the deliveries while wrk was loading Hookbox and those after it stopped (the backlog draining, no ingest).")
print("- **p50 / p99 / max ms**: end to end, sink arrival − the event's `received_at` (both Unix ms on this machine's clock, so ±1 ms).")
print("- **peak backlog**: most events received but not yet delivered at any moment of the phase; "
      "**drain after wrk**: last delivery − the moment wrk stopped (0 when dispatch kept up).")
print("- **CPU**: process share of one core from wrk's start until the backlog drained; in parentheses how busy its pinned core was (core 1 also runs wrk).")
for label, wrk_s, timeline in timelines:
    print()
    print(f"The {label} phase over time: seconds since wrk started (it ran {wrk_s:.0f} s), events received and delivered per second, and the backlog at the end of each slice:")
    print()
    print("| s | received/s | delivered/s | backlog at end |")
    print("| --- | ---: | ---: | ---: |")
    for t in timeline:
        print(t)
print()
print(f"Checks: {len(received):,} events stored; {len(arrivals):,} deliveries seen by the sink; "
      f"{len(undelivered):,} events never delivered; {duplicated:,} events delivered more than once ({extra:,} extra deliveries); "
      f"{unknown:,} deliveries with a webhook-id that is no stored event; deliveries by status: "
      + ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items())) + f"; {retried:,} needed more than one attempt; "
      f"{len(problems):,} warn/fail/crit lines in Hookbox's log besides the readiness probe's 405.")
for n in notes:
    print()
    print(f"**{n}**")
if undelivered:
    print()
    print("**Never delivered** (first 10): " + ", ".join(undelivered[:10]))
if problems:
    print()
    print("**Hookbox log** (first 5 warn/fail/crit lines):")
    print()
    for l in problems[:5]:
        print(f"    {l}")
PY

for phase in $PHASES; do
  srv="${SRVCPU[$phase]}" core="${CORE0[$phase]}"
  if [[ "$core" =~ ^[0-9]+$ && $((core - srv)) -gt 25 ]]; then
    { echo; echo "**$phase was disturbed**: core 0 was ${core}% busy while Hookbox used ${srv}% of it; something else ran there."; } | tee -a "$OUT/dispatch.md"
  fi
  if [[ -n "${OTHERS[$phase]}" ]]; then
    { echo; echo "**$phase may have been disturbed**: other dotnet processes ran during its wrk run:"; echo; sed 's/^/    /' <<<"${OTHERS[$phase]}"; } | tee -a "$OUT/dispatch.md"
  fi
done
# At its default log level Hookbox writes several lines per delivery: keep a big log compressed.
if [[ "$(stat -c %s "$OUT/dispatch.hookbox.log")" -gt $((64 * 1024 * 1024)) ]]; then
  rm -f "$OUT/dispatch.hookbox.log.gz"
  gzip -1 "$OUT/dispatch.hookbox.log"
  log "Hookbox's log was over 64 MB: compressed to bench/out/dispatch.hookbox.log.gz"
else
  rm -f "$OUT/dispatch.hookbox.log.gz"
fi
log "table written to bench/out/dispatch.md"
