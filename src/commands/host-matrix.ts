/**
 * The hosts the workflow fans out over (`lanekeeper hosts --json`): the approved hosts of the
 * selected lanes. Host names end up in artifact names and runner labels, so each is checked; a
 * lane selection that matches nothing is an error naming the lanes the policy has, not an empty
 * matrix and a green run.
 */
import { HOST_NAME_PATTERN } from '../host/host-config.js';
import { selectLanes } from '../plan/planner.js';
import type { DesiredLane, DesiredHost, Scope } from '../policy/types.js';
import { Inputs } from '../constants.js';
import { InputError } from './errors.js';

export interface HostMatrix {
  /** Approved hosts that carry a selected lane, sorted. */
  readonly hosts: readonly string[];
  /** Hosts of selected lanes left out because the policy does not approve them (their lanes plan as blocked). */
  readonly unapproved: readonly string[];
}

/** Artifact names forbid `"` `:` `<` `>` `|` `*` `?` `\` `/` and line breaks; labels forbid commas. */
export const MATRIX_HOST_PATTERN = HOST_NAME_PATTERN;

export function hostMatrix(policy: { readonly lanes: readonly DesiredLane[]; readonly hosts: Readonly<Record<string, DesiredHost>> }, only: string): HostMatrix {
  const lanes = selectLanes(policy.lanes, only);
  if (lanes.length === 0 && only !== 'all') {
    // A pool's lanes are selected by their base name too (`ci` selects ci-1..N).
    const bases = policy.lanes.flatMap((l) => (/-\d+$/.test(l.name) ? [l.name.replace(/-\d+$/, '')] : []));
    const known = [...new Set([...policy.lanes.map((l) => l.name), ...bases])].sort();
    throw new InputError(Inputs.Lane, `no lane of the policy is called "${only}"; the policy has: ${known.join(', ') || '(no lanes)'}, or use "all"`);
  }
  const names = [...new Set(lanes.map((l) => l.host))].sort();
  for (const host of names) {
    if (!MATRIX_HOST_PATTERN.test(host)) {
      throw new InputError(Inputs.Policy, `host name ${JSON.stringify(host)} is not a host name (letters, digits, "." and "-", starting with a letter or digit): it becomes a runner label and part of artifact names; rename it in the policy`);
    }
  }
  const approved = (h: string) => policy.hosts[h]?.approved === true;
  return { hosts: names.filter(approved), unapproved: names.filter((h) => !approved(h)) };
}

export interface TokenScopes {
  /** Owners (users or organisations) of the selected lanes' scopes, sorted. */
  readonly owners: readonly string[];
  /** Repository names (without owner) of repository scopes, sorted. */
  readonly repositories: readonly string[];
  /** Whether any selected lane is an organisation lane (organization_self_hosted_runners). */
  readonly organizations: boolean;
}

/** What an App installation token must cover for the selected lanes: one token per owner. */
export function tokenScopes(policy: { readonly lanes: readonly DesiredLane[] }, only: string): TokenScopes {
  return scopesAccess(selectLanes(policy.lanes, only).map((l) => l.scope));
}

/** The owners, repository names and organisation flag of a list of scopes. */
export function scopesAccess(scopes: readonly Scope[]): TokenScopes {
  const owners = new Set<string>();
  const repositories = new Set<string>();
  let organizations = false;
  for (const scope of scopes) {
    if (scope.kind === 'repository') {
      owners.add(scope.owner);
      repositories.add(scope.repo);
    } else {
      owners.add(scope.org);
      organizations = true;
    }
  }
  return { owners: [...owners].sort(), repositories: [...repositories].sort(), organizations };
}
