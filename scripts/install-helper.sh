#!/bin/bash
# Installs Lanekeeper's privileged helper on a runner host, as root:
#   the bundled helper (dist/helper/index.js) as a root-owned program,
#   lane-runner (beside this script) for the runner-side commands run as a service user,
#   the host config (if given) at /etc/lanekeeper/host.json,
#   one service user per entry of the host config's serviceUsers (created when missing),
#   the registration roots (root-owned), the state directory, and the sudoers snippet for the
#   ops runner's user.
# Usage: install-helper.sh --bundle dist/helper/index.js --ops-user USER [--config host.json]
#          [--service-user USER ...] [--prefix /usr/local/libexec/lanekeeper]
# The service users are the host config's serviceUsers; --service-user may only repeat them.
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
id -u "$ops_user" >/dev/null 2>&1 || die "ops user $ops_user does not exist"
[ "$(id -u "$ops_user")" -ne 0 ] || die "ops user $ops_user has uid 0; the ops runner must run as an unprivileged user"
command -v node >/dev/null || die "node (20 or newer) must be installed at /usr/bin/node"
command -v visudo >/dev/null || die "sudo must be installed"

# The helper runs as root with the node named in its #! line: that node, and every directory
# above it, must be root's alone, or whoever can replace it runs code as root.
node_path=$(readlink -f "$(command -v node)")
check_root_owned() { # PATH WHAT
  local p=$1
  while :; do
    [ "$(stat -c %u -- "$p")" = 0 ] || die "$2: $p is not owned by root"
    # A sticky, world-writable ancestor (/tmp) is fine: only root moves a root-owned entry there.
    if [ $(( 0$(stat -c %a -- "$p") & 022 )) -ne 0 ] && { [ ! -k "$p" ] || [ "$p" = "$1" ]; }; then
      die "$2: $p is group- or world-writable"
    fi
    [ "$p" != / ] || break
    p=$(dirname -- "$p")
  done
}
check_root_owned "$node_path" "node for the helper's #! line"

# The host config names the service users and roots; it is installed first, then read.
config_source=${config:-/etc/lanekeeper/host.json}
[ -f "$config_source" ] || die "--config is required when /etc/lanekeeper/host.json does not exist yet"
config_list() { # FIELD [DEFAULT]
  "$node_path" -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); for (const x of [].concat(c[process.argv[2]] ?? process.argv[3] ?? [])) console.log(x);' "$config_source" "$@"
}
mapfile -t configured_users < <(config_list serviceUsers)
mapfile -t roots < <(config_list registrationRoots)
state_dir=$(config_list stateDirectory /var/lib/lanekeeper)
[ "${#configured_users[@]}" -gt 0 ] || die "the host config lists no serviceUsers"
for u in "${service_users[@]}"; do
  printf '%s\n' "${configured_users[@]}" | grep -qxF -- "$u" || die "--service-user $u is not in the host config's serviceUsers"
done
service_users=("${configured_users[@]}")
for u in "${service_users[@]}"; do
  [ "$u" != "$ops_user" ] || die "$u is both the ops user and a service user: lanes run untrusted jobs, the ops user holds sudo rights"
  # One command provisions the lanes' identities: each serviceUsers entry becomes a system user
  # of its own (own group, own home, no login shell).
  if ! id -u "$u" >/dev/null 2>&1; then
    useradd --system --user-group --create-home --shell /usr/sbin/nologin "$u"
    echo "install-helper: created service user $u"
  fi
  [ "$(id -u "$u")" -ne 0 ] || die "service user $u has uid 0 (an alias of root)"
done

helper="$prefix/lanekeeper-helper.mjs"
install -d -o root -g root -m 0755 "$prefix"
# The helper runs as root: its #! line names node by absolute path, never through PATH.
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
  config_source=/etc/lanekeeper/host.json
fi
# Readable by all: lane-runner, run as a lane's user, checks lane markers and leases there.
install -d -o root -g root -m 0755 "$state_dir" "$state_dir/lanes" "$state_dir/leases"
# Registration roots belong to root: only the helper creates and removes lane directories.
for r in "${roots[@]}"; do
  install -d -o root -g root -m 0755 "$r"
  chown root:root "$r" && chmod go-w "$r"
  check_root_owned "$r" "registration root"
done
# A lane's jobs must not leave code behind that runs later as the lane's user.
for deny in /etc/cron.deny /etc/at.deny; do
  for u in "${service_users[@]}"; do
    grep -qxF -- "$u" "$deny" 2>/dev/null || echo "$u" >>"$deny"
  done
done

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
