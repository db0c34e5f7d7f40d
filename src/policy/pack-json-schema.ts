import { z } from 'zod';
import { packFiles, ruleCasesFileSchema } from './pack-schema.ts';

/**
 * JSON Schemas for editors (yaml-language-server and the like), generated from the zod schemas
 * so that the two can never disagree. `npm run schema` writes them to packs/.schema/.
 */
export function generatePackJsonSchemas(): Record<string, string> {
  const files: Record<string, z.ZodType> = { ...packFiles, 'tests.yaml': ruleCasesFileSchema };
  return Object.fromEntries(
    Object.entries(files).map(([file, schema]) => [
      file.replace(/\.yaml$/, '.schema.json'),
      `${JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), title: `Kechuang policy pack: ${file}` }, null, 2)}\n`,
    ]),
  );
}
