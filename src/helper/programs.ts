/** Absolute paths of the programs the helper runs: it never searches PATH. */
export const SYSTEMCTL = '/usr/bin/systemctl';
export const GETENT = '/usr/bin/getent';
