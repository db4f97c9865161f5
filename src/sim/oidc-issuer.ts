/**
 * GitHub Actions' OIDC provider, as much of it as Lanekeeper uses: a job's ID-token endpoint
 * (`ACTIONS_ID_TOKEN_REQUEST_URL` + `ACTIONS_ID_TOKEN_REQUEST_TOKEN`, as @actions/core's
 * getIDToken calls it: `GET <url>&audience=<aud>`, `Authorization: Bearer <request token>`,
 * answering `{ value }`), the discovery document and the JWKS. Tokens are RS256 JWTs with the
 * claims GitHub documents (docs.github.com, "OIDC token claims"). Tests mint tokens of any shape
 * (another workflow, branch, environment, an expired one) with `mint`.
 *
 * Wired into the simulator with `sim.use(issuer.handler)`.
 */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignJWT } from 'jose';
import { systemClock, type Clock } from '../util/clock.js';
import { sendJson } from './http.js';

export const OIDC_PREFIX = '/_sim/oidc';
const TOKEN_PATH = `${OIDC_PREFIX}/token`;
const JWKS_PATH = `${OIDC_PREFIX}/.well-known/jwks`;
const DISCOVERY_PATH = `${OIDC_PREFIX}/.well-known/openid-configuration`;
/** GitHub's ID tokens live a few minutes; the simulator's as long. */
const DEFAULT_LIFETIME_SECONDS = 300;

/** The job a token describes, in GitHub's claim names' words. */
export interface JobIdentity {
  readonly repository: string;
  /** `owner/repo/.github/workflows/file.yml@ref` of the workflow the job is defined in. */
  readonly jobWorkflowRef: string;
  readonly jobWorkflowSha?: string;
  /** Branch or tag the run was started on (`ref` claim). */
  readonly ref?: string;
  readonly environment?: string | null;
  readonly event?: string;
  readonly runId?: string;
  readonly runAttempt?: string;
  readonly actor?: string;
  readonly sha?: string;
}

export interface MintOptions {
  readonly audience: string;
  /** Seconds from now (negative: in the past). Default 0. */
  readonly issuedAtOffsetSeconds?: number;
  readonly lifetimeSeconds?: number;
  /** Sign with a key the JWKS does not list (a forger's key). */
  readonly foreignKey?: boolean;
  readonly issuer?: string;
}

export interface OidcIssuerOptions {
  /** The `iss` claim. Default GitHub's own, so a host config's default issuer matches. */
  readonly issuer?: string;
  readonly clock?: Clock;
}

export interface PublicJwk {
  readonly kty: 'RSA';
  readonly kid: string;
  readonly [member: string]: unknown;
}

interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: PublicJwk;
}

export class OidcIssuer {
  readonly issuer: string;
  readonly #clock: Clock;
  readonly #key: SigningKey;
  readonly #foreign: SigningKey;
  readonly #jobs = new Map<string, JobIdentity>();
  /** Every audience a job asked for, in order (for tests). */
  readonly requests: { audience: string; job: JobIdentity }[] = [];

  constructor(options: OidcIssuerOptions = {}) {
    this.issuer = options.issuer ?? 'https://token.actions.githubusercontent.com';
    this.#clock = options.clock ?? systemClock;
    this.#key = newKey();
    this.#foreign = newKey();
  }

  /** The JWKS a host config pins (`trust.jwks`). */
  jwks(): { keys: PublicJwk[] } {
    return { keys: [{ ...this.#key.publicJwk }] };
  }

  /** Registers a running job; its environment gets these two values, as the runner sets them. */
  jobEnvironment(baseUrl: string, job: JobIdentity): { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string } {
    const requestToken = randomBytes(24).toString('base64url');
    this.#jobs.set(requestToken, job);
    return { ACTIONS_ID_TOKEN_REQUEST_URL: `${baseUrl.replace(/\/+$/, '')}${TOKEN_PATH}?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken };
  }

  /** A signed ID token for `job`, with GitHub's claim set. */
  async mint(job: JobIdentity, options: MintOptions): Promise<string> {
    const key = options.foreignKey ? this.#foreign : this.#key;
    const now = Math.floor(this.#clock.now().getTime() / 1000) + (options.issuedAtOffsetSeconds ?? 0);
    const lifetime = options.lifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS;
    const [owner] = job.repository.split('/');
    const environment = job.environment === undefined ? 'lanekeeper-apply' : job.environment;
    const ref = job.ref ?? 'refs/heads/main';
    const claims: Record<string, unknown> = {
      jti: randomUUID(),
      ref,
      sha: job.sha ?? '0'.repeat(40),
      repository: job.repository,
      repository_owner: owner,
      repository_id: '1001',
      repository_owner_id: '2001',
      repository_visibility: 'private',
      run_id: job.runId ?? '7001',
      run_number: '1',
      run_attempt: job.runAttempt ?? '1',
      actor: job.actor ?? 'octocat',
      actor_id: '3001',
      workflow: 'Lanekeeper lanes',
      workflow_ref: `${job.repository}/.github/workflows/lanes.yml@${ref}`,
      workflow_sha: job.sha ?? '0'.repeat(40),
      job_workflow_ref: job.jobWorkflowRef,
      job_workflow_sha: job.jobWorkflowSha ?? '0'.repeat(40),
      head_ref: '',
      base_ref: '',
      event_name: job.event ?? 'workflow_dispatch',
      ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      ref_protected: 'true',
      runner_environment: 'self-hosted',
      ...(environment ? { environment } : {}),
    };
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid })
      .setIssuer(options.issuer ?? this.issuer)
      .setSubject(`repo:${job.repository}:${environment ? `environment:${environment}` : `ref:${ref}`}`)
      .setAudience(options.audience)
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + lifetime)
      .sign(key.privateKey);
  }

  /** The simulator route (`sim.use(issuer.handler)`). */
  readonly handler = async (req: IncomingMessage, res: ServerResponse, ctx: { url: URL }): Promise<boolean> => {
    const path = ctx.url.pathname;
    if (!path.startsWith(OIDC_PREFIX)) return false;
    if (req.method === 'GET' && path === JWKS_PATH) {
      sendJson(res, 200, this.jwks());
      return true;
    }
    if (req.method === 'GET' && path === DISCOVERY_PATH) {
      sendJson(res, 200, { issuer: this.issuer, jwks_uri: `${ctx.url.origin}${JWKS_PATH}`, id_token_signing_alg_values_supported: ['RS256'], response_types_supported: ['id_token'], subject_types_supported: ['public', 'pairwise'] });
      return true;
    }
    if (req.method === 'GET' && path === TOKEN_PATH) {
      const auth = req.headers.authorization ?? '';
      const job = this.#jobs.get(auth.replace(/^Bearer\s+/i, ''));
      if (!job) {
        sendJson(res, 401, { message: 'Bad credentials: not a job request token' });
        return true;
      }
      const audience = ctx.url.searchParams.get('audience');
      if (!audience) {
        sendJson(res, 400, { message: 'audience is required' });
        return true;
      }
      this.requests.push({ audience, job });
      sendJson(res, 200, { count: 1, value: await this.mint(job, { audience }) });
      return true;
    }
    sendJson(res, 404, { message: 'Not Found' });
    return true;
  };
}

function newKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(16).toString('hex').toUpperCase();
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  return { kid, privateKey, publicJwk: { ...jwk, kty: 'RSA', kid, alg: 'RS256', use: 'sig' } };
}
