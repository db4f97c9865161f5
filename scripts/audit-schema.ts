// Writes the audit record's JSON Schema to docs/audit-record.schema.json (run: npx tsx scripts/audit-schema.ts).
// test/audit/schema.test.ts fails when the committed file differs from a fresh export.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { auditRecordJsonSchemaText } from '../src/audit/schema-export.js';

const target = fileURLToPath(new URL('../docs/audit-record.schema.json', import.meta.url));
writeFileSync(target, auditRecordJsonSchemaText());
console.log(`wrote ${target}`);
