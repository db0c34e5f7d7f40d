import type { Database } from '../db/index.ts';
import type { JobHandlers } from '../jobs/index.ts';

/**
 * Every module's job handlers, composed once: `kechuang worker` runs all of them, and on the
 * embedded database the server runs them in-process. A module declares its handlers by job name
 * (`'screening.shard'`); each must be idempotent (docs/jobs.md). `extra` is for tests and
 * embedding processes, which add handlers of their own; a name declared twice is refused.
 */
export function jobHandlers(db: Database, extra: JobHandlers = {}): JobHandlers {
  const declared: JobHandlers = {
    // The modules' handlers, one line each, e.g. 'screening.shard': (job) => runScreeningShard(db, …).
  };
  void db; // taken by the modules' handlers above
  for (const name of Object.keys(extra)) {
    if (name in declared) throw new Error(`job ${name} is declared twice: by a module and by the caller`);
  }
  return { ...declared, ...extra };
}
