// Writes the editors' JSON Schemas of the pack files to packs/.schema/ (see docs/policy-packs.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePackJsonSchemas } from '../src/policy/pack-json-schema.ts';

const outDir = new URL('../packs/.schema', import.meta.url).pathname;
mkdirSync(outDir, { recursive: true });
for (const [name, text] of Object.entries(generatePackJsonSchemas())) {
  writeFileSync(join(outDir, name), text);
  console.log(`wrote packs/.schema/${name}`);
}
