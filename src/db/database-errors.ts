/**
 * What a failed query means for the caller, read from the PostgreSQL error code (SQLSTATE) that
 * PGlite and node-postgres both carry, under drizzle's wrapper. Never from message text.
 */
export type DatabaseFailure =
  /** 23505: a row with the same key exists (two first writes at once, or a duplicate). */
  | { kind: 'unique_violation'; table: string | undefined; constraint: string | undefined; columns: string[] }
  /** 40001, 40P01: the transaction lost a race with another; running it again may succeed. */
  | { kind: 'serialization_failure' }
  /** Class 08, 57P01–57P03, or a dropped socket: the database cannot be reached now. */
  | { kind: 'unavailable' };

interface PostgresErrorFields {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  detail?: unknown;
  cause?: unknown;
}

/** Node's socket codes for a connection that could not be made or was cut, and the server shutting down or starting. */
const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', '57P01', '57P02', '57P03']);

export function classifyDatabaseError(error: unknown): DatabaseFailure | undefined {
  for (let current: unknown = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; current = (current as PostgresErrorFields).cause, depth += 1) {
    const fields = current as PostgresErrorFields;
    const code = typeof fields.code === 'string' ? fields.code : undefined;
    if (code === '23505') {
      return {
        kind: 'unique_violation',
        table: typeof fields.table === 'string' ? fields.table : undefined,
        constraint: typeof fields.constraint === 'string' ? fields.constraint : undefined,
        columns: typeof fields.detail === 'string' ? keyColumnsOf(fields.detail) : [],
      };
    }
    if (code === '40001' || code === '40P01') return { kind: 'serialization_failure' };
    if (code !== undefined && (code.startsWith('08') || connectionErrorCodes.has(code))) return { kind: 'unavailable' };
  }
  return undefined;
}

/** The key's columns from the detail PostgreSQL gives a unique violation: `Key (a, b)=(x, y) already exists.` */
function keyColumnsOf(detail: string): string[] {
  const match = /^Key \(([^)]*)\)=/.exec(detail);
  return match?.[1] ? match[1].split(',').map((column) => column.trim()) : [];
}
