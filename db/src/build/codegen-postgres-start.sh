#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for jOOQ code generation (see db/pom.xml).
#   codegen-postgres-start.sh <state-dir> <port>
# The cluster lives in a fresh mktemp -d folder whose path is written to <state-dir>/cluster;
# codegen-postgres-stop.sh stops it. A detached watchdog stops it if the Maven JVM (our parent)
# dies first, e.g. on a failed migration or a kill -9.
set -euo pipefail

state_dir=${1:?state dir}
port=${2:?port}
maven_pid=$PPID

find_bin_dir() {
  local pg_ctl
  if pg_ctl=$(command -v pg_ctl) && command -v initdb >/dev/null; then
    dirname "$(readlink -f "$pg_ctl")"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n $dir && -x $dir/pg_ctl && -x $dir/initdb ]]; then
    echo "$dir"
    return
  fi
  echo "codegen-postgres: PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under" \
       "/usr/lib/postgresql/*/bin; install them (apt-get install postgresql)" >&2
  exit 1
}

bin_dir=$(find_bin_dir)
mkdir -p "$state_dir"

# A server left over from an earlier, interrupted build: stop it first.
if [[ -f $state_dir/cluster ]]; then
  bash "$(dirname "$0")/codegen-postgres-stop.sh" "$state_dir" || true
fi

cluster=$(mktemp -d "${TMPDIR:-/tmp}/ctops-codegen-pg.XXXXXX")
echo "$cluster" > "$state_dir/cluster"

run=()
if [[ $(id -u) -eq 0 ]]; then
  # initdb and postgres refuse to run as root.
  user=postgres
  id -u "$user" >/dev/null 2>&1 || user=nobody
  chown "$user:" "$cluster"
  run=(runuser -u "$user" --)
fi

cd "$cluster"
log=$cluster/server.log
if ! "${run[@]}" "$bin_dir/initdb" -D "$cluster/data" -U postgres --auth=trust -N -E UTF8 --no-locale \
      > "$cluster/initdb.log" 2>&1; then
  tail -n 20 "$cluster/initdb.log" >&2
  exit 1
fi
if ! "${run[@]}" "$bin_dir/pg_ctl" -D "$cluster/data" -l "$log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$cluster -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
      start > "$cluster/pg_ctl.log" 2>&1; then
  cat "$cluster/pg_ctl.log" >&2
  tail -n 20 "$log" >&2 || true
  exit 1
fi

# Watchdog: once Maven is gone, stop the server (if the stop script has not) and remove the folder.
setsid nohup bash -c '
  maven_pid=$1 cluster=$2 bin_dir=$3; shift 3
  while kill -0 "$maven_pid" 2>/dev/null && [[ -d $cluster/data ]]; do sleep 1; done
  if [[ -d $cluster/data ]]; then
    "$@" "$bin_dir/pg_ctl" -D "$cluster/data" -m immediate -w stop
    rm -rf "$cluster"
  fi
' watchdog "$maven_pid" "$cluster" "$bin_dir" "${run[@]}" > /dev/null 2>&1 < /dev/null &

echo "codegen-postgres: started $("$bin_dir/pg_ctl" --version) on 127.0.0.1:$port in $cluster"
