#!/bin/bash
# Stand-in for actions/runner's safe_sleep.sh: sleep N seconds.
sleep "$1"
