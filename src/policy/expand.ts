import type { ParsedPolicy } from './schema.js';
import type { DesiredHost, DesiredLane, Scope } from './types.js';
import { scopeKey } from './types.js';

const UNIT_NAME_PLACEHOLDER = '<name>';

/** Applies defaults and expands `count` pools into `<name>-1..N`. Pure; checks come after. */
export function expandPolicy(parsed: ParsedPolicy): { hosts: Record<string, DesiredHost>; lanes: DesiredLane[] } {
  const hosts: Record<string, DesiredHost> = {};
  for (const [name, h] of Object.entries(parsed.hosts)) {
    hosts[name] = { name, approved: h.approved, registrationRoots: h.registrationRoots, serviceUsers: h.serviceUsers, ...(h.sharedServiceUsers ? { sharedServiceUsers: h.sharedServiceUsers } : {}) };
  }
  const lanes: DesiredLane[] = [];
  parsed.lanes.forEach((entry, index) => {
    const path = `lanes[${index}]`;
    const scope: Scope = entry.repository
      ? { kind: 'repository', owner: entry.repository.split('/')[0]!, repo: entry.repository.split('/')[1]! }
      : { kind: 'organization', org: entry.organization! };
    const names = entry.count === undefined ? [entry.name] : Array.from({ length: entry.count }, (_, i) => `${entry.name}-${i + 1}`);
    for (const name of names) {
      const unitTemplate = entry.unit ?? `lanekeeper-runner@${UNIT_NAME_PLACEHOLDER}.service`;
      lanes.push({
        name,
        path,
        scope,
        scopeKey: scopeKey(scope),
        runnerGroup: entry.runnerGroup,
        host: entry.host,
        registrationRoot: entry.registrationRoot,
        directory: `${entry.registrationRoot.replace(/\/+$/, '')}/${name}`,
        serviceUser: entry.serviceUser.split(UNIT_NAME_PLACEHOLDER).join(name),
        unit: unitTemplate.split(UNIT_NAME_PLACEHOLDER).join(name),
        labels: entry.labels,
        runnerVersion: entry.runnerVersion,
        ensure: entry.ensure,
        drain: entry.drain,
        containerBuilds: entry.containerBuilds,
      });
    }
  });
  return { hosts, lanes };
}
