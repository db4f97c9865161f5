import { Inputs } from '../constants.js';
import { createGitHubClient, resolveApiUrl } from '../github/octokit-client.js';
import { OctokitGitHubRunners } from '../github/octokit-runners.js';
import { prefixedRunner, spawnCommand } from '../host/command-runner.js';
import type { LeaseProofSource } from '../host/lease-proof.js';
import { SudoHostAgent } from '../host/sudo-host-agent.js';
import { InputError } from './errors.js';
import type { InstallationTokenOptions } from '../github/app-auth.js';
import type { TokenScopes } from './host-matrix.js';

/** What a token must reach: the lanes' owners and repositories, and whether the command writes. */
export interface TokenAccess extends TokenScopes {
  readonly write: boolean;
}
import type { CommandIO } from './io.js';

/**
 * How the host helper is reached when it is not on this machine's PATH via sudo: a JSON array
 * of words put before every command (e.g. `["nsenter","-t","4242","-a"]` for a container, or
 * `["ssh","ops@box1","--"]`). Empty on an ops runner, which runs on the host itself.
 */
export const HOST_EXEC_ENV = 'LANEKEEPER_HOST_EXEC';

/** Where the CLI takes the token from when --token is not given (keeps it out of the process list). */
export const TOKEN_ENV = 'LANEKEEPER_TOKEN';

/**
 * The GitHub adapter. With `app-id` and `app-private-key`, the action mints (and renews) the App
 * installation token itself for `access`: the one owner of the lanes, its repositories, and the
 * permissions the command needs. Otherwise `token` (or LANEKEEPER_TOKEN) as given.
 */
export function githubFromInputs(io: CommandIO, access?: TokenAccess): OctokitGitHubRunners {
  const appId = io.input(Inputs.AppId);
  const privateKey = io.input(Inputs.AppPrivateKey);
  if (appId || privateKey) {
    if (!appId || !privateKey) throw new InputError(appId ? Inputs.AppPrivateKey : Inputs.AppId, 'give both "app-id" and "app-private-key", or neither');
    if (!access) throw new InputError(Inputs.AppId, 'this command does not take a GitHub App; give "token"');
    io.setSecret(privateKey);
    if (access.owners.length > 1) {
      throw new InputError(Inputs.AppId, `the selected lanes belong to several owners (${access.owners.join(', ')}); a GitHub App installation token covers one owner: run once per owner, or give "token" (a fine-grained token for all of them)`);
    }
    const level = access.write ? 'write' : 'read';
    // Loaded only when an App is given: @octokit/auth-app is not worth its start-up time otherwise.
    let tokens: (() => Promise<string>) | null = null;
    const options: InstallationTokenOptions = {
        baseUrl: resolveApiUrl(io.input(Inputs.GitHubApiUrl), { GITHUB_API_URL: io.env('GITHUB_API_URL') }),
        owner: access.owners[0] ?? '',
        repositories: access.repositories,
        permissions: {
          ...(access.repositories.length > 0 ? { administration: level } : {}),
          ...(access.organizations ? { organization_self_hosted_runners: level } : {}),
        },
        onToken: (t) => io.setSecret(t),
    };
    const auth = async (): Promise<string> => {
      if (!options.owner) throw new InputError(Inputs.AppId, 'no selected lane names a scope, so there is no owner to mint a GitHub App token for');
      tokens ??= (await import('../github/app-auth.js')).installationTokens({ appId, privateKey }, options);
      return tokens();
    };
    const env = { GITHUB_API_URL: io.env('GITHUB_API_URL') };
    const octokit = createGitHubClient({ token: '', auth, baseUrl: resolveApiUrl(io.input(Inputs.GitHubApiUrl), env), log: (m) => io.info(m) });
    return new OctokitGitHubRunners(octokit, { onSecret: (s) => io.setSecret(s) });
  }
  const token = io.input(Inputs.Token) || io.env(TOKEN_ENV) || '';
  if (!token) {
    throw new InputError(
      Inputs.Token,
      `input "token" is empty (CLI: set ${TOKEN_ENV}, which keeps it out of the process list): give a GitHub App installation token or a fine-grained PAT with runner administration (GITHUB_TOKEN cannot manage self-hosted runners)`,
    );
  }
  io.setSecret(token);
  const env = { GITHUB_API_URL: io.env('GITHUB_API_URL') };
  const octokit = createGitHubClient({ token, baseUrl: resolveApiUrl(io.input(Inputs.GitHubApiUrl), env), log: (m) => io.info(m) });
  return new OctokitGitHubRunners(octokit, { onSecret: (s) => io.setSecret(s) });
}

export function serverUrlFromInputs(io: CommandIO): string {
  return (io.input(Inputs.GitHubServerUrl) || io.env('GITHUB_SERVER_URL') || 'https://github.com').replace(/\/+$/, '');
}

/** The host this job runs on, or null when the `host` input is empty (GitHub-only inventory). */
export function hostFromInputs(io: CommandIO, leaseProof?: LeaseProofSource): SudoHostAgent | null {
  const host = io.input(Inputs.Host);
  if (!host) return null;
  const prefix = parseHostExec(io.env(HOST_EXEC_ENV));
  const helper = io.input(Inputs.Helper);
  return new SudoHostAgent({
    host,
    ...(helper ? { helperPath: helper } : {}),
    run: prefix.length > 0 ? prefixedRunner(prefix) : spawnCommand,
    ...(leaseProof ? { leaseProof } : {}),
  });
}

function parseHostExec(value: string | undefined): string[] {
  if (!value) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InputError(HOST_EXEC_ENV, `${HOST_EXEC_ENV} must be a JSON array of words, e.g. ["nsenter","-t","4242","-a"]`);
  }
  if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string' && w.length > 0)) {
    throw new InputError(HOST_EXEC_ENV, `${HOST_EXEC_ENV} must be a JSON array of non-empty strings`);
  }
  return parsed as string[];
}

/** The repository running the workflow, from `GITHUB_REPOSITORY` (the runner sets it), as "owner/name". */
export function workflowRepository(io: CommandIO): { readonly owner: string; readonly repo: string; readonly fullName: string } {
  const fullName = io.env('GITHUB_REPOSITORY') ?? '';
  const m = /^([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)$/.exec(fullName);
  if (!m) throw new InputError('GITHUB_REPOSITORY', 'GITHUB_REPOSITORY must name the repository that runs the workflow ("owner/name"); the workflow sets it');
  return { owner: m[1]!, repo: m[2]!, fullName };
}
