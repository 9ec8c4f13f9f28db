#!/usr/bin/env bash
# Starts Podman's Docker-compatible API on a socket of its own, for testcontainers, with the
# settings of containers.conf beside this script (nothing system-wide is changed). Prints the
# DOCKER_HOST to use; stop it with `kill $(cat <dir>/podman.pid)`. Root only.
# Usage: scripts/container/start-podman-service.sh <dir>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:?usage: start-podman-service.sh <dir>}"
mkdir -p "$dir"
export CONTAINERS_CONF="$here/containers.conf"
socket="$dir/podman.sock"
rm -f "$socket"
podman system service --time=0 "unix://$socket" >"$dir/podman.log" 2>&1 &
echo $! >"$dir/podman.pid"
for _ in $(seq 1 100); do
  [ -S "$socket" ] && { echo "unix://$socket"; exit 0; }
  sleep 0.1
done
echo "podman system service did not open $socket:" >&2
cat "$dir/podman.log" >&2
exit 1
