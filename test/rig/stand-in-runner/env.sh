#!/bin/bash
# Stand-in for actions/runner's env.sh (see README.md), sourced by config.sh: records the
# caller's PATH in .path (overwritten on every configure) and appends to .env those of a fixed
# list of variables (LANG, JAVA_HOME, ..., LD_LIBRARY_PATH, PERL5LIB) that are set and not in
# .env yet. The listener loads .env at start; the official service applies .path.
[ -f .env ] || touch .env
existing=$(cat .env)
echo "$PATH" > .path
for name in LANG JAVA_HOME ANT_HOME M2_HOME ANDROID_HOME ANDROID_SDK_ROOT GRADLE_HOME NVM_BIN NVM_PATH LD_LIBRARY_PATH PERL5LIB; do
  case "$existing" in *"$name="*) continue ;; esac
  [ -n "${!name}" ] && echo "$name=${!name}" >> .env
done
true
