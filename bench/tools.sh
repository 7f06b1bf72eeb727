# Sourced by the bench scripts: the tools they need, installed from Debian's packages when the
# machine lacks them and the script runs as root.

# print_header SCRIPT: the script's header comment (after the shebang, up to the first line that
# is not a comment), without its "# ": each script's --help, which no line range can outgrow.
print_header() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$1"
}

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

# pg_user: the user PG_CONNECTION_STRING (exported by pg_start, .ci/postgres.sh) connects as.
pg_user() {
  local user
  user="$(sed -nE 's/(^|.*;)[Uu]sername=([^;]*).*/\2/p' <<<"$PG_CONNECTION_STRING")"
  echo "${user:-hookbox}"
}

# pg_sql DATABASE SQL: one psql command on the cluster pg_start started, as pg_user; unaligned
# output without headers.
pg_sql() {
  local port
  port="$(sed -nE 's/(^|.*;)Port=([0-9]+).*/\2/p' <<<"$PG_CONNECTION_STRING")"
  "$(pg_bindir)/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$(pg_user)" -d "$1" -c "$2"
}

# pg_pids: the postmaster of the cluster in $PG_DATA and its children (backends, background
# processes). Backends fork from the postmaster and inherit its CPU affinity.
pg_pids() {
  local postmaster
  postmaster="$(head -n 1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
  [[ -n "$postmaster" ]] || return 0
  echo "$postmaster"
  pgrep -P "$postmaster" || true
}

# pg_ticks: "pid ticks" for every PostgreSQL process, to subtract with pg_ticks_delta.
pg_ticks() {
  local pid
  for pid in $(pg_pids); do echo "$pid $(cpu_ticks "$pid")"; done
}

# pg_ticks_delta BEFORE AFTER: ticks spent in between by the processes alive at the end.
pg_ticks_delta() {
  awk 'NR == FNR { before[$1] = $2; next } { total += $2 - (($1 in before) ? before[$1] : 0) } END { print total + 0 }' "$1" "$2"
}

# build_tree TREE OUT: builds Hookbox.Cli (Release) from TREE, a commit or "." for the working
# tree, into OUT/<short commit> (OUT/work for "."), and prints that directory. A commit is built
# from a throwaway git worktree, once: its output is kept for the next run.
build_tree() {
  local tree="$1" out="$2" name dir
  mkdir -p "$out"
  if [[ "$tree" == "." ]]; then
    name=work; dir="$out/$name"
    dotnet build -c Release src/Hookbox.Cli -o "$dir" -nologo -v quiet >"$out/$name.build.log" 2>&1 || return 1
  else
    name="$(git rev-parse --short "$tree^{commit}")"; dir="$out/$name"
    if [[ ! -f "$dir/Hookbox.Cli.dll" ]]; then
      local worktree="$out/tree-$name"
      git worktree add --detach --force "$worktree" "$name" >/dev/null 2>&1 || return 1
      # The worktree goes whatever the build does: git must not keep a stale entry for it.
      local built=0
      (cd "$worktree" && dotnet build -c Release src/Hookbox.Cli -o "$dir" -nologo -v quiet) >"$out/$name.build.log" 2>&1 || built=$?
      git worktree remove --force "$worktree"
      [[ "$built" -eq 0 ]] || return "$built"
    fi
  fi
  echo "$dir"
}

# wait_ready URL PID TIMEOUT: until URL answers 2xx; fails when the process PID is gone or TIMEOUT
# seconds have passed.
wait_ready() {
  local deadline=$((SECONDS + $3))
  until curl -sf "$1" >/dev/null; do
    if ((SECONDS > deadline)) || ! kill -0 "$2" 2>/dev/null; then
      return 1
    fi
    sleep 0.2
  done
}

# switches PID: the context switches of all the process's threads.
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches/ { n += $2 } END { print n }'; }

# written PID: the bytes the process has caused to be sent to the disk (WAL, checkpoints).
written() { awk '/^write_bytes:/ { print $2 }' "/proc/$1/io" 2>/dev/null || echo 0; }
