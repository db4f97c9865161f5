import { auditRecordJsonSchema } from './record.js';

/** The committed text of docs/audit-record.schema.json. */
export function auditRecordJsonSchemaText(): string {
  return `${JSON.stringify(auditRecordJsonSchema(), null, 2)}\n`;
}
