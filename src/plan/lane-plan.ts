import type { DesiredLane, Policy } from '../policy/types.js';
import type { PolicyProblem } from '../policy/errors.js';
import { scopeUrl } from '../policy/types.js';
import type { GitHubRunner, GitHubScopeObservation, HostLaneObservation, HostObservation } from './observed.js';
import type { Action, Blocker, LanePlan, Shape, Step } from './types.js';
import { drainSteps, leased, step } from './steps.js';
import { versionSatisfies } from './version.js';
import { laneBasisDigest } from './digest.js';
import { ListenerExit } from '../host/unit.js';

/** The runner group every scope has; a repository has no other. */
export const DEFAULT_RUNNER_GROUP = 'Default';

export interface LaneContext {
  readonly policy: Policy;
  readonly problems: readonly PolicyProblem[];
  readonly scope: GitHubScopeObservation | undefined;
  readonly host: HostObservation | undefined;
  /** Digest of the host's baseline, computed once per host (src/plan/digest.ts). */
  readonly baselineDigest: string;
}

interface Decision {
  shape: Shape;
  action: Action;
  reason: string;
  steps: Step[];
  blockers: Blocker[];
}

/** Plans one lane: observed shape, action, ordered steps, blockers. Pure. */
export function planLane(lane: DesiredLane, ctx: LaneContext): LanePlan {
  const policyBlockers: Blocker[] = ctx.problems
    .filter((p) => p.lane === lane.name && p.code)
    .map((p) => ({ code: p.code!, message: p.message, fix: p.fix, path: p.path }));

  const observationBlockers: Blocker[] = [];
  if (!ctx.scope) {
    observationBlockers.push(blocker('observation_failed', `inventory has no listing of ${lane.scopeKey}`, 'run inventory with a policy that names this lane, then plan again'));
  } else if (ctx.scope.error) {
    observationBlockers.push(blocker('observation_failed', `listing ${lane.scopeKey} failed: ${ctx.scope.error}`, 'fix GitHub access for this scope, then run inventory again'));
  }
  const hostLane = ctx.host?.lanes[lane.name];
  if (!ctx.host) {
    observationBlockers.push(blocker('observation_failed', `inventory has no observation of host ${lane.host}`, `run inventory on ${lane.host}'s ops runner, then plan again`));
  } else if (ctx.host.error?.startsWith('ops_runner_offline:')) {
    // Set by the hosts job (src/inventory/ops-runners.ts): no job was queued for this host.
    observationBlockers.push(blocker('ops_runner_offline', `host ${lane.host} was not inventoried: ${ctx.host.error.slice('ops_runner_offline:'.length).trim()}`, `start the ops runner on ${lane.host} (labels lanekeeper-ops, ${lane.host}; docs/host-setup.md, section 8), then run the workflow again`));
  } else if (ctx.host.error) {
    observationBlockers.push(blocker('observation_failed', `inventory of host ${lane.host} failed: ${ctx.host.error}`, 'fix the helper on the host (docs/host-setup.md), then run inventory again'));
  } else if (!hostLane) {
    observationBlockers.push(blocker('observation_failed', `host ${lane.host} reported nothing for lane ${lane.name}`, 'run inventory again with this policy'));
  }

  const runner = ctx.scope?.runners.find((r) => r.name === lane.name) ?? null;
  let decision: Decision;
  if (observationBlockers.length > 0 || !hostLane || !ctx.host) {
    decision = { shape: 'unknown_conflict', action: 'noop', reason: 'the lane could not be observed', steps: [], blockers: [] };
  } else {
    decision = decide(lane, ctx.policy, runner, hostLane, ctx.host, runnerGroupBlockers(lane, ctx.scope));
  }

  const blockers = [...policyBlockers, ...observationBlockers, ...decision.blockers];
  const blocked = blockers.length > 0;
  return {
    lane: lane.name,
    path: lane.path,
    host: lane.host,
    scope: lane.scopeKey,
    ensure: lane.ensure,
    shape: decision.shape,
    action: decision.action,
    reason: blocked && decision.blockers.length === 0 && blockers[0] ? blockers[0].message : decision.reason,
    steps: blocked ? [] : decision.steps,
    blockers,
    status: blocked ? 'blocked' : 'ready',
    runnerId: runner?.id ?? null,
    basisDigest: laneBasisDigest({
      runner,
      scopeError: ctx.scope ? (ctx.scope.error ?? null) : 'missing',
      hostError: ctx.host ? (ctx.host.error ?? null) : 'missing',
      hostLane: hostLane ?? null,
      baselineDigest: ctx.baselineDigest,
    }),
  };
}

function inShape(shape: Shape, d: Decision): Decision {
  return { ...d, shape };
}

function blocker(code: Blocker['code'], message: string, fix: string): Blocker {
  return { code, message, fix };
}

function customLabels(runner: GitHubRunner): string[] {
  return runner.labels.filter((l) => l.type === 'custom').map((l) => l.name);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

function decide(lane: DesiredLane, policy: Policy, runner: GitHubRunner | null, hl: HostLaneObservation, host: HostObservation, group: readonly Blocker[]): Decision {
  const unitPresent = hl.unit.fileState !== 'absent';
  const configured = hl.identity !== null && hl.credentialsPresent;
  const partialConfig = (hl.identity !== null) !== hl.credentialsPresent;
  const conflict = (reason: string, b: Blocker): Decision => ({ shape: 'unknown_conflict', action: 'noop', reason, steps: [], blockers: [b] });

  // Facts that make any action unsafe, whatever the lane should be.
  if (runner && !customLabels(runner).includes(policy.managedLabel)) {
    return conflict(
      `a runner named ${lane.name} exists in ${lane.scopeKey} without the managed label`,
      blocker('unmanaged_runner_exists', `runner #${runner.id} "${runner.name}" in ${lane.scopeKey} has no "${policy.managedLabel}" label: Lanekeeper does not own it`, `rename the lane, or remove runner #${runner.id} by hand if it is really unused`),
    );
  }
  if (hl.identity && (hl.identity.agentName !== lane.name || !urlMatchesScope(hl.identity.gitHubUrl, lane))) {
    return conflict(
      `${lane.directory} is registered as another runner`,
      blocker('stale_state', `${lane.directory}/.runner names "${hl.identity.agentName}" at ${hl.identity.gitHubUrl}, not ${lane.name} at ${lane.scopeKey}`, `move ${lane.directory} away or remove it by hand, then plan again`),
    );
  }
  if (hl.unsupervisedListener) {
    return conflict(
      `a runner listener runs outside systemd for ${lane.directory}`,
      blocker('stale_state', `Runner.Listener pid ${hl.unsupervisedListener.pid} (user ${hl.unsupervisedListener.user}) runs ${lane.directory} outside ${lane.unit}`, 'stop that process (it is not supervised and would register twice), then plan again'),
    );
  }
  if (unitPresent && hl.unit.mainPidUser && hl.unit.mainPidUser !== lane.serviceUser) {
    return conflict(
      `${lane.unit} runs as ${hl.unit.mainPidUser}`,
      blocker('service_user_mismatch', `${lane.unit} runs as ${hl.unit.mainPidUser}, the policy says ${lane.serviceUser}`, `set serviceUser: ${hl.unit.mainPidUser} in the policy, or stop the unit and re-create the lane`),
    );
  }
  if (unitPresent && !hl.unit.renderedByLanekeeper && lane.ensure === 'absent') {
    return conflict(
      `${lane.unit} was not rendered by Lanekeeper`,
      blocker('stale_state', `${lane.unit} exists but Lanekeeper did not render it, so it will not remove it`, `remove ${lane.unit} by hand (docs/runbook.md, "A hand-made unit with the lane's name"), then plan again`),
    );
  }

  const baseline = baselineBlockers(lane, host);
  // A runner already installed in the lane directory must be a version the policy accepts.
  const drift = versionDrift(lane, hl);

  // Half configured (a configure that failed between .credentials and .runner, or files removed
  // by hand): a registration GitHub lists under the lane's name is deleted through the API, then
  // `config.sh remove --local` deletes the local files, so the lane recovers by configuring again.
  if (partialConfig) {
    if (runner && runner.status === 'online') {
      return conflict(
        `${lane.directory} is half configured and ${lane.name} is online on GitHub`,
        blocker('stale_state', `${lane.directory} has ${hl.identity ? '.runner but no .credentials' : '.credentials but no .runner'}, and runner #${runner.id} is online: another machine may be running it`, `find and stop the machine running runner #${runner.id}, then plan again`),
      );
    }
    const stopLocal: Step[] = unitPresent && hl.unit.renderedByLanekeeper ? [step('host.stop', lane), step('host.disable', lane)] : [];
    if (unitPresent && !hl.unit.renderedByLanekeeper) {
      return conflict(
        `${lane.directory} is half configured and ${lane.unit} was not rendered by Lanekeeper`,
        blocker('stale_state', `${lane.directory} has ${hl.identity ? '.runner but no .credentials' : '.credentials but no .runner'}, and ${lane.unit} is not Lanekeeper's`, `stop and remove ${lane.unit} by hand, then plan again`),
      );
    }
    const removeRemote: Step[] = runner ? [step('github.delete-runner', lane)] : [];
    const recover: Step[] = [...stopLocal, ...removeRemote, step('runner.unconfigure', lane, '(half configured: deletes the leftover local files)')];
    if (lane.ensure === 'absent') {
      return {
        shape: 'local_service_only',
        action: 'remove',
        reason: `${lane.directory} is half configured; its remains are removed`,
        steps: leased(lane, [...recover, ...(unitPresent ? [step('host.remove-unit', lane)] : []), step('runner.remove-directory', lane)], false),
        blockers: [],
      };
    }
    return {
      shape: 'local_service_only',
      action: 'create',
      reason: `${lane.directory} is half configured (${hl.identity ? '.runner without .credentials' : '.credentials without .runner'}): the leftovers are removed and the lane registers again`,
      steps: leased(lane, [...recover, ...createSteps(lane, hl.runnerInstalled)]),
      blockers: [...baseline, ...drift, ...group],
    };
  }

  // absent: nothing anywhere.
  if (!runner && !configured && !unitPresent) {
    if (lane.ensure === 'absent') {
      if (hl.directoryExists) {
        return { shape: 'absent', action: 'remove', reason: `a leftover directory ${lane.directory} remains`, steps: leased(lane, [step('runner.remove-directory', lane)], false), blockers: [] };
      }
      return { shape: 'absent', action: 'noop', reason: 'the lane does not exist, as the policy says', steps: [], blockers: [] };
    }
    return {
      shape: 'absent',
      action: 'create',
      reason: hl.runnerInstalled ? `${lane.directory} holds an unregistered runner; it is registered` : 'no registration, directory or unit exists yet',
      steps: leased(lane, createSteps(lane, hl.runnerInstalled)),
      blockers: [...baseline, ...drift, ...group],
    };
  }

  // A unit Lanekeeper did not render is never stopped, overwritten or removed by it.
  if (unitPresent && !hl.unit.renderedByLanekeeper && (!runner || !configured)) {
    return conflict(
      `${lane.unit} was not rendered by Lanekeeper`,
      blocker('stale_state', `${lane.unit} exists, Lanekeeper did not render it, and ${lane.directory} ${configured ? 'is configured' : 'holds no registration'}`, `stop and remove ${lane.unit} by hand (docs/runbook.md, "A hand-made unit with the lane's name"), then plan again`),
    );
  }

  // github_only: a managed registration, nothing configured locally.
  if (runner && !configured) {
    const local: Step[] = unitPresent ? [step('host.stop', lane), step('host.disable', lane), step('host.remove-unit', lane)] : [];
    if (runner.status === 'online') {
      return inShape('github_only', conflict(
        `${lane.name} is online on GitHub but ${lane.host} has no registration for it`,
        blocker('stale_state', `runner #${runner.id} is online but ${lane.directory} is not configured: another machine may be running it`, `find and stop the machine running runner #${runner.id}, then plan again`),
      ));
    }
    if (lane.ensure === 'absent') {
      return {
        shape: 'github_only',
        action: 'remove',
        reason: 'an offline registration remains on GitHub',
        steps: leased(lane, [step('github.delete-runner', lane), ...local, ...(hl.directoryExists ? [step('runner.remove-directory', lane)] : [])], false),
        blockers: [],
      };
    }
    return {
      shape: 'github_only',
      action: 'create',
      reason: `an offline registration #${runner.id} remains without a runner directory: it is replaced`,
      steps: leased(lane, [step('github.delete-runner', lane), ...local, ...createSteps(lane, hl.runnerInstalled)]),
      blockers: [...baseline, ...drift, ...group],
    };
  }

  // local_service_only: configured and/or a unit here, GitHub has no such runner.
  if (!runner) {
    const stopLocal: Step[] = unitPresent ? [step('host.stop', lane), step('host.disable', lane)] : [];
    if (lane.ensure === 'absent') {
      return {
        shape: 'local_service_only',
        action: 'remove',
        reason: `GitHub has no registration for ${lane.name}; the local remains are removed`,
        steps: leased(lane, [...stopLocal, ...(unitPresent ? [step('host.remove-unit', lane)] : []), step('runner.remove-directory', lane)], false),
        blockers: [],
      };
    }
    if (unitPresent && !hl.unit.renderedByLanekeeper) {
      return conflict(
        `${lane.unit} was not rendered by Lanekeeper and its registration is gone`,
        blocker('stale_state', `${lane.unit} exists, Lanekeeper did not render it, and GitHub has no runner ${lane.name}`, `stop and remove ${lane.unit} by hand, then plan again`),
      );
    }
    return {
      shape: 'local_service_only',
      action: 'create',
      reason: 'the registration was deleted on GitHub: the lane registers again',
      steps: leased(lane, [
        ...stopLocal,
        ...(configured ? [step('runner.unconfigure', lane)] : []),
        ...createSteps(lane, hl.runnerInstalled),
      ]),
      blockers: [...baseline, ...drift, ...group],
    };
  }

  // Registered on GitHub and configured here.
  const active = hl.unit.activeState === 'active';
  const enabled = hl.unit.fileState === 'enabled';
  const labelsExact = sameSet(customLabels(runner), lane.labels);
  const labelStep: Step[] = labelsExact ? [] : [step('github.set-labels', lane)];
  // Whether a job runs right now is left out of the plan (it changes by the minute); steps that
  // would interrupt a job drain first whatever it was at planning time.
  const busyNote = active ? ' (a running job drains first)' : '';

  if (lane.ensure === 'absent') {
    return {
      shape: active ? 'supervised_active' : 'supervised_inactive',
      action: 'remove',
      reason: `the policy says absent${busyNote}`,
      steps: leased(
        lane,
        [
          ...(active ? drainSteps(lane) : []),
          ...(unitPresent ? [step('host.stop', lane)] : []),
          step('github.delete-runner', lane),
          step('runner.unconfigure', lane),
          ...(unitPresent ? [step('host.disable', lane), step('host.remove-unit', lane)] : []),
          step('runner.remove-directory', lane),
        ],
        false,
      ),
      blockers: [],
    };
  }

  if (unitPresent && !hl.unit.renderedByLanekeeper) {
    // The helper never overwrites a unit it does not own; a person moves it out of the way first.
    return {
      shape: active ? 'supervised_active' : 'supervised_inactive',
      action: 'adopt',
      reason: `${lane.unit} exists but was not rendered by Lanekeeper`,
      steps: [],
      blockers: [
        blocker(
          'stale_state',
          `${lane.unit} exists but Lanekeeper did not render it; the helper does not overwrite units it does not own`,
          `stop, disable and remove ${lane.unit} by hand (the registration in ${lane.directory} stays), then plan again: the lane is adopted without registering again`,
        ),
      ],
    };
  }

  if (!unitPresent) {
    return {
      shape: 'supervised_inactive',
      action: 'adopt',
      reason: `${lane.directory} is registered but no unit supervises it: it is adopted without registering again`,
      steps: leased(lane, [step('host.install-unit', lane), step('host.daemon-reload', lane), step('host.enable-now', lane), ...labelStep]),
      blockers: [...baseline, ...drift],
    };
  }

  if (drift.length > 0) {
    return { shape: 'version_drift', action: 'noop', reason: drift[0]!.message, steps: [], blockers: drift };
  }

  // The listener exited with RunnerVersionDeprecated (the unit asks for that code): GitHub no
  // longer serves this version, and restarting it would only fail again.
  if (hl.unit.activeState !== 'active' && hl.unit.lastExit?.code === 'exited' && hl.unit.lastExit.status === ListenerExit.VersionDeprecated) {
    const version = hl.runnerVersion ?? 'of unknown version';
    const b = blocker(
      'runner_version_deprecated',
      `${lane.unit} stopped with exit code ${ListenerExit.VersionDeprecated}: GitHub no longer accepts runner ${version} in ${lane.directory}`,
      `install a runner version GitHub supports into ${lane.directory} (set runnerVersion in the policy to it), then plan again; see docs/runbook.md, "Deprecated runner version"`,
    );
    return { shape: 'version_drift', action: 'noop', reason: b.message, steps: [], blockers: [b] };
  }

  // Registered before lanes used --no-default-labels: the runner keeps self-hosted/Linux/X64,
  // which no label call can remove, so a cordon would not stop jobs asking for them. Only a new
  // registration drops them; the lane drains first.
  const readOnly = runner.labels.filter((l) => l.type === 'read-only').map((l) => l.name);
  if (readOnly.length > 0) {
    return {
      shape: 'mismatched_labels',
      action: 'reconcile',
      reason: `runner #${runner.id} carries the read-only labels [${readOnly.join(', ')}]: it registers again with exactly the policy's labels${busyNote}`,
      steps: leased(lane, [
        ...(active ? drainSteps(lane) : []),
        step('host.stop', lane),
        step('github.delete-runner', lane),
        step('runner.unconfigure', lane),
        step('runner.configure', lane),
        step('host.install-unit', lane),
        step('host.daemon-reload', lane),
        step('host.enable-now', lane),
        step('github.set-labels', lane),
      ]),
      blockers: [...baseline, ...group],
    };
  }

  const unitOutdated = !hl.unit.matchesRendered;
  if (!active) {
    return {
      shape: 'supervised_inactive',
      action: 'restart',
      reason: `${lane.unit} is ${hl.unit.activeState}/${hl.unit.fileState}`,
      steps: leased(lane, [
        ...(unitOutdated ? [step('host.install-unit', lane), step('host.daemon-reload', lane)] : []),
        step('host.enable-now', lane),
        ...labelStep,
      ]),
      blockers: baseline,
    };
  }
  if (!enabled) {
    // Running but not enabled: enabling does not touch the process; an outdated unit restarts after a drain.
    return {
      shape: 'supervised_inactive',
      action: unitOutdated ? 'reconcile' : 'restart',
      reason: `${lane.unit} runs but is ${hl.unit.fileState}${unitOutdated ? ' and differs from the rendered unit' : ''}`,
      steps: leased(lane, [
        ...(unitOutdated ? [...drainSteps(lane), step('host.install-unit', lane), step('host.daemon-reload', lane), step('host.enable-now', lane), step('host.restart', lane), step('github.set-labels', lane)] : [step('host.enable-now', lane), ...labelStep]),
      ]),
      blockers: baseline,
    };
  }
  if (unitOutdated) {
    return {
      shape: 'supervised_active',
      action: 'reconcile',
      reason: `${lane.unit} differs from the rendered unit${busyNote}`,
      // Drain first: a drain that times out leaves the old unit file in place, not a new file
      // under an old process that the next plan could not see.
      steps: leased(lane, [...drainSteps(lane), step('host.install-unit', lane), step('host.daemon-reload', lane), step('host.restart', lane), step('github.set-labels', lane)]),
      blockers: baseline,
    };
  }
  if (runner.status === 'offline') {
    return {
      shape: 'supervised_active',
      action: 'restart',
      reason: `${lane.unit} is active but GitHub shows ${lane.name} offline`,
      steps: leased(lane, [...drainSteps(lane), step('host.restart', lane), step('github.set-labels', lane)]),
      blockers: baseline,
    };
  }
  if (!labelsExact) {
    return {
      shape: 'mismatched_labels',
      action: 'reconcile',
      reason: `labels [${customLabels(runner).join(', ')}] differ from the policy's [${lane.labels.join(', ')}]`,
      steps: leased(lane, labelStep),
      blockers: [],
    };
  }
  return { shape: 'supervised_active', action: 'noop', reason: 'registered, supervised, active and labelled as the policy says', steps: [], blockers: baseline };
}

function versionDrift(lane: DesiredLane, hl: HostLaneObservation): Blocker[] {
  if (!lane.runnerVersion || !hl.runnerVersion || versionSatisfies(hl.runnerVersion, lane.runnerVersion)) return [];
  const wanted = 'pinned' in lane.runnerVersion ? `pinned ${lane.runnerVersion.pinned}` : `at least ${lane.runnerVersion.minimum}`;
  return [
    blocker('runner_version_drift', `${lane.directory} holds runner ${hl.runnerVersion}; the policy wants ${wanted}`, `install the wanted runner version into ${lane.directory} (or change runnerVersion), then plan again`),
  ];
}

/**
 * A runner group the lane asks for must exist before config.sh runs (it refuses an unknown one):
 * a repository has only `Default`; an organisation's groups come from the inventory when it
 * listed them.
 */
function runnerGroupBlockers(lane: DesiredLane, scope: GitHubScopeObservation | undefined): Blocker[] {
  if (!lane.runnerGroup) return [];
  const known = lane.scope.kind === 'repository' ? [DEFAULT_RUNNER_GROUP] : scope?.runnerGroups;
  if (!known || known.some((g) => g.toLowerCase() === lane.runnerGroup!.toLowerCase())) return [];
  return [
    blocker(
      'runner_group_missing',
      `${lane.scopeKey} has no runner group "${lane.runnerGroup}" (it has [${known.join(', ')}]); config.sh would refuse to register`,
      lane.scope.kind === 'repository'
        ? 'remove runnerGroup from the lane: repository runners belong to Default'
        : `create the runner group "${lane.runnerGroup}" in ${lane.scope.kind === 'organization' ? lane.scope.org : lane.scopeKey} (Settings → Actions → Runner groups) or change runnerGroup, then plan again`,
    ),
  ];
}

function createSteps(lane: DesiredLane, runnerInstalled = false): Step[] {
  return [
    ...(runnerInstalled ? [] : [step('runner.prepare-directory', lane)]),
    step('runner.configure', lane),
    step('host.install-unit', lane),
    step('host.daemon-reload', lane),
    step('host.enable-now', lane),
    step('github.set-labels', lane),
  ];
}

function urlMatchesScope(url: string, lane: DesiredLane): boolean {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\/+$/, '');
  return path.toLowerCase() === scopeUrl(lane.scope, '').toLowerCase();
}

/** Baseline checks that concern this lane and fail: they block any action that builds or starts it. */
function baselineBlockers(lane: DesiredLane, host: HostObservation): Blocker[] {
  const subjects = new Set([lane.name, lane.serviceUser, lane.registrationRoot, lane.host, '*']);
  return host.baseline
    .filter((c) => !c.ok && subjects.has(c.subject) && (c.id !== 'docker-credential-isolation' || lane.containerBuilds))
    .map((c) => blocker('baseline_not_ready', `baseline ${c.id} for ${c.subject}: ${c.evidence}`, baselineFix(c.id, lane)));
}

function baselineFix(id: string, lane: DesiredLane): string {
  switch (id) {
    case 'service-user':
      return `create the user ${lane.serviceUser} on ${lane.host} (docs/host-setup.md)`;
    case 'disk-space':
      return `free disk space under ${lane.registrationRoot}`;
    case 'runner-dependencies':
      return `install the runner dependencies on ${lane.host} (docs/host-setup.md)`;
    case 'docker-credential-isolation':
      return `give ${lane.serviceUser} its own Docker config (docs/host-setup.md)`;
    default:
      return `fix ${id} on ${lane.host} (docs/host-setup.md)`;
  }
}
