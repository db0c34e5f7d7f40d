import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The environment the platform reads, checked once at start-up; every problem is listed
 * before exiting, not just the first.
 */
const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL').optional(),
  /** Folder of policy packs to load instead of the bundled ones. */
  PACKS_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

export type ConfigResult = { ok: true; config: Environment } | { ok: false; problems: string[] };

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = environmentSchema.safeParse(cleaned);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}

/** `--data-dir`, else `$DATA_DIR`, else `./data` (contracts §1). */
export function resolveDataDir(flag: string | undefined, env: Environment): string {
  return resolve(flag ?? env.DATA_DIR ?? 'data');
}
