#!/usr/bin/env bash
# The container job of .ci/run: the `container` provider tested for real, through testcontainers,
# on Podman from Debian's packages, with a PostgreSQL image built from Debian's packages
# (no registry but Debian's is reached). Root and apt-get only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
image=localhost/legal-postgres:15

"$here/install-podman.sh"
export CONTAINERS_CONF="$here/containers.conf"
"$here/build-postgres-image.sh" "$image"

service="$(mktemp -d /tmp/legal-podman-XXXXXX)"
stop_service() {
  kill "$(cat "$service/podman.pid")" 2>/dev/null || true
  rm -rf "$service"
}
trap stop_service EXIT
DOCKER_HOST="$("$here/start-podman-service.sh" "$service")"
echo "podman system service on $DOCKER_HOST"

# Ryuk (testcontainers' reaper) is an image from Docker Hub, which this machine cannot reach;
# the test stops its container itself.
DOCKER_HOST="$DOCKER_HOST" TESTCONTAINERS_RYUK_DISABLED=true LEGAL_REQUIRE_CONTAINER=1 \
  LEGAL_TEST_CONTAINER_IMAGE="$image" \
  pnpm exec vitest run packages/testing/test/container-runtime.test.ts
