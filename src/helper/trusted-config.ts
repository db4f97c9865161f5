/**
 * Loads the host config, the only input the helper trusts, from one path fixed in the program
 * (HELPER_HOST_CONFIG_PATH): no environment variable or argument of the caller can point the
 * root helper at another file. The file is opened without following a link and checked on the
 * open descriptor (root-owned regular file, not group/world-writable) before it is read from that
 * same descriptor, so it cannot be swapped between the check and the read; the directories above
 * it must be root-owned and closed to writes as well.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { HostConfigError, parseHostConfig, type HostConfig } from '../host/host-config.js';
import { HelperFailure } from './failure.js';
import { checkRootChain } from './lane-target.js';

/**
 * The host config of the installed helper. A test build replaces this literal in its copy of the
 * bundle (test/helper/fixture.ts); the installed bundle always reads this file.
 */
export const HELPER_HOST_CONFIG_PATH = '/etc/lanekeeper/host.json';

export function loadTrustedConfig(file: string = HELPER_HOST_CONFIG_PATH): HostConfig {
  try {
    checkRootChain(dirname(file), 'host config directory');
  } catch (e) {
    if (e instanceof HelperFailure) throw new HelperFailure('CONFIG_UNTRUSTED', e.message, e.fix);
    throw e;
  }
  let fd: number;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new HelperFailure('CONFIG_UNTRUSTED', `host config ${file} is a symbolic link`, `Install the file itself at ${file} (root:root, mode 0644).`);
    throw new HelperFailure('CONFIG_INVALID', `host config ${file} does not exist`, 'Install it as docs/host-setup.md shows (root:root, mode 0644).');
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
      throw new HelperFailure(
        'CONFIG_UNTRUSTED',
        `host config file ${file} is not a root-owned file closed to group and world writes (uid ${st.uid}, mode ${(st.mode & 0o7777).toString(8)})`,
        `Run: chown root:root ${file} && chmod go-w ${file}`,
      );
    }
    return parseHostConfig(readFileSync(fd, 'utf8'), file);
  } catch (e) {
    if (e instanceof HostConfigError) throw new HelperFailure('CONFIG_INVALID', e.message, 'Correct the host config; docs/host-setup.md lists every field.');
    throw e;
  } finally {
    closeSync(fd);
  }
}
