#!/usr/bin/env bash
# The hostile-client benchmark (issue 11, item 7): steady correctly signed senders, alone and
# then beside 2 000 slow connections, a bad-signature flood from 16 addresses, oversized and
# chunked bodies, and header floods. Prints a Markdown table of the valid deliveries' success
# rate and p99, the server's peak RSS and its log lines, without and with the attack.
#
#   bash bench/abuse.sh [--rate N] [--warmup S] [--duration S] [--slow N]
#
# Knobs as environment variables too: RATE (50 signed deliveries a second), WARMUP (20 s of the
# senders alone before measuring), DURATION (60 s measured), SLOW (2000 slow connections),
# ATTACKERS ("slow,flood,oversized,headers": which attacks run), READY_TIMEOUT (60). The server runs `hookbox serve` with its defaults, pinned to CPU 0; the
# clients share CPU 1. Output: bench/out/abuse.md and bench/out/abuse-<phase>.* (server log, results).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=bench/tools.sh
source "$ROOT/bench/tools.sh"

RATE="${RATE:-50}"
WARMUP="${WARMUP:-20}"
DURATION="${DURATION:-60}"
SLOW="${SLOW:-2000}"
ATTACKERS="${ATTACKERS:-slow,flood,oversized,headers}"
READY_TIMEOUT="${READY_TIMEOUT:-60}"

usage() { print_header "$0"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) RATE="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --slow) SLOW="$2"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "abuse.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

OUT="$ROOT/bench/out"
mkdir -p "$OUT"
log() { printf '[abuse] %s\n' "$*" >&2; }

command -v python3 >/dev/null || { echo "abuse.sh: python3 is required (free ports)" >&2; exit 1; }
command -v curl >/dev/null || { echo "abuse.sh: curl is required (readiness)" >&2; exit 1; }

if [[ "$(nproc)" -ge 2 ]]; then
  SERVER_PIN=(taskset -c 0)
  LOAD_PIN=(taskset -c 1)
  PINNING="server on CPU 0, senders and attackers on CPU 1 (taskset)"
else
  SERVER_PIN=()
  LOAD_PIN=()
  PINNING="not pinned (one CPU)"
fi

TMP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/hookbox-abuse.XXXXXX")"
SERVER_PID=""
CLIENT_PIDS=()

stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while kill -0 "$SERVER_PID" 2>/dev/null && [[ $SECONDS -lt $deadline ]]; do sleep 0.1; done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

cleanup() {
  for pid in "${CLIENT_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  stop_server
  rm -rf "$TMP_ROOT"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SECRET="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n/+=')"

log "building Hookbox.Cli and Bench.Abuse (Release)"
dotnet build -c Release src/Hookbox.Cli/Hookbox.Cli.csproj -nologo -v quiet >"$OUT/abuse.build.log" 2>&1 \
  || { log "build failed (bench/out/abuse.build.log)"; exit 1; }
dotnet build -c Release bench/Bench.Abuse/Bench.Abuse.csproj -nologo -v quiet >>"$OUT/abuse.build.log" 2>&1 \
  || { log "build failed (bench/out/abuse.build.log)"; exit 1; }
HOOKBOX_DLL="src/Hookbox.Cli/bin/Release/net10.0/Hookbox.Cli.dll"
CLIENT_DLL="bench/Bench.Abuse/bin/Release/net10.0/Bench.Abuse.dll"

declare -A SUCCESS=() P50=() P99=() SENT=() RSS=() LINES=() STATUSES=() SERVER_P99=()

# The server's own answer times for the signed deliveries (200s to pocketsflow), from /metrics:
# the client's clock shares a core with the attackers, the server's does not.
scrape() { # scrape BASE DATA_DIR FILE
  local token
  token="$(cat "$2/admin.token" 2>/dev/null || true)"
  curl -s -m 5 ${token:+-H "Authorization: Bearer $token"} "$1/metrics" >"$3" || true
}

server_p99() { # server_p99 BEFORE AFTER: the bucket bound holding the 99th percentile of the 200s between two scrapes
  python3 - "$1" "$2" <<'PY'
import re, sys
def buckets(path):
    out = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("hookbox_ingest_ack_duration_seconds_bucket") and 'source="pocketsflow"' in line and 'status_code="200"' in line:
            le = re.search(r'le="([^"]+)"', line).group(1)
            out[le] = float(line.rsplit(" ", 1)[1])
    return out
a, b = buckets(sys.argv[1]), buckets(sys.argv[2])
delta = sorted(((float("inf") if le == "+Inf" else float(le)), b[le] - a.get(le, 0)) for le in b)
total = delta[-1][1] if delta else 0
for le, n in delta:
    if total and n >= 0.99 * total:
        print("≤ %g" % (le * 1000) if le != float("inf") else "> 10000")
        break
else:
    print("n/a")
PY
}

# run_phase NAME ATTACK(0|1)
run_phase() {
  local phase="$1" attack="$2" port base
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  log "$phase: starting hookbox serve on $base"
  env POCKETSFLOW_WEBHOOK_SECRET="$SECRET" Hookbox__DataDirectory="$TMP_ROOT/$phase" \
    "${SERVER_PIN[@]}" dotnet "$HOOKBOX_DLL" serve --urls "$base" >"$OUT/abuse-$phase.server.log" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + READY_TIMEOUT))
  until [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$base/healthz" || true)" == 2* ]]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$phase: server exited (bench/out/abuse-$phase.server.log)"; exit 1; }
    [[ $SECONDS -lt $deadline ]] || { log "$phase: server not ready in ${READY_TIMEOUT}s"; exit 1; }
    sleep 0.2
  done

  log "$phase: warm-up ${WARMUP}s of signed senders alone"
  "${LOAD_PIN[@]}" dotnet "$CLIENT_DLL" senders "$base/webhooks/pocketsflow" "$SECRET" "$RATE" "$WARMUP" >"$OUT/abuse-$phase.warmup.txt"
  local lines0
  lines0="$(wc -l <"$OUT/abuse-$phase.server.log")"

  CLIENT_PIDS=()
  if [[ "$attack" == 1 ]]; then
    log "$phase: attack for ${DURATION}s ($SLOW slow connections, flood, oversized, header floods)"
    # Niced: the attackers share the senders' core, and the senders' own clock must not wait on them.
    nice -n 10 "${LOAD_PIN[@]}" dotnet "$CLIENT_DLL" attack "$base/webhooks/pocketsflow" "$SECRET" "$((DURATION + 5))" "$SLOW" "$ATTACKERS" >"$OUT/abuse-$phase.attack.txt" 2>&1 &
    CLIENT_PIDS+=($!)
    sleep 5 # the slow connections are opened over the first second; measure once they are all held
  fi

  log "$phase: measuring ${DURATION}s of $RATE signed deliveries a second"
  scrape "$base" "$TMP_ROOT/$phase" "$OUT/abuse-$phase.metrics.before"
  "${LOAD_PIN[@]}" dotnet "$CLIENT_DLL" senders "$base/webhooks/pocketsflow" "$SECRET" "$RATE" "$DURATION" >"$OUT/abuse-$phase.senders.txt"
  scrape "$base" "$TMP_ROOT/$phase" "$OUT/abuse-$phase.metrics.after"
  SERVER_P99[$phase]="$(server_p99 "$OUT/abuse-$phase.metrics.before" "$OUT/abuse-$phase.metrics.after")"
  for pid in "${CLIENT_PIDS[@]}"; do wait "$pid" || true; done
  CLIENT_PIDS=()

  RSS[$phase]="$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")"
  stop_server
  LINES[$phase]="$(( $(wc -l <"$OUT/abuse-$phase.server.log") - lines0 ))"
  local result
  result="$(grep '^RESULT' "$OUT/abuse-$phase.senders.txt")"
  SUCCESS[$phase]="$(field success_pct "$result")"
  P50[$phase]="$(field p50_ms "$result")"
  P99[$phase]="$(field p99_ms "$result")"
  SENT[$phase]="$(field ok "$result") / $(field sent "$result")"
  STATUSES[$phase]="$(field statuses "$result")"
  log "$phase: $result; peak RSS ${RSS[$phase]} MiB; ${LINES[$phase]} log lines while measured"
}

run_phase baseline 0
run_phase attack 1

{
  echo "### $(date -u '+%Y-%m-%d %H:%M') UTC: \`bash bench/abuse.sh\` ($RATE signed/s, ${DURATION}s measured after ${WARMUP}s warm-up, $SLOW slow connections, attackers $ATTACKERS; $PINNING)"
  echo
  echo "| | valid accepted | success | p50 ms | p99 ms | server p99 ms (bucket) | peak RSS MiB | server log lines |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| signed senders alone | ${SENT[baseline]} | ${SUCCESS[baseline]}% | ${P50[baseline]} | ${P99[baseline]} | ${SERVER_P99[baseline]} | ${RSS[baseline]} | ${LINES[baseline]} |"
  echo "| under attack | ${SENT[attack]} | ${SUCCESS[attack]}% | ${P50[attack]} | ${P99[attack]} | ${SERVER_P99[attack]} | ${RSS[attack]} | ${LINES[attack]} |"
  echo
  echo "p99 under attack / alone: **$(awk -v a="${P99[attack]}" -v b="${P99[baseline]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')** (goal ≤ 2)."
  echo
  echo "Attackers' answers (bench/out/abuse-attack.attack.txt):"
  echo
  sed -n 's/^RESULT mode=attack /- /p' "$OUT/abuse-attack.attack.txt"
} | tee "$OUT/abuse.md"
