/**
 * Loads the host config, the only input the helper trusts. The path is the build-time default,
 * or LANEKEEPER_HOST_CONFIG when that file and its directory are root-owned and neither group-
 * nor world-writable; anything else is refused rather than read.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_HOST_CONFIG_PATH, HostConfigError, parseHostConfig, type HostConfig } from '../host/host-config.js';
import { HOST_CONFIG_ENV } from '../host/helper-protocol.js';
import { HelperFailure } from './failure.js';

export function loadTrustedConfig(env: NodeJS.ProcessEnv): HostConfig {
  const file = env[HOST_CONFIG_ENV] || DEFAULT_HOST_CONFIG_PATH;
  if (!file.startsWith('/')) {
    throw new HelperFailure('CONFIG_UNTRUSTED', `${HOST_CONFIG_ENV}=${file} is not an absolute path`, 'Point it at a root-owned file, or unset it.');
  }
  for (const [path, what] of [
    [dirname(file), 'directory'],
    [file, 'file'],
  ] as const) {
    let st;
    try {
      st = lstatSync(path);
    } catch {
      throw new HelperFailure('CONFIG_INVALID', `host config ${file} does not exist`, 'Install it as docs/host-setup.md shows (root:root, mode 0644).');
    }
    const kindOk = what === 'file' ? st.isFile() : st.isDirectory();
    if (!kindOk || st.uid !== 0 || (st.mode & 0o022) !== 0) {
      throw new HelperFailure(
        'CONFIG_UNTRUSTED',
        `host config ${what} ${path} is not a root-owned ${what} closed to group and world writes (uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8)})`,
        `Run: chown root:root ${path} && chmod go-w ${path}`,
      );
    }
  }
  try {
    return parseHostConfig(readFileSync(file, 'utf8'), file);
  } catch (e) {
    if (e instanceof HostConfigError) throw new HelperFailure('CONFIG_INVALID', e.message, 'Correct the host config; docs/host-setup.md lists every field.');
    throw e;
  }
}
