#!/usr/bin/env bash
# Start-up of hookbox: the time from exec to the first 200 from /healthz of `hookbox serve` on a
# fresh data directory (a new SQLite inbox each run), and the time of `hookbox --version`;
# the median of several runs, in milliseconds. Numbers in eng/README.md come from this.
#
#   eng/measure-startup.sh artifacts/bin/linux-x64/hookbox [runs]       # the single file
#   eng/measure-startup.sh "dotnet src/Hookbox.Cli/bin/Release/net10.0/Hookbox.Cli.dll" [runs]
set -euo pipefail
command="$1"
runs="${2:-9}"
read -r -a hookbox <<<"$command"
# Each run starts in a data directory of its own: a relative path must still find the program.
if [ -e "${hookbox[0]}" ]; then
  hookbox[0]="$(cd "$(dirname "${hookbox[0]}")" && pwd)/$(basename "${hookbox[0]}")"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_BUNDLE_EXTRACT_BASE_DIR="$work/extract"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

: >"$work/serve"
: >"$work/version"
for run in $(seq 1 "$runs"); do
  port="$(free_port)"
  data="$work/run$run"
  mkdir -p "$data"
  start="$(now_ms)"
  (cd "$data" && exec env POCKETSFLOW_WEBHOOK_SECRET=whsec_measure Hookbox__Admin__Token=measure-admin-token-0123456789 \
    "${hookbox[@]}" serve --urls "http://127.0.0.1:$port" >"$data/out" 2>&1) &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" 2>/dev/null)" = "200" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "hookbox serve exited before answering:" >&2
      cat "$data/out" >&2
      exit 1
    fi
    sleep 0.005
  done
  echo $(($(now_ms) - start)) >>"$work/serve"
  kill -TERM "$pid"
  wait "$pid" || true

  start="$(now_ms)"
  "${hookbox[@]}" --version >/dev/null
  echo $(($(now_ms) - start)) >>"$work/version"
done

echo "serve to /healthz 200: median $(median <"$work/serve") ms of $runs runs (first $(head -n 1 "$work/serve") ms; all: $(paste -sd ' ' "$work/serve"))"
echo "--version:             median $(median <"$work/version") ms of $runs runs (all: $(paste -sd ' ' "$work/version"))"
