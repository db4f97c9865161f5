#!/bin/bash
# Stand-in for actions/runner's config.sh (see README.md): the real runner cannot be downloaded
# in the test environment. Same command line; talks to the GitHub simulator. Like the real one
# it refuses root, records .env/.path (env.sh) in the runner directory, and hands over to
# `bin/Runner.Listener configure ...` (or `remove ...`).
if [ "$(id -u)" -eq 0 ] && [ -z "${RUNNER_ALLOW_RUNASROOT:-}" ]; then
  echo "Must not run with sudo"
  exit 1
fi
command -v ldd > /dev/null || { echo "Can not find 'ldd'. Please install 'ldd' and try again."; exit 1; }
DIR="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cd "$DIR" || exit 1
# shellcheck source=/dev/null
source ./env.sh
shopt -s nocasematch
if [[ "$1" == "remove" ]]; then
  exec ./bin/Runner.Listener "$@"
fi
exec ./bin/Runner.Listener configure "$@"
