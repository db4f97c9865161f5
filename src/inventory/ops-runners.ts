/**
 * Is each host's ops runner online? Checked before host jobs are queued: a job for an offline
 * runner waits in GitHub's queue for up to 24 hours. A host whose ops runner is offline gets a
 * host observation with the error `ops_runner_offline: …`, which the planner turns into the
 * blocker `ops_runner_offline` for that host's lanes.
 */
import type { GitHubRunners } from '../github/port.js';
import type { GitHubRunner, HostObservation } from '../plan/observed.js';
import type { Scope } from '../policy/types.js';

export const OPS_LABEL = 'lanekeeper-ops';
/** The prefix of a host observation error that means "its ops runner is offline". */
export const OPS_RUNNER_OFFLINE = 'ops_runner_offline';

export interface OpsRunnerCheck {
  readonly online: readonly string[];
  readonly offline: readonly { readonly host: string; readonly detail: string }[];
  /** Every runner labelled lanekeeper-ops + one of the hosts, with the scope it is registered to. */
  readonly opsRunners: readonly OpsRunner[];
}

export interface OpsRunner {
  readonly host: string;
  readonly scope: Scope;
  readonly runner: GitHubRunner;
}

/** Finds, for each host, a runner labelled lanekeeper-ops + host in the given scopes. */
export async function checkOpsRunners(github: Pick<GitHubRunners, 'listRunners'>, scopes: readonly Scope[], hosts: readonly string[]): Promise<OpsRunnerCheck> {
  const runners: { scope: Scope; runner: GitHubRunner }[] = [];
  const failures: string[] = [];
  for (const scope of scopes) {
    try {
      runners.push(...(await github.listRunners(scope)).map((runner) => ({ scope, runner })));
    } catch (e) {
      failures.push(`${scope.kind === 'repository' ? `${scope.owner}/${scope.repo}` : scope.org}: ${(e as Error).message}`);
    }
  }
  if (failures.length === scopes.length) throw new Error(`could not list the ops runners (${failures.join('; ')})`);
  const online: string[] = [];
  const offline: { host: string; detail: string }[] = [];
  const opsRunners: OpsRunner[] = [];
  for (const host of hosts) {
    const found = runners.filter(({ runner: r }) => r.labels.some((l) => l.name === OPS_LABEL) && r.labels.some((l) => l.name === host));
    opsRunners.push(...found.map(({ scope, runner }) => ({ host, scope, runner })));
    const mine = found.map(({ runner }) => runner);
    if (mine.some((r) => r.status === 'online')) online.push(host);
    else {
      const seen = mine.map((r) => `${r.name} (${r.status})`).join(', ');
      offline.push({ host, detail: mine.length > 0 ? `its ops runner ${seen} is offline` : `no runner with the labels ${OPS_LABEL} and ${host} is registered` });
    }
  }
  return { online, offline, opsRunners };
}

/** What inventory would have said: the host could not be observed because its ops runner is offline. */
export function offlineObservation(host: string, detail: string): HostObservation {
  return { host, error: `${OPS_RUNNER_OFFLINE}: ${detail}; no job was queued for it`, lanes: {}, unclaimed: [], baseline: [] };
}
