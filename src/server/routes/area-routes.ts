import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findAreas, findZones, areaDetailSchema, areaListSchema, presentArea, presentZone } from '../../areas/index.ts';
import { notFound } from '../../shared/index.ts';
import { cachedAreaTree, type ServerContext } from '../server-context.ts';

const tags = ['areas'];

export function areaRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  return async (app) => {
    app.get('/api/areas', { config: { action: 'areas.read' }, schema: { tags, summary: 'Administrative areas (GB/T 2260) and functional zones', response: { 200: areaListSchema } } }, async () => {
      const { areas, edition } = await findAreas(db);
      const zones = await findZones(db);
      return { edition, areas: areas.map(presentArea), zones: zones.map(presentZone) };
    });

    app.get(
      '/api/areas/:code',
      {
        config: { action: 'areas.read' },
        schema: { tags, summary: 'One area, its parents and children', params: z.object({ code: z.string().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 code') }), response: { 200: areaDetailSchema } },
      },
      async (request) => {
        const tree = await cachedAreaTree(context, request);
        const area = tree.find(request.params.code);
        if (!area) throw notFound('行政区划', 'Area', request.params.code);
        return {
          area: presentArea(area),
          ancestors: tree.ancestorsOf(area.code).slice(1).map(presentArea),
          children: tree.childrenOf(area.code).map(presentArea),
        };
      },
    );
  };
}
