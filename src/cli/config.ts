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
  /** The Ed25519 private key (PEM) that signs audit checkpoints, and the public key that checks them (docs/audit.md). */
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  AUDIT_PUBLIC_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
  /** Send the session cookies with the Secure flag (HTTPS only). Default: on when NODE_ENV=production. */
  COOKIE_SECURE: booleanVariable('COOKIE_SECURE').optional(),
  /**
   * Which proxies may tell the client address (X-Forwarded-For): `false` (default: nobody, the
   * socket's address counts), `true` (any: only behind a proxy that overwrites the header), a hop
   * count, or a comma-separated list of addresses / CIDR ranges of the proxies.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .transform((value, context): TrustProxy => {
      const lower = value.toLowerCase();
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      if (['true', 'yes', 'on'].includes(lower)) return true;
      if (/^[1-9][0-9]?$/.test(lower)) return Number(lower);
      const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
      const bad = entries.filter((entry) => !/^[0-9a-fA-F:.]+(\/[0-9]{1,3})?$/.test(entry));
      if (entries.length === 0 || bad.length > 0) {
        context.addIssue({ code: 'custom', message: `expected false, true, a hop count (1-99) or a comma-separated list of proxy addresses / CIDR ranges, got "${bad.join(', ') || value}"` });
        return z.NEVER;
      }
      return entries;
    })
    .optional(),
  /** Four-eyes approval: whoever submitted a value cannot approve it. Default: off. */
  FOUR_EYES_APPROVAL: booleanVariable('FOUR_EYES_APPROVAL').optional(),
  /** Review by level: which levels review a value, comma-separated (city, region). Default: city,region. */
  REVIEW_LEVELS: z
    .string()
    .trim()
    .transform((value, context) => {
      const levels = value.split(',').map((entry) => entry.trim().toLowerCase()).filter((entry) => entry.length > 0);
      const bad = levels.filter((level) => level !== 'city' && level !== 'region');
      if (levels.length === 0 || bad.length > 0) {
        context.addIssue({ code: 'custom', message: `REVIEW_LEVELS: expected city, region or city,region, got "${value}"` });
        return z.NEVER;
      }
      return (['city', 'region'] as const).filter((level) => levels.includes(level));
    })
    .optional(),
});

/** What Fastify's `trustProxy` takes: nobody, anybody, a hop count or the proxies' addresses. */
export type TrustProxy = boolean | number | string[];

function booleanVariable(name: string) {
  return z
    .string()
    .trim()
    .transform((value, context) => {
      const lower = value.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      context.addIssue({ code: 'custom', message: `${name}: expected true or false, got "${value}"` });
      return z.NEVER;
    });
}

export type Environment = z.infer<typeof environmentSchema>;

export type ConfigResult = { ok: true; config: Environment } | { ok: false; problems: string[] };

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = environmentSchema.safeParse(cleaned);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}

/** The deployment's security options, read once here and handed to the app (buildApp). */
export interface DeploymentSecurity {
  secureCookies: boolean;
  trustProxy: TrustProxy;
  fourEyesApproval: boolean;
  reviewLevels: readonly ('city' | 'region')[];
}

/** Secure cookies default to on in production; nobody is trusted as a proxy unless named. */
export function deploymentSecurity(env: Environment): DeploymentSecurity {
  return {
    secureCookies: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
    trustProxy: env.TRUST_PROXY ?? false,
    fourEyesApproval: env.FOUR_EYES_APPROVAL ?? false,
    reviewLevels: env.REVIEW_LEVELS ?? ['city', 'region'],
  };
}

/** `--data-dir`, else `$DATA_DIR`, else `./data` (contracts §1). */
export function resolveDataDir(flag: string | undefined, env: Environment): string {
  return resolve(flag ?? env.DATA_DIR ?? 'data');
}
