import type { GitHubScopeObservation } from '../plan/observed.js';
import { scopeKey, type Scope } from '../policy/types.js';
import type { GitHubRunners } from './port.js';

/**
 * Lists every runner of every distinct scope, one paginated listing per scope (never one call
 * per lane). A scope that cannot be listed becomes an observation with `error` set, so the
 * planner blocks the lanes of that scope and nothing else. Observations come sorted by scope
 * key and runners by id, so the same GitHub state always serialises the same way.
 */
export async function observeGitHub(scopes: readonly Scope[], runners: GitHubRunners): Promise<GitHubScopeObservation[]> {
  const distinct = new Map(scopes.map((scope) => [scopeKey(scope), scope] as const));
  const keys = [...distinct.keys()].sort();
  return Promise.all(
    keys.map(async (key): Promise<GitHubScopeObservation> => {
      try {
        const scope = distinct.get(key)!;
        const listed = await runners.listRunners(scope);
        const observation: GitHubScopeObservation = { scope: key, runners: [...listed].sort((a, b) => a.id - b.id) };
        if (scope.kind !== 'organization') return observation;
        // An organisation's runner groups, so a lane's runnerGroup is checked before config.sh
        // refuses it. A token that may not list them leaves the check to config.sh.
        try {
          return { ...observation, runnerGroups: (await runners.listRunnerGroups(scope.org)).sort() };
        } catch {
          return observation;
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { scope: key, error: message.includes(key) ? message : `listing the runners of ${key} failed: ${message}`, runners: [] };
      }
    }),
  );
}
