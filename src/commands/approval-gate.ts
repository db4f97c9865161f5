/**
 * `lanekeeper approval-gate`: run by the reusable workflow's plan job before an apply. Refuses
 * (exit 4) unless the environment lanekeeper-apply of the repository running the workflow has
 * required reviewers, prevent self-review and a deployment-branch rule, or the policy waives the
 * check explicitly (then a warning, which every plan carries too).
 */
import { DEFAULT_POLICY_PATH, Inputs } from '../constants.js';
import { APPROVAL_ENVIRONMENT, approvalGateProblems, readEnvironmentProtection } from '../github/approval-gate.js';
import { createGitHubClient, resolveApiUrl } from '../github/octokit-client.js';
import { loadPolicyFile } from '../policy/load.js';
import { workflowRepository } from './adapters.js';
import { InputError } from './errors.js';
import type { CommandIO } from './io.js';

/** The run's own token (`github.token` with actions: read), given by environment. */
export const GATE_TOKEN_ENV = 'GITHUB_TOKEN';

export class ApprovalGateError extends Error {
  override readonly name = 'ApprovalGateError';
  constructor(
    readonly repository: string,
    readonly problems: readonly string[],
  ) {
    super(
      `apply refused: the approval gate of ${repository} is not in place: ${problems.join('; ')}. ` +
        `Fix: in ${repository}, Settings → Environments → ${APPROVAL_ENVIRONMENT}: add required reviewers, turn on "Prevent self-review", and limit deployment branches to the default branch (docs/host-setup.md, "The set-up, in order"). ` +
        'Only if your plan cannot have required reviewers, waive the check in the policy (approvalGate: { required: false, reason: ... }); every plan then carries a warning.',
    );
  }
}

export type GateOutcome = { readonly result: 'protected' } | { readonly result: 'waived'; readonly reason: string };

export async function runApprovalGate(io: CommandIO): Promise<GateOutcome> {
  const { policy } = loadPolicyFile(io.input(Inputs.Policy) || DEFAULT_POLICY_PATH);
  if (policy.approvalGate?.required === false) {
    const reason = policy.approvalGate.reason ?? '';
    io.warning(`The approval gate check is waived by the policy (${reason}): apply runs without checking that ${APPROVAL_ENVIRONMENT} is protected.`);
    return { result: 'waived', reason };
  }
  const repository = workflowRepository(io).fullName;
  const token = io.env(GATE_TOKEN_ENV) ?? '';
  if (!token) throw new InputError(GATE_TOKEN_ENV, `${GATE_TOKEN_ENV} is empty: give the step the run's token (github.token) with permissions actions: read`);
  io.setSecret(token);
  const octokit = createGitHubClient({ token, baseUrl: resolveApiUrl(io.input(Inputs.GitHubApiUrl), { GITHUB_API_URL: io.env('GITHUB_API_URL') }), log: (m) => io.info(m) });
  const protection = await readEnvironmentProtection(octokit, repository);
  const problems = approvalGateProblems(protection);
  if (problems.length > 0) throw new ApprovalGateError(repository, problems);
  io.info(`The approval gate holds: ${APPROVAL_ENVIRONMENT} in ${repository} has ${protection.reviewers} required reviewer(s), self-review prevented, deployment branches limited (${protection.branchRule}).`);
  return { result: 'protected' };
}
