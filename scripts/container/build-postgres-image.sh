#!/usr/bin/env bash
# Builds the PostgreSQL 15 image the container provider's tests run (localhost/legal-postgres:15)
# from Debian's packages, through the machine's own apt sources — no registry but Debian's is
# reached. mmdebstrap makes the root file system, `podman import` turns it into an image whose
# entrypoint (entrypoint.sh) honours POSTGRES_USER/PASSWORD/DB as the official image does.
# Root only. Usage: scripts/container/build-postgres-image.sh [image]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
image="${1:-localhost/legal-postgres:15}"

if podman image exists "$image"; then
  echo "$image exists"
  exit 0
fi
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list
suite="$(. /etc/os-release && echo "$VERSION_CODENAME")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

started=$SECONDS
mmdebstrap --quiet --mode=root --variant=apt --include=postgresql-15,ca-certificates \
  --customize-hook="copy-in $here/entrypoint.sh /usr/local/bin" \
  --customize-hook='chmod 755 "$1/usr/local/bin/entrypoint.sh"' \
  --customize-hook='rm -rf "$1"/var/lib/postgresql/15 "$1"/etc/postgresql/15' \
  "$suite" "$work/rootfs.tar" "$sources"
podman import \
  --change 'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'EXPOSE 5432' \
  --change 'STOPSIGNAL SIGINT' \
  "$work/rootfs.tar" "$image" >/dev/null
echo "built $image from Debian's packages in $((SECONDS - started))s ($(du -h "$work/rootfs.tar" | cut -f1) root file system)"
