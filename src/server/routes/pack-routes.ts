import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getPack, presentClauseWithCitations, presentPackExport, presentPackSummary, presentTarget, presentUnits, clauseLabel, countResponsibilities, findResponsibilities, findTasksOfUnit, getUnit, groupsOf, clauseListSchema, clauseWithCitationsSchema, incentiveListSchema, indicatorListSchema, packListSchema, packSchema, targetListSchema, taskListSchema, unitDetailSchema, unitListSchema } from '../../policy/index.ts';
import { notFound } from '../../shared/index.ts';
import { cachedPacks, type ServerContext } from '../server-context.ts';

const packParams = z.object({ id: z.string().min(1).describe('pack id, e.g. ningxia-2022-st-action') });
const tags = ['policy'];

export function packRoutes(context: ServerContext): FastifyPluginAsyncZod {
  const db = context.database.db;
  return async (app) => {
    app.get('/api/packs', { config: { action: 'policy.read' }, schema: { tags, summary: 'Every loaded policy pack, with counts', response: { 200: packListSchema } } }, async (request) => ({
      packs: (await cachedPacks(context, request)).map(presentPackSummary),
    }));

    app.get('/api/packs/:id', { config: { action: 'policy.read' }, schema: { tags, summary: 'The whole normalised pack (as `pack export --json`)', params: packParams, response: { 200: packSchema } } }, async (request) =>
      presentPackExport(await getPack(db, request.params.id)),
    );

    app.get('/api/packs/:id/clauses', { config: { action: 'policy.read' }, schema: { tags, summary: 'The clauses, in order', params: packParams, response: { 200: clauseListSchema } } }, async (request) => {
      const pack = await getPack(db, request.params.id);
      return { sections: pack.sections, clauses: pack.clauses };
    });

    app.get(
      '/api/packs/:id/clauses/:number',
      { config: { action: 'policy.read' }, schema: { tags, summary: 'One clause and what cites it', params: packParams.extend({ number: z.coerce.number().int().positive().describe('global clause number, 1 for (一)') }), response: { 200: clauseWithCitationsSchema } } },
      async (request) => {
        const pack = await getPack(db, request.params.id);
        const clause = pack.clauses.find((candidate) => candidate.number === request.params.number);
        if (!clause) throw notFound('条款', 'Clause', request.params.number);
        return presentClauseWithCitations(pack, clause);
      },
    );

    app.get('/api/packs/:id/targets', { config: { action: 'policy.read' }, schema: { tags, summary: 'The targets, each with its indicator and clause', params: packParams, response: { 200: targetListSchema } } }, async (request) => {
      const pack = await getPack(db, request.params.id);
      return { targets: pack.targets.map((target) => presentTarget(pack, target)) };
    });

    app.get('/api/packs/:id/indicators', { config: { action: 'policy.read' }, schema: { tags, summary: 'The indicators of the pack', params: packParams, response: { 200: indicatorListSchema } } }, async (request) => ({
      indicators: (await getPack(db, request.params.id)).indicators,
    }));

    app.get(
      '/api/packs/:id/tasks',
      {
        config: { action: 'policy.read' },
        schema: {
          tags,
          summary: 'Key tasks and their measures; `unit` keeps those a unit answers for (directly or through a group)',
          params: packParams,
          querystring: z.object({ unit: z.string().min(1).optional().describe('unit id, e.g. finance-department') }),
          response: { 200: taskListSchema },
        },
      },
      async (request) => {
        const pack = await getPack(db, request.params.id);
        const withLabel = <T extends { clause: number }>(task: T) => ({ ...task, clause_label: clauseLabel(pack, task.clause) });
        const unit = request.query.unit;
        return { tasks: unit ? findTasksOfUnit(pack, unit).map(withLabel) : pack.tasks.map(withLabel) };
      },
    );

    app.get('/api/packs/:id/units', { config: { action: 'policy.read' }, schema: { tags, summary: 'Responsible units with how much each leads and co-owns', params: packParams, response: { 200: unitListSchema } } }, async (request) => ({
      units: presentUnits(await getPack(db, request.params.id)),
    }));

    app.get(
      '/api/packs/:id/units/:unitId',
      { config: { action: 'policy.read' }, schema: { tags, summary: "One unit and everything it answers for", params: packParams.extend({ unitId: z.string().min(1) }), response: { 200: unitDetailSchema } } },
      async (request) => {
        const pack = await getPack(db, request.params.id);
        const unit = getUnit(pack, request.params.unitId);
        return {
          unit: { ...unit, counts: countResponsibilities(pack, unit.id) },
          groups: groupsOf(pack, unit.id),
          responsibilities: findResponsibilities(pack, unit.id),
        };
      },
    );

    app.get('/api/packs/:id/incentives', { config: { action: 'policy.read' }, schema: { tags, summary: 'Incentive provisions recorded as data', params: packParams, response: { 200: incentiveListSchema } } }, async (request) => ({
      incentives: (await getPack(db, request.params.id)).incentives,
    }));
  };
}
