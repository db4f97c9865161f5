import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** Retries of one request after a 5xx, a network failure or a rate limit. */
export const DEFAULT_RETRIES = 3;

/** Longest rate-limit wait worth sitting out inside a job; beyond it the call fails and says so. */
export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 300;

export interface GitHubClientOptions {
  /** A GitHub App installation token or fine-grained PAT (GITHUB_TOKEN cannot manage runners). */
  readonly token: string;
  /** The `github-api-url` input; see `resolveApiUrl`. */
  readonly baseUrl: string;
  readonly retries?: number;
  readonly maxRateLimitWaitSeconds?: number;
  /**
   * Multiplies every wait the retry and throttling plugins compute (1 = real seconds). Tests
   * pass a small factor so they go through the real plugins without sleeping for real.
   */
  readonly waitScale?: number;
  /**
   * GitHub asks for one second between mutating requests; the throttling plugin enforces it.
   * Tests that make many writes switch it off; nothing else should.
   */
  readonly spaceWrites?: boolean;
  /** Told about every retry (the action passes core.info). */
  readonly log?: (message: string) => void;
  /**
   * Gives the token for each request (a GitHub App installation token that is renewed before it
   * expires); `token` is then not used.
   */
  readonly auth?: (() => Promise<string>) | undefined;
}

/** The `github-api-url` input, else `GITHUB_API_URL`, else api.github.com; no trailing slash. */
export function resolveApiUrl(input: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const chosen = input?.trim() || env['GITHUB_API_URL']?.trim() || DEFAULT_GITHUB_API_URL;
  return chosen.replace(/\/+$/, '');
}

/** Octokit with retries on 5xx and network failures, and rate limits waited out within bounds. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retries = options.retries ?? DEFAULT_RETRIES;
  const maxWait = options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS;
  const retryAfterBaseValue = 1_000 * (options.waitScale ?? 1);
  const log = options.log ?? (() => undefined);

  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const retrying = retryCount < retries && retryAfter <= maxWait;
      log(
        retrying
          ? `GitHub ${kind} on ${request.method} ${request.url}; retry ${retryCount + 1} of ${retries} in ${retryAfter}s`
          : `GitHub ${kind} on ${request.method} ${request.url}; giving up (retried ${retryCount} times, reset in ${retryAfter}s)`,
      );
      return retrying;
    };

  const throttle: ThrottlingOptions = {
    retryAfterBaseValue,
    onRateLimit: onLimit('rate limit'),
    onSecondaryRateLimit: onLimit('secondary rate limit'),
    ...(options.spaceWrites === false ? { write: unpacedGroup(), notifications: unpacedGroup() } : {}),
  };

  const auth = options.auth;
  return getOctokit(
    auth ? '' : options.token,
    {
      // A renewing token: Octokit's auth strategy hook asks for the current token on every request.
      ...(auth ? { auth: 'installation', authStrategy: () => ({ hook: renewingAuthHook(auth) }) } : {}),
      baseUrl: options.baseUrl,
      // Rate limits (403 with remaining 0, 429) are the throttling plugin's: it honours the headers.
      retry: { retries, retryAfterBaseValue, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
      throttle,
      log: { debug: () => undefined, info: () => undefined, warn: log, error: log },
    },
    retry,
    throttling,
  );
}

type RequestFn = ((options: Record<string, unknown>) => Promise<unknown>) & { endpoint: { merge(route: unknown, parameters?: unknown): Record<string, unknown> & { headers: Record<string, string> } } };

function renewingAuthHook(auth: () => Promise<string>) {
  return async (request: RequestFn, route: unknown, parameters?: unknown): Promise<unknown> => {
    const endpoint = request.endpoint.merge(route, parameters);
    endpoint.headers.authorization = `token ${await auth()}`;
    return request(endpoint);
  };
}

type PacingGroup = NonNullable<ThrottlingOptions['write']>;

/** Stands in for the throttling plugin's write-spacing Bottleneck group and runs jobs at once. */
function unpacedGroup(): PacingGroup {
  const limiter = {
    schedule: (...args: unknown[]) => {
      const [first, ...rest] = args;
      const [job, ...jobArgs] = typeof first === 'function' ? [first, ...rest] : rest;
      return Promise.resolve((job as (...a: unknown[]) => unknown)(...jobArgs));
    },
  };
  return { key: () => limiter } as unknown as PacingGroup;
}
