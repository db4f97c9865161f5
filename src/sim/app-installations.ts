/**
 * A GitHub App and its installations, as much as @octokit/auth-app uses: `GET /orgs/{org}/
 * installation` and `GET /users/{user}/installation` (App JWT), `POST /app/installations/{id}/
 * access_tokens` (App JWT; answers an installation token that expires after one hour, limited to
 * the requested repositories and permissions). Tokens it minted are accepted by the simulator's
 * REST routes until they expire (simulator clock); after that they get 401, as on GitHub.
 *
 * Wired into the simulator with `sim.use(app.handler)`.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify } from 'jose';
import type { Clock } from '../util/clock.js';
import { parseJsonObject, sendJson } from './http.js';

const TOKEN_LIFETIME_MS = 60 * 60_000;

export interface MintedInstallationToken {
  readonly token: string;
  readonly installationId: number;
  readonly mintedAt: string;
  readonly expiresAt: string;
  readonly repositories: readonly string[] | null;
  readonly permissions: Readonly<Record<string, string>>;
}

interface Installation {
  readonly id: number;
  readonly login: string;
  readonly type: 'Organization' | 'User';
}

export class SimGitHubApp {
  readonly appId = '424242';
  readonly privateKeyPem: string;
  readonly #publicKey: KeyObject;
  readonly #installations: Installation[] = [];
  readonly #tokens = new Map<string, MintedInstallationToken>();
  /** Every installation token minted, in order. */
  readonly minted: MintedInstallationToken[] = [];

  constructor(private readonly sim: { readonly clock: Clock; acceptToken(token: string): void }) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    this.#publicKey = createPublicKey(publicKey.export({ format: 'pem', type: 'spki' }));
  }

  install(login: string, type: 'Organization' | 'User' = 'Organization'): number {
    const id = 7000 + this.#installations.length;
    this.#installations.push({ id, login, type });
    return id;
  }

  readonly handler = async (req: IncomingMessage, res: ServerResponse, ctx: { url: URL; body: Buffer }): Promise<boolean> => {
    const path = ctx.url.pathname;
    const bearer = (/^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '') ?? [])[1] ?? '';
    const lookup = /^\/(orgs|users)\/([^/]+)\/installation$/.exec(path);
    const mint = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    if ((lookup && req.method === 'GET') || (mint && req.method === 'POST')) {
      if (!(await this.#validJwt(bearer))) {
        sendJson(res, 401, { message: 'A JSON web token could not be decoded', documentation_url: 'https://docs.github.com/rest', status: '401' });
        return true;
      }
      if (lookup) {
        const type = lookup[1] === 'orgs' ? 'Organization' : 'User';
        const found = this.#installations.find((i) => i.login.toLowerCase() === lookup[2]!.toLowerCase() && i.type === type);
        if (!found) sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/apps/apps', status: '404' });
        else sendJson(res, 200, { id: found.id, app_id: Number(this.appId), account: { login: found.login, type: found.type }, target_type: found.type, repository_selection: 'all', permissions: { administration: 'write', organization_self_hosted_runners: 'write' } });
        return true;
      }
      const installation = this.#installations.find((i) => i.id === Number(mint![1]));
      if (!installation) {
        sendJson(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/apps/apps', status: '404' });
        return true;
      }
      const body = parseJsonObject(ctx.body) ?? {};
      const repositories = Array.isArray(body['repositories']) ? (body['repositories'] as string[]) : null;
      const permissions = (body['permissions'] as Record<string, string> | undefined) ?? { administration: 'write', organization_self_hosted_runners: 'write' };
      const now = this.sim.clock.now();
      const token = `ghs_${randomBytes(18).toString('base64url')}`;
      const minted: MintedInstallationToken = { token, installationId: installation.id, mintedAt: now.toISOString(), expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'), repositories, permissions };
      this.#tokens.set(token, minted);
      this.minted.push(minted);
      this.sim.acceptToken(token);
      sendJson(res, 201, {
        token,
        expires_at: minted.expiresAt,
        permissions,
        repository_selection: repositories ? 'selected' : 'all',
        ...(repositories ? { repositories: repositories.map((name, i) => ({ id: 9000 + i, name, full_name: `${installation.login}/${name}` })) } : {}),
      });
      return true;
    }
    // An installation token past its hour is refused everywhere, as GitHub does.
    const issued = this.#tokens.get(bearer);
    if (issued && Date.parse(issued.expiresAt) <= this.sim.clock.now().getTime()) {
      sendJson(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      return true;
    }
    return false;
  };

  async #validJwt(token: string): Promise<boolean> {
    try {
      const { payload } = await jwtVerify(token, this.#publicKey, { algorithms: ['RS256'], clockTolerance: 60, currentDate: this.sim.clock.now() });
      return String(payload.iss) === this.appId;
    } catch {
      return false;
    }
  }
}
