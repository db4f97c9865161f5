/**
 * A partial audit record: what one job (inventory, plan or apply) contributes. Each job writes
 * its partial into the output directory; the `audit` job assembles them into the record.
 */
import { z } from 'zod';
import { AuditFiles, Modes } from '../constants.js';
import {
  AUDIT_STATUSES,
  EmbeddedObservedSchema,
  EmbeddedPlanSchema,
  LaneRecordSchema,
  PhaseTimingSchema,
  RunContextSchema,
  RunErrorSchema,
} from './record.js';

export const AUDIT_PARTIAL_KIND = 'lanekeeper-audit-partial';

export const PARTIAL_SOURCES = ['inventory', 'plan', 'apply'] as const;
export type PartialSource = (typeof PARTIAL_SOURCES)[number];

export const AuditPartialSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal(AUDIT_PARTIAL_KIND),
  source: z.enum(PARTIAL_SOURCES),
  run: RunContextSchema,
  mode: z.enum(Modes).nullable(),
  idempotencyKey: z.string().nullable(),
  policyDigest: z.string().nullable(),
  plan: EmbeddedPlanSchema.nullable(),
  observed: z.object({ pre: EmbeddedObservedSchema.nullable(), post: EmbeddedObservedSchema.nullable() }),
  lanes: z.array(LaneRecordSchema),
  timing: PhaseTimingSchema,
  errors: z.array(RunErrorSchema),
  /** The outcome the job itself reached (apply: completed or failed); null when it has none. */
  status: z.enum(AUDIT_STATUSES).nullable(),
});
export type AuditPartial = z.infer<typeof AuditPartialSchema>;

/** File name of a job's partial inside the output directory. */
export function partialFileName(source: PartialSource): string {
  return { inventory: AuditFiles.InventoryPartial, plan: AuditFiles.PlanPartial, apply: AuditFiles.ApplyPartial }[source];
}
