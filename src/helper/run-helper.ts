/**
 * The helper program: argv and environment in, one JSON line and an exit code out.
 * Order: parse (metacharacters) → trusted host config → host → each lane → lease → act.
 * lease-acquire of a new lease first verifies the apply job's OIDC token (oidc-proof.ts).
 */
import { EXIT_FOR_ERROR, HelperArgs, HelperExit, HelperVerbs, type MutatingVerb } from '../host/helper-protocol.js';
import type { HostConfig } from '../host/host-config.js';
import type { LeaseProof } from '../host/lease-proof.js';
import { verifyLeaseProof } from './oidc-proof.js';
import { consumeTokenId } from './proof-replay.js';
import { parseArgs } from './args.js';
import { HelperFailure } from './failure.js';
import { checkHost, lookupUser, resolveLane } from './lane-target.js';
import { acquireLease, assertFencingToken, leaseStore, releaseLease } from './leases.js';
import { observeHost } from './status.js';
import { HELPER_HOST_CONFIG_PATH, loadTrustedConfig } from './trusted-config.js';
import { runUnitVerb } from './unit-verbs.js';

export interface HelperOutcome {
  readonly exitCode: number;
  readonly reply: Record<string, unknown>;
}

export interface HelperContext {
  /** Reads the caller's stdin (the OIDC token of lease-acquire); only called when a proof is due. */
  readonly readStdin: () => string;
  readonly now?: () => Date;
}

export async function runHelper(argv: readonly string[], env: NodeJS.ProcessEnv, context: HelperContext, configPath: string = HELPER_HOST_CONFIG_PATH): Promise<HelperOutcome> {
  let verb: string | undefined = argv[0];
  try {
    const args = parseArgs(argv);
    verb = args.verb;
    const config = loadTrustedConfig(configPath);
    checkHost(config, args.host);
    const caller = { uid: callerUid(env) };
    const targets = args.lanes.map((l) => resolveLane(config, l, caller));
    const store = leaseStore(config.stateDirectory);
    switch (args.verb) {
      case 'status':
        return ok({ verb: 'status', observation: observeHost(config, targets, config.helperPath) });
      case 'lease-acquire': {
        const target = only(targets);
        const holder = required(args.holder, '--holder');
        const ttl = required(args.ttlSeconds, '--ttl-seconds');
        // A new lease needs proof of the approved apply job; a renewal names the live lease's
        // fencing token, and that lease was granted on proof.
        const operator = args.fencingToken === undefined && args.planDigest === undefined ? byHandOperator(config, env) : null;
        const proof = args.fencingToken === undefined && operator === null ? await requireProof(config, args.planDigest, context) : undefined;
        // Spent only once the rest is known good: a refused request must not burn the token.
        if (proof) consumeTokenId(config.stateDirectory, proof.tokenId, proof.expiresAt, (context.now ?? (() => new Date()))());
        const { lease, renewed } = acquireLease(store, target.lane, holder, ttl, args.fencingToken, proof);
        return ok({ verb: args.verb, lease, renewed });
      }
      case 'lease-release': {
        const target = only(targets);
        const released = releaseLease(store, target.lane, required(args.holder, '--holder'), required(args.fencingToken, '--fencing-token'));
        return ok({ verb: args.verb, lane: target.lane, released });
      }
      default: {
        const mutating: MutatingVerb = args.verb;
        const target = only(targets);
        const token = required(args.fencingToken, '--fencing-token');
        assertFencingToken(store, target.lane, token);
        const { changed } = runUnitVerb(mutating, config, target);
        return ok({ verb: mutating, lane: target.lane, unit: target.unit, changed });
      }
    }
  } catch (e) {
    const failure =
      e instanceof HelperFailure
        ? e
        : new HelperFailure('INTERNAL', `internal error: ${(e as Error).message}`, 'This is a bug in the Lanekeeper helper; please report it with this message.');
    return {
      exitCode: EXIT_FOR_ERROR[failure.code],
      reply: { ok: false, ...(verb !== undefined && isVerb(verb) ? { verb } : {}), error: { code: failure.code, message: failure.message, fix: failure.fix } },
    };
  }
}

/**
 * A person working on the host by hand (docs/runbook.md, "Work on a lane by hand") who is one of
 * the trust section's `operators`: the user sudo names (sudo sets SUDO_UID itself, whatever the
 * caller's environment held), or root when the helper runs without sudo. The ops user, which every
 * job on the ops runner runs as, must never be listed. Such a lease carries no proof.
 */
function byHandOperator(config: HostConfig, env: NodeJS.ProcessEnv): string | null {
  if (!config.trust || process.getuid?.() !== 0) return null;
  const raw = env['SUDO_UID'];
  const uid = raw === undefined ? 0 : /^\d+$/.test(raw) ? Number(raw) : null;
  if (uid === null) return null;
  return config.trust.operators.find((name) => lookupUser(name)?.uid === uid) ?? null;
}

async function requireProof(config: HostConfig, planDigest: string | undefined, context: HelperContext): Promise<LeaseProof> {
  if (planDigest === undefined) {
    // Checked for the trust section first, so a host without one says what is missing.
    if (!config.trust) return verifyLeaseProof(config, { token: '', planDigest: '', now: new Date() });
    throw new HelperFailure('PROOF_MISSING', `a new lease needs ${HelperArgs.PlanDigest} and the apply job's OIDC token on stdin`, 'Only the approved apply job (environment lanekeeper-apply, permissions id-token: write) can take a lease: run apply from that job.');
  }
  return verifyLeaseProof(config, { token: context.readStdin(), planDigest, now: (context.now ?? (() => new Date()))() });
}

function ok(reply: Record<string, unknown>): HelperOutcome {
  return { exitCode: HelperExit.Ok, reply: { ok: true, ...reply } };
}

function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined) throw new HelperFailure('USAGE', `this verb needs ${flag}`, `Pass ${flag}; see docs/host-setup.md.`);
  return value;
}

function only<T>(targets: readonly T[]): T {
  const [target] = targets;
  if (target === undefined || targets.length !== 1) throw new HelperFailure('USAGE', 'this verb takes exactly one lane', 'Pass one --lane group.');
  return target;
}

/** sudo sets SUDO_UID to the caller's uid; a root login without sudo has none. */
function callerUid(env: NodeJS.ProcessEnv): number | null {
  const raw = env.SUDO_UID;
  return raw !== undefined && /^[0-9]{1,10}$/.test(raw) ? Number(raw) : null;
}

function isVerb(verb: string): boolean {
  return (HelperVerbs as readonly string[]).includes(verb);
}
