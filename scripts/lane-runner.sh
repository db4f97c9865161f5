#!/bin/bash
# Lanekeeper's runner-side commands for one lane, run AS THE LANE'S SERVICE USER through sudo
# (docs/host-setup.md). The ops user may run only this program as a service user, and sudo keeps
# only ACTIONS_RUNNER_INPUT_TOKEN of its environment (the token config.sh reads). Every argument
# is checked against the root-owned host config before anything runs.
#
# Usage: lane-runner prepare     ROOT LANE
#        lane-runner configure   ROOT LANE URL LABELS [RUNNER_GROUP]
#        lane-runner unconfigure ROOT LANE
#        lane-runner remove      ROOT LANE
set -euo pipefail
umask 022

NODE=/usr/bin/node # install-helper.sh writes the absolute path of node here
CONFIG=/etc/lanekeeper/host.json

die() {
  echo "lane-runner: $*" >&2
  exit 2
}

[ $# -ge 3 ] || die "usage: lane-runner prepare|configure|unconfigure|remove ROOT LANE [URL LABELS [GROUP]]"
verb=$1
root=$2
lane=$3

[[ $lane =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || die "lane name '$lane' is not ^[a-z0-9][a-z0-9-]{0,62}\$"
[ "$(id -u)" -ne 0 ] || die "runs as a lane's service user, never as root"

# One field of the host config, read with node (JSON); the config is root-owned (install-helper.sh).
config_field() {
  "$NODE" -e 'const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = c[process.argv[2]]; for (const x of [].concat(v ?? [])) console.log(x);' "$CONFIG" "$1"
}

allowed=0
while IFS= read -r r; do
  [ "$r" = "$root" ] && allowed=1
done < <(config_field registrationRoots)
[ "$allowed" = 1 ] || die "root '$root' is not one of the host config's registrationRoots"
[ "$(readlink -f -- "$root")" = "$root" ] || die "root '$root' is not its own real path (a symlink on the way)"
dir="$root/$lane"
[ ! -L "$dir" ] || die "$dir is a symbolic link"

case "$verb" in
  prepare)
    dist=$(config_field runnerDistribution)
    if [ -z "$dist" ] || [ ! -x "$dist/config.sh" ]; then
      die "the host config's runnerDistribution ('$dist') holds no config.sh"
    fi
    mkdir -p -- "$dir"
    cp -R --preserve=mode,timestamps -- "$dist/." "$dir"
    ;;
  configure)
    [ $# -ge 5 ] || die "configure needs ROOT LANE URL LABELS [RUNNER_GROUP]"
    url=$4
    labels=$5
    group=${6:-}
    [[ $url =~ ^https?://[A-Za-z0-9.:-]+(/[A-Za-z0-9._-]+){1,2}$ ]] || die "url '$url' is not a repository or organisation URL"
    [[ $labels =~ ^[A-Za-z0-9._:/+@-]+(,[A-Za-z0-9._:/+@-]+)*$ ]] || die "labels '$labels' are not a comma-separated label list"
    [[ -z $group || $group =~ ^[A-Za-z0-9._\ -]{1,100}$ ]] || die "runner group '$group' has characters Lanekeeper does not pass on"
    [ -n "${ACTIONS_RUNNER_INPUT_TOKEN:-}" ] || die "no registration token in ACTIONS_RUNNER_INPUT_TOKEN"
    # The scope must be one this host allows: a listed repository, or a repository or the
    # organisation itself of a listed organisation. Nothing listed allows nothing.
    scope=${url#*://*/}
    owner=${scope%%/*}
    scope_allowed=0
    while IFS= read -r o; do
      [ "$o" = "$owner" ] && scope_allowed=1
    done < <(config_field organizations)
    if [ "$scope" != "$owner" ]; then
      while IFS= read -r r; do
        [ "$r" = "$scope" ] && scope_allowed=1
      done < <(config_field repositories)
    fi
    [ "$scope_allowed" = 1 ] || die "scope '$scope' is not in the host config's repositories or organizations"
    cd -- "$dir"
    # --no-default-labels: the runner carries exactly the policy's labels, so a cordon (labels set
    # to the managed label alone) stops every job, including those asking for self-hosted/Linux/X64.
    # --replace only replaces a same-name registration on GitHub; config.sh still refuses a
    # directory that is already configured.
    args=(--unattended --url "$url" --name "$lane" --labels "$labels" --no-default-labels --work _work --replace --disableupdate)
    [ -z "$group" ] || args+=(--runnergroup "$group")
    exec ./config.sh "${args[@]}"
    ;;
  unconfigure)
    [ -n "${ACTIONS_RUNNER_INPUT_TOKEN:-}" ] || die "no remove token in ACTIONS_RUNNER_INPUT_TOKEN"
    cd -- "$dir"
    exec ./config.sh remove
    ;;
  remove)
    exec rm -rf --one-file-system -- "$dir"
    ;;
  *)
    die "unknown command '$verb' (prepare, configure, unconfigure, remove)"
    ;;
esac
