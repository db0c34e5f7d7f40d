import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findWorkspace, getUnitWorkspace, findPacks, getPack, unitWorkspaceSchema, workspaceSchema } from '../../policy/index.ts';
import { cachedAreaTree, cachedPacks, type ServerContext } from '../server-context.ts';

const tags = ['workspace'];

export function workspaceRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  return async (app) => {
    app.get('/api/workspace', { config: { action: 'workspace.read' }, schema: { tags, summary: "The caller's own units and their responsibilities", response: { 200: workspaceSchema } } }, async (request) =>
      findWorkspace(await cachedPacks(context, request), request.actor, request.permissions, await cachedAreaTree(context, request)),
    );

    app.get(
      '/api/workspace/units/:unitId',
      {
        config: { action: 'workspace.read' },
        schema: {
          tags,
          summary: "One unit's workspace; 403 outside the caller's scope",
          params: z.object({ unitId: z.string().min(1) }),
          querystring: z.object({ pack: z.string().min(1).optional() }),
          response: { 200: unitWorkspaceSchema },
        },
      },
      async (request) => {
        const packId = request.query.pack ?? (await findPacks(db))[0]?.metadata.id ?? '';
        return getUnitWorkspace(await getPack(db, packId), request.params.unitId, request.actor, request.permissions, await cachedAreaTree(context, request));
      },
    );
  };
}
