#!/bin/bash
# Installs Lanekeeper's privileged helper on a runner host, as root:
#   the bundled helper (dist/helper/index.js) as a root-owned program,
#   lane-runner (beside this script) for the runner-side commands run as a service user,
#   the host config (if given) at /etc/lanekeeper/host.json,
#   the lease state directory, and the sudoers snippet for the ops runner's user.
# Usage: install-helper.sh --bundle dist/helper/index.js --ops-user USER --service-user USER
#          [--service-user USER ...] [--config host.json] [--prefix /usr/local/libexec/lanekeeper]
# See docs/host-setup.md.
set -euo pipefail

bundle=""
config=""
ops_user=""
prefix="/usr/local/libexec/lanekeeper"
service_users=()

die() {
  echo "install-helper: $*" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle="${2:?--bundle needs a path}"; shift 2 ;;
    --config) config="${2:?--config needs a path}"; shift 2 ;;
    --ops-user) ops_user="${2:?--ops-user needs a user}"; shift 2 ;;
    --service-user) service_users+=("${2:?--service-user needs a user}"); shift 2 ;;
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    *) die "unknown argument $1 (see the usage at the top of this script)" ;;
  esac
done

[ "$(id -u)" -eq 0 ] || die "run as root"
[ -f "$bundle" ] || die "--bundle: no file ${bundle:-given} (build it with: npm run bundle)"
[ "$(head -c 2 "$bundle")" = '#!' ] || die "--bundle: $bundle has no #! line (use dist/helper/index.js from npm run bundle)"
[ -n "$ops_user" ] || die "--ops-user is required (the user the ops runner's jobs run as)"
[ "${#service_users[@]}" -gt 0 ] || die "at least one --service-user is required"
id -u "$ops_user" >/dev/null 2>&1 || die "ops user $ops_user does not exist"
for u in "${service_users[@]}"; do
  [ "$u" != root ] || die "a lane must not run as root"
  id -u "$u" >/dev/null 2>&1 || die "service user $u does not exist (useradd --system --create-home $u)"
done
command -v node >/dev/null || die "node (20 or newer) must be installed at /usr/bin/node"
command -v visudo >/dev/null || die "sudo must be installed"

helper="$prefix/lanekeeper-helper.mjs"
install -d -o root -g root -m 0755 "$prefix"
# The helper runs as root: its #! line names node by absolute path, never through PATH.
node_path=$(readlink -f "$(command -v node)")
staged=$(mktemp)
{ printf '#!%s\n' "$node_path"; tail -n +2 "$bundle"; } >"$staged"
install -o root -g root -m 0755 "$staged" "$helper"
# The runner-side commands (run as a service user, never as root), with the same node.
lane_runner="$prefix/lane-runner"
lane_runner_source="$(dirname -- "${BASH_SOURCE[0]}")/lane-runner.sh"
[ -f "$lane_runner_source" ] || die "lane-runner.sh must sit beside install-helper.sh"
sed "s|^NODE=/usr/bin/node |NODE=$node_path |" "$lane_runner_source" >"$staged"
install -o root -g root -m 0755 "$staged" "$lane_runner"
rm -f "$staged"

install -d -o root -g root -m 0755 /etc/lanekeeper
if [ -n "$config" ]; then
  install -o root -g root -m 0644 "$config" /etc/lanekeeper/host.json
fi
install -d -o root -g root -m 0700 /var/lib/lanekeeper

runas=$(IFS=,; echo "${service_users[*]}")
snippet=$(mktemp)
trap 'rm -f "$snippet"' EXIT
cat >"$snippet" <<SUDOERS
# Lanekeeper (docs/host-setup.md). The helper is the only program $ops_user may run as root;
# it trusts only /etc/lanekeeper/host.json. lane-runner is the only program $ops_user may run
# as a lane service user; of the caller's environment sudo keeps only the token config.sh reads.
Defaults!$helper env_reset
Defaults!$helper secure_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
Defaults!$lane_runner env_reset, env_keep = "ACTIONS_RUNNER_INPUT_TOKEN"
Defaults!$lane_runner secure_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
$ops_user ALL=(root) NOPASSWD: $helper
$ops_user ALL=($runas) NOPASSWD: $lane_runner
SUDOERS
visudo -cq -f "$snippet" || die "the generated sudoers snippet does not parse"
install -o root -g root -m 0440 "$snippet" /etc/sudoers.d/lanekeeper

echo "install-helper: installed $helper, /etc/sudoers.d/lanekeeper${config:+ and /etc/lanekeeper/host.json}"
echo "install-helper: check it as $ops_user with: sudo -n $helper status --lane <lane> --root <root> --user <user> --unit lanekeeper-runner@<lane>.service"
