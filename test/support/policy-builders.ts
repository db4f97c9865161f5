import { policyFromObject, type LoadedPolicy } from '../../src/policy/load.js';
import type { PolicyInput } from '../../src/policy/schema.js';

type LaneInput = NonNullable<PolicyInput['lanes']>[number];

export function laneInput(name: string, o: Partial<LaneInput> = {}): LaneInput {
  return {
    name,
    repository: 'acme/api',
    host: 'box1',
    registrationRoot: '/srv/runners',
    serviceUser: 'runner',
    labels: ['lanekeeper-managed', 'api'],
    ...o,
  };
}

export function policyInput(lanes: LaneInput[], o: Partial<PolicyInput> = {}): PolicyInput {
  return {
    version: 1,
    repositories: ['acme/api', 'acme/web'],
    organizations: ['acme'],
    hosts: {
      // Most planner tests are about something else than identities: box1 accepts a shared user.
      box1: { approved: true, registrationRoots: ['/srv/runners'], serviceUsers: ['runner'], sharedServiceUsers: ['runner'] },
      box2: { approved: false, registrationRoots: ['/srv/runners'], serviceUsers: ['runner'] },
    },
    lanes,
    ...o,
  };
}

export function policyOf(lanes: LaneInput[], o: Partial<PolicyInput> = {}): LoadedPolicy {
  return policyFromObject(policyInput(lanes, o));
}
