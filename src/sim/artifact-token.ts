/**
 * The Actions runtime token the runner hands to a job (`ACTIONS_RUNTIME_TOKEN`): a JWT whose `scp`
 * claim carries `Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>`, which
 * @actions/artifact reads to name the run and job it uploads for. The simulator signs its own
 * (HS256) and checks them on every artifact call.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_RUNTIME_TOKEN_KEY = 'lanekeeper-simulator-runtime-token';

export interface BackendIds {
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function sign(input: string, key: string): string {
  return createHmac('sha256', key).update(input).digest('base64url');
}

export function mintRuntimeToken(
  ids: BackendIds,
  options: { key?: string | undefined; now?: Date | undefined; ttlSeconds?: number | undefined } = {},
): string {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const payload = base64url(
    JSON.stringify({
      iss: 'lanekeeper-simulator',
      aud: 'actions.results',
      iat,
      nbf: iat,
      exp: iat + (options.ttlSeconds ?? 6 * 3600),
      scp: [
        `Actions.GenericRead:${ids.workflowRunBackendId}`,
        `Actions.Results:${ids.workflowRunBackendId}:${ids.workflowJobRunBackendId}`,
        `Actions.UploadArtifacts:${ids.workflowRunBackendId}:${ids.workflowJobRunBackendId}`,
      ].join(' '),
    }),
  );
  const input = `${header}.${payload}`;
  return `${input}.${sign(input, options.key ?? DEFAULT_RUNTIME_TOKEN_KEY)}`;
}

/** The backend ids the token grants, or the reason it grants nothing. */
export function verifyRuntimeToken(token: string, key: string, now: Date): BackendIds | { error: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { error: 'not a JWT' };
  const [header, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${header}.${payload}`, key));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { error: 'bad signature' };
  let claims: { exp?: number; scp?: string };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { error: 'unreadable claims' };
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 < now.getTime()) return { error: 'token expired' };
  for (const scope of (claims.scp ?? '').split(' ')) {
    const [name, run, job, ...rest] = scope.split(':');
    if (name === 'Actions.Results' && run && job && rest.length === 0) return { workflowRunBackendId: run, workflowJobRunBackendId: job };
  }
  return { error: 'no Actions.Results scope' };
}
