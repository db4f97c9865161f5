/**
 * HostAgent over the privileged helper, run as `sudo -n <helper> <verb> ...`, and the runner's
 * own scripts run as the lane's service user (`sudo -n -u <user> ...`). Every helper verb goes
 * through one exec → decode → validate path (`#call`); a timeout, a non-JSON reply or a reply
 * that does not match the protocol becomes a HelperError.
 */
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { HostObservation } from '../plan/observed.js';
import type { Secret } from '../util/secret.js';
import { spawnCommand, type CommandResult, type CommandRunner } from './command-runner.js';
import { LANE_NAME_PATTERN } from '../policy/schema.js';
import { DEFAULT_HELPER_PATH, SAFE_PATH_PATTERN, USER_NAME_PATTERN } from './host-config.js';
import {
  HelperArgs,
  HelperErrorReplySchema,
  HelperExit,
  ReplySchemas,
  type HelperErrorCode,
  type HelperReply,
  type HelperVerb,
  type MutatingVerb,
} from './helper-protocol.js';
import { leaseAudience, type LeaseProofSource } from './lease-proof.js';
import type { HostAgent, LaneRef, Lease, RunnerRegistration } from './port.js';
import { laneDirectory } from './unit.js';

/** The environment variable actions/runner's config.sh reads for `--token` (ACTIONS_RUNNER_INPUT_<NAME>). */
export const RUNNER_TOKEN_ENV = 'ACTIONS_RUNNER_INPUT_TOKEN';

export class HelperError extends Error {
  override readonly name = 'HelperError';
  constructor(
    readonly verb: string,
    /** The helper's exit code; null when it was killed (timeout) or never started. */
    readonly exitCode: number | null,
    readonly code: HelperErrorCode | 'TIMEOUT' | 'BAD_REPLY' | 'COMMAND_FAILED',
    readonly detail: string,
    readonly fix: string,
  ) {
    super(`host helper ${verb} failed (${code}${exitCode === null ? '' : `, exit ${exitCode}`}): ${detail}. Fix: ${fix}`);
  }

  /** Lease conflicts and stale tokens: another run owns the lane. */
  get isLeaseConflict(): boolean {
    return this.exitCode === HelperExit.LeaseConflict;
  }

  get isNotFound(): boolean {
    return this.exitCode === HelperExit.NotFound;
  }
}

export interface SudoHostAgentOptions {
  /** The host name, as the host config and the policy spell it. */
  readonly host: string;
  readonly helperPath?: string;
  /** lane-runner, installed beside the helper by scripts/install-helper.sh. */
  readonly laneRunnerPath?: string;
  /** Runs one argv on the host: spawnCommand locally, prefixedRunner(['nsenter', ...]) in the rig. */
  readonly run?: CommandRunner;
  /** How to become root for the helper; default `sudo -n`. */
  readonly sudo?: readonly string[];
  readonly timeoutMs?: number;
  /** For config.sh and the unit verbs that may wait for a job to stop. */
  readonly longTimeoutMs?: number;
  /**
   * Proof of the approved apply job for lease-acquire: an OIDC token whose audience binds this
   * host and the plan digest, handed to the helper on stdin. Without it the helper (with a trust
   * section) refuses every new lease.
   */
  readonly leaseProof?: LeaseProofSource | undefined;
}

export class SudoHostAgent implements HostAgent {
  readonly host: string;
  readonly #helper: string;
  readonly #laneRunner: string;
  readonly #run: CommandRunner;
  readonly #sudo: readonly string[];
  readonly #timeoutMs: number;
  readonly #longTimeoutMs: number;
  readonly #leaseProof: LeaseProofSource | undefined;

  constructor(options: SudoHostAgentOptions) {
    this.host = options.host;
    this.#helper = options.helperPath ?? DEFAULT_HELPER_PATH;
    this.#laneRunner = options.laneRunnerPath ?? `${dirname(this.#helper)}/lane-runner`;
    this.#run = options.run ?? spawnCommand;
    this.#sudo = options.sudo ?? ['sudo', '-n'];
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#longTimeoutMs = options.longTimeoutMs ?? 15 * 60_000;
    this.#leaseProof = options.leaseProof;
  }

  async status(lanes: readonly LaneRef[]): Promise<HostObservation> {
    const reply = await this.#call('status', lanes.flatMap(laneArgs));
    return reply.observation;
  }

  async leaseAcquire(lane: LaneRef, holder: string, ttlSeconds: number): Promise<Lease> {
    const args = [...laneArgs(lane), HelperArgs.Holder, holder, HelperArgs.TtlSeconds, String(ttlSeconds)];
    const proof = this.#leaseProof;
    if (!proof) return (await this.#call('lease-acquire', args)).lease;
    // A fresh token per lease: GitHub's ID tokens live minutes, an apply may run for hours.
    let token: string;
    try {
      token = await proof.idToken(leaseAudience(this.host, proof.planDigest));
    } catch (e) {
      throw new HelperError('lease-acquire', null, 'COMMAND_FAILED', `could not get the job's OIDC token: ${(e as Error).message}`, 'Give the apply job `permissions: id-token: write` (the reusable workflow does); apply proves itself to the host with that token.');
    }
    const reply = await this.#call('lease-acquire', [...args, HelperArgs.PlanDigest, proof.planDigest], this.#timeoutMs, token);
    return reply.lease;
  }

  async leaseRenew(lane: LaneRef, lease: Lease, ttlSeconds: number): Promise<Lease> {
    const reply = await this.#call('lease-acquire', [
      ...laneArgs(lane),
      HelperArgs.Holder,
      lease.holder,
      HelperArgs.TtlSeconds,
      String(ttlSeconds),
      HelperArgs.FencingToken,
      String(lease.fencingToken),
    ]);
    return reply.lease;
  }

  async leaseRelease(lane: LaneRef, lease: Lease): Promise<void> {
    await this.#call('lease-release', [...laneArgs(lane), HelperArgs.Holder, lease.holder, HelperArgs.FencingToken, String(lease.fencingToken)]);
  }

  async installOrUpdateUnit(lane: LaneRef, fencingToken: number): Promise<{ changed: boolean }> {
    const reply = await this.#unitVerb('install-or-update-unit', lane, fencingToken);
    return { changed: reply.changed };
  }

  async daemonReload(lane: LaneRef, fencingToken: number): Promise<void> {
    await this.#unitVerb('daemon-reload', lane, fencingToken);
  }

  async enableNow(lane: LaneRef, fencingToken: number): Promise<void> {
    await this.#unitVerb('enable-now', lane, fencingToken);
  }

  async restart(lane: LaneRef, fencingToken: number): Promise<void> {
    await this.#unitVerb('restart', lane, fencingToken);
  }

  async stop(lane: LaneRef, fencingToken: number): Promise<void> {
    await this.#unitVerb('stop', lane, fencingToken);
  }

  async disable(lane: LaneRef, fencingToken: number): Promise<void> {
    await this.#unitVerb('disable', lane, fencingToken);
  }

  async removeUnit(lane: LaneRef, fencingToken: number): Promise<void> {
    await this.#unitVerb('remove-unit', lane, fencingToken);
  }

  // The lane directory is created and removed by the helper, as root: the registration root is
  // root-owned, and the directory belongs to the lane's user with mode 0700.
  async prepareDirectory(lane: LaneRef, fencingToken: number): Promise<void> {
    assertRunnerSideLane(lane);
    await this.#unitVerb('prepare-directory', lane, fencingToken);
  }

  async removeDirectory(lane: LaneRef, fencingToken: number): Promise<void> {
    assertRunnerSideLane(lane);
    await this.#unitVerb('remove-directory', lane, fencingToken);
  }

  // config.sh runs through lane-runner, as the lane's service user: the only program sudoers lets
  // the ops user run as a service user (docs/host-setup.md). It checks the lane's marker and
  // fencing token itself, and copies the program files afresh before config.sh runs.
  async configureRunner(lane: LaneRef, fencingToken: number, registration: RunnerRegistration): Promise<void> {
    assertRunnerSideLane(lane);
    const args = ['configure', lane.root, lane.lane, String(fencingToken), registration.url, registration.labels.join(','), ...(registration.runnerGroup ? [registration.runnerGroup] : [])];
    await this.#asUser(lane, 'configure-runner', args, { [RUNNER_TOKEN_ENV]: registration.token.reveal() });
  }

  async unconfigureRunner(lane: LaneRef, fencingToken: number): Promise<void> {
    assertRunnerSideLane(lane);
    await this.#asUser(lane, 'unconfigure-runner', ['unconfigure', lane.root, lane.lane, String(fencingToken)]);
  }

  #unitVerb(verb: MutatingVerb, lane: LaneRef, fencingToken: number): Promise<HelperReply<MutatingVerb>> {
    return this.#call(verb, [...laneArgs(lane), HelperArgs.FencingToken, String(fencingToken)], this.#longTimeoutMs);
  }

  /** The one path every helper verb takes: exec → decode → validate. */
  async #call<V extends HelperVerb>(verb: V, args: readonly string[], timeoutMs = this.#timeoutMs, stdin?: string): Promise<HelperReply<V>> {
    const argv = [...this.#sudo, this.#helper, verb, HelperArgs.Host, this.host, ...args];
    const result = await this.#exec(verb, { argv, timeoutMs, ...(stdin !== undefined ? { stdin } : {}) });
    const json = decode(result.stdout);
    if (json === undefined) {
      throw new HelperError(verb, result.exitCode, 'BAD_REPLY', `no JSON reply (stderr: ${tail(result.stderr)})`, 'Check that the helper is installed at the configured path and that sudoers allows it (docs/host-setup.md).');
    }
    if (result.exitCode !== HelperExit.Ok) {
      const error = HelperErrorReplySchema.safeParse(json);
      if (!error.success) throw new HelperError(verb, result.exitCode, 'BAD_REPLY', `unexpected error reply ${tail(result.stdout)}`, 'Install a helper of the same Lanekeeper version as the action.');
      throw new HelperError(verb, result.exitCode, error.data.error.code, error.data.error.message, error.data.error.fix);
    }
    const schema = ReplySchemas[verb] as unknown as z.ZodType<HelperReply<V>>;
    const reply = schema.safeParse(json);
    if (!reply.success) {
      throw new HelperError(verb, result.exitCode, 'BAD_REPLY', `reply does not match the protocol: ${reply.error.issues[0]?.message ?? ''} at ${reply.error.issues[0]?.path.join('.') ?? ''}`, 'Install a helper of the same Lanekeeper version as the action.');
    }
    return reply.data;
  }

  async #asUser(lane: LaneRef, what: string, args: readonly string[], env?: Record<string, string>): Promise<void> {
    // sudoers keeps ACTIONS_RUNNER_INPUT_TOKEN (env_keep) for lane-runner and nothing else.
    const argv = [this.#laneRunner, ...args];
    const result = await this.#exec(what, {
      argv: [...this.#sudo, '-u', lane.user, '--', ...argv],
      ...(env ? { env } : {}),
      timeoutMs: this.#longTimeoutMs,
    });
    if (result.exitCode !== 0) {
      throw new HelperError(what, result.exitCode, 'COMMAND_FAILED', `${argv[0]} as ${lane.user} failed: ${tail(result.stderr || result.stdout)}`, `Run it by hand as ${lane.user} on ${this.host} to see the full output.`);
    }
  }

  async #exec(verb: string, request: Parameters<CommandRunner>[0]): Promise<CommandResult> {
    let result: CommandResult;
    try {
      result = await this.#run(request);
    } catch (e) {
      throw new HelperError(verb, null, 'COMMAND_FAILED', `could not start ${request.argv[0]}: ${(e as Error).message}`, 'Install sudo and the helper as docs/host-setup.md shows.');
    }
    if (result.timedOut) {
      throw new HelperError(verb, null, 'TIMEOUT', `no answer within ${request.timeoutMs} ms`, `Look at the host: systemctl status; the lane lease stays until it expires.`);
    }
    return result;
  }
}

/** Host inventory for the lanes, or an observation carrying the error (the planner then blocks them). */
export async function inventoryHost(agent: HostAgent, lanes: readonly LaneRef[]): Promise<HostObservation> {
  try {
    return await agent.status(lanes);
  } catch (e) {
    return { host: agent.host, error: (e as Error).message, lanes: {}, unclaimed: [], baseline: [] };
  }
}

/**
 * The runner-side commands run as the service user, not through the helper, so they check the
 * lane's shape here before a path reaches `rm -rf` or `cp`: the helper's checks do not cover them.
 */
function assertRunnerSideLane(lane: LaneRef): void {
  const problems = [
    LANE_NAME_PATTERN.test(lane.lane) ? null : `lane name ${JSON.stringify(lane.lane)}`,
    SAFE_PATH_PATTERN.test(lane.root) && !lane.root.split('/').includes('..') && lane.root !== '/' ? null : `root ${JSON.stringify(lane.root)}`,
    USER_NAME_PATTERN.test(lane.user) && lane.user !== 'root' ? null : `user ${JSON.stringify(lane.user)}`,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) {
    throw new HelperError('runner-command', null, 'INVALID_ARGUMENT', `unsafe ${problems.join(', ')}`, 'Fix the lane in the policy; the planner blocks such lanes.');
  }
}

function laneArgs(lane: LaneRef): string[] {
  return [HelperArgs.Lane, lane.lane, HelperArgs.Root, lane.root, HelperArgs.User, lane.user, HelperArgs.Unit, lane.unit];
}

function decode(stdout: string): unknown {
  const line = stdout.trim().split('\n').pop();
  if (!line) return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

function tail(text: string): string {
  return text.trim().slice(-500);
}
