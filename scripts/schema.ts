// Writes docs/lanekeeper.schema.json from the zod policy schema (npm run schema).
import { writeFileSync } from 'node:fs';
import { policyJsonSchema } from '../src/policy/json-schema.js';

writeFileSync('docs/lanekeeper.schema.json', JSON.stringify(policyJsonSchema(), null, 2) + '\n');
console.log('wrote docs/lanekeeper.schema.json');
