import type { DesiredLane } from '../policy/types.js';
import type { StepKind } from '../plan/types.js';

/** What a person does when a lane failed at this step: the state is safe, this brings it home. */
export function recoveryHint(kind: StepKind | 'gates', lane: DesiredLane): string {
  switch (kind) {
    case 'lease.acquire':
      return `another apply holds lane ${lane.name}, or its lease has not expired yet: wait for it (or for the lease to expire) and run apply again`;
    case 'github.cordon':
      return `nothing was changed; check the token's runner permissions for ${lane.scopeKey} and run apply again`;
    case 'github.set-labels':
      return `the lane is registered and supervised but its labels may not be the policy's yet; check the token's runner permissions for ${lane.scopeKey}, then plan and apply again (the plan reconciles the labels)`;
    case 'drain.wait':
      return `the lane was still busy when the drain timed out; its labels were restored. Run apply again when it is idle, or raise drain.timeoutSeconds`;
    case 'github.delete-runner':
    case 'runner.unconfigure':
      return `the registration may still exist; run inventory and plan again: the next plan shows what is left (docs/runbook.md, "Remove a lane by hand")`;
    case 'runner.prepare-directory':
    case 'runner.configure':
      return `${lane.directory} may be half prepared; run plan again: a half-configured directory plans as create with config.sh remove --local first, which clears the leftovers (docs/runbook.md)`;
    case 'host.install-unit':
    case 'host.daemon-reload':
    case 'host.enable-now':
    case 'host.restart':
    case 'host.stop':
    case 'host.disable':
    case 'host.remove-unit':
    case 'runner.remove-directory':
      return `see "journalctl -u ${lane.unit}" and "systemctl status ${lane.unit}" on ${lane.host}; fix the cause, then run plan and apply again (docs/runbook.md)`;
    case 'gates':
    case 'verify.gates':
      return `the change was made but not every completion gate passed; see the failed gate, fix the cause on ${lane.host}, then plan and apply again`;
    case 'lease.release':
      return 'the lease will expire by itself; nothing to do';
  }
}
