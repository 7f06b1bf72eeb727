# Sourced by the bench scripts: the tools they need, installed from Debian's packages when the
# machine lacks them and the script runs as root.

# require_wrk NAME: wrk on PATH, or installed with apt-get; NAME says which script asks.
require_wrk() {
  command -v wrk >/dev/null && return 0
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "$1: wrk is missing; install it as root: apt-get update && apt-get install -y wrk" >&2
    return 1
  fi
  printf '[%s] installing wrk (apt-get)\n' "$1" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
}

# free_port: a TCP port free on 127.0.0.1 now (the OS picks it).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# field KEY "RESULT k=v ...": the value of KEY in a line of key=value pairs (load.lua's RESULT
# line, Bench.Abuse's summaries).
field() {
  sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<<"$2"
}

# cpu_ticks PID: the user+system clock ticks of a live process (0 once it is gone).
cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
