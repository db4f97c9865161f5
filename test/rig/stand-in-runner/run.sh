#!/bin/bash
# Stand-in for actions/runner's run.sh (see README.md). The listener is exec'd, so the unit's
# main process is the listener itself and hears systemd's SIGTERM directly.
set -euo pipefail
DIR="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$(id -u)" -eq 0 ] && [ -z "${RUNNER_ALLOW_RUNASROOT:-}" ]; then
  echo "Must not run interactively with sudo" >&2
  exit 1
fi
cd "$DIR"
exec node "$DIR/bin/Runner.Listener.mjs" run "$@"
