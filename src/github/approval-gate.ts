/**
 * The approval gate on GitHub's side: the environment `lanekeeper-apply` of the repository that
 * runs the workflow. GitHub creates a missing environment on first use, unprotected, and required
 * reviewers are not on every plan; so before apply Lanekeeper reads the environment
 * (`GET /repos/{owner}/{repo}/environments/{name}`, actions: read) and asks for required
 * reviewers with self-review prevented, and a deployment-branch rule.
 */
import type { GitHubClient } from './octokit-client.js';

export const APPROVAL_ENVIRONMENT = 'lanekeeper-apply';

/** What the environment's protection rules say, in Lanekeeper's words. */
export interface EnvironmentProtection {
  readonly exists: boolean;
  readonly reviewers: number;
  readonly preventSelfReview: boolean;
  /** `protected_branches`, `custom` (named branch policies), or null when any branch may deploy. */
  readonly branchRule: 'protected_branches' | 'custom' | null;
}

/** Every way the gate falls short, each with what to set; empty when it holds. */
export function approvalGateProblems(p: EnvironmentProtection): string[] {
  if (!p.exists) return [`the environment ${APPROVAL_ENVIRONMENT} does not exist (a run would create it without protection)`];
  const problems: string[] = [];
  if (p.reviewers === 0) problems.push('it has no required reviewers');
  else if (!p.preventSelfReview) problems.push('it lets the person who started the run approve it (turn on "Prevent self-review")');
  if (p.branchRule === null) problems.push('any branch may deploy to it (set "Deployment branches and tags" to the default branch)');
  return problems;
}

interface EnvironmentResponse {
  protection_rules?: { type: string; prevent_self_review?: boolean; reviewers?: unknown[] }[];
  deployment_branch_policy?: { protected_branches: boolean; custom_branch_policies: boolean } | null;
}

/** Reads the environment; a 404 is an environment that does not exist. */
export async function readEnvironmentProtection(octokit: Pick<GitHubClient, 'request'>, repository: string, name = APPROVAL_ENVIRONMENT): Promise<EnvironmentProtection> {
  const [owner, repo] = repository.split('/') as [string, string];
  let data: EnvironmentResponse;
  try {
    ({ data } = (await octokit.request('GET /repos/{owner}/{repo}/environments/{environment_name}', { owner, repo, environment_name: name })) as { data: EnvironmentResponse });
  } catch (e) {
    if ((e as { status?: number }).status === 404) return { exists: false, reviewers: 0, preventSelfReview: false, branchRule: null };
    throw e;
  }
  const reviewersRule = (data.protection_rules ?? []).find((r) => r.type === 'required_reviewers');
  const policy = data.deployment_branch_policy ?? null;
  return {
    exists: true,
    reviewers: reviewersRule?.reviewers?.length ?? 0,
    preventSelfReview: reviewersRule?.prevent_self_review === true,
    branchRule: policy === null ? null : policy.protected_branches ? 'protected_branches' : policy.custom_branch_policies ? 'custom' : null,
  };
}
