/**
 * Parses the helper's argv. Every value is checked for shell metacharacters before anything
 * else looks at it: values reach systemctl, unit files and process lists.
 */
import { HelperArgs, HelperVerbs, type HelperVerb } from '../host/helper-protocol.js';
import { PLAN_DIGEST_PATTERN } from '../host/lease-proof.js';
import { HelperFailure } from './failure.js';

export interface LaneArgs {
  readonly lane: string;
  readonly root: string;
  readonly user: string;
  readonly unit: string;
}

export interface ParsedArgs {
  readonly verb: HelperVerb;
  readonly host: string | undefined;
  /** One lane for every verb but `status`, which takes any number. */
  readonly lanes: readonly LaneArgs[];
  readonly fencingToken: number | undefined;
  readonly holder: string | undefined;
  readonly ttlSeconds: number | undefined;
  /** lease-acquire: the plan digest the OIDC token on stdin must be bound to. */
  readonly planDigest: string | undefined;
}

const SAFE_VALUE = /^[A-Za-z0-9._/@:+=-]+$/;
const HOLDER = /^[A-Za-z0-9._:@+-]{1,128}$/;
const USAGE_FIX =
  'Call the helper as: <verb> --lane L --root R --user U --unit X [--fencing-token N] [--holder H --ttl-seconds S]; see docs/host-setup.md.';

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [verb, ...rest] = argv;
  if (verb === undefined || !(HelperVerbs as readonly string[]).includes(verb)) {
    throw new HelperFailure('USAGE', `unknown verb ${JSON.stringify(verb ?? '')}`, `Use one of: ${HelperVerbs.join(', ')}.`);
  }
  const lanes: Partial<Record<keyof LaneArgs, string>>[] = [];
  const single: Record<string, string> = Object.create(null) as Record<string, string>;
  const laneFlags: Record<string, keyof LaneArgs> = {
    [HelperArgs.Lane]: 'lane',
    [HelperArgs.Root]: 'root',
    [HelperArgs.User]: 'user',
    [HelperArgs.Unit]: 'unit',
  };
  const singleFlags = [HelperArgs.Host, HelperArgs.FencingToken, HelperArgs.Holder, HelperArgs.TtlSeconds, HelperArgs.PlanDigest] as string[];
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i] as string;
    const value = rest[i + 1];
    if (value === undefined) throw new HelperFailure('USAGE', `${flag} needs a value`, USAGE_FIX);
    if (value === '') throw new HelperFailure('INVALID_ARGUMENT', `${flag} is empty`, USAGE_FIX);
    if (!SAFE_VALUE.test(value)) {
      throw new HelperFailure(
        'SHELL_METACHARACTER',
        `${flag} ${JSON.stringify(value)} holds a character outside [A-Za-z0-9._/@:+=-]`,
        'Pass plain names and absolute paths without spaces, quotes or shell characters.',
      );
    }
    // Own properties only: "__proto__" or "constructor" must not find Object.prototype's.
    const laneKey = Object.hasOwn(laneFlags, flag) ? laneFlags[flag] : undefined;
    if (laneKey) {
      if (laneKey === 'lane') lanes.push({});
      const current = lanes[lanes.length - 1];
      if (!current || current[laneKey] !== undefined) {
        throw new HelperFailure('USAGE', `${flag} must follow its own ${HelperArgs.Lane}`, USAGE_FIX);
      }
      current[laneKey] = value;
    } else if (singleFlags.includes(flag)) {
      if (Object.hasOwn(single, flag)) throw new HelperFailure('USAGE', `${flag} given twice`, USAGE_FIX);
      single[flag] = value;
    } else {
      throw new HelperFailure('USAGE', `unknown argument ${JSON.stringify(flag)}`, USAGE_FIX);
    }
  }
  const complete = lanes.map((l) => {
    for (const key of ['lane', 'root', 'user', 'unit'] as const) {
      if (l[key] === undefined) throw new HelperFailure('USAGE', `lane ${l.lane ?? '?'} lacks --${key}`, USAGE_FIX);
    }
    return l as LaneArgs;
  });
  // status with no lane still reports unclaimed runners and the baseline.
  if (complete.length === 0 && verb !== 'status') throw new HelperFailure('USAGE', `${verb} needs ${HelperArgs.Lane}`, USAGE_FIX);
  if (verb !== 'status' && complete.length > 1) {
    throw new HelperFailure('USAGE', `${verb} takes exactly one lane`, USAGE_FIX);
  }
  const holder = single[HelperArgs.Holder];
  if (holder !== undefined && !HOLDER.test(holder)) {
    throw new HelperFailure('INVALID_ARGUMENT', `--holder ${JSON.stringify(holder)} is not a holder id`, 'Use 1-128 of [A-Za-z0-9._:@+-], e.g. "run-123-1@ops".');
  }
  return {
    verb: verb as HelperVerb,
    host: single[HelperArgs.Host],
    lanes: complete,
    fencingToken: positiveInt(single, HelperArgs.FencingToken, Number.MAX_SAFE_INTEGER),
    holder,
    ttlSeconds: positiveInt(single, HelperArgs.TtlSeconds, 3600),
    planDigest: planDigest(single[HelperArgs.PlanDigest]),
  };
}

function planDigest(raw: string | undefined): string | undefined {
  if (raw !== undefined && !PLAN_DIGEST_PATTERN.test(raw)) {
    throw new HelperFailure('INVALID_ARGUMENT', `${HelperArgs.PlanDigest} ${JSON.stringify(raw)} is not a plan digest`, 'Pass the 64 lower-case hex digits of the plan digest.');
  }
  return raw;
}

function positiveInt(single: Record<string, string>, flag: string, max: number): number | undefined {
  const raw = single[flag];
  if (raw === undefined) return undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(raw) || Number(raw) > max) {
    throw new HelperFailure('INVALID_ARGUMENT', `${flag} ${JSON.stringify(raw)} is not a whole number 1..${max}`, `Pass ${flag} as a positive whole number.`);
  }
  return Number(raw);
}
