#!/bin/bash
# Stand-in for actions/runner's run.sh (see README.md); written from the real script's behaviour,
# not copied. run.sh is a loop around run-helper.sh, which runs bin/Runner.Listener as its child:
#   - run-helper exits 2 (retryable): run.sh starts it again;
#   - run-helper exits 7 and ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE=1: run.sh exits 7;
#   - anything else (0, 1, a listener killed by a signal, ...): run.sh exits 0.
# With RUNNER_MANUALLY_TRAP_SIG set, run.sh runs the helper as a job of its own (own process
# group), turns SIGINT/SIGTERM into SIGINT for that whole group, and exits with the helper's
# status instead of 0.
# The real run.sh passes its arguments on as an unquoted $*; so does the stand-in.
# shellcheck disable=SC2048,SC2086
DIR="$(cd -P "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"

start_helper() {
  cp -f "$DIR/run-helper.sh.template" "$DIR/run-helper.sh"
}

deprecated_exit() {
  [[ "$ACTIONS_RUNNER_RETURN_VERSION_DEPRECATED_EXIT_CODE" == "1" && $1 -eq 7 ]]
}

plain_loop() {
  while true; do
    start_helper
    "$DIR/run-helper.sh" $*
    status=$?
    if [[ $status -eq 2 ]]; then
      echo "Restarting runner..."
      continue
    fi
    echo "Exiting runner..."
    if deprecated_exit "$status"; then exit "$status"; fi
    exit 0
  done
}

trapping_loop() {
  set -m
  trap 'kill -INT -$helper' INT TERM
  while true; do
    start_helper
    "$DIR/run-helper.sh" $* &
    helper=$!
    wait $helper
    status=$?
    if [[ $status -eq 2 ]]; then
      echo "Restarting runner..."
      continue
    fi
    echo "Exiting runner..."
    if deprecated_exit "$status"; then exit "$status"; fi
    trap - INT TERM
    wait $helper
    exit $status
  done
}

if [[ -z "$RUNNER_MANUALLY_TRAP_SIG" ]]; then
  plain_loop $*
else
  trapping_loop $*
fi
