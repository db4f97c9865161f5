import { scopeKey, type Scope, type ScopeKey } from '../policy/types.js';

/** What Octokit throws (`RequestError`), read by shape so no Octokit type leaks out. */
export interface OctokitFailure {
  readonly status: number;
  readonly message: string;
  readonly response?: { readonly headers: Readonly<Record<string, string | number | undefined>>; readonly data?: unknown };
}

export function isOctokitFailure(error: unknown): error is OctokitFailure {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number';
}

/** A GitHub call that failed after the retries it was allowed; the message says what to do. */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  readonly scope: ScopeKey;
  /** HTTP status GitHub answered; `null` when no answer came (connection reset, DNS, ...). */
  readonly status: number | null;
  /** Route template, e.g. `GET /repos/{owner}/{repo}/actions/runners`. */
  readonly route: string;
  readonly requestId: string | null;

  constructor(init: { scope: Scope; status: number | null; route: string; requestId: string | null; detail: string }) {
    const key = scopeKey(init.scope);
    const answered = init.status === null ? 'no answer' : `HTTP ${init.status}`;
    const detail = init.detail.trim().replace(/\.+$/, '');
    super(`GitHub ${init.route} for ${key} failed with ${answered}: ${detail}. ${GitHubApiError.hint(init.scope, init.status, detail)}`);
    this.scope = key;
    this.status = init.status;
    this.route = init.route;
    this.requestId = init.requestId;
  }

  static fromFailure(scope: Scope, route: string, error: unknown): GitHubApiError {
    if (!isOctokitFailure(error)) {
      return new GitHubApiError({ scope, status: null, route, requestId: null, detail: error instanceof Error ? error.message : String(error) });
    }
    const answered = error.response !== undefined;
    const data = error.response?.data as { message?: unknown } | undefined;
    const detail = typeof data?.message === 'string' ? data.message : error.message;
    const requestId = error.response?.headers['x-github-request-id'];
    return new GitHubApiError({
      scope,
      status: answered ? error.status : null,
      route,
      requestId: typeof requestId === 'string' ? requestId : null,
      // Octokit already puts the cause of a failed fetch ("other side closed", ...) in the message.
      detail: answered ? detail : error.message,
    });
  }

  /** The fix for a status, in the words of the permission a person has to grant. */
  static hint(scope: Scope, status: number | null, detail = ''): string {
    const what = scope.kind === 'repository' ? 'repository' : 'organization';
    const permission =
      scope.kind === 'repository'
        ? `the "Administration" repository permission (read and write) on ${scope.owner}/${scope.repo}`
        : `the "Self-hosted runners" organization permission (read and write) on ${scope.org}`;
    if (status === null) return 'Check that the GitHub API URL (github-api-url) is right and reachable from this runner, then retry.';
    if (status === 401) return 'The token is missing, invalid or expired: pass a GitHub App installation token or a fine-grained PAT (GITHUB_TOKEN cannot manage runners).';
    if ((status === 403 || status === 429) && /rate limit/i.test(detail)) {
      return 'GitHub rate-limited the token and the limit did not lift within the retries: run again after the reset, or use a GitHub App token, which has a higher limit.';
    }
    if (status === 403) return `Forbidden: the token needs ${permission}.`;
    if (status === 404) return `Not found: check the ${what} name, and that the token has ${permission} (GitHub answers 404 when the token cannot see the ${what}).`;
    if (status === 422) return 'GitHub refused the request as it stands (a busy runner cannot be deleted; labels must be valid); see the message above.';
    if (status >= 500) return 'GitHub kept failing after the retries; try again later (https://www.githubstatus.com).';
    return 'See the message above.';
  }
}
