#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, separate from the system's own.
#
#   scripts/pg-test-cluster.sh start DIR   # prints postgresql://kith@127.0.0.1:PORT/postgres (last line)
#   scripts/pg-test-cluster.sh restart DIR # after a crash or a stop: starts it again, same port and data
#   scripts/pg-test-cluster.sh stop DIR    # stops it and removes DIR
#
# The cluster lives entirely in DIR (data, log, unix socket), listens only on
# 127.0.0.1 on the first free port from 55432, runs with fsync=off, and lets
# the role `kith` (LOGIN CREATEDB) in without a password from loopback only.
# As root it runs the server as the `postgres` OS user, which PostgreSQL
# requires. PG_BIN overrides the folder holding initdb and pg_ctl.
set -euo pipefail

readonly MARKER=.kith-pg-test-cluster   # only folders holding this are ever removed
readonly PORT_FIRST=55432
readonly PORT_TRIES=200
readonly START_TIMEOUT_S=60

die() { echo "pg-test-cluster: $*" >&2; exit 1; }
say() { echo "pg-test-cluster: $*" >&2; }

usage() {
  echo "usage: $0 start DIR | restart DIR | stop DIR" >&2
  exit 2
}

# Debian installs each major version under /usr/lib/postgresql/N/bin; prefer 15.
find_pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then echo /usr/lib/postgresql/15/bin; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$newest" ] && [ -x "$newest/initdb" ] && { echo "$newest"; return; }
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  die "initdb not found: install the Debian package 'postgresql' (or set PG_BIN)"
}

# Runs a PostgreSQL program as the server's owner: `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# True when nothing is listening on (or holding) 127.0.0.1:$1. Perl is always
# there: Debian's postgresql-common is written in it.
port_is_free() {
  perl -MIO::Socket::INET -e \
    'exit(IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0], Proto => "tcp", Listen => 1) ? 0 : 1)' \
    "$1"
}

# Stops a server left behind by a killed run (if any) and removes DIR. Refuses
# folders we did not create, so a typo cannot wipe someone's data.
remove_cluster_dir() {
  local dir=$1 bin=$2
  [ -e "$dir" ] || return 0
  [ -d "$dir" ] || die "$dir exists and is not a folder"
  if [ ! -e "$dir/$MARKER" ]; then
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty and was not made by this script; refusing to touch it"
    rmdir "$dir"
    return 0
  fi
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t "$START_TIMEOUT_S" stop >/dev/null 2>&1 ||
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    kill_leftover_postmaster "$dir"
  fi
  rm -rf -- "$dir"
}

# pg_ctl cannot stop a server whose data folder is half gone; kill its pid.
kill_leftover_postmaster() {
  local pidfile=$1/data/postmaster.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  # Only a postgres process whose command line names this data folder.
  if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$1/data"; then
    kill -QUIT "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

make_cluster_dir() {
  local dir=$1
  mkdir -p -- "$dir"
  touch "$dir/$MARKER"
  chmod 0700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "the OS user 'postgres' is missing: install the Debian package 'postgresql'"
    chown -R postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the user 'postgres' cannot reach $dir: choose a folder under /tmp"
  fi
}

init_cluster() {
  local dir=$1 bin=$2
  as_owner "$bin/initdb" -D "$dir/data" --username=postgres --auth-local=peer --auth-host=reject \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  # Loopback trust for `kith` only; the socket (in DIR, mode 0700) serves the owner.
  as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<EOF
local all postgres           trust
local all kith               trust
host  all kith 127.0.0.1/32  trust
EOF
  as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF

# pg-test-cluster.sh: throwaway, fast, private.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
logging_collector = off
EOF
}

# Starts on the first free port; retries the next port if another process
# grabbed it between the bind test and the server's own bind.
start_server() {
  local dir=$1 bin=$2 port tries=0
  for ((port = PORT_FIRST; tries < PORT_TRIES; port++, tries++)); do
    port_is_free "$port" || continue
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t "$START_TIMEOUT_S" \
      start >/dev/null 2>&1; then
      echo "$port"
      return 0
    fi
    grep -q "could not bind\|could not create any TCP/IP sockets" "$dir/server.log" 2>/dev/null ||
      { tail -n 20 "$dir/server.log" >&2 || true; die "the server did not start (log: $dir/server.log)"; }
    say "port $port was taken, trying the next one"
  done
  die "no free port in $PORT_FIRST..$((PORT_FIRST + PORT_TRIES - 1))"
}

create_kith_role() {
  local dir=$1 bin=$2 port=$3
  as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt \
    -c "CREATE ROLE kith LOGIN CREATEDB" >/dev/null ||
    die "could not create the role kith"
}

cmd_start() {
  local dir=$1 bin port
  bin=$(find_pg_bin)
  remove_cluster_dir "$dir" "$bin"
  make_cluster_dir "$dir"
  init_cluster "$dir" "$bin"
  port=$(start_server "$dir" "$bin")
  create_kith_role "$dir" "$bin" "$port"
  echo "$port" >"$dir/port"
  say "started in $dir on 127.0.0.1:$port"
  echo "postgresql://kith@127.0.0.1:$port/postgres"
}

# The same cluster again, on the port it had, with its data: after a crash
# (the server does crash recovery) or a stop. Fails while it still runs.
cmd_restart() {
  local dir=$1 bin port
  bin=$(find_pg_bin)
  [ -e "$dir/$MARKER" ] || die "$dir was not made by this script; refusing to touch it"
  port=$(cat "$dir/port" 2>/dev/null) || die "$dir has no port file: start it with '$0 start DIR'"
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t "$START_TIMEOUT_S" \
    start >/dev/null 2>&1 || { tail -n 20 "$dir/server.log" >&2 || true; die "the server did not start again"; }
  say "started again in $dir on 127.0.0.1:$port"
  echo "postgresql://kith@127.0.0.1:$port/postgres"
}

cmd_stop() {
  local dir=$1 bin
  bin=$(find_pg_bin)
  [ -e "$dir" ] || return 0
  [ -e "$dir/$MARKER" ] || die "$dir was not made by this script; refusing to touch it"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t "$START_TIMEOUT_S" stop >/dev/null ||
      say "pg_ctl stop failed; killing the server"
    kill_leftover_postmaster "$dir"
  fi
  rm -rf -- "$dir"
}

[ $# -eq 2 ] || usage
[ -n "$2" ] || usage
# Absolute, normalised: the path goes into the server's configuration.
target=$(realpath -m -- "$2")
[ "$target" != / ] || die "refusing to use /"
# The socket path ($target/.s.PGSQL.PORT) must fit in sockaddr_un (107 bytes).
[ ${#target} -le 90 ] || die "$target is too long for a unix socket path; use a shorter folder"
case $1 in
  start) cmd_start "$target" ;;
  restart) cmd_restart "$target" ;;
  stop) cmd_stop "$target" ;;
  *) usage ;;
esac
