#!/usr/bin/env bash
# Installs what the container job needs from Debian's packages: Podman with runc (crun refuses
# these machines' hybrid cgroups), netavark and iptables for its network, mmdebstrap to build
# the image. Root and apt-get only; a no-op when all are there.
set -euo pipefail
packages=(podman runc netavark aardvark-dns iptables mmdebstrap uidmap)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "podman $(podman --version | awk '{print $3}') and its helpers are installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
  { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
echo "installed ${missing[*]}: podman $(podman --version | awk '{print $3}')"
