/**
 * The apply job's proof for the host helper: a GitHub Actions OIDC token per lease, requested
 * with @actions/core's getIDToken from the endpoint the runner announces
 * (ACTIONS_ID_TOKEN_REQUEST_URL + ACTIONS_ID_TOKEN_REQUEST_TOKEN, present when the job has
 * `permissions: id-token: write`). @actions/core is loaded only here, when apply takes a lease,
 * so plan and inventory keep their cold start.
 */
import type { LeaseProofSource } from '../host/lease-proof.js';
import type { CommandIO } from './io.js';

export const ID_TOKEN_REQUEST_URL_ENV = 'ACTIONS_ID_TOKEN_REQUEST_URL';
export const ID_TOKEN_REQUEST_TOKEN_ENV = 'ACTIONS_ID_TOKEN_REQUEST_TOKEN';

export class IdTokenUnavailableError extends Error {
  override readonly name = 'IdTokenUnavailableError';
  constructor() {
    super(
      `the job has no OIDC token endpoint (${ID_TOKEN_REQUEST_URL_ENV} is unset), so apply cannot prove to the host that it is the approved apply job. ` +
        'Fix: give the apply job `permissions: id-token: write` (the reusable workflow does) and run it in the lanekeeper-apply environment.',
    );
  }
}

/** A proof source for `planDigest`; the token is fetched lazily, once per lease. */
export function actionsLeaseProof(io: CommandIO, planDigest: string): LeaseProofSource {
  return {
    planDigest,
    async idToken(audience) {
      if (!io.env(ID_TOKEN_REQUEST_URL_ENV) || !io.env(ID_TOKEN_REQUEST_TOKEN_ENV)) throw new IdTokenUnavailableError();
      const { getIDToken } = await import('@actions/core');
      // getIDToken masks the token (add-mask) before returning it.
      return getIDToken(audience);
    },
  };
}
