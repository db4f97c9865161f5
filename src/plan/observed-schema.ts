import { z } from 'zod';
import type { HostObservation, ObservedState } from './observed.js';

const label = z.strictObject({ name: z.string(), type: z.enum(['read-only', 'custom']) });
const runner = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(['online', 'offline']),
  busy: z.boolean(),
  os: z.string(),
  labels: z.array(label),
  runnerGroupId: z.number().int().optional(),
});
const UnitObservationSchema = z.strictObject({
  name: z.string(),
  fileState: z.enum(['absent', 'enabled', 'disabled', 'static', 'masked', 'linked', 'other']),
  activeState: z.string(),
  subState: z.string(),
  renderedByLanekeeper: z.boolean(),
  matchesRendered: z.boolean(),
  mainPid: z.number().int().nullable(),
  mainPidUser: z.string().nullable(),
  restarts: z.number().int(),
  lastExit: z.strictObject({ code: z.enum(['exited', 'killed', 'dumped']), status: z.number().int(), result: z.string() }).nullable().optional(),
});
const HostLaneObservationSchema = z.strictObject({
  lane: z.string(),
  directory: z.string(),
  directoryExists: z.boolean(),
  runnerInstalled: z.boolean(),
  identity: z.strictObject({ agentId: z.number().int().nullable(), agentName: z.string(), gitHubUrl: z.string() }).nullable(),
  credentialsPresent: z.boolean(),
  runnerVersion: z.string().nullable(),
  unit: UnitObservationSchema,
  workerRunning: z.boolean(),
  unsupervisedListener: z.strictObject({ pid: z.number().int(), user: z.string() }).nullable(),
});

/** One host's observation: the helper's `status` reply and a host entry of the observed-state file. */
export const HostObservationSchema = z.strictObject({
  host: z.string(),
  error: z.string().optional(),
  lanes: z.record(z.string(), HostLaneObservationSchema),
  unclaimed: z.array(z.strictObject({ kind: z.enum(['directory', 'unit']), name: z.string(), detail: z.string() })),
  baseline: z.array(
    z.strictObject({
      id: z.enum(['service-user', 'disk-space', 'runner-dependencies', 'docker-credential-isolation', 'helper']),
      subject: z.string(),
      ok: z.boolean(),
      evidence: z.string(),
      measured: z.number().optional(),
    }),
  ),
}) satisfies z.ZodType<HostObservation>;

/** Validates an observed-state JSON file before the planner trusts it. */
export const ObservedStateSchema = z.strictObject({
  schemaVersion: z.literal(1),
  observedAt: z.string(),
  github: z.array(
    z.strictObject({
      scope: z.string().regex(/^(repo|org):.+$/),
      error: z.string().optional(),
      runners: z.array(runner),
      runnerGroups: z.array(z.string()).optional(),
    }),
  ),
  hosts: z.record(z.string(), HostObservationSchema),
  warnings: z.array(z.strictObject({ code: z.literal('ops_runner_group_open'), path: z.string(), message: z.string() })).optional(),
});

export function parseObservedState(value: unknown): ObservedState {
  return ObservedStateSchema.parse(value) as ObservedState;
}

/** Observed states from several inventory jobs (one per host) merged into one. */
export function mergeObservedStates(parts: readonly ObservedState[]): ObservedState {
  const github = new Map<string, ObservedState['github'][number]>();
  const hosts: Record<string, ObservedState['hosts'][string]> = {};
  let observedAt = '';
  const warnings = new Map<string, NonNullable<ObservedState['warnings']>[number]>();
  for (const p of parts) {
    for (const w of p.warnings ?? []) warnings.set(`${w.path}\n${w.message}`, w);
    for (const s of p.github) if (!github.has(s.scope) || github.get(s.scope)?.error) github.set(s.scope, s);
    Object.assign(hosts, p.hosts);
    if (p.observedAt > observedAt) observedAt = p.observedAt;
  }
  return { schemaVersion: 1, observedAt, github: [...github.values()], hosts, ...(warnings.size > 0 ? { warnings: [...warnings.values()] } : {}) };
}
