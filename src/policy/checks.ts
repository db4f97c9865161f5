import type { PolicyProblem } from './errors.js';
import { LANE_NAME_PATTERN } from './schema.js';
import type { DesiredLane, Policy } from './types.js';

/**
 * Cross-field checks of an expanded policy. Every problem names its lane, YAML path and fix;
 * the planner blocks exactly the lanes that have one, so one bad entry cannot stop the rest.
 */
export function checkPolicy(policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  problems.push(...sharedServiceUsers(policy).filter((s) => !s.allowed).flatMap((s) => s.problems));
  const seen = new Map<string, DesiredLane>();
  for (const lane of policy.lanes) {
    problems.push(...checkLane(policy, lane));
    const first = seen.get(lane.name);
    if (first) {
      const message = `lane name "${lane.name}" is used by ${first.path} and ${lane.path}`;
      const fix = 'give every lane (after count expansion) a unique name';
      problems.push({ lane: lane.name, code: 'duplicate_lane_name', path: `${lane.path}.name`, message, fix });
    } else {
      seen.set(lane.name, lane);
    }
  }
  if (policy.approvalGate?.required === false) problems.push(approvalGateWaiver(policy.approvalGate.reason));
  return problems;
}

export interface SharedServiceUser {
  readonly host: string;
  readonly user: string;
  readonly lanes: readonly DesiredLane[];
  /** Listed in hosts.<host>.sharedServiceUsers: the plan warns instead of blocking. */
  readonly allowed: boolean;
  readonly problems: readonly PolicyProblem[];
}

/**
 * One identity per lane: a lane's jobs can read and rewrite everything its service user owns, so
 * lanes (ensure: present) of one host that share a user are blocked, unless the host lists the
 * user in sharedServiceUsers (the host config must then list it too, or the helper refuses).
 */
export function sharedServiceUsers(policy: Policy): SharedServiceUser[] {
  const byUser = new Map<string, DesiredLane[]>();
  for (const lane of policy.lanes) {
    if (lane.ensure !== 'present') continue;
    const key = `${lane.host}\u0000${lane.serviceUser}`;
    byUser.set(key, [...(byUser.get(key) ?? []), lane]);
  }
  const out: SharedServiceUser[] = [];
  for (const [key, lanes] of byUser) {
    if (lanes.length < 2) continue;
    const [host = '', user = ''] = key.split('\u0000');
    const allowed = policy.hosts[host]?.sharedServiceUsers?.includes(user) ?? false;
    const names = lanes.map((l) => l.name).join(', ');
    out.push({
      host,
      user,
      lanes,
      allowed,
      problems: lanes.map((l) => ({
        lane: l.name,
        code: 'service_user_shared' as const,
        path: `${l.path}.serviceUser`,
        message: `${user} is the service user of ${lanes.length} lanes on ${host} (${names}): a job on one of them can read and rewrite the others`,
        fix: `give each lane its own service user (add them to hosts.${host}.serviceUsers and the host config), or accept the risk: list ${user} in hosts.${host}.sharedServiceUsers and in the host config's sharedServiceUsers`,
      })),
    });
  }
  return out;
}

/**
 * A waived approval gate is not a blocker but a warning every plan (and so every audit record)
 * carries: apply then runs without checking that lanekeeper-apply has required reviewers.
 */
export function approvalGateWaiver(reason: string | undefined): PolicyProblem {
  return {
    path: 'approvalGate.required',
    code: 'approval_gate_waived',
    message: `the approval gate is waived (${reason ?? 'no reason given'}): apply does not check that the environment lanekeeper-apply has required reviewers, prevent self-review and a deployment-branch rule`,
    fix: 'protect the environment lanekeeper-apply (docs/host-setup.md, "The set-up, in order") and remove approvalGate from the policy',
  };
}

/** Problems that warn but do not make the policy invalid. */
export const WARNING_CODES: readonly string[] = ['approval_gate_waived'];

export function isSafeLaneName(name: string): boolean {
  return LANE_NAME_PATTERN.test(name);
}

/** A root is safe when it is absolute, normalised and has no `.`/`..` segments. */
export function isNormalisedAbsolutePath(path: string): boolean {
  if (!path.startsWith('/') || path.includes('\0')) return false;
  const segments = path.split('/').slice(1);
  return segments.every((s, i) => s !== '.' && s !== '..' && (s !== '' || (i === segments.length - 1 && segments.length === 1)));
}

function checkLane(policy: Policy, lane: DesiredLane): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const p = (code: PolicyProblem['code'], field: string, message: string, fix: string) =>
    out.push({ lane: lane.name, code, path: field ? `${lane.path}.${field}` : lane.path, message, fix });

  if (!isSafeLaneName(lane.name)) {
    p(
      'unsafe_lane_name',
      'name',
      `lane name ${JSON.stringify(lane.name)} is not safe as a directory, unit and runner name`,
      'use 1-63 characters of a-z, 0-9 and "-", starting with a letter or digit (pattern ^[a-z0-9][a-z0-9-]{0,62}$)',
    );
  }
  if (!isNormalisedAbsolutePath(lane.registrationRoot)) {
    p('path_traversal', 'registrationRoot', `${lane.registrationRoot} is not a normalised absolute path`, 'write the root without "." or ".." segments or a trailing slash');
  }

  const scopeName = lane.scope.kind === 'repository' ? `${lane.scope.owner}/${lane.scope.repo}` : lane.scope.org;
  if (lane.scope.kind === 'repository' && !policy.repositories.includes(scopeName)) {
    p('scope_not_allowlisted', 'repository', `repository ${scopeName} is not in repositories [${policy.repositories.join(', ')}]`, `add ${scopeName} to repositories, or fix the lane's repository`);
  }
  if (lane.scope.kind === 'organization' && !policy.organizations.includes(scopeName)) {
    p('scope_not_allowlisted', 'organization', `organization ${scopeName} is not in organizations [${policy.organizations.join(', ')}]`, `add ${scopeName} to organizations, or fix the lane's organization`);
  }

  const host = policy.hosts[lane.host];
  if (!host) {
    p('host_unknown', 'host', `host ${lane.host} is not defined in hosts [${Object.keys(policy.hosts).join(', ')}]`, `add hosts.${lane.host}, or fix the lane's host`);
  } else {
    if (!host.approved) {
      p('host_not_approved', 'host', `host ${lane.host} is not approved (hosts.${lane.host}.approved is false)`, `set up the host (docs/host-setup.md), then set hosts.${lane.host}.approved: true`);
    }
    if (!host.registrationRoots.includes(lane.registrationRoot)) {
      p('root_not_allowlisted', 'registrationRoot', `${lane.registrationRoot} is not in hosts.${lane.host}.registrationRoots [${host.registrationRoots.join(', ')}]`, `use one of [${host.registrationRoots.join(', ')}] or add the root to hosts.${lane.host}.registrationRoots`);
    }
    if (!host.serviceUsers.includes(lane.serviceUser)) {
      p('service_user_not_allowed', 'serviceUser', `${lane.serviceUser} is not in hosts.${lane.host}.serviceUsers [${host.serviceUsers.join(', ')}]`, `use one of [${host.serviceUsers.join(', ')}] or add the user to hosts.${lane.host}.serviceUsers`);
    }
  }
  if (!lane.labels.includes(policy.managedLabel)) {
    p('managed_label_missing', 'labels', `labels [${lane.labels.join(', ')}] lack the managed label "${policy.managedLabel}"`, `add "${policy.managedLabel}" to the lane's labels`);
  }
  if (!/^[A-Za-z0-9@._-]{1,200}\.service$/.test(lane.unit) || lane.unit.includes('..') || (isSafeLaneName(lane.name) && !lane.unit.includes(`@${lane.name}.service`))) {
    p('unit_mismatch', 'unit', `unit ${JSON.stringify(lane.unit)} is not a unit name for lane ${lane.name}`, 'leave unit out (default lanekeeper-runner@<name>.service) or use a name ending in "@<name>.service"');
  }
  return out;
}
