/**
 * The host config: the one file on a host the privileged helper trusts. It is root-owned
 * (`/etc/lanekeeper/host.json` by default), and every helper argument is checked against it.
 * Pure: parsing and defaults only; the helper checks ownership and mode before reading it.
 */
import { z } from 'zod';
import { DEFAULT_HOST_CONFIG_PATH } from '../constants.js';

export { DEFAULT_HOST_CONFIG_PATH };

export const DEFAULT_UNIT_NAME_PATTERN = '^lanekeeper-runner@[a-z0-9][a-z0-9-]{0,62}\\.service$';
export const DEFAULT_STATE_DIRECTORY = '/var/lib/lanekeeper';
export const DEFAULT_RUNNER_DISTRIBUTION = '/opt/lanekeeper/runner';
/** The bundled helper (dist/helper/index.js, an ES module) as scripts/install-helper.sh installs it. */
export const DEFAULT_HELPER_PATH = '/usr/local/libexec/lanekeeper/lanekeeper-helper.mjs';
export const DEFAULT_UNIT_DIRECTORY = '/etc/systemd/system';
export const DEFAULT_STOP_TIMEOUT_SECONDS = 300;
export const DEFAULT_MIN_FREE_BYTES = 2 * 1024 ** 3;

/**
 * Characters a path in the host config or a helper argument may hold. No white space, quotes,
 * `$`, `;`, `|`, `&`, globs or back-slashes: values end up in unit files and process lists.
 */
export const SAFE_PATH_PATTERN = /^\/[A-Za-z0-9._/-]*$/;
export const USER_NAME_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;
export const HOST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;

const safePath = z
  .string()
  .regex(SAFE_PATH_PATTERN, 'must be an absolute path of letters, digits, ".", "_", "-" and "/", e.g. "/srv/runners"')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ".."');
const unitNamePattern = z.string().refine((p) => {
  try {
    new RegExp(p);
    return p.startsWith('^') && p.endsWith('$');
  } catch {
    return false;
  }
}, 'must be a regular expression anchored with ^ and $, e.g. "^lanekeeper-runner@[a-z0-9-]+\\.service$"');

export const DEFAULT_SERVER_URL = 'https://github.com';

/**
 * The server origin lanes register with: `https://host[:port]`, nothing after it. Plain `http` is
 * accepted for a loopback address only (a local test server), never for a remote one.
 */
export function serverOriginProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (u.username || u.password) return 'must not carry a user name or password';
  if (`${u.protocol}//${u.host}` !== url) return 'must be an origin only (scheme, host, optional port; no path, query or trailing "/")';
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) return 'must use https (plain http only for a loopback test server)';
  return null;
}

const serverOrigin = z.string().superRefine((url, ctx) => {
  const problem = serverOriginProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}, e.g. "https://github.com" or "https://ghes.example.com"` });
});
/** GitHub's OIDC issuer for Actions jobs (github.com; GHES uses https://HOSTNAME/_services/token). */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
export const DEFAULT_TRUST_ENVIRONMENT = 'lanekeeper-apply';
export const DEFAULT_TRUST_EVENT = 'workflow_dispatch';
export const DEFAULT_TOKEN_MAX_AGE_SECONDS = 600;
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** One public signing key as a JWKS lists it; private members are refused (a host config is world-readable). */
const PublicJwkSchema = z
  .looseObject({
    kty: z.enum(['RSA', 'EC']),
    kid: z.string().min(1, 'every pinned key needs its "kid"'),
  })
  .refine((k) => !['d', 'p', 'q', 'dp', 'dq', 'qi'].some((m) => m in k), 'must be a public key: remove the private members (d, p, q, dp, dq, qi)');

/**
 * The trust section: what an OIDC token must say before the helper grants a lane lease. The
 * issuer's signing keys are pinned here (no network at lease time); refreshing them is a
 * documented root step (docs/host-setup.md).
 */
export const TrustSchema = z.strictObject({
  issuer: z.string().url('must be the OIDC issuer URL, e.g. "https://token.actions.githubusercontent.com"').default(GITHUB_ACTIONS_ISSUER),
  jwks: z
    .strictObject({ keys: z.array(PublicJwkSchema).min(1, 'pin at least one of the issuer\'s signing keys') })
    .describe("The issuer's public signing keys (its /.well-known/jwks), pinned."),
  repository: z
    .string()
    .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be "owner/name" of the repository whose workflow runs apply (the ops repository)')
    .describe('The `repository` claim: the caller repository that starts the apply run.'),
  jobWorkflowRefs: z
    .array(z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+\/\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml@\S+$/, 'must be "owner/repo/.github/workflows/file.yml@ref", as the job_workflow_ref claim spells it'))
    .min(1)
    .describe('Allowed `job_workflow_ref` claims: the reusable workflow at the refs it may run from.'),
  jobWorkflowShas: z
    .array(z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-hex commit'))
    .optional()
    .describe('When set, the `job_workflow_sha` claim must be one of these commits.'),
  refs: z
    .array(z.string().regex(/^refs\/(heads|tags)\/\S+$/, 'must be a full ref, e.g. "refs/heads/main"'))
    .optional()
    .describe('When set, the `ref` claim (the branch the apply run was started on) must be one of these.'),
  environment: z.string().min(1).default(DEFAULT_TRUST_ENVIRONMENT),
  event: z.string().min(1).default(DEFAULT_TRUST_EVENT),
  operators: z
    .array(z.string().regex(USER_NAME_PATTERN, 'must be a POSIX user name, e.g. "root"'))
    .default(['root'])
    .describe('People who may take a lease by hand, without a token (docs/runbook.md): the user sudo names (SUDO_UID), or root itself. Never the ops user.'),
  maxTokenAgeSeconds: z.number().int().min(30).max(3600).default(DEFAULT_TOKEN_MAX_AGE_SECONDS),
  clockSkewSeconds: z.number().int().min(0).max(300).default(DEFAULT_CLOCK_SKEW_SECONDS),
});
export type TrustConfig = z.output<typeof TrustSchema>;

export const HostConfigSchema = z.strictObject({
  version: z.literal(1),
  host: z.string().regex(HOST_NAME_PATTERN, 'must be a host name, e.g. "build-01"'),
  registrationRoots: z.array(safePath).min(1).describe('Directories under which lane directories may live.'),
  serviceUsers: z
    .array(z.string().regex(USER_NAME_PATTERN, 'must be a POSIX user name, e.g. "runner"'))
    .min(1)
    .describe('Users a lane service may run as; never root.')
    .refine((users) => !users.includes('root'), 'must not include root'),
  repositories: z.array(z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'must be "owner/name"')).default([]),
  organizations: z.array(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be an organisation login')).default([]),
  unitNamePattern: unitNamePattern.default(DEFAULT_UNIT_NAME_PATTERN),
  stateDirectory: safePath.default(DEFAULT_STATE_DIRECTORY).describe('Lane leases and fencing counters.'),
  runnerDistribution: safePath
    .default(DEFAULT_RUNNER_DISTRIBUTION)
    .describe('An unpacked runner tarball, copied into each new lane directory.'),
  helperPath: safePath.default(DEFAULT_HELPER_PATH),
  unitDirectory: safePath.default(DEFAULT_UNIT_DIRECTORY).describe('Where lane unit files are written.'),
  stopTimeoutSeconds: z.number().int().min(5).max(86_400).default(DEFAULT_STOP_TIMEOUT_SECONDS),
  minFreeBytes: z.number().int().min(0).default(DEFAULT_MIN_FREE_BYTES),
  serverUrl: serverOrigin
    .default(DEFAULT_SERVER_URL)
    .describe('The one GitHub origin lanes register with: https://github.com, or a GHES origin named explicitly.'),
  sharedServiceUsers: z
    .array(z.string().regex(USER_NAME_PATTERN, 'must be a POSIX user name'))
    .default([])
    .describe('Service users several lanes may share; every other user serves one lane only.'),
  trust: TrustSchema.optional().describe('Who may take a lane lease: the approved apply job, proven by its GitHub Actions OIDC token.'),
});

export type HostConfigInput = z.input<typeof HostConfigSchema>;
export type HostConfig = z.output<typeof HostConfigSchema>;

export class HostConfigError extends Error {
  override readonly name = 'HostConfigError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `host config ${file} is invalid: ${problems.join('; ')}. ` +
        'Fix: correct the file as docs/host-setup.md describes (it must stay root-owned, mode 0644 or stricter).',
    );
  }
}

/** Parses the host config text; every problem names its JSON path. */
export function parseHostConfig(text: string, file: string = DEFAULT_HOST_CONFIG_PATH): HostConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new HostConfigError(file, [`not JSON (${(e as Error).message})`]);
  }
  const result = HostConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new HostConfigError(
      file,
      result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`),
    );
  }
  return result.data;
}

/** The unit a lane gets unless the policy names another: `lanekeeper-runner@<lane>.service`. */
export function defaultUnitName(lane: string): string {
  return `lanekeeper-runner@${lane}.service`;
}
