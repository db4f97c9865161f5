/**
 * GitHub App installation tokens minted and renewed by the action itself (@octokit/auth-app).
 * An installation token lives one hour and an apply may run two; a token minted once by the
 * workflow would die halfway. Here every request asks for the current token, and a token is
 * replaced `RENEW_BEFORE_MS` before the `expires_at` GitHub gave it. One token per owner: the
 * installation is looked up for the one owner the lanes belong to, and the token is limited to
 * the permissions and repositories the command needs.
 */
import { createAppAuth } from '@octokit/auth-app';
import { request as octokitRequest } from '@octokit/request';
import { systemClock, type Clock } from '../util/clock.js';

/** Renew this long before the token's own expiry. */
export const RENEW_BEFORE_MS = 10 * 60_000;

export interface AppCredentials {
  readonly appId: string;
  readonly privateKey: string;
}

export interface InstallationTokenOptions {
  readonly baseUrl: string;
  /** The user or organisation the App is installed on. */
  readonly owner: string;
  /** Repository names (without owner) the token is limited to; all the installation's when empty. */
  readonly repositories: readonly string[];
  /** e.g. `{ administration: 'write', organization_self_hosted_runners: 'write' }`. */
  readonly permissions: Readonly<Record<string, 'read' | 'write'>>;
  readonly clock?: Clock;
  /** Told about every new token (the action masks it). */
  readonly onToken?: (token: string) => void;
}

export class AppInstallationError extends Error {
  override readonly name = 'AppInstallationError';
}

/** A function that returns a live installation token, minting a new one when the last is close to expiry. */
export function installationTokens(credentials: AppCredentials, options: InstallationTokenOptions): () => Promise<string> {
  const clock = options.clock ?? systemClock;
  const request = octokitRequest.defaults({ baseUrl: options.baseUrl });
  const entries = new Map<string, string>();
  const auth = createAppAuth({
    appId: credentials.appId,
    privateKey: credentials.privateKey,
    request,
    // auth-app's cache value is `token|createdAt|expiresAt|…`: an entry counts until RENEW_BEFORE_MS before expiresAt.
    cache: {
      get: (key: string) => {
        const value = entries.get(key);
        const expiresAt = value ? Date.parse(value.split('|')[2] ?? '') : NaN;
        return value !== undefined && expiresAt - RENEW_BEFORE_MS > clock.now().getTime() ? value : (undefined as unknown as string);
      },
      set: (key: string, value: string) => void entries.set(key, value),
    },
  });
  let installationId: number | null = null;
  let last = '';
  return async () => {
    installationId ??= await findInstallation(auth, request, options.owner);
    const { token } = await auth({
      type: 'installation',
      installationId,
      permissions: { ...options.permissions },
      ...(options.repositories.length > 0 ? { repositoryNames: [...options.repositories] } : {}),
    });
    if (token !== last) {
      last = token;
      options.onToken?.(token);
    }
    return token;
  };
}

async function findInstallation(auth: ReturnType<typeof createAppAuth>, request: typeof octokitRequest, owner: string): Promise<number> {
  const { token: jwt } = await auth({ type: 'app' });
  const failures: string[] = [];
  for (const route of ['GET /orgs/{owner}/installation', 'GET /users/{owner}/installation'] as const) {
    try {
      const { data } = await request(route, { owner, headers: { authorization: `bearer ${jwt}` } });
      return (data as { id: number }).id;
    } catch (e) {
      failures.push(`${route.replace('{owner}', owner)}: ${(e as { status?: number }).status ?? (e as Error).message}`);
    }
  }
  throw new AppInstallationError(
    `the GitHub App installation for ${owner} was not found (${failures.join('; ')}). Fix: install the App on ${owner} with the permissions docs/host-setup.md lists, or check app-id and app-private-key.`,
  );
}
