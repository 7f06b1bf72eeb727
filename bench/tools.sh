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
