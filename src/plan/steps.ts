import type { DesiredLane } from '../policy/types.js';
import type { Step, StepKind } from './types.js';

/** One sentence per step kind, with the lane's own names filled in. */
export function step(kind: StepKind, lane: DesiredLane, extra = ''): Step {
  const d = describe(kind, lane) + (extra ? ` ${extra}` : '');
  return kind === 'runner.configure' ? { kind, description: d, needsToken: 'registration' } : { kind, description: d };
}

function describe(kind: StepKind, lane: DesiredLane): string {
  switch (kind) {
    case 'lease.acquire':
      return `take the lease on lane ${lane.name} on ${lane.host}`;
    case 'github.cordon':
      return `remove the routing labels of ${lane.name} so no new job is routed to it`;
    case 'drain.wait':
      return `wait up to ${lane.drain.timeoutSeconds}s until ${lane.name} is idle (then ${lane.drain.onTimeout === 'fail' ? 'fail' : 'skip the lane'})`;
    case 'github.delete-runner':
      return `delete the registration of ${lane.name} in ${lane.scopeKey}`;
    case 'host.stop':
      return `stop ${lane.unit}`;
    case 'host.disable':
      return `disable ${lane.unit}`;
    case 'runner.unconfigure':
      return `run config.sh remove --local in ${lane.directory} as ${lane.serviceUser}`;
    case 'runner.prepare-directory':
      return `prepare ${lane.directory} with the runner distribution, owned by ${lane.serviceUser}`;
    case 'runner.configure':
      return `register ${lane.name} in ${lane.scopeKey} with config.sh as ${lane.serviceUser}`;
    case 'host.install-unit':
      return `install the rendered ${lane.unit}`;
    case 'host.daemon-reload':
      return 'reload systemd';
    case 'host.enable-now':
      return `enable and start ${lane.unit}`;
    case 'host.restart':
      return `restart ${lane.unit}`;
    case 'host.remove-unit':
      return `remove ${lane.unit}`;
    case 'runner.remove-directory':
      return `remove ${lane.directory}`;
    case 'github.set-labels':
      return `set the labels of ${lane.name} to [${lane.labels.join(', ')}]`;
    case 'verify.gates':
      return 'check every completion gate';
    case 'lease.release':
      return `release the lease on lane ${lane.name}`;
  }
}

/** Wraps mutating steps in the lease and, for ensure: present, the completion gates. */
export function leased(lane: DesiredLane, inner: Step[], verify = true): Step[] {
  return [step('lease.acquire', lane), ...inner, ...(verify ? [step('verify.gates', lane)] : []), step('lease.release', lane)];
}

/** Cordon and wait for idle, before anything that would interrupt a job. */
export function drainSteps(lane: DesiredLane): Step[] {
  return [step('github.cordon', lane), step('drain.wait', lane)];
}
