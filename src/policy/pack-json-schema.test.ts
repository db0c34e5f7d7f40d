import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatePackJsonSchemas } from './pack-json-schema.ts';

describe('pack JSON Schemas', () => {
  it('committed in packs/.schema match the zod schemas (run `npm run schema` after a change)', () => {
    for (const [name, text] of Object.entries(generatePackJsonSchemas())) {
      expect(readFileSync(new URL(`../../packs/.schema/${name}`, import.meta.url), 'utf8'), name).toBe(text);
    }
  });

  it('describe a target as an object that requires its clause', () => {
    const schema = JSON.parse(generatePackJsonSchemas()['targets.schema.json'] ?? '{}') as { properties: { targets: { items: { required: string[] } } } };
    expect(schema.properties.targets.items.required).toEqual(expect.arrayContaining(['id', 'indicator', 'comparator', 'year', 'clause']));
  });
});
