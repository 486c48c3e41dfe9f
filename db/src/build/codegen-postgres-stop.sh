#!/usr/bin/env bash
# Stops the throwaway PostgreSQL started by codegen-postgres-start.sh and removes its folder.
#   codegen-postgres-stop.sh <state-dir>
set -uo pipefail

state_dir=${1:?state dir}
[[ -f $state_dir/cluster ]] || exit 0
cluster=$(cat "$state_dir/cluster")
rm -f "$state_dir/cluster"
case $cluster in
  */ctops-codegen-pg.*) ;;
  *) echo "codegen-postgres: refusing to remove unexpected folder '$cluster'" >&2; exit 1 ;;
esac
[[ -d $cluster ]] || exit 0

if [[ -f $cluster/data/postmaster.pid ]]; then
  pg_ctl=$(command -v pg_ctl || ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)
  run=()
  if [[ $(id -u) -eq 0 ]]; then
    run=(runuser -u "$(stat -c %U "$cluster")" --)
  fi
  (cd "$cluster" && "${run[@]}" "$pg_ctl" -D "$cluster/data" -m fast -w stop > /dev/null) \
    || echo "codegen-postgres: could not stop the server in $cluster" >&2
fi
rm -rf "$cluster"
echo "codegen-postgres: stopped and removed $cluster"
