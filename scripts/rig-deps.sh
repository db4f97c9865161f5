#!/bin/bash
# Installs what the real-systemd test rig needs (test/rig/): systemd-nspawn, debootstrap and
# and the shell linter. Idempotent; run as root (CI does, from .ci/run).
set -euo pipefail
need=()
command -v systemd-nspawn >/dev/null || need+=(systemd-container)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v nsenter >/dev/null || need+=(util-linux)
command -v shellcheck >/dev/null || need+=(shellcheck)
if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
install -d -m 0755 /var/cache/lanekeeper/rig
echo "rig-deps: systemd-nspawn, debootstrap, nsenter and shellcheck are present"
