/**
 * A throw-away host for helper tests: a root-owned host config, an approved root, a state and a
 * unit directory, all under one temp dir, and a way to run the helper (src/helper/main.ts) as a
 * child process against it: the ncc bundle of src/helper/main.ts, the artifact users install. The tests run as root (CI does), as the helper's trust checks require.
 */
import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostConfigInput } from '../../src/host/host-config.js';
import { HELPER_HOST_CONFIG_PATH } from '../../src/helper/trusted-config.js';
import { helperBundle } from '../rig/helper-bundle.js';
import { leaseAudience } from '../../src/host/lease-proof.js';
import { OidcIssuer, type JobIdentity } from '../../src/sim/oidc-issuer.js';

/** The apply job the fixture's host config trusts. */
export const FIXTURE_JOB: JobIdentity = {
  repository: 'acme/ops',
  jobWorkflowRef: 'acme/lanekeeper/.github/workflows/lanes-reusable.yml@refs/heads/main',
  ref: 'refs/heads/main',
  environment: 'lanekeeper-apply',
  event: 'workflow_dispatch',
  runId: '4242',
  runAttempt: '2',
  actor: 'release-manager',
};
export const FIXTURE_PLAN_DIGEST = 'ab'.repeat(32);


export interface HelperRun {
  readonly exitCode: number;
  readonly reply: { ok: boolean; verb?: string; error?: { code: string; message: string; fix: string }; [key: string]: unknown };
}

export interface HelperFixture {
  readonly base: string;
  readonly root: string;
  /** An approved root that is a symlink to `outside`. */
  readonly linkedRoot: string;
  /** A directory outside every root. */
  readonly outside: string;
  readonly configPath: string;
  readonly stateDirectory: string;
  readonly unitDirectory: string;
  /** A user that exists here and is allowed. */
  readonly user: string;
  laneArgs(lane: string, overrides?: Partial<Record<'lane' | 'root' | 'user' | 'unit', string>>): string[];
  /**
   * Runs the helper. A new lease (lease-acquire without --fencing-token or --plan-digest) gets
   * the approved job's valid proof unless `proof: false`; `stdin` is what the helper reads.
   */
  run(args: readonly string[], env?: Record<string, string>, options?: { stdin?: string; proof?: false }): Promise<HelperRun>;
  /** The test OIDC issuer whose keys the config pins, the trusted job, and the plan its proofs bind. */
  readonly issuer: OidcIssuer;
  readonly job: JobIdentity;
  readonly planDigest: string;
  readonly host: string;
  /** Every file, link and directory under the fixture with content and mode, for before/after checks. */
  snapshot(): string;
  cleanup(): void;
}

export function makeHelperFixture(extra: Partial<HostConfigInput> = {}): HelperFixture {
  const base = mkdtempSync('/var/tmp/lanekeeper-helper-test-');
  chmodSync(base, 0o755);
  const root = join(base, 'srv', 'runners');
  const outside = join(base, 'outside');
  const stateDirectory = join(base, 'state');
  const unitDirectory = join(base, 'units');
  const etc = join(base, 'etc');
  for (const d of [root, outside, unitDirectory, etc]) mkdirSync(d, { recursive: true, mode: 0o755 });
  // An approved root that is a symbolic link out of the tree: the helper must refuse it.
  const linkedRoot = join(base, 'srv', 'linked');
  symlinkSync(outside, linkedRoot);
  const user = 'nobody';
  const issuer = new OidcIssuer();
  const config = {
    version: 1,
    host: 'test-host',
    registrationRoots: [root, linkedRoot],
    serviceUsers: [user, 'ghost'],
    stateDirectory,
    unitDirectory,
    runnerDistribution: join(base, 'dist'),
    helperPath: join(base, 'helper.mjs'),
    trust: {
      jwks: issuer.jwks(),
      repository: FIXTURE_JOB.repository,
      jobWorkflowRefs: [FIXTURE_JOB.jobWorkflowRef],
      refs: ['refs/heads/main'],
    },
    ...extra,
  };
  const configPath = join(etc, 'host.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o644 });
  const helper = testBuild(helperBundle(), configPath, base);
  const withProof = async (args: readonly string[], options: { stdin?: string; proof?: false }): Promise<{ args: readonly string[]; stdin: string }> => {
    const newLease = args[0] === 'lease-acquire' && !args.includes('--fencing-token') && !args.includes('--plan-digest');
    if (!newLease || options.proof === false || options.stdin !== undefined || !config.trust) return { args, stdin: options.stdin ?? '' };
    const token = await issuer.mint(FIXTURE_JOB, { audience: leaseAudience(config.host, FIXTURE_PLAN_DIGEST) });
    return { args: [...args, '--plan-digest', FIXTURE_PLAN_DIGEST], stdin: token };
  };
  const run = async (rawArgs: readonly string[], env: Record<string, string> = {}, options: { stdin?: string; proof?: false } = {}): Promise<HelperRun> => {
    const { args, stdin } = await withProof(rawArgs, options);
    return new Promise((resolve, reject) => {
      const child = execFile(
        process.execPath,
        [helper, ...args],
        // As the ops user's sudo call does: sudo sets SUDO_UID to the (non-root) caller.
        { env: { ...process.env, SUDO_UID: '1000', ...env }, timeout: 30_000 },
        (error, stdout) => {
          const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          try {
            resolve({ exitCode, reply: JSON.parse(stdout.trim().split('\n').pop() ?? '') });
          } catch {
            reject(new Error(`helper printed no JSON (exit ${exitCode}): ${stdout} ${error?.message ?? ''}`));
          }
        },
      );
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(stdin);
    });
  };
  return {
    base,
    root,
    linkedRoot,
    outside,
    configPath,
    stateDirectory,
    unitDirectory,
    user,
    laneArgs: (lane, o = {}) => [
      '--lane', o.lane ?? lane,
      '--root', o.root ?? root,
      '--user', o.user ?? user,
      '--unit', o.unit ?? `lanekeeper-runner@${o.lane ?? lane}.service`,
    ],
    run,
    issuer,
    job: FIXTURE_JOB,
    planDigest: FIXTURE_PLAN_DIGEST,
    host: config.host,
    snapshot: () => snapshotTree(base),
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

/**
 * A test build of the helper: the bundle with its fixed host-config path replaced by the
 * fixture's. The installed helper has no other way to read another config.
 */
export function testBuild(bundle: string, configPath: string, dir: string): string {
  const text = readFileSync(bundle, 'utf8');
  if (!text.includes(HELPER_HOST_CONFIG_PATH)) throw new Error(`the helper bundle does not mention ${HELPER_HOST_CONFIG_PATH}`);
  const file = join(dir, 'helper-under-test.mjs');
  writeFileSync(file, text.split(HELPER_HOST_CONFIG_PATH).join(configPath), { mode: 0o755 });
  return file;
}

export function snapshotTree(dir: string): string {
  const lines: string[] = [];
  const walk = (path: string): void => {
    const st = lstatSync(path);
    const mode = (st.mode & 0o7777).toString(8);
    if (st.isSymbolicLink()) lines.push(`L ${path} -> ${readlinkSync(path)}`);
    else if (st.isDirectory()) {
      lines.push(`D ${path} ${mode} ${st.uid}`);
      for (const entry of readdirSync(path).sort()) walk(join(path, entry));
    } else lines.push(`F ${path} ${mode} ${st.uid} ${readFileSync(path, 'utf8')}`);
  };
  walk(dir);
  return lines.join('\n');
}
