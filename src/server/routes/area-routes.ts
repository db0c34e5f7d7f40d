import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findAreas, findAreaTree, findZones } from '../../areas/area-repository.ts';
import type { Area } from '../../areas/area-tree.ts';
import { notFound } from '../../shared/app-error.ts';
import type { ServerContext } from '../server-context.ts';

const tags = ['areas'];

function presentArea(area: Area) {
  return { code: area.code, name: area.name, parent_code: area.parentCode, level: area.level };
}

export function areaRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  return async (app) => {
    app.get('/api/areas', { config: { action: 'areas.read' }, schema: { tags, summary: 'Administrative areas (GB/T 2260) and functional zones' } }, async () => {
      const { areas, edition } = await findAreas(db);
      const zones = await findZones(db);
      return {
        edition,
        areas: areas.map(presentArea),
        zones: zones.map((zone) => ({ id: zone.id, name: zone.name, name_en: zone.nameEn, management: zone.management, overlaps: zone.overlaps, note: zone.note })),
      };
    });

    app.get(
      '/api/areas/:code',
      { config: { action: 'areas.read' }, schema: { tags, summary: 'One area, its parents and children', params: z.object({ code: z.string().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 code') }) } },
      async (request) => {
        const tree = await findAreaTree(db);
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
