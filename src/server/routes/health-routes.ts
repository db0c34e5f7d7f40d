import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countPacks } from '../../policy/index.ts';
import type { ServerContext } from '../server-context.ts';

export function healthRoutes(context: ServerContext): FastifyPluginAsyncZod {
  // Probes from a load balancer share one count: one query per second at most, however many ask.
  // A failed count is not kept, so the next probe asks the database again.
  let lastCount: { at: number; count: Promise<number> } | undefined;
  const packCount = (): Promise<number> => {
    const at = context.now().getTime();
    if (!lastCount || at - lastCount.at >= 1_000 || at < lastCount.at) {
      const count = countPacks(context.database.db);
      lastCount = { at, count };
      count.catch(() => {
        if (lastCount?.count === count) lastCount = undefined;
      });
    }
    return lastCount.count;
  };

  return async (app) => {
    app.get('/api/live', {
      config: { action: 'health.read', probe: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness: 200 while the process answers; touches no database (the baseline of the HTTP benchmark)',
        response: { 200: z.object({ status: z.literal('alive') }) },
      },
    }, () => ({ status: 'alive' as const }));

    app.get('/api/health', {
      config: { action: 'health.read', probe: true },
      schema: {
        tags: ['system'],
        summary: 'Readiness: 200 once the database answers and the packs are loaded',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), packs: z.number().int() }) },
      },
    }, async () => ({ status: 'ok' as const, database: context.database.driver, packs: await packCount() }));
  };
}
