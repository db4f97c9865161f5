/**
 * Proof that the caller of lease-acquire is the approved apply job: a GitHub Actions OIDC token,
 * verified with jose against the host config's trust section. The issuer's keys are pinned in the
 * root-owned host config, so the check needs no network at lease time and cannot be steered by
 * anything the caller controls. Every mutating verb needs a live lease, so this check guards them
 * all.
 */
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { HostConfig, TrustConfig } from '../host/host-config.js';
import { leaseAudience, type LeaseProof } from '../host/lease-proof.js';
import { HelperFailure } from './failure.js';

/** GitHub signs Actions ID tokens with RS256; nothing else is accepted (no `none`, no HMAC). */
const ALGORITHMS = ['RS256'];
const MAX_TOKEN_BYTES = 16 * 1024;

export interface ProofRequest {
  /** The raw token, as read from the helper's stdin. */
  readonly token: string;
  readonly planDigest: string;
  readonly now: Date;
}

/** Verifies the token for this host and plan; returns the claims to record, or throws PROOF_*. */
export async function verifyLeaseProof(config: HostConfig, request: ProofRequest): Promise<LeaseProof> {
  const trust = config.trust;
  if (!trust) {
    throw new HelperFailure(
      'PROOF_NOT_CONFIGURED',
      `host config has no "trust" section, so no job can prove it is the approved apply job`,
      'Add the trust section (issuer keys, repository, jobWorkflowRefs) as docs/host-setup.md shows; until then no lease is granted.',
    );
  }
  const token = request.token.trim();
  if (token === '') {
    throw new HelperFailure('PROOF_MISSING', 'lease-acquire needs the apply job\'s OIDC token on stdin', 'Only the approved apply job (environment lanekeeper-apply, permissions id-token: write) can take a lease: run apply from that job.');
  }
  if (token.length > MAX_TOKEN_BYTES) throw invalid('the token is longer than any OIDC token', trust);
  const audience = leaseAudience(config.host, request.planDigest);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(trust.jwks as Parameters<typeof createLocalJWKSet>[0]), {
      issuer: trust.issuer,
      audience,
      algorithms: ALGORITHMS,
      clockTolerance: trust.clockSkewSeconds,
      maxTokenAge: trust.maxTokenAgeSeconds + trust.clockSkewSeconds,
      requiredClaims: ['exp', 'iat', 'iss', 'aud', 'sub'],
      currentDate: request.now,
    }));
  } catch (e) {
    throw invalid(describeJoseError(e, audience, trust), trust);
  }
  const claim = (name: string): string => {
    const value = payload[name];
    if (typeof value !== 'string' && typeof value !== 'number') throw invalid(`claim "${name}" is missing`, trust);
    return String(value);
  };
  expect(claim('repository') === trust.repository, `claim "repository" is ${JSON.stringify(claim('repository'))}, not ${JSON.stringify(trust.repository)}`, trust);
  const workflowRef = claim('job_workflow_ref');
  expect(trust.jobWorkflowRefs.includes(workflowRef), `claim "job_workflow_ref" ${JSON.stringify(workflowRef)} is none of the trusted ${JSON.stringify(trust.jobWorkflowRefs)}`, trust);
  const workflowSha = typeof payload['job_workflow_sha'] === 'string' ? payload['job_workflow_sha'] : null;
  if (trust.jobWorkflowShas) {
    expect(workflowSha !== null && trust.jobWorkflowShas.includes(workflowSha), `claim "job_workflow_sha" ${JSON.stringify(workflowSha)} is none of the trusted commits`, trust);
  }
  if (trust.refs) {
    expect(trust.refs.includes(claim('ref')), `claim "ref" ${JSON.stringify(claim('ref'))} is none of the trusted refs ${JSON.stringify(trust.refs)}`, trust);
  }
  const environment = typeof payload['environment'] === 'string' ? payload['environment'] : '(none)';
  expect(environment === trust.environment, `claim "environment" is ${JSON.stringify(environment)}, not ${JSON.stringify(trust.environment)}: the job did not run behind the approval gate`, trust);
  expect(claim('event_name') === trust.event, `claim "event_name" is ${JSON.stringify(claim('event_name'))}, not ${JSON.stringify(trust.event)}`, trust);
  return {
    issuer: claim('iss'),
    subject: claim('sub'),
    audience,
    repository: claim('repository'),
    jobWorkflowRef: workflowRef,
    jobWorkflowSha: workflowSha,
    environment,
    event: claim('event_name'),
    runId: claim('run_id'),
    runAttempt: claim('run_attempt'),
    actor: claim('actor'),
    planDigest: request.planDigest,
    tokenId: typeof payload.jti === 'string' ? payload.jti : null,
    issuedAt: new Date((payload.iat ?? 0) * 1000).toISOString(),
    expiresAt: new Date((payload.exp ?? 0) * 1000).toISOString(),
  };
}

function expect(ok: boolean, problem: string, trust: TrustConfig): void {
  if (!ok) throw invalid(problem, trust);
}

function invalid(problem: string, trust: TrustConfig): HelperFailure {
  return new HelperFailure(
    'PROOF_INVALID',
    `the OIDC token is not proof of the approved apply job: ${problem}`,
    `Run apply from ${trust.jobWorkflowRefs[0]} in ${trust.repository} (event ${trust.event}, environment ${trust.environment}); if that is what ran, compare the host config's trust section with docs/host-setup.md.`,
  );
}

function describeJoseError(e: unknown, audience: string, trust: TrustConfig): string {
  if (e instanceof joseErrors.JWTExpired && e.claim === 'iat') return `it is older than ${trust.maxTokenAgeSeconds} s (trust.maxTokenAgeSeconds)`;
  if (e instanceof joseErrors.JWTExpired) return `it expired (${e.reason === 'check_failed' ? e.message : e.reason})`;
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return `its audience is not ${JSON.stringify(audience)}: it was minted for another host or another plan`;
    if (e.claim === 'iss') return `its issuer is not ${JSON.stringify(trust.issuer)}`;
    if (e.claim === 'iat') return `it is older than ${trust.maxTokenAgeSeconds} s or issued in the future (${e.message})`;
    return `claim "${e.claim}" failed: ${e.message}`;
  }
  if (e instanceof joseErrors.JWKSNoMatchingKey) {
    return 'it is signed with a key the host config does not pin (refresh the pinned keys as docs/host-setup.md shows if the issuer rotated them)';
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'its signature does not verify against the pinned keys';
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return `it is not signed with ${ALGORITHMS.join('/')}`;
  if (e instanceof joseErrors.JOSEError) return `${e.code}: ${e.message}`;
  return `not a JWT (${(e as Error).message})`;
}
