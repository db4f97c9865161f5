/**
 * `lanekeeper ops-runners`: run by the hosts job before any host job is queued. Lists the runners
 * of the repository running the workflow (and of its owner, when that is an organisation), finds
 * each host's ops runner (labels lanekeeper-ops + host), and writes, for every host whose ops
 * runner is offline, a host observation `ops_runner_offline` into the output directory's
 * observed.json, which the plan turns into a blocker for that host's lanes.
 */
import { DEFAULT_OUTPUT_DIR, DEFAULT_POLICY_PATH, Inputs } from '../constants.js';
import { checkOpsRunners, offlineObservation, type OpsRunnerCheck } from '../inventory/ops-runners.js';
import type { ObservedState } from '../plan/observed.js';
import { loadPolicyFile } from '../policy/load.js';
import type { Scope } from '../policy/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { githubFromInputs, TOKEN_ENV } from './adapters.js';
import { InputError } from './errors.js';
import { OutputFiles, writeJsonFile } from './files.js';
import { hostMatrix } from './host-matrix.js';
import type { CommandIO } from './io.js';

export async function runOpsRunners(io: CommandIO, clock: Clock = systemClock): Promise<OpsRunnerCheck & { checked: boolean }> {
  const { policy } = loadPolicyFile(io.input(Inputs.Policy) || DEFAULT_POLICY_PATH);
  const { hosts } = hostMatrix(policy, io.input(Inputs.Lane) || 'all');
  if (!io.input(Inputs.Token) && !io.env(TOKEN_ENV)) {
    io.warning(`The ops runners were not checked (no token: ${TOKEN_ENV} is empty); a host job may wait in the queue for an offline runner.`);
    return { online: hosts, offline: [], checked: false };
  }
  const repository = io.env('GITHUB_REPOSITORY') ?? '';
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(repository);
  if (!m) throw new InputError('GITHUB_REPOSITORY', 'GITHUB_REPOSITORY must name the repository that runs the workflow ("owner/name"); the workflow sets it');
  // Ops runners are registered to the ops repository, or to its organisation (in a runner group
  // restricted to it); a user account has no organisation listing, which is then skipped.
  const scopes: Scope[] = [{ kind: 'repository', owner: m[1]!, repo: m[2]! }, { kind: 'organization', org: m[1]! }];
  let check: OpsRunnerCheck;
  try {
    check = await checkOpsRunners(githubFromInputs(io), scopes, hosts);
  } catch (e) {
    // A token that cannot see the ops runners must not stop every run (the drift check too).
    io.warning(`The ops runners were not checked: ${(e as Error).message}. Give the token administration read on ${repository} (or self-hosted runners read on its organisation).`);
    return { online: hosts, offline: [], checked: false };
  }
  for (const { host, detail } of check.offline) io.warning(`Host ${host} gets no job: ${detail}. Its lanes are blocked (ops_runner_offline).`);
  if (check.offline.length > 0) {
    const observed: ObservedState = {
      schemaVersion: 1,
      observedAt: clock.now().toISOString(),
      github: [],
      hosts: Object.fromEntries(check.offline.map(({ host, detail }) => [host, offlineObservation(host, detail)])),
    };
    writeJsonFile(OutputFiles.observed(io.input(Inputs.OutputDir) || DEFAULT_OUTPUT_DIR), observed);
  }
  return { ...check, checked: true };
}
