#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests.
#   pg.sh start DIR   starts a fresh cluster on a free loopback port and writes its URL to DIR/url
#   pg.sh stop DIR    stops it and removes its data (never fails)
# The data lives in a mktemp directory under /tmp owned by the server's user, because
# PostgreSQL refuses to run as root and DIR's parents need not be reachable by that user.
set -euo pipefail

usage() {
  echo "bruk: $0 start|stop DIR" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
action=$1
dir=$2
[[ -n $dir && $dir != / ]] || usage

find_bin() {
  if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
    echo /usr/lib/postgresql/15/bin
    return
  fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n $newest && -x $newest/initdb ]]; then
    echo "$newest"
  fi
}

# Runs a server command as the unprivileged user when we are root.
as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u "$server_user" -- "$@"
  else
    "$@"
  fi
}

pick_server_user() {
  server_user=$(id -un)
  if [[ $(id -u) -eq 0 ]]; then
    if id postgres >/dev/null 2>&1; then
      server_user=postgres
    else
      id samskaptest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin samskaptest
      server_user=samskaptest
    fi
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_cluster() {
  [[ -f $dir/base ]] || { rm -rf "$dir"; return 0; }
  local base bin
  base=$(cat "$dir/base")
  bin=$(cat "$dir/bin" 2>/dev/null || find_bin)
  pick_server_user
  if [[ -n $base && -f $base/data/postmaster.pid ]]; then
    if [[ -n $bin ]]; then
      as_server_user "$bin/pg_ctl" -D "$base/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
        as_server_user "$bin/pg_ctl" -D "$base/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
    fi
    # Last resort when pg_ctl could not stop it: the postmaster's pid is the file's first line.
    if [[ -f $base/data/postmaster.pid ]]; then
      local pid
      pid=$(head -n 1 "$base/data/postmaster.pid" 2>/dev/null || true)
      [[ $pid =~ ^[0-9]+$ ]] && kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  [[ $base == /tmp/samskap-pg.* || $base == "${TMPDIR:-/tmp}"/samskap-pg.* ]] && rm -rf "$base"
  rm -rf "$dir"
}

start_cluster() {
  local bin
  bin=$(find_bin)
  if [[ -z $bin ]]; then
    echo "pg.sh: fant ingen PostgreSQL-binærfiler under /usr/lib/postgresql (installer pakken postgresql)" >&2
    exit 1
  fi
  stop_cluster
  mkdir -p "$dir"
  pick_server_user

  local base
  base=$(mktemp -d "${TMPDIR:-/tmp}/samskap-pg.XXXXXX")
  echo "$base" >"$dir/base"
  echo "$bin" >"$dir/bin"
  chmod 700 "$base"
  [[ $(id -u) -eq 0 ]] && chown "$server_user:" "$base"

  if ! as_server_user "$bin/initdb" -D "$base/data" -U samskap -A trust -E UTF8 --locale=C.UTF-8 \
      --no-sync --no-instructions >"$base/initdb.log" 2>&1; then
    echo "pg.sh: initdb feilet:" >&2
    cat "$base/initdb.log" >&2
    exit 1
  fi

  # Ports collide when several test runs start at once, so try a few from a random start.
  local port attempt started=
  port=$((55432 + RANDOM % 2000))
  for attempt in $(seq 1 20); do
    port=$((port + 1))
    port_in_use "$port" && continue
    cat >"$base/data/postgresql.auto.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$base'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
    [[ $(id -u) -eq 0 ]] && chown "$server_user:" "$base/data/postgresql.auto.conf"
    if as_server_user "$bin/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 start </dev/null >/dev/null 2>&1; then
      started=1
      break
    fi
  done
  if [[ -z $started ]]; then
    echo "pg.sh: PostgreSQL startet ikke:" >&2
    tail -n 30 "$base/server.log" >&2 || true
    exit 1
  fi
  echo "$port" >"$dir/port"

  if ! "$bin/createdb" -h 127.0.0.1 -p "$port" -U samskap -O samskap samskap >"$base/createdb.log" 2>&1; then
    echo "pg.sh: createdb feilet:" >&2
    cat "$base/createdb.log" >&2
    exit 1
  fi
  # Written last and atomically: its presence means the server is ready.
  echo "postgresql://samskap@127.0.0.1:$port/samskap" >"$dir/url.tmp"
  mv "$dir/url.tmp" "$dir/url"
  echo "pg.sh: PostgreSQL kjører på 127.0.0.1:$port ($base)"
}

case $action in
  start) start_cluster ;;
  stop) stop_cluster || true ;;
  *) usage ;;
esac
