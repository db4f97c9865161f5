#!/bin/bash
# Stand-in for actions/runner's config.sh (see README.md): the real runner cannot be downloaded
# in the test environment. Same command line; talks to the GitHub simulator.
set -euo pipefail
DIR="$(cd -P "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$(id -u)" -eq 0 ] && [ -z "${RUNNER_ALLOW_RUNASROOT:-}" ]; then
  echo "Must not run with sudo" >&2
  exit 1
fi
exec node "$DIR/bin/config.mjs" "$@"
