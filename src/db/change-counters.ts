import { changeCounters } from './schema.ts';
import type { DatabaseOrTransaction } from './open-database.ts';

/**
 * What a server may cache, each with a counter that a trigger moves whenever its tables change
 * (migration 0011): the permission table, sessions and accounts, the area tree and zones, the packs, indicator values
 * and period locks, the registry.
 */
export const changeCounterNames = ['permissions', 'accounts', 'areas', 'packs', 'indicator_values', 'registry'] as const;
export type ChangeCounterName = (typeof changeCounterNames)[number];

/** The counters as one request read them: compared, never added up. */
export type ChangeVersions = Readonly<Record<ChangeCounterName, string>>;

/**
 * Every counter in one query. A request reads them once, before anything it caches: a change that
 * commits afterwards can only make a cached answer newer than its versions say, so the next
 * request recomputes it — never the other way round.
 */
export async function readChangeVersions(db: DatabaseOrTransaction): Promise<ChangeVersions> {
  const rows = await db.select({ name: changeCounters.name, version: changeCounters.version }).from(changeCounters);
  const versions = Object.fromEntries(changeCounterNames.map((name) => [name, 'missing'])) as Record<ChangeCounterName, string>;
  for (const row of rows) if ((changeCounterNames as readonly string[]).includes(row.name)) versions[row.name as ChangeCounterName] = row.version.toString();
  return versions;
}

/** Where a request gets the counters from (`DatabaseHandle.changes`). */
export interface ChangeVersionSource {
  current(): Promise<ChangeVersions>;
}

/**
 * PostgreSQL, where several app servers may share the database: every request reads the counters
 * (one small query), so that a change committed through any server holds at the next request.
 */
export function readEveryTime(db: DatabaseOrTransaction): ChangeVersionSource {
  return { current: () => readChangeVersions(db) };
}

/** The channel the counters' trigger announces each change on (migration 0011). */
export const changeChannel = 'kechuang_changes';

/**
 * The embedded PGlite, which only this process can open: the counters are read again only after
 * the database announced a change on `changeChannel`. PGlite delivers the announcement while it
 * completes the committing query, before the writer goes on, so a request that starts after a
 * write's answer sees the new counters; between announcements a request reads nothing.
 */
export async function readAfterAnnouncements(
  db: DatabaseOrTransaction,
  listen: (channel: string, onChange: () => void) => Promise<unknown>,
): Promise<ChangeVersionSource> {
  let known: Promise<ChangeVersions> | undefined;
  await listen(changeChannel, () => {
    known = undefined;
  });
  return {
    current() {
      if (!known) {
        const reading = readChangeVersions(db);
        known = reading;
        reading.catch(() => {
          if (known === reading) known = undefined;
        });
      }
      return known;
    },
  };
}

/**
 * Answers computed from the database, kept while the counters they depend on stand still. Calls
 * that miss at the same time share one computation (so 100 clients asking at once after a write
 * cost one evaluation, not 100); a failed computation is forgotten at once. At most `maxEntries`
 * keys are kept, the least recently used going first.
 */
export class VersionedMemo<Value> {
  private readonly entries = new Map<string, Promise<Value>>();

  constructor(
    private readonly dependsOn: readonly ChangeCounterName[],
    private readonly maxEntries = 100,
  ) {}

  get(versions: ChangeVersions, key: string, compute: () => Promise<Value>): Promise<Value> {
    const fullKey = `${this.dependsOn.map((name) => versions[name]).join('/')}|${key}`;
    const cached = this.entries.get(fullKey);
    if (cached) {
      this.entries.delete(fullKey);
      this.entries.set(fullKey, cached);
      return cached;
    }
    const pending = compute();
    this.entries.set(fullKey, pending);
    pending.catch(() => {
      if (this.entries.get(fullKey) === pending) this.entries.delete(fullKey);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return pending;
  }

  get size(): number {
    return this.entries.size;
  }
}
