import { z } from 'zod';
import { PolicySchema } from './schema.js';

/** The policy's JSON Schema (input side: defaults are optional), for editor completion. */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PolicySchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema: schema['$schema'],
    title: 'Lanekeeper policy',
    description: 'Which self-hosted runner lanes should exist, where, and how. See docs/policy.md.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
