# shellcheck shell=bash
# PostgreSQL for tests and benchmarks: a throwaway cluster of the caller's own, never the
# machine's. Sourced, not run (by .ci/run and bench scripts):
#
#   source .ci/postgres.sh
#   pg_install_if_missing || exit 1
#   dir="$(mktemp -d)"; pg_start "$dir" "$(pg_free_port)" || exit 1
#   ... use "$PG_CONNECTION_STRING" ...
#   pg_stop "$dir"; rm -rf "$dir"
#
# The functions set no shell options and return non-zero instead of exiting, so they behave the
# same under the caller's `set -e` or without it.

# Prints the directory holding pg_ctl, initdb and postgres: HOOKBOX_TEST_POSTGRES_BIN if set,
# else pg_config's, else the highest /usr/lib/postgresql/<version>/bin (Debian), else PATH's.
pg_bindir() {
  local candidate dir
  local -a candidates=()
  if [ -n "${HOOKBOX_TEST_POSTGRES_BIN:-}" ]; then
    candidates+=("$HOOKBOX_TEST_POSTGRES_BIN")
  fi
  if command -v pg_config >/dev/null 2>&1; then
    # Debian's pg_config may come from libpq-dev alone, whose bindir has no server: checked below.
    candidates+=("$(pg_config --bindir 2>/dev/null || true)")
  fi
  # Highest version first: /usr/lib/postgresql/<version>/bin, compared by <version>.
  while IFS= read -r dir; do
    candidates+=("$dir")
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t / -k 5 -V -r)
  if command -v pg_ctl >/dev/null 2>&1; then
    candidates+=("$(dirname "$(command -v pg_ctl)")")
  fi
  if [ -n "${HOOKBOX_TEST_POSTGRES_BIN:-}" ] && [ ! -x "$HOOKBOX_TEST_POSTGRES_BIN/pg_ctl" ]; then
    echo "pg_bindir: HOOKBOX_TEST_POSTGRES_BIN=$HOOKBOX_TEST_POSTGRES_BIN has no pg_ctl; looking elsewhere." >&2
  fi
  for candidate in "${candidates[@]}"; do
    if [ -n "$candidate" ] && [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/postgres" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# Installs Debian's postgresql package when no server binaries are found. The package creates
# and may start a cluster of its own on port 5432; nothing here uses it, so whether it runs
# does not matter (pg_start makes its own cluster, on its own port and socket directory).
pg_install_if_missing() {
  if pg_bindir >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL server binaries (pg_ctl, initdb, postgres) were not found, and installing them needs root." >&2
    echo "Install them (Debian/Ubuntu: sudo apt-get install postgresql), or set HOOKBOX_TEST_POSTGRES_BIN to their directory." >&2
    return 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL server binaries were not found and there is no apt-get to install them: install PostgreSQL and set HOOKBOX_TEST_POSTGRES_BIN to its bin directory." >&2
    return 1
  fi
  echo "PostgreSQL server binaries not found: installing Debian's postgresql package." >&2
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql; }; then
    echo "apt-get could not install postgresql (see its output above)." >&2
    return 1
  fi
  if ! pg_bindir >/dev/null; then
    echo "The postgresql package is installed, yet pg_ctl, initdb and postgres are still not found." >&2
    return 1
  fi
}

# Prints a TCP port on 127.0.0.1 that nothing listens on now. Another process may take it
# before the caller binds it; pg_start then fails with the server's "could not bind" in its log.
pg_free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' && return 0
  fi
  # Without python3: probe random ports above the usual ephemeral range's start until one refuses.
  local port _
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  echo "pg_free_port: no free port found on 127.0.0.1." >&2
  return 1
}

# Runs a server binary as whoever may: initdb, pg_ctl and postgres refuse to run as root, so
# under root (CI, containers) they run as the postgres system user.
_pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    # From /, which the postgres user can always enter, whatever the caller's directory.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Under root: makes sure the postgres system user exists (the Debian package creates it) and
# owns <datadir>, and that it can reach <datadir> through its parents.
_pg_prepare_owner() {
  local datadir="$1"
  [ "$(id -u)" -eq 0 ] || return 0
  if ! id -u postgres >/dev/null 2>&1; then
    echo "Creating the postgres system user: PostgreSQL will not run as root." >&2
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres || return 1
  fi
  chown -R postgres: "$datadir" || return 1
  if ! runuser -u postgres -- test -w "$datadir"; then
    echo "The postgres user cannot reach $datadir (a parent directory is not traversable); use a directory under /tmp (e.g. TMPDIR=/tmp)." >&2
    return 1
  fi
}

# pg_start <datadir> <port> [name=value ...]
# Creates a cluster in <datadir> (or reuses the one already there), listening on 127.0.0.1:<port>
# only, with its Unix socket in <datadir>; starts it, creates the database hookbox_test and exports
# PG_CONNECTION_STRING. Extra name=value arguments are appended to postgresql.conf (last wins).
pg_start() {
  if [ "$#" -lt 2 ] || [ -z "$1" ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
    echo "usage: pg_start <datadir> <port> [name=value ...]" >&2
    return 2
  fi
  local datadir port bindir setting
  # Absolute, because it also names the socket directory and the server resolves paths from it.
  datadir="$(cd "$1" 2>/dev/null && pwd)" || datadir=""
  port="$2"
  if [ -z "$datadir" ]; then
    echo "pg_start: $1 is not a directory; create it first (mktemp -d)." >&2
    return 1
  fi
  shift 2
  bindir="$(pg_bindir)" || {
    echo "pg_start: PostgreSQL server binaries not found; run pg_install_if_missing first." >&2
    return 1
  }
  _pg_prepare_owner "$datadir" || return 1

  if [ ! -f "$datadir/PG_VERSION" ]; then
    # --no-sync only skips initdb's own final flush of the fresh files: a throwaway cluster
    # lost to a power cut is simply made again. The server itself runs with fsync on.
    # Its output is kept in memory: initdb wants the directory empty, so no log file there yet.
    local output
    if ! output="$(_pg_as_owner "$bindir/initdb" -D "$datadir" --auth=trust -U hookbox -E UTF8 --locale=C --no-sync 2>&1)"; then
      echo "pg_start: initdb failed in $datadir:" >&2
      printf '%s\n' "$output" >&2
      return 1
    fi
    # Durability is what Hookbox is for: its tests and benchmarks run with the server flushing
    # every commit, as production would.
    {
      echo
      echo "# Written by .ci/postgres.sh"
      echo "listen_addresses = '127.0.0.1'"
      echo "unix_socket_directories = '$datadir'"
      echo "fsync = on"
      echo "synchronous_commit = on"
      echo "full_page_writes = on"
      echo "max_connections = 300"
      echo "shared_buffers = 128MB"
    } >>"$datadir/postgresql.conf" || return 1
  fi
  # The port on every start, so a reused cluster can move to a new free port.
  echo "port = $port" >>"$datadir/postgresql.conf" || return 1
  for setting in "$@"; do
    echo "$setting" >>"$datadir/postgresql.conf" || return 1
  done

  if ! _pg_as_owner "$bindir/pg_ctl" -D "$datadir" -l "$datadir/postgres.log" -w -t 60 start >/dev/null; then
    echo "pg_start: PostgreSQL did not start on 127.0.0.1:$port; its log ($datadir/postgres.log):" >&2
    cat "$datadir/postgres.log" >&2 2>/dev/null
    return 1
  fi

  local psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U hookbox)
  if [ "$("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'hookbox_test'")" != "1" ]; then
    if ! "${psql[@]}" -d postgres -c "CREATE DATABASE hookbox_test" >/dev/null; then
      echo "pg_start: PostgreSQL started on 127.0.0.1:$port but the database hookbox_test could not be created." >&2
      return 1
    fi
  fi
  export PG_CONNECTION_STRING="Host=127.0.0.1;Port=$port;Username=hookbox;Database=hookbox_test"
}

# pg_stop <datadir>: a fast shutdown (connections cut, in-flight transactions rolled back);
# succeeds when the cluster is not running or the directory is gone.
pg_stop() {
  local datadir="${1:-}" bindir
  if [ -z "$datadir" ] || [ ! -f "$datadir/PG_VERSION" ]; then
    return 0
  fi
  bindir="$(pg_bindir)" || {
    echo "pg_stop: PostgreSQL server binaries not found." >&2
    return 1
  }
  if [ ! -f "$datadir/postmaster.pid" ]; then
    return 0
  fi
  # Status 3 is "not running" (a stale postmaster.pid after a crash).
  local status=0
  _pg_as_owner "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1 || status=$?
  if [ "$status" -eq 3 ]; then
    return 0
  fi
  _pg_as_owner "$bindir/pg_ctl" -D "$datadir" -m fast -w -t 60 stop >/dev/null
}
