/**
 * The privileged helper's command-line contract, shared by the helper and its client
 * (SudoHostAgent): verbs, argument names, exit codes, error codes and the JSON replies.
 * Every reply is validated against these schemas on the client side.
 */
import { z } from 'zod';
import { HostObservationSchema } from '../plan/observed-schema.js';
import type { HostObservation } from '../plan/observed.js';
import { LeaseProofSchema } from './lease-proof.js';

export const HelperVerbs = [
  'status',
  'install-or-update-unit',
  'daemon-reload',
  'enable-now',
  'restart',
  'stop',
  'disable',
  'remove-unit',
  'lease-acquire',
  'lease-release',
  'prepare-directory',
  'remove-directory',
] as const;
export type HelperVerb = (typeof HelperVerbs)[number];

/** Verbs that change the host; each needs the lane lease's current fencing token. */
export const MutatingVerbs = [
  'install-or-update-unit',
  'daemon-reload',
  'enable-now',
  'restart',
  'stop',
  'disable',
  'remove-unit',
  'prepare-directory',
  'remove-directory',
] as const satisfies readonly HelperVerb[];
export type MutatingVerb = (typeof MutatingVerbs)[number];

export const HelperArgs = {
  Host: '--host',
  Lane: '--lane',
  Root: '--root',
  User: '--user',
  Unit: '--unit',
  FencingToken: '--fencing-token',
  Holder: '--holder',
  TtlSeconds: '--ttl-seconds',
  /** lease-acquire: the plan being applied; the job's OIDC token (audience bound to it) comes on stdin. */
  PlanDigest: '--plan-digest',
} as const;


export const HelperExit = {
  Ok: 0,
  Internal: 1,
  InvalidArgument: 2,
  NotFound: 3,
  LeaseConflict: 4,
  SystemdFailure: 5,
  ConfigUntrusted: 6,
  /** lease-acquire without a valid proof of the approved apply job. */
  ProofRefused: 7,
} as const;
export type HelperExitCode = (typeof HelperExit)[keyof typeof HelperExit];

export const HelperErrorCodes = [
  'USAGE',
  'INVALID_ARGUMENT',
  'LANE_NAME_INVALID',
  'HOST_MISMATCH',
  'ROOT_NOT_ALLOWED',
  'PATH_ESCAPE',
  'SHELL_METACHARACTER',
  'USER_NOT_ALLOWED',
  'USER_MISSING',
  'UNIT_NAME_INVALID',
  'NOT_FOUND',
  'UNIT_NOT_MANAGED',
  'UNIT_ACTIVE',
  'LEASE_HELD',
  'LEASE_MISSING',
  'LEASE_EXPIRED',
  'STALE_FENCING_TOKEN',
  'LOCK_TIMEOUT',
  'SYSTEMD_FAILED',
  'CONFIG_UNTRUSTED',
  'CONFIG_INVALID',
  'PROOF_NOT_CONFIGURED',
  'PROOF_MISSING',
  'PROOF_INVALID',
  'INTERNAL',
  'UNSAFE_OWNERSHIP',
  'USER_SHARED',
  'LANE_NOT_MANAGED',
] as const;
export type HelperErrorCode = (typeof HelperErrorCodes)[number];

/** The exit code each error code leaves with. */
export const EXIT_FOR_ERROR: Readonly<Record<HelperErrorCode, HelperExitCode>> = {
  USAGE: HelperExit.InvalidArgument,
  INVALID_ARGUMENT: HelperExit.InvalidArgument,
  LANE_NAME_INVALID: HelperExit.InvalidArgument,
  HOST_MISMATCH: HelperExit.InvalidArgument,
  ROOT_NOT_ALLOWED: HelperExit.InvalidArgument,
  PATH_ESCAPE: HelperExit.InvalidArgument,
  SHELL_METACHARACTER: HelperExit.InvalidArgument,
  USER_NOT_ALLOWED: HelperExit.InvalidArgument,
  USER_MISSING: HelperExit.InvalidArgument,
  UNIT_NAME_INVALID: HelperExit.InvalidArgument,
  NOT_FOUND: HelperExit.NotFound,
  UNIT_NOT_MANAGED: HelperExit.InvalidArgument,
  UNIT_ACTIVE: HelperExit.SystemdFailure,
  LEASE_HELD: HelperExit.LeaseConflict,
  LEASE_MISSING: HelperExit.LeaseConflict,
  LEASE_EXPIRED: HelperExit.LeaseConflict,
  STALE_FENCING_TOKEN: HelperExit.LeaseConflict,
  LOCK_TIMEOUT: HelperExit.LeaseConflict,
  SYSTEMD_FAILED: HelperExit.SystemdFailure,
  CONFIG_UNTRUSTED: HelperExit.ConfigUntrusted,
  CONFIG_INVALID: HelperExit.ConfigUntrusted,
  PROOF_NOT_CONFIGURED: HelperExit.ProofRefused,
  PROOF_MISSING: HelperExit.ProofRefused,
  PROOF_INVALID: HelperExit.ProofRefused,
  INTERNAL: HelperExit.Internal,
  UNSAFE_OWNERSHIP: HelperExit.InvalidArgument,
  USER_SHARED: HelperExit.InvalidArgument,
  LANE_NOT_MANAGED: HelperExit.InvalidArgument,
};

export const LeaseSchema = z.strictObject({
  lane: z.string(),
  holder: z.string(),
  fencingToken: z.number().int().positive(),
  expiresAt: z.string(),
  /** The verified OIDC claims of the job that took the lease (absent on leases of older helpers). */
  proof: LeaseProofSchema.optional(),
});

export const HelperErrorReplySchema = z.strictObject({
  ok: z.literal(false),
  verb: z.string().optional(),
  error: z.strictObject({ code: z.enum(HelperErrorCodes), message: z.string(), fix: z.string() }),
});
export type HelperErrorReply = z.infer<typeof HelperErrorReplySchema>;

/** The `status` reply carries a host observation exactly as the planner reads it. */
export { HostObservationSchema };

export const StatusReplySchema = z.strictObject({
  ok: z.literal(true),
  verb: z.literal('status'),
  observation: HostObservationSchema,
});
export const LeaseAcquireReplySchema = z.strictObject({
  ok: z.literal(true),
  verb: z.literal('lease-acquire'),
  lease: LeaseSchema,
  renewed: z.boolean(),
});
export const LeaseReleaseReplySchema = z.strictObject({
  ok: z.literal(true),
  verb: z.literal('lease-release'),
  lane: z.string(),
  released: z.boolean(),
});
export const UnitReplySchema = z.strictObject({
  ok: z.literal(true),
  verb: z.enum(MutatingVerbs),
  lane: z.string(),
  unit: z.string(),
  changed: z.boolean(),
});

export const ReplySchemas = {
  status: StatusReplySchema,
  'lease-acquire': LeaseAcquireReplySchema,
  'lease-release': LeaseReleaseReplySchema,
  'install-or-update-unit': UnitReplySchema,
  'daemon-reload': UnitReplySchema,
  'enable-now': UnitReplySchema,
  restart: UnitReplySchema,
  stop: UnitReplySchema,
  disable: UnitReplySchema,
  'remove-unit': UnitReplySchema,
  'prepare-directory': UnitReplySchema,
  'remove-directory': UnitReplySchema,
} as const satisfies Record<HelperVerb, z.ZodType>;
export type HelperReply<V extends HelperVerb> = z.infer<(typeof ReplySchemas)[V]>;
