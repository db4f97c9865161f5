import type { DesiredLane } from '../policy/types.js';
import type { GitHubRunner, HostLaneObservation, HostObservation } from '../plan/observed.js';
import type { GateResult } from './types.js';

/** Completion gates of a lane that should be present. All must pass for `completed`. */
export function presentGates(lane: DesiredLane, hostObs: HostObservation, runner: GitHubRunner | null): GateResult[] {
  const hl = hostObs.lanes[lane.name];
  const unit = hl?.unit;
  const custom = runner ? runner.labels.filter((l) => l.type === 'custom').map((l) => l.name) : [];
  const labelsExact = runner !== null && custom.length === new Set(lane.labels).size && lane.labels.every((l) => custom.includes(l));
  const relevant = new Set([lane.name, lane.serviceUser, lane.registrationRoot, lane.host, '*']);
  const failedBaseline = hostObs.baseline.filter((c) => !c.ok && relevant.has(c.subject) && (c.id !== 'docker-credential-isolation' || lane.containerBuilds));
  return [
    {
      name: 'unit enabled and active',
      ok: unit?.fileState === 'enabled' && unit.activeState === 'active',
      evidence: unit ? `${unit.name}: ${unit.fileState}, ${unit.activeState}/${unit.subState}` : 'the host reported nothing for the lane',
    },
    {
      name: 'unit rendered by Lanekeeper',
      ok: unit?.matchesRendered === true,
      evidence: unit?.matchesRendered ? 'unit file equals the rendered unit' : 'unit file differs from the rendered unit',
    },
    {
      name: 'process runs as the service user',
      ok: unit?.mainPidUser === lane.serviceUser,
      evidence: unit?.mainPidUser ? `main PID ${unit.mainPid ?? '?'} runs as ${unit.mainPidUser}` : 'no main process',
    },
    {
      name: 'GitHub shows the lane online',
      ok: runner?.status === 'online',
      evidence: runner ? `runner #${runner.id} is ${runner.status}${runner.busy ? ', busy' : ''}` : `no runner named ${lane.name} in ${lane.scopeKey}`,
    },
    {
      name: 'labels exactly the policy',
      ok: labelsExact,
      evidence: runner ? `custom labels [${custom.join(', ')}], policy [${lane.labels.join(', ')}]` : 'no runner',
    },
    {
      name: 'baseline ready',
      ok: failedBaseline.length === 0,
      evidence: failedBaseline.length === 0 ? 'every baseline check passed' : failedBaseline.map((c) => `${c.id} ${c.subject}: ${c.evidence}`).join('; '),
    },
  ];
}

/** Completion gates of a lane that should be absent. */
export function absentGates(lane: DesiredLane, hl: HostLaneObservation | undefined, runner: GitHubRunner | null): GateResult[] {
  return [
    { name: 'registration gone from GitHub', ok: runner === null, evidence: runner ? `runner #${runner.id} still exists` : `no runner named ${lane.name} in ${lane.scopeKey}` },
    { name: 'unit removed', ok: !hl || hl.unit.fileState === 'absent', evidence: hl ? `${hl.unit.name}: ${hl.unit.fileState}` : 'no unit reported' },
    { name: 'directory removed', ok: !hl || !hl.directoryExists, evidence: hl?.directoryExists ? `${hl.directory} still exists` : 'directory absent' },
  ];
}
