/**
 * `lanekeeper ops-runners`: run by the hosts job before any host job is queued. Lists the runners
 * of the repository running the workflow (and of its owner, when that is an organisation), finds
 * each host's ops runner (labels lanekeeper-ops + host), and writes, for every host whose ops
 * runner is offline, a host observation `ops_runner_offline` into the output directory's
 * observed.json, which the plan turns into a blocker for that host's lanes. For ops runners of an
 * organisation it also checks their runner group (only the ops repository, only the reusable
 * workflow, no public repositories) and writes each gap as an observed warning, which every plan
 * carries.
 */
import { DEFAULT_OUTPUT_DIR, DEFAULT_POLICY_PATH, Inputs } from '../constants.js';
import { GitHubApiError } from '../github/errors.js';
import type { GitHubRunners } from '../github/port.js';
import { describeGap, OPS_RUNNER_GROUP_OPEN, runnerGroupGaps, type RunnerGroupGap } from '../inventory/ops-runner-group.js';
import { checkOpsRunners, offlineObservation, type OpsRunner, type OpsRunnerCheck } from '../inventory/ops-runners.js';
import type { ObservedState, ObservedWarning } from '../plan/observed.js';
import { loadPolicyFile } from '../policy/load.js';
import type { Scope } from '../policy/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { githubFromInputs, TOKEN_ENV, workflowRepository } from './adapters.js';
import { OutputFiles, writeJsonFile } from './files.js';
import { hostMatrix } from './host-matrix.js';
import type { CommandIO } from './io.js';

/** The reusable workflow as the run's OIDC token names it (`job_workflow_ref`); the workflow sets it. */
export const WORKFLOW_REF_ENV = 'LANEKEEPER_WORKFLOW_REF';

/**
 * The runner groups of the ops runners: `checked` (each group with its gaps, none when it is
 * closed as it should be), `not_checkable` (the ops runners are repository runners, which have no
 * runner groups), `unreadable` (the token may not read them), `not_checked` (no ops runner seen).
 */
export interface RunnerGroupReport {
  readonly status: 'checked' | 'not_checkable' | 'unreadable' | 'not_checked';
  readonly groups: readonly { readonly org: string; readonly name: string; readonly runners: readonly string[]; readonly gaps: readonly RunnerGroupGap[] }[];
}

export type OpsRunnersResult = OpsRunnerCheck & { readonly checked: boolean; readonly runnerGroups: RunnerGroupReport };

const NOT_CHECKED: RunnerGroupReport = { status: 'not_checked', groups: [] };

export async function runOpsRunners(io: CommandIO, clock: Clock = systemClock): Promise<OpsRunnersResult> {
  const { policy } = loadPolicyFile(io.input(Inputs.Policy) || DEFAULT_POLICY_PATH);
  const { hosts } = hostMatrix(policy, io.input(Inputs.Lane) || 'all');
  if (!io.input(Inputs.Token) && !io.env(TOKEN_ENV)) {
    io.warning(`The ops runners were not checked (no token: ${TOKEN_ENV} is empty); a host job may wait in the queue for an offline runner.`);
    return { online: hosts, offline: [], opsRunners: [], checked: false, runnerGroups: NOT_CHECKED };
  }
  const { owner, repo, fullName: repository } = workflowRepository(io);
  // Ops runners are registered to the ops repository, or to its organisation (in a runner group
  // restricted to it); a user account has no organisation listing, which is then skipped.
  const scopes: Scope[] = [{ kind: 'repository', owner, repo }, { kind: 'organization', org: owner }];
  let check: OpsRunnerCheck;
  const github = githubFromInputs(io);
  try {
    check = await checkOpsRunners(github, scopes, hosts);
  } catch (e) {
    // A token that cannot see the ops runners must not stop every run (the drift check too).
    io.warning(`The ops runners were not checked: ${(e as Error).message}. Give the token administration read on ${repository} (or self-hosted runners read on its organisation).`);
    return { online: hosts, offline: [], opsRunners: [], checked: false, runnerGroups: NOT_CHECKED };
  }
  for (const { host, detail } of check.offline) io.warning(`Host ${host} gets no job: ${detail}. Its lanes are blocked (ops_runner_offline).`);
  const runnerGroups = await checkRunnerGroups(io, github, check.opsRunners, repository);
  const warnings: ObservedWarning[] = runnerGroups.groups.flatMap((g) =>
    g.gaps.map((gap) => ({ code: OPS_RUNNER_GROUP_OPEN, path: `github.org:${g.org}.runnerGroups.${g.name}.${gap.field}`, message: describeGap(g.org, g.name, g.runners, gap) })),
  );
  if (check.offline.length > 0 || warnings.length > 0) {
    const observed: ObservedState = {
      schemaVersion: 1,
      observedAt: clock.now().toISOString(),
      github: [],
      hosts: Object.fromEntries(check.offline.map(({ host, detail }) => [host, offlineObservation(host, detail)])),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
    writeJsonFile(OutputFiles.observed(io.input(Inputs.OutputDir) || DEFAULT_OUTPUT_DIR), observed);
  }
  return { ...check, checked: true, runnerGroups };
}

/**
 * Reads the runner group of every organisation ops runner and checks who may use it. Never throws:
 * a token that may not read runner groups, or any other failure, is a warning.
 */
async function checkRunnerGroups(
  io: CommandIO,
  github: Pick<GitHubRunners, 'listRunnerGroupAccess' | 'listRunnerGroupRepositories'>,
  opsRunners: readonly OpsRunner[],
  repository: string,
): Promise<RunnerGroupReport> {
  const orgRunners = opsRunners.filter((o) => o.scope.kind === 'organization');
  const repoRunners = opsRunners.filter((o) => o.scope.kind === 'repository').map((o) => o.runner.name);
  if (repoRunners.length > 0) {
    io.info(
      `Runner group of the ops runners ${repoRunners.join(', ')}: not checkable, they are registered to the repository ${repository} and repository runners have no runner groups. ` +
        'Any workflow of that repository (any branch) may send them jobs; on an organisation, register them into a runner group limited to this repository and the reusable workflow (docs/host-setup.md, "The set-up, in order", step 4).',
    );
  }
  if (orgRunners.length === 0) return { status: repoRunners.length > 0 ? 'not_checkable' : 'not_checked', groups: [] };
  const org = orgRunners[0]!.scope.kind === 'organization' ? orgRunners[0]!.scope.org : '';
  const workflowRef = io.env(WORKFLOW_REF_ENV) || undefined;
  try {
    const groups = await github.listRunnerGroupAccess(org);
    const report: { org: string; name: string; runners: string[]; gaps: RunnerGroupGap[] }[] = [];
    for (const id of [...new Set(orgRunners.map((o) => o.runner.runnerGroupId))]) {
      const runners = orgRunners.filter((o) => o.runner.runnerGroupId === id).map((o) => o.runner.name);
      const group = groups.find((g) => g.id === id);
      if (!group) {
        io.warning(`The runner group of the ops runners ${runners.join(', ')} was not checked: ${org} lists no runner group with id ${id ?? '(none given)'}.`);
        continue;
      }
      const repositories = group.visibility === 'selected' ? await github.listRunnerGroupRepositories(org, group.id) : [];
      const gaps = runnerGroupGaps(group, repositories, repository, workflowRef);
      for (const gap of gaps) io.warning(`The ops runners can be used by more than the approved workflow: ${describeGap(org, group.name, runners, gap)}.`);
      if (gaps.length === 0) io.info(`Runner group "${group.name}" of ${org} (ops runners ${runners.join(', ')}): only ${repository} and ${workflowRef ?? 'the reusable workflow'} may use it, no public repositories.`);
      report.push({ org, name: group.name, runners, gaps });
    }
    return { status: 'checked', groups: report };
  } catch (e) {
    const status = e instanceof GitHubApiError ? e.status : null;
    io.warning(
      `The runner group of the ops runners was not checked: ${(e as Error).message}. ` +
        (status === 403
          ? `Give the token organisation permission "Self-hosted runners" (read) on ${org}, or check by hand that the group admits only ${repository} and the reusable workflow (docs/host-setup.md, "The set-up, in order", step 4).`
          : 'The ops runners were checked; run again to check their runner group.'),
    );
    return { status: 'unreadable', groups: [] };
  }
}
