/**
 * The helper program: argv and environment in, one JSON line and an exit code out.
 * Order: parse (metacharacters) → trusted host config → host → each lane → lease → act.
 */
import { EXIT_FOR_ERROR, HelperExit, HelperVerbs, type MutatingVerb } from '../host/helper-protocol.js';
import { parseArgs } from './args.js';
import { HelperFailure } from './failure.js';
import { checkHost, resolveLane } from './lane-target.js';
import { acquireLease, assertFencingToken, leaseStore, releaseLease } from './leases.js';
import { observeHost } from './status.js';
import { HELPER_HOST_CONFIG_PATH, loadTrustedConfig } from './trusted-config.js';
import { runUnitVerb } from './unit-verbs.js';

export interface HelperOutcome {
  readonly exitCode: number;
  readonly reply: Record<string, unknown>;
}

export function runHelper(argv: readonly string[], env: NodeJS.ProcessEnv, configPath: string = HELPER_HOST_CONFIG_PATH): HelperOutcome {
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
        const { lease, renewed } = acquireLease(store, target.lane, holder, ttl, args.fencingToken);
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
