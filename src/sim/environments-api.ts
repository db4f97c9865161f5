/**
 * Deployment environments, as much as Lanekeeper reads: `GET /repos/{owner}/{repo}/environments/
 * {environment_name}` with GitHub's response shape (protection_rules, deployment_branch_policy),
 * or 404 for an environment that does not exist. Tests set environments with `set`.
 *
 * Wired into the simulator with `sim.use(environments.handler)`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http.js';

export interface SimEnvironment {
  readonly reviewers?: readonly string[];
  readonly preventSelfReview?: boolean;
  /** `protected`: protected branches only; `custom`: named branch policies; null: any branch. */
  readonly branches?: 'protected' | 'custom' | null;
}

const PATH = /^\/repos\/([^/]+)\/([^/]+)\/environments\/([^/]+)$/;

export class SimEnvironments {
  readonly #environments = new Map<string, SimEnvironment>();
  readonly #tokens: readonly string[];

  /** `tokens`: the bearer tokens accepted (the run's token); any when empty. */
  constructor(tokens: readonly string[] = []) {
    this.#tokens = tokens;
  }

  set(repository: string, name: string, environment: SimEnvironment | null): void {
    const key = `${repository.toLowerCase()}/${name}`;
    if (environment === null) this.#environments.delete(key);
    else this.#environments.set(key, environment);
  }

  readonly handler = async (req: IncomingMessage, res: ServerResponse, ctx: { url: URL }): Promise<boolean> => {
    const m = PATH.exec(ctx.url.pathname);
    if (!m || req.method !== 'GET') return false;
    const token = (req.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, '');
    if (this.#tokens.length > 0 && !this.#tokens.includes(token)) {
      sendJson(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      return true;
    }
    const [, owner, repo, rawName] = m as unknown as [string, string, string, string];
    const name = decodeURIComponent(rawName);
    const env = this.#environments.get(`${owner}/${repo}`.toLowerCase() + `/${name}`);
    if (!env) {
      sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/deployments/environments#get-an-environment', status: '404' });
      return true;
    }
    const at = '2026-01-01T00:00:00Z';
    const rules: Record<string, unknown>[] = [];
    if (env.reviewers && env.reviewers.length > 0) {
      rules.push({
        id: 1,
        node_id: 'GA_1',
        type: 'required_reviewers',
        prevent_self_review: env.preventSelfReview ?? false,
        reviewers: env.reviewers.map((login, i) => ({ type: 'User', reviewer: { login, id: 100 + i } })),
      });
    }
    if (env.branches) rules.push({ id: 2, node_id: 'GA_2', type: 'branch_policy' });
    sendJson(res, 200, {
      id: 1,
      node_id: 'EN_1',
      name,
      url: `${ctx.url.origin}/repos/${owner}/${repo}/environments/${name}`,
      html_url: `https://github.com/${owner}/${repo}/deployments/activity_log?environments_filter=${name}`,
      created_at: at,
      updated_at: at,
      protection_rules: rules,
      deployment_branch_policy: env.branches ? { protected_branches: env.branches === 'protected', custom_branch_policies: env.branches === 'custom' } : null,
    });
    return true;
  };
}
