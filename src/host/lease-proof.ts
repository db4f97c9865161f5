/**
 * Proof that a lease is taken by the approved apply job: the contract shared by the action (which
 * asks GitHub for an OIDC token) and the privileged helper (which verifies it). The token's
 * audience binds one host and one plan digest, so a token minted for another host or another plan
 * is worthless; the claims the helper verified are recorded in the lease and the audit record.
 */
import { z } from 'zod';

export const PLAN_DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/** The audience the apply job asks for and the helper demands: `lanekeeper:<host>:<plan digest>`. */
export function leaseAudience(host: string, planDigest: string): string {
  return `lanekeeper:${host}:${planDigest}`;
}

/** What the helper verified, as it records it in the lease and the lane's audit record. */
export const LeaseProofSchema = z.strictObject({
  issuer: z.string(),
  subject: z.string(),
  audience: z.string(),
  repository: z.string(),
  jobWorkflowRef: z.string(),
  jobWorkflowSha: z.string().nullable(),
  environment: z.string(),
  event: z.string(),
  runId: z.string(),
  runAttempt: z.string(),
  actor: z.string(),
  planDigest: z.string(),
  tokenId: z.string().nullable(),
  issuedAt: z.string(),
  expiresAt: z.string(),
});
export type LeaseProof = z.infer<typeof LeaseProofSchema>;

/** Where the action gets the token from: GitHub's ID-token endpoint in a job, a test issuer in the rig. */
export interface IdTokenSource {
  /** A fresh OIDC token for exactly this audience. Never logged. */
  idToken(audience: string): Promise<string>;
}

/** What SudoHostAgent needs to prove a lease: the plan being applied and where tokens come from. */
export interface LeaseProofSource extends IdTokenSource {
  readonly planDigest: string;
}
