#!/bin/bash
# Lanekeeper's runner-side commands for one lane, run AS THE LANE'S SERVICE USER through sudo
# (docs/host-setup.md). The ops user may run only this program as a service user, and sudo keeps
# only ACTIONS_RUNNER_INPUT_TOKEN of its environment (the registration token config.sh reads;
# `unconfigure` takes none and drops it). Before config.sh runs, lane-runner checks, against
# root-owned files only:
#   - the host config: the root is an approved registrationRoot, root-owned with root-owned
#     ancestors; the URL is the host config's serverUrl origin plus an allowed scope;
#   - the lane's marker (<stateDirectory>/lanes/<lane>.json, written only by the helper): the lane
#     is managed, under this root, for the user lane-runner runs as;
#   - the lane's lease (<stateDirectory>/leases/<lane>.json): the caller's fencing token is the
#     current, unexpired one;
#   - the lane directory is this user's own, mode 0700;
#   - no other process of this user runs, so nothing can change the lane's files while it works;
# then it copies the runner's program files afresh from the root-owned runnerDistribution and
# runs config.sh from that copy. (The lane directory itself is created and removed by the
# helper's prepare-directory and remove-directory verbs, as root.)
#
# Usage: lane-runner configure   ROOT LANE FENCING_TOKEN URL LABELS [RUNNER_GROUP]
#        lane-runner unconfigure ROOT LANE FENCING_TOKEN
set -euo pipefail
umask 077

NODE=/usr/bin/node # install-helper.sh writes the absolute path of node here
CONFIG=/etc/lanekeeper/host.json

die() {
  echo "lane-runner: $*" >&2
  exit 2
}

[ $# -ge 4 ] || die "usage: lane-runner configure ROOT LANE FENCING_TOKEN URL LABELS [GROUP] | unconfigure ROOT LANE FENCING_TOKEN"
verb=$1
root=$2
lane=$3
token=$4

[[ $lane =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || die "lane name '$lane' is not ^[a-z0-9][a-z0-9-]{0,62}\$"
[[ $token =~ ^[1-9][0-9]{0,15}$ ]] || die "fencing token '$token' is not a positive whole number"
[ "$(id -u)" -ne 0 ] || die "runs as a lane's service user, never as root"

url=""
labels=""
group=""
case "$verb" in
  configure)
    [[ $# -ge 6 && $# -le 7 ]] || die "configure needs ROOT LANE FENCING_TOKEN URL LABELS [RUNNER_GROUP]"
    url=$5
    labels=$6
    group=${7:-}
    # Every label and the group start with a letter or digit: nothing reaches config.sh as a flag.
    [[ $labels =~ ^[A-Za-z0-9][A-Za-z0-9._:/+@-]*(,[A-Za-z0-9][A-Za-z0-9._:/+@-]*)*$ ]] || die "labels '$labels' are not a comma-separated label list (each label starts with a letter or digit)"
    [[ -z $group || $group =~ ^[A-Za-z0-9][A-Za-z0-9._\ -]{0,99}$ ]] || die "runner group '$group' must start with a letter or digit and hold only letters, digits, '.', '_', '-' and spaces"
    [ -n "${ACTIONS_RUNNER_INPUT_TOKEN:-}" ] || die "no registration token in ACTIONS_RUNNER_INPUT_TOKEN"
    ;;
  unconfigure)
    [ $# -eq 4 ] || die "unconfigure needs ROOT LANE FENCING_TOKEN"
    # No token: the registration is deleted through the API by the id GitHub lists for the lane's
    # name, never by the id in .runner (a file the lane's jobs can write).
    unset ACTIONS_RUNNER_INPUT_TOKEN
    ;;
  prepare | remove)
    die "'$verb' is the helper's job now (verbs prepare-directory and remove-directory, run as root)"
    ;;
  *)
    die "unknown command '$verb' (configure, unconfigure)"
    ;;
esac

# The checks, in node (JSON, lstat, /proc): `check` prints the runner distribution's path,
# `alone` fails while any other process of this user runs.
read -r -d '' CHECKS <<'JS' || true
const fs = require('fs');
const os = require('os');
const die = (m) => { process.stderr.write(`lane-runner: ${m}\n`); process.exit(2); };
const mode = (st) => (st.mode & 0o7777).toString(8);
// A directory and every directory above it: root-owned, closed to group/other writes (a sticky
// world-writable ancestor such as /var/tmp is fine: only root can move a root-owned entry there).
function safeChain(path, what) {
  const parts = path.split('/').filter(Boolean);
  for (let i = parts.length; i >= 0; i -= 1) {
    const dir = '/' + parts.slice(0, i).join('/');
    let st;
    try { st = fs.lstatSync(dir); } catch { die(`${dir} (${what}) does not exist`); }
    const writable = (st.mode & 0o022) !== 0;
    if (!st.isDirectory() || st.uid !== 0 || (writable && (i === parts.length || !(st.mode & 0o1000)))) {
      die(`${dir} (${i === parts.length ? what : `above ${what} ${path}`}) must be a root-owned directory no group or other user can write (uid ${st.uid}, mode ${mode(st)})`);
    }
  }
}
// A root-owned file nobody else can write, read through one descriptor without following a link.
function rootFile(path, what) {
  let fd;
  try { fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK); } catch (e) {
    if (e.code === 'ENOENT') return null;
    die(`${what} ${path} cannot be read (${e.code}): it must be a plain file, readable by all, in directories readable by all (run install-helper.sh again)`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.uid !== 0 || (st.mode & 0o022) !== 0) die(`${what} ${path} is not a root-owned file closed to writes (uid ${st.uid}, mode ${mode(st)})`);
    return JSON.parse(fs.readFileSync(fd, 'utf8'));
  } catch (e) {
    if (e instanceof SyntaxError) die(`${what} ${path} is not JSON`);
    throw e;
  } finally { fs.closeSync(fd); }
}
const [cmd, ...args] = process.argv.slice(1);
if (cmd === 'alone') {
  const me = process.getuid();
  const allowed = new Set([process.pid, Number(args[0])]);
  const others = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || allowed.has(Number(pid))) continue;
    let status;
    try { status = fs.readFileSync(`/proc/${pid}/status`, 'utf8'); } catch { continue; }
    const uids = (/^Uid:\s+(.*)$/m.exec(status)?.[1] ?? '').trim().split(/\s+/).map(Number);
    const state = /^State:\s+(\S)/m.exec(status)?.[1];
    if (state === 'Z' || !uids.includes(me)) continue;
    let argv = '';
    try { argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 80); } catch {}
    others.push(`${pid} (${argv || '?'})`);
  }
  if (others.length > 0) die(`other processes of ${os.userInfo().username} run (${others.slice(0, 5).join(', ')}): they could change the runner's files while a token is in use. Stop the lane's unit (helper verb stop) and end them first.`);
  process.exit(0);
}
const [configPath, verb, root, lane, token, url] = args;
safeChain(require('path').dirname(configPath), 'the host config directory');
const config = rootFile(configPath, 'host config') ?? die(`host config ${configPath} does not exist`);
const roots = [].concat(config.registrationRoots ?? []);
if (!roots.includes(root)) die(`root '${root}' is not one of the host config's registrationRoots`);
let real = null;
try { real = fs.realpathSync(root); } catch { die(`root '${root}' does not exist`); }
if (real !== root) die(`root '${root}' is not its own real path (a symlink on the way)`);
safeChain(root, 'registration root');
const origin = config.serverUrl ?? 'https://github.com';
const scopeOf = (u) => (typeof u === 'string' && u.startsWith(`${origin}/`) ? u.slice(origin.length + 1) : null);
if (verb === 'configure') {
  const scope = scopeOf(url);
  if (scope === null) die(`url '${url}' is not on the host config's server ${origin}`);
  // "." and ".." are no repository name: the URL would resolve to the server's root.
  if (!/^[A-Za-z0-9-]+(\/[A-Za-z0-9._-]+)?$/.test(scope) || /\/\.{1,2}$/.test(scope)) die(`url '${url}' is not a repository or organisation URL of ${origin}`);
  const [owner, repo] = scope.split('/');
  const allowed = [].concat(config.organizations ?? []).includes(owner) || (repo !== undefined && [].concat(config.repositories ?? []).includes(scope));
  if (!allowed) die(`scope '${scope}' is not in the host config's repositories or organizations`);
}
const state = config.stateDirectory ?? '/var/lib/lanekeeper';
const me = os.userInfo();
if (!fs.existsSync(`${state}/lanes`)) die(`lane ${lane} is not managed by Lanekeeper (no ${state}/lanes/); create it with the helper's prepare-directory`);
safeChain(`${state}/lanes`, 'the lane marker directory');
const marker = rootFile(`${state}/lanes/${lane}.json`, 'lane marker');
if (marker === null) die(`lane ${lane} is not managed by Lanekeeper (no ${state}/lanes/${lane}.json); create it with the helper's prepare-directory`);
if (marker.lane !== lane || marker.root !== root || marker.user !== me.username || marker.uid !== me.uid) {
  die(`lane ${lane} is managed under ${marker.root} as ${marker.user} (uid ${marker.uid}), not ${root} as ${me.username} (uid ${me.uid})`);
}
safeChain(`${state}/leases`, 'the lease directory');
const lease = rootFile(`${state}/leases/${lane}.json`, 'lease');
if (lease === null) die(`no lease is held on lane ${lane}; acquire it (helper lease-acquire) and pass its fencing token`);
if (lease.fencingToken !== Number(token)) die(`fencing token ${token} is not lane ${lane}'s current token ${lease.fencingToken}`);
if (!(Date.parse(lease.expiresAt) > Date.now())) die(`the lease with token ${token} on lane ${lane} expired at ${lease.expiresAt}`);
const dir = `${root}/${lane}`;
let st;
try { st = fs.lstatSync(dir); } catch { die(`${dir} does not exist; create it with the helper's prepare-directory`); }
if (!st.isDirectory() || st.uid !== me.uid || (st.mode & 0o077) !== 0) die(`${dir} must be a directory of ${me.username} with mode 0700 (uid ${st.uid}, mode ${mode(st)})`);
const dist = config.runnerDistribution ?? '/opt/lanekeeper/runner';
safeChain(dist, 'runner distribution');
// Every file lane-runner copies is root's and closed to writes, and every link in it stays inside.
(function safeTree(dir) {
  for (const name of fs.readdirSync(dir)) {
    const path = `${dir}/${name}`;
    const st = fs.lstatSync(path);
    if (st.uid !== 0 || (!st.isSymbolicLink() && (st.mode & 0o022) !== 0)) die(`${path} in the runner distribution is not root's alone (uid ${st.uid}, mode ${mode(st)}); run: chown -R root:root ${dist} && chmod -R go-w ${dist}`);
    if (st.isSymbolicLink()) {
      let target = null;
      try { target = fs.realpathSync(path); } catch {}
      if (target === null || !target.startsWith(`${dist}/`)) die(`${path} in the runner distribution links outside it`);
    } else if (st.isDirectory()) safeTree(path);
  }
})(dist);
process.stdout.write(dist);
JS

dist=$("$NODE" -e "$CHECKS" -- check "$CONFIG" "$verb" "$root" "$lane" "$token" "$url") || exit 2
"$NODE" -e "$CHECKS" -- alone "$$" || exit 2

# The program files: every top-level entry of the root-owned distribution (config.sh, env.sh,
# run.sh, safe_sleep.sh, bin/, externals/, ...) replaces whatever the lane's jobs may have left in
# their place. env.sh writes .env and .path afresh from sudo's reset environment. Nothing else of
# the lane directory is run by config.sh.
dir="$root/$lane"
cd -- "$dir"
# (A glob, not a pipe: no helper process of this user may still run at the next check.)
shopt -s nullglob dotglob
for entry in "$dist"/*; do
  name=${entry##*/}
  rm -rf -- "./$name"
  cp -R --no-preserve=ownership -- "$entry" "./$name"
done
shopt -u nullglob dotglob
rm -f -- ./.env ./.path
"$NODE" -e "$CHECKS" -- alone "$$" || exit 2

case "$verb" in
  configure)
    # config.sh's arguments: built here, and only here.
    # --no-default-labels: the runner carries exactly the policy's labels, so a cordon (labels set
    # to the managed label alone) stops every job, including those asking for self-hosted/Linux/X64.
    # --replace only replaces a same-name registration on GitHub; config.sh still refuses a
    # directory that is already configured.
    args=(--unattended --url "$url" --name "$lane" --labels "$labels" --no-default-labels --work _work --replace --disableupdate)
    [ -z "$group" ] || args+=(--runnergroup "$group")
    exec ./config.sh "${args[@]}"
    ;;
  unconfigure)
    # --local: deletes .credentials, .credentials_rsaparams and .runner, contacts no server and
    # reads nothing of .runner (actions/runner's Runner.Listener: RemoveLocalConfig).
    exec ./config.sh remove --local
    ;;
esac
