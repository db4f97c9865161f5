import { performance } from 'node:perf_hooks';
import type { GitHubRunner, RunnerLabel } from '../plan/observed.js';
import type { Scope } from '../policy/types.js';
import { Secret, type ExpiringToken } from '../util/secret.js';
import { GitHubApiError, isOctokitFailure } from './errors.js';
import type { GitHubClient } from './octokit-client.js';
import type { GitHubCallEvidence, GitHubRunners, RunnerGroupAccess } from './port.js';

/** GitHub's runner and label objects, the fields we read. */
interface WireLabel {
  readonly name: string;
  readonly type?: string;
}

interface WireRunner {
  readonly id: number;
  readonly name: string;
  readonly os: string;
  readonly status: string;
  readonly busy: boolean;
  readonly labels: readonly WireLabel[];
  readonly runner_group_id?: number;
}

/** GitHub's `runner-groups-org` object, the fields we read. */
interface WireRunnerGroup {
  readonly id: number;
  readonly name: string;
  readonly visibility: string;
  readonly allows_public_repositories: boolean;
  readonly restricted_to_workflows?: boolean;
  readonly selected_workflows?: readonly string[];
}

interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number | undefined>>;
  readonly data: unknown;
}

export interface OctokitGitHubRunnersOptions {
  /** Called with every secret GitHub hands out, before anything else sees it (the action masks it). */
  readonly onSecret: (value: string) => void;
}

const PER_PAGE = 100;

function toLabel(label: WireLabel): RunnerLabel {
  return { name: label.name, type: label.type === 'read-only' ? 'read-only' : 'custom' };
}

function toRunner(runner: WireRunner): GitHubRunner {
  return {
    id: runner.id,
    name: runner.name,
    status: runner.status === 'online' ? 'online' : 'offline',
    busy: runner.busy,
    os: runner.os,
    labels: runner.labels.map(toLabel),
    ...(runner.runner_group_id !== undefined ? { runnerGroupId: runner.runner_group_id } : {}),
  };
}

function toLabels(data: unknown): RunnerLabel[] {
  return (data as { labels: WireLabel[] }).labels.map(toLabel);
}

/** Route template and parameters of the runner endpoints of a scope. */
function scopeRoute(scope: Scope): { prefix: string; params: Record<string, string> } {
  return scope.kind === 'repository'
    ? { prefix: '/repos/{owner}/{repo}/actions/runners', params: { owner: scope.owner, repo: scope.repo } }
    : { prefix: '/orgs/{org}/actions/runners', params: { org: scope.org } };
}

function requestIdOf(headers: WireResponse['headers'] | undefined): string | null {
  const id = headers?.['x-github-request-id'];
  return typeof id === 'string' ? id : null;
}

/** The `GitHubRunners` port over Octokit (REST, with the client's retries and throttling). */
export class OctokitGitHubRunners implements GitHubRunners {
  readonly #octokit: GitHubClient;
  readonly #onSecret: (value: string) => void;
  #evidence: GitHubCallEvidence[] = [];

  constructor(octokit: GitHubClient, options: OctokitGitHubRunnersOptions) {
    this.#octokit = octokit;
    this.#onSecret = options.onSecret;
  }

  /** One entry per HTTP exchange that ended (list pages count one each), for the audit record. */
  evidence(): readonly GitHubCallEvidence[] {
    return [...this.#evidence];
  }

  async listRunners(scope: Scope): Promise<GitHubRunner[]> {
    const { prefix, params } = scopeRoute(scope);
    const route = `GET ${prefix}`;
    const runners: GitHubRunner[] = [];
    let started = performance.now();
    try {
      for await (const page of this.#octokit.paginate.iterator(route, { ...params, per_page: PER_PAGE })) {
        this.#record(route, started, page.status, page.headers);
        runners.push(...(page.data as WireRunner[]).map(toRunner));
        started = performance.now();
      }
    } catch (error) {
      throw this.#failed(scope, route, started, error);
    }
    return runners;
  }

  async listRunnerGroups(org: string): Promise<string[]> {
    return (await this.#orgPages<{ name: string }>(org, 'GET /orgs/{org}/actions/runner-groups', {})).map((g) => g.name);
  }

  async listRunnerGroupAccess(org: string): Promise<RunnerGroupAccess[]> {
    const groups = await this.#orgPages<WireRunnerGroup>(org, 'GET /orgs/{org}/actions/runner-groups', {});
    return groups.map((g) => ({
      id: g.id,
      name: g.name,
      visibility: g.visibility,
      allowsPublicRepositories: g.allows_public_repositories,
      // GitHub documents both as defaulting to false and [] when left out.
      restrictedToWorkflows: g.restricted_to_workflows ?? false,
      selectedWorkflows: g.selected_workflows ?? [],
    }));
  }

  async listRunnerGroupRepositories(org: string, groupId: number): Promise<string[]> {
    const repositories = await this.#orgPages<{ full_name: string }>(org, 'GET /orgs/{org}/actions/runner-groups/{runner_group_id}/repositories', { runner_group_id: groupId });
    return repositories.map((r) => r.full_name);
  }

  /** Every item of a paginated organisation route, one evidence entry per page. */
  async #orgPages<T>(org: string, route: string, params: Record<string, unknown>): Promise<T[]> {
    const items: T[] = [];
    let started = performance.now();
    try {
      for await (const page of this.#octokit.paginate.iterator(route, { org, ...params, per_page: PER_PAGE })) {
        this.#record(route, started, page.status, page.headers);
        items.push(...(page.data as T[]));
        started = performance.now();
      }
    } catch (error) {
      throw this.#failed({ kind: 'organization', org }, route, started, error);
    }
    return items;
  }

  async getRunner(scope: Scope, runnerId: number): Promise<GitHubRunner | null> {
    const response = await this.#call(scope, 'GET', '/{runner_id}', { runner_id: runnerId }, [404]);
    return response.status === 404 ? null : toRunner(response.data as WireRunner);
  }

  async deleteRunner(scope: Scope, runnerId: number): Promise<void> {
    await this.#call(scope, 'DELETE', '/{runner_id}', { runner_id: runnerId }, [404]);
  }

  createRegistrationToken(scope: Scope): Promise<ExpiringToken> {
    return this.#token(scope, '/registration-token');
  }

  async generateJitConfig(
    scope: Scope,
    request: { name: string; runnerGroupId: number; labels: string[]; workFolder?: string },
  ): Promise<{ runner: GitHubRunner; encodedJitConfig: Secret }> {
    const body = {
      name: request.name,
      runner_group_id: request.runnerGroupId,
      labels: request.labels,
      ...(request.workFolder !== undefined ? { work_folder: request.workFolder } : {}),
    };
    const response = await this.#call(scope, 'POST', '/generate-jitconfig', body);
    const data = response.data as { runner: WireRunner; encoded_jit_config: string };
    return { runner: toRunner(data.runner), encodedJitConfig: this.#secret(data.encoded_jit_config) };
  }

  async addLabels(scope: Scope, runnerId: number, labels: string[]): Promise<RunnerLabel[]> {
    return toLabels((await this.#call(scope, 'POST', '/{runner_id}/labels', { runner_id: runnerId, labels })).data);
  }

  async setLabels(scope: Scope, runnerId: number, labels: string[]): Promise<RunnerLabel[]> {
    return toLabels((await this.#call(scope, 'PUT', '/{runner_id}/labels', { runner_id: runnerId, labels })).data);
  }

  async removeLabel(scope: Scope, runnerId: number, label: string): Promise<RunnerLabel[]> {
    return toLabels((await this.#call(scope, 'DELETE', '/{runner_id}/labels/{name}', { runner_id: runnerId, name: label })).data);
  }

  async #token(scope: Scope, suffix: string): Promise<ExpiringToken> {
    const response = await this.#call(scope, 'POST', suffix, {});
    const data = response.data as { token: string; expires_at: string };
    return { token: this.#secret(data.token), expiresAt: data.expires_at };
  }

  #secret(value: string): Secret {
    this.#onSecret(value);
    return new Secret(value);
  }

  /** Every single call goes through here: request, evidence, and errors as `GitHubApiError`. */
  async #call(
    scope: Scope,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    suffix: string,
    params: Record<string, unknown>,
    acceptedStatuses: readonly number[] = [],
  ): Promise<WireResponse> {
    const { prefix, params: scopeParams } = scopeRoute(scope);
    const route = `${method} ${prefix}${suffix}`;
    const started = performance.now();
    try {
      const response = (await this.#octokit.request(route, { ...scopeParams, ...params })) as WireResponse;
      this.#record(route, started, response.status, response.headers);
      return response;
    } catch (error) {
      if (isOctokitFailure(error) && error.response && acceptedStatuses.includes(error.status)) {
        this.#record(route, started, error.status, error.response.headers);
        return { status: error.status, headers: error.response.headers, data: error.response.data };
      }
      throw this.#failed(scope, route, started, error);
    }
  }

  #failed(scope: Scope, route: string, started: number, error: unknown): GitHubApiError {
    const failure = GitHubApiError.fromFailure(scope, route, error);
    const headers = isOctokitFailure(error) ? error.response?.headers : undefined;
    this.#record(route, started, failure.status ?? 0, headers);
    return failure;
  }

  #record(route: string, started: number, status: number, headers: WireResponse['headers'] | undefined): void {
    const [method = '', template = ''] = route.split(' ');
    this.#evidence.push({
      method,
      route: template,
      status,
      requestId: requestIdOf(headers),
      durationMs: Math.round(performance.now() - started),
    });
  }
}
