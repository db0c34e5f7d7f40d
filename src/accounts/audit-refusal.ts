import { and, eq } from 'drizzle-orm';
import { recordAuditEvent } from '../audit/index.ts';
import { inTransaction, type DatabaseOrTransaction } from '../db/index.ts';
import { refusalBursts } from './accounts-schema.ts';
import type { Actor, RequestOrigin } from './actor.ts';

export interface Refusal {
  actor: Actor | null;
  /** The route pattern (`POST /api/accounts/:id/disable`), never the raw URL: the set of keys stays finite. */
  route: string;
  code: string;
  details: unknown;
  origin: RequestOrigin;
}

/**
 * Audits a refused request (403), one row per burst per (actor, route): the first refusal is
 * written at once; later ones within `windowSeconds` of the last row are only counted, and the
 * next refusal after the window writes one row carrying how many were refused since (itself
 * included). The counter is a database row, so every app server shares it. Signed-out callers
 * share the key `public`. So a session refused 80 times a second writes about one row a minute
 * per route; the rows it writes are bounded by accounts × routes per window whatever the load.
 * What this gives up: the tail of a burst is written with the next refusal after the window,
 * and the addresses of the refusals in between are not kept.
 */
export async function auditRefusal(db: DatabaseOrTransaction, refusal: Refusal, windowSeconds: number, now: Date): Promise<{ written: boolean; count: number }> {
  const actorKey = refusal.actor?.userId ?? (refusal.actor ? `system:${refusal.actor.username}` : 'public');
  const route = refusal.route.slice(0, 300);
  return inTransaction(db, async (tx) => {
    // The first refusal of a key: an insert that collides with nobody's (ON CONFLICT DO NOTHING waits for a concurrent one).
    const inserted = await tx.insert(refusalBursts).values({ actorKey, route, loggedAt: now, pending: 0 }).onConflictDoNothing().returning();
    let count = 1;
    let since: Date | null = null;
    if (inserted.length === 0) {
      const key = and(eq(refusalBursts.actorKey, actorKey), eq(refusalBursts.route, route));
      const [burst] = await tx.select().from(refusalBursts).where(key).for('update');
      if (!burst) throw new Error('refusal_bursts row vanished');
      if (now.getTime() - burst.loggedAt.getTime() < windowSeconds * 1000) {
        await tx.update(refusalBursts).set({ pending: burst.pending + 1 }).where(key);
        return { written: false, count: burst.pending + 1 };
      }
      count = burst.pending + 1;
      since = burst.loggedAt;
      await tx.update(refusalBursts).set({ pending: 0, loggedAt: now }).where(key);
    }
    await recordAuditEvent(tx, {
      actor: refusal.actor,
      action: 'permission.denied',
      entityType: 'route',
      entityId: route,
      after: { code: refusal.code, details: refusal.details ?? null, refused_count: count, since: since?.toISOString() ?? null },
      outcome: 'denied',
      origin: refusal.origin,
    });
    return { written: true, count };
  });
}
