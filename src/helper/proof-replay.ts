/**
 * Each OIDC token takes at most one lease: the helper remembers the token ids (`jti`) it accepted
 * until the tokens expire, under `<stateDirectory>/proofs/`. A token copied out of a finished
 * apply (or replayed by anyone who saw it) cannot take the lane again, even for the same host
 * and plan within its lifetime. Creating the marker file is atomic (`wx`), so two helpers given
 * the same token cannot both win.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HelperFailure } from './failure.js';

export function consumeTokenId(stateDirectory: string, tokenId: string | null, expiresAt: string, now: Date): void {
  if (!tokenId) {
    throw new HelperFailure('PROOF_INVALID', 'the OIDC token is not proof of the approved apply job: it has no "jti" claim, so it could be replayed', 'Use the token GitHub Actions issues to the apply job (it always carries a jti).');
  }
  const dir = join(stateDirectory, 'proofs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  prune(dir, now);
  const expiry = Math.ceil(Date.parse(expiresAt) / 1000);
  const name = `${expiry}-${createHash('sha256').update(tokenId).digest('hex').slice(0, 32)}`;
  try {
    closeSync(openSync(join(dir, name), 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    throw new HelperFailure('PROOF_INVALID', 'the OIDC token is not proof of the approved apply job: it was already used to take a lease', 'Each lease needs a fresh token: the apply job asks GitHub for one per lane.');
  }
}

/** Forgets token ids whose tokens have expired (the file name starts with the expiry, in seconds). */
function prune(dir: string, now: Date): void {
  const nowSeconds = now.getTime() / 1000;
  for (const entry of readdirSync(dir)) {
    const expiry = Number(entry.split('-')[0]);
    if (Number.isFinite(expiry) && expiry + 300 < nowSeconds) rmSync(join(dir, entry), { force: true });
  }
}
