import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countPacks } from '../../policy/index.ts';
import type { ServerContext } from '../server-context.ts';

export function healthRoutes(context: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/health', {
      config: { action: 'health.read' },
      schema: {
        tags: ['system'],
        summary: 'Readiness: 200 once the database answers and the packs are loaded',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']), packs: z.number().int() }) },
      },
    }, async () => ({ status: 'ok' as const, database: context.database.driver, packs: await countPacks(context.database.db) }));
  };
}
