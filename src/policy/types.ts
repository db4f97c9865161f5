import type { RunnerVersionPolicy } from './schema.js';

/** Where a runner is registered. The key form (`repo:owner/name`, `org:login`) is used in JSON. */
export type Scope =
  | { readonly kind: 'repository'; readonly owner: string; readonly repo: string }
  | { readonly kind: 'organization'; readonly org: string };

export type ScopeKey = `repo:${string}` | `org:${string}`;

export function scopeKey(scope: Scope): ScopeKey {
  return scope.kind === 'repository' ? `repo:${scope.owner}/${scope.repo}` : `org:${scope.org}`;
}

export function parseScopeKey(key: string): Scope {
  const m = /^(repo|org):(.+)$/.exec(key);
  if (!m) throw new Error(`not a scope key: ${key}`);
  if (m[1] === 'org') return { kind: 'organization', org: m[2]! };
  const [owner, repo] = m[2]!.split('/');
  if (!owner || !repo) throw new Error(`not a repository scope key: ${key}`);
  return { kind: 'repository', owner, repo };
}

/** The URL `config.sh --url` takes for a scope. */
export function scopeUrl(scope: Scope, serverUrl = 'https://github.com'): string {
  const base = serverUrl.replace(/\/+$/, '');
  return scope.kind === 'repository' ? `${base}/${scope.owner}/${scope.repo}` : `${base}/${scope.org}`;
}

/** One lane after `count` expansion and defaults: everything the planner and apply need. */
export interface DesiredLane {
  readonly name: string;
  /** YAML path of the policy entry this lane came from, e.g. `lanes[2]`. */
  readonly path: string;
  readonly scope: Scope;
  readonly scopeKey: ScopeKey;
  readonly runnerGroup: string | undefined;
  readonly host: string;
  readonly registrationRoot: string;
  readonly directory: string;
  readonly serviceUser: string;
  readonly unit: string;
  readonly labels: readonly string[];
  readonly runnerVersion: RunnerVersionPolicy | undefined;
  readonly ensure: 'present' | 'absent';
  readonly drain: { readonly timeoutSeconds: number; readonly onTimeout: 'fail' | 'skip' };
  readonly containerBuilds: boolean;
}

export interface DesiredHost {
  readonly name: string;
  readonly approved: boolean;
  readonly registrationRoots: readonly string[];
  readonly serviceUsers: readonly string[];
  /** Users several lanes of the host may share (accepted risk, warned about in every plan). */
  readonly sharedServiceUsers?: readonly string[];
}

/** A policy that parsed and passed every check. */
export interface Policy {
  readonly version: 1;
  readonly managedLabel: string;
  readonly repositories: readonly string[];
  readonly organizations: readonly string[];
  readonly hosts: Readonly<Record<string, DesiredHost>>;
  readonly lanes: readonly DesiredLane[];
  /** Absent or required: apply checks that the environment lanekeeper-apply is protected. */
  readonly approvalGate?: { readonly required: boolean; readonly reason?: string | undefined } | undefined;
  /** sha256 of the canonical JSON of the parsed policy. */
  readonly digest: string;
}
