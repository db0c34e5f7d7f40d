import type pg from 'pg';

/**
 * Waits until a backend of the admin connection's database runs a query containing `marker`
 * (and, when given, waits on that kind of event: `Lock`), and returns its pid. A latch, polled
 * through pg_stat_activity: never a fixed sleep.
 */
export async function backendRunning(admin: pg.Client, marker: string, state: { waitEventType?: string } = {}): Promise<number> {
  for (;;) {
    // Within a transaction, pg_stat_activity is read once and kept: read it afresh each time.
    await admin.query('select pg_stat_clear_snapshot()');
    const result = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity
       where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and position($1 in query) > 0
         and ($2::text is null or wait_event_type = $2)`,
      [marker, state.waitEventType ?? null],
    );
    if (result.rows[0]) return result.rows[0].pid;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
