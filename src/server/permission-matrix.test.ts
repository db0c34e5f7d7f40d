/**
 * The permission matrix: every role (and the public) against every route of the app, for the
 * caller's own scope and another's. The expectations are written here, independently of the
 * permission table, so that a route added without a rule — or a rule that drifts — fails.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccounts, signIn, testPassword, type SignedIn } from '../../test/accounts.ts';
import { databaseTargets } from '../../test/databases.ts';
import { noOrigin, systemActor, createUser, loadPermissionTable, defaultSecuritySettings, roles, type Role } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform } from '../platform/index.ts';
import { buildApp } from './app.ts';

type Caller = Role | 'public';
const callers: Caller[] = ['public', ...roles];
const signedIn = roles;
const workspaceRoles: Caller[] = ['coordinator', 'unit_leader', 'unit_reporter', 'area_leader', 'area_reporter', 'enterprise_user'];
const registryReaders: Caller[] = ['coordinator', 'area_leader', 'area_reporter', 'enterprise_user'];

/** An award id that exists nowhere (the ledger's routes answer 404 to those allowed). */
const noAward = '00000000-0000-4000-8000-000000000000';
const supervisionReporters: Caller[] = ['unit_leader', 'unit_reporter', 'area_leader', 'area_reporter'];
const supervisionReaders: Caller[] = ['coordinator', ...supervisionReporters];

interface Probe {
  /** The concrete request; `:id` placeholders are filled from the test accounts. */
  url: string;
  body?: unknown;
  allowed: readonly Caller[];
}

/** Expected access per route (METHOD + route pattern), with one or more probes (own / other scope). */
const expectations: Record<string, Probe[]> = {
  'GET /api/health': [{ url: '/api/health', allowed: callers }],
  'GET /api/live': [{ url: '/api/live', allowed: callers }],
  'POST /api/session': [{ url: '/api/session', body: { username: 'nobody', password: 'wrong' }, allowed: callers }],
  'GET /api/session': [{ url: '/api/session', allowed: signedIn }],
  'DELETE /api/session': [{ url: '/api/session', allowed: signedIn }],
  'POST /api/session/revoke-all': [{ url: '/api/session/revoke-all', allowed: signedIn }],
  'POST /api/account/password': [{ url: '/api/account/password', body: { current_password: 'not-it', new_password: 'Another-pass-1' }, allowed: signedIn }],
  'GET /api/accounts': [{ url: '/api/accounts', allowed: ['system_admin', 'security_admin'] }],
  'POST /api/accounts': [{ url: '/api/accounts', body: { username: 'x', role: 'coordinator' }, allowed: ['system_admin'] }],
  'POST /api/accounts/:id/disable': [{ url: '/api/accounts/:target/disable', allowed: ['system_admin'] }],
  'POST /api/accounts/:id/enable': [{ url: '/api/accounts/:target/enable', allowed: ['system_admin'] }],
  'POST /api/accounts/:id/reset-password': [{ url: '/api/accounts/:target/reset-password', allowed: ['system_admin'] }],
  'PUT /api/accounts/:id/role': [{ url: '/api/accounts/:target/role', body: { role: 'coordinator' }, allowed: ['security_admin'] }],
  'GET /api/permissions': [{ url: '/api/permissions', allowed: ['security_admin'] }],
  'PUT /api/permissions': [{ url: '/api/permissions', body: { role: 'coordinator', action: 'workspace.read', scope: 'all' }, allowed: ['security_admin'] }],
  'GET /api/packs': [{ url: '/api/packs', allowed: callers }],
  'GET /api/packs/:id': [{ url: '/api/packs/minimal-pack', allowed: callers }],
  'GET /api/packs/:id/clauses': [{ url: '/api/packs/minimal-pack/clauses', allowed: callers }],
  'GET /api/packs/:id/clauses/:number': [{ url: '/api/packs/minimal-pack/clauses/1', allowed: callers }],
  'GET /api/packs/:id/targets': [{ url: '/api/packs/minimal-pack/targets', allowed: callers }],
  'GET /api/packs/:id/indicators': [{ url: '/api/packs/minimal-pack/indicators', allowed: callers }],
  'GET /api/packs/:id/tasks': [{ url: '/api/packs/minimal-pack/tasks?unit=finance-department', allowed: callers }],
  'GET /api/packs/:id/units': [{ url: '/api/packs/minimal-pack/units', allowed: callers }],
  'GET /api/packs/:id/units/:unitId': [{ url: '/api/packs/minimal-pack/units/finance-department', allowed: callers }],
  'GET /api/packs/:id/incentives': [{ url: '/api/packs/minimal-pack/incentives', allowed: callers }],
  'GET /api/areas': [{ url: '/api/areas', allowed: callers }],
  // Enterprise figures are private: the calculator is for signed-in callers of any role, never the public.
  'POST /api/calc': [{ url: '/api/calc', body: { year: 2024, profile: { credit_code: '91640100MA76A0018N', name: '甲科技有限公司' } }, allowed: signedIn }],
  // A registry enterprise's benefits: the registry's gate (its scope makes another's firm a 404, below 500).
  'GET /api/calc/enterprises/:code': [{ url: '/api/calc/enterprises/91640104MA00000011?year=2024', allowed: registryReaders }],
  'GET /api/calc/enterprises/:code/report.docx': [{ url: '/api/calc/enterprises/91640104MA00000011/report.docx?year=2024', allowed: registryReaders }],
  'GET /api/areas/:code': [{ url: '/api/areas/640100', allowed: callers }],
  'GET /api/workspace': [{ url: '/api/workspace', allowed: workspaceRoles }],
  'GET /api/workspace/units/:unitId': [
    // Own scope: 财政厅 for unit roles; 兴庆区 (in 银川市) for area roles.
    { url: '/api/workspace/units/finance-department?pack=minimal-pack', allowed: ['coordinator', 'unit_leader', 'unit_reporter'] },
    { url: '/api/workspace/units/gov-640104?pack=minimal-pack', allowed: ['coordinator', 'area_leader', 'area_reporter'] },
    // Another's scope: 科技厅 is nobody's here but the coordinator's.
    { url: '/api/workspace/units/science-technology-department?pack=minimal-pack', allowed: ['coordinator'] },
  ],
  'GET /api/packs/:id/area-targets': [{ url: '/api/packs/minimal-pack/area-targets', allowed: callers }],
  'PUT /api/packs/:id/area-targets': [{ url: '/api/packs/minimal-pack/area-targets', body: { target_id: 'target-national-hte-2026', org: '640100', value: 20 }, allowed: ['coordinator'] }],
  'DELETE /api/packs/:id/area-targets': [{ url: '/api/packs/minimal-pack/area-targets?target_id=target-national-hte-2026&org=640100', allowed: ['coordinator'] }],
  'POST /api/packs/:id/area-targets/import': [{ url: '/api/packs/minimal-pack/area-targets/import?file_name=x.csv', body: { not: 'a csv' }, allowed: ['coordinator'] }],
  'GET /api/packs/:id/evaluation': [{ url: '/api/packs/minimal-pack/evaluation?as_of=2025', allowed: callers }],
  'GET /api/packs/:id/evaluation.xlsx': [{ url: '/api/packs/minimal-pack/evaluation.xlsx', allowed: callers }],
  'GET /api/packs/:id/evaluation/report.docx': [{ url: '/api/packs/minimal-pack/evaluation/report.docx', allowed: callers }],
  'GET /api/packs/:id/indicators/:code/series': [{ url: '/api/packs/minimal-pack/indicators/rd_intensity/series', allowed: callers }],
  'GET /api/packs/:id/indicators/:code/areas': [{ url: '/api/packs/minimal-pack/indicators/gdp/areas', allowed: callers }],
  'GET /api/packs/:id/indicators/:code/areas.xlsx': [{ url: '/api/packs/minimal-pack/indicators/gdp/areas.xlsx', allowed: callers }],
  'GET /api/indicator-values/template.xlsx': [{ url: '/api/indicator-values/template.xlsx', allowed: callers }],
  'GET /api/indicator-values/history': [{ url: '/api/indicator-values/history?indicator=gdp&org=640104&period=2024', allowed: callers }],
  'GET /api/indicator-values/years': [{ url: '/api/indicator-values/years?org=640000&indicators=gdp,rd_expenditure', allowed: callers }],
  'POST /api/indicator-values/import': [{ url: '/api/indicator-values/import?file_name=x.csv', body: { not: 'a csv' }, allowed: ['coordinator'] }],
  'POST /api/indicator-values/import/problems.csv': [{ url: '/api/indicator-values/import/problems.csv?file_name=x.csv', body: { not: 'a csv' }, allowed: ['coordinator'] }],
  'GET /api/indicator-values': [
    // Own area (兴庆区 lies in 银川市) and another's (石嘴山市).
    { url: '/api/indicator-values?org=640104&period=2024', allowed: ['coordinator', 'area_leader', 'area_reporter'] },
    { url: '/api/indicator-values?org=640200&period=2024', allowed: ['coordinator'] },
  ],
  'PUT /api/indicator-values': [
    { url: '/api/indicator-values', body: { org: '640104', period: '2024', values: [{ indicator: 'no_such_code', value: 1 }] }, allowed: ['coordinator', 'area_leader', 'area_reporter'] },
    { url: '/api/indicator-values', body: { org: '640200', period: '2024', values: [{ indicator: 'no_such_code', value: 1 }] }, allowed: ['coordinator'] },
  ],
  'POST /api/indicator-values/submit': [
    { url: '/api/indicator-values/submit', body: { org: '640104', period: '2024' }, allowed: ['coordinator', 'area_leader', 'area_reporter'] },
    { url: '/api/indicator-values/submit', body: { org: '640200', period: '2024' }, allowed: ['coordinator'] },
  ],
  // Review by level: the city leader (银川市) reviews its counties' values (兴庆区), not another city's (石嘴山市's 大武口区).
  'POST /api/indicator-values/approve': [
    { url: '/api/indicator-values/approve', body: { org: '640104', period: '2024' }, allowed: ['coordinator', 'area_leader'] },
    { url: '/api/indicator-values/approve', body: { org: '640202', period: '2024' }, allowed: ['coordinator'] },
  ],
  'POST /api/indicator-values/return': [
    { url: '/api/indicator-values/return', body: { org: '640104', period: '2024', reason: '核对' }, allowed: ['coordinator', 'area_leader'] },
    { url: '/api/indicator-values/return', body: { org: '640202', period: '2024', reason: '核对' }, allowed: ['coordinator'] },
  ],
  'POST /api/indicator-values/unlock': [{ url: '/api/indicator-values/unlock', body: { org: '640104', period: '2024' }, allowed: ['coordinator'] }],
  // Closed by the coordinator's probe, then reopened by the next one: the period is left open.
  'POST /api/indicator-values/close': [{ url: '/api/indicator-values/close', body: { org: '640104', period: '2024', reason: '填报结束' }, allowed: ['coordinator'] }],
  'POST /api/indicator-values/reopen': [{ url: '/api/indicator-values/reopen', body: { org: '640104', period: '2024', reason: '重新开放' }, allowed: ['coordinator'] }],
  'GET /api/review-queue': [{ url: '/api/review-queue?kind=review', allowed: ['coordinator', 'area_leader', 'area_reporter'] }],
  'GET /api/review-queue/counts': [{ url: '/api/review-queue/counts', allowed: ['coordinator', 'area_leader', 'area_reporter'] }],
  'GET /api/reporting-calendar': [{ url: '/api/reporting-calendar', allowed: ['coordinator', 'area_leader', 'area_reporter'] }],
  'GET /api/registry/enterprises': [{ url: '/api/registry/enterprises?q=公司', allowed: registryReaders }],
  'GET /api/registry/enterprises/:code': [{ url: '/api/registry/enterprises/91640104MA00000011', allowed: registryReaders }],
  'GET /api/registry/enterprises/:code/profile': [{ url: '/api/registry/enterprises/91640104MA00000011/profile', allowed: registryReaders }],
  'GET /api/registry/enterprises/export.xlsx': [{ url: '/api/registry/enterprises/export.xlsx', allowed: registryReaders }],
  'PATCH /api/registry/enterprises/:code': [{ url: '/api/registry/enterprises/91640104MA00000011', body: { expected_updated_at: '2024-01-01T00:00:00Z', contact_phone: '13800000000' }, allowed: ['coordinator', 'enterprise_user'] }],
  'GET /api/registry/platforms': [{ url: '/api/registry/platforms', allowed: registryReaders }],
  'GET /api/registry/platforms/:number': [{ url: '/api/registry/platforms/PT-1', allowed: registryReaders }],
  'GET /api/registry/platforms/export.xlsx': [{ url: '/api/registry/platforms/export.xlsx', allowed: registryReaders }],
  'GET /api/registry/tech-contracts/export.xlsx': [{ url: '/api/registry/tech-contracts/export.xlsx?q=公司', allowed: registryReaders }],
  'GET /api/registry/tech-contracts/turnover': [
    // Area statistics: the area roles' own 银川市, and the whole region (the coordinator's only); never an enterprise's.
    { url: '/api/registry/tech-contracts/turnover?year=2023&org=640100', allowed: ['coordinator', 'area_leader', 'area_reporter'] },
    { url: '/api/registry/tech-contracts/turnover?year=2023&org=640000', allowed: ['coordinator'] },
  ],
  'GET /api/registry/tech-contracts/turnover.xlsx': [
    { url: '/api/registry/tech-contracts/turnover.xlsx?year=2023&org=640100', allowed: ['coordinator', 'area_leader', 'area_reporter'] },
    { url: '/api/registry/tech-contracts/turnover.xlsx?year=2023&org=640200', allowed: ['coordinator'] },
  ],
  'GET /api/registry/tech-contracts': [{ url: '/api/registry/tech-contracts?year=2023', allowed: registryReaders }],
  'GET /api/registry/pipeline': [{ url: '/api/registry/pipeline', allowed: registryReaders }],
  'GET /api/registry/indicators': [{ url: '/api/registry/indicators?year=2023', allowed: callers }],
  'GET /api/registry/indicators.xlsx': [{ url: '/api/registry/indicators.xlsx?year=2023', allowed: callers }],
  'GET /api/registry/pipeline/candidates.xlsx': [{ url: '/api/registry/pipeline/candidates.xlsx', allowed: registryReaders }],
  'GET /api/registry/:kind/template.xlsx': [{ url: '/api/registry/enterprises/template.xlsx', allowed: registryReaders }],
  'POST /api/registry/:kind/import': [{ url: '/api/registry/enterprises/import?file_name=x.csv', body: { not: 'a csv' }, allowed: ['coordinator'] }],
  'POST /api/registry/:kind/import/problems.csv': [{ url: '/api/registry/enterprises/import/problems.csv?file_name=x.csv', body: { not: 'a csv' }, allowed: ['coordinator'] }],
  // The award ledger: the coordinator manages and pays; area leaders read their areas', enterprise users their own; the 公示 is public.
  'GET /api/awards': [{ url: '/api/awards', allowed: ['coordinator', 'area_leader', 'enterprise_user'] }],
  'GET /api/awards/:id': [{ url: `/api/awards/${noAward}`, allowed: ['coordinator', 'area_leader', 'enterprise_user'] }],
  'POST /api/awards/candidates': [{ url: '/api/awards/candidates', body: { candidates: [{ enterprise_id: '91640104MA00000011', credit_code: '91640104MA00000011', name: '甲公司', area_code: '640104', incentive_id: 'x.award', pack_id: 'minimal-pack', year: 2025, amount: '100' }] }, allowed: ['coordinator'] }],
  'POST /api/awards/candidates/from-run/:runId': [{ url: `/api/awards/candidates/from-run/${noAward}`, allowed: ['coordinator'] }],
  'POST /api/awards/confirm': [{ url: '/api/awards/confirm', body: { ids: [noAward] }, allowed: ['coordinator'] }],
  'POST /api/awards/approve': [{ url: '/api/awards/approve', body: { ids: [noAward] }, allowed: ['coordinator'] }],
  'POST /api/awards/:id/withdraw': [{ url: `/api/awards/${noAward}/withdraw`, body: { reason: '核对' }, allowed: ['coordinator'] }],
  'POST /api/awards/:id/reinstate': [{ url: `/api/awards/${noAward}/reinstate`, body: { reason: '核对' }, allowed: ['coordinator'] }],
  'POST /api/awards/:id/objections': [{ url: `/api/awards/${noAward}/objections`, body: { text: '异议' }, allowed: ['coordinator'] }],
  'POST /api/awards/:id/objections/resolve': [{ url: `/api/awards/${noAward}/objections/resolve`, body: { outcome: 'dismissed', resolution: '无误' }, allowed: ['coordinator'] }],
  'POST /api/awards/:id/payment': [{ url: `/api/awards/${noAward}/payment`, body: { amount: '100', paid_on: '2024-01-02', reference: 'P-1' }, allowed: ['coordinator'] }],
  'GET /api/award-notices': [{ url: '/api/award-notices', allowed: ['coordinator'] }],
  'POST /api/award-notices': [{ url: '/api/award-notices', body: { title: '公示', ids: [noAward] }, allowed: ['coordinator'] }],
  'POST /api/award-notices/:id/end': [{ url: `/api/award-notices/${noAward}/end`, allowed: ['coordinator'] }],
  'GET /api/public/award-notices': [{ url: '/api/public/award-notices', allowed: callers }],
  'GET /api/public/award-notices/:id': [{ url: `/api/public/award-notices/${noAward}`, allowed: callers }],
  'GET /api/public/award-notices/:id/notice.docx': [{ url: `/api/public/award-notices/${noAward}/notice.docx`, allowed: callers }],
  'GET /api/public/award-notices/:id/notice.xlsx': [{ url: `/api/public/award-notices/${noAward}/notice.xlsx`, allowed: callers }],
  // Screening runs (免申即享): the coordinator runs them; area leaders read their own area's results (no run here: 404, below 500).
  'POST /api/screening/runs': [{ url: '/api/screening/runs', body: { year: 2024 }, allowed: ['coordinator'] }],
  'GET /api/screening/runs': [{ url: '/api/screening/runs', allowed: ['coordinator', 'area_leader'] }],
  'GET /api/screening/runs/:id': [{ url: '/api/screening/runs/00000000-0000-4000-8000-000000000000', allowed: ['coordinator', 'area_leader'] }],
  'POST /api/screening/runs/:id/cancel': [{ url: '/api/screening/runs/00000000-0000-4000-8000-000000000000/cancel', allowed: ['coordinator'] }],
  'POST /api/screening/runs/:id/resume': [{ url: '/api/screening/runs/00000000-0000-4000-8000-000000000000/resume', allowed: ['coordinator'] }],
  'GET /api/screening/runs/:id/results': [{ url: '/api/screening/runs/00000000-0000-4000-8000-000000000000/results', allowed: ['coordinator', 'area_leader'] }],
  'GET /api/screening/runs/:id/results.xlsx': [{ url: '/api/screening/runs/00000000-0000-4000-8000-000000000000/results.xlsx', allowed: ['coordinator', 'area_leader'] }],
  'GET /api/screening/compare': [{ url: '/api/screening/compare?a=00000000-0000-4000-8000-000000000000&b=00000000-0000-4000-8000-000000000001', allowed: ['coordinator', 'area_leader'] }],
  // The assessment (issue 14): the coordinator reads all and downloads the 通报; area leaders read their own areas' scores.
  'GET /api/assessment/scheme': [{ url: '/api/assessment/scheme', allowed: ['coordinator', 'area_leader'] }],
  'GET /api/assessment/:year': [{ url: '/api/assessment/2026', allowed: ['coordinator', 'area_leader'] }],
  'GET /api/assessment/:year/report.docx': [{ url: '/api/assessment/2026/report.docx', allowed: ['coordinator'] }],
  'GET /api/assessment/:year/report.xlsx': [{ url: '/api/assessment/2026/report.xlsx', allowed: ['coordinator'] }],
  // Supervision notices (督办单) and reminders: the coordinator issues and closes; units and areas answer and read their own.
  'GET /api/notices': [{ url: '/api/notices', allowed: ['coordinator', 'unit_leader', 'unit_reporter', 'area_leader', 'area_reporter'] }],
  'GET /api/notices/assignees': [{ url: '/api/notices/assignees', allowed: ['coordinator'] }],
  'GET /api/notices/schedule': [{ url: '/api/notices/schedule', allowed: ['coordinator', 'unit_leader', 'unit_reporter', 'area_leader', 'area_reporter'] }],
  'GET /api/notices/:id': [{ url: `/api/notices/${noAward}`, allowed: ['coordinator', 'unit_leader', 'unit_reporter', 'area_leader', 'area_reporter'] }],
  'POST /api/notices': [{ url: '/api/notices', body: { assignee: { kind: 'area', id: '640104' }, subject: '督办', text: '请回复', deadline: '2099-12-31' }, allowed: ['coordinator'] }],
  'POST /api/notices/:id/respond': [{ url: `/api/notices/${noAward}/respond`, body: { text: '已办' }, allowed: ['unit_leader', 'unit_reporter', 'area_leader', 'area_reporter'] }],
  'POST /api/notices/:id/close': [{ url: `/api/notices/${noAward}/close`, body: {}, allowed: ['coordinator'] }],
  'POST /api/notices/:id/return': [{ url: `/api/notices/${noAward}/return`, body: { reason: '补充' }, allowed: ['coordinator'] }],
  'POST /api/notices/:id/reopen': [{ url: `/api/notices/${noAward}/reopen`, body: { reason: '跟踪' }, allowed: ['coordinator'] }],
  'GET /api/reminders': [{ url: '/api/reminders', allowed: ['coordinator', 'unit_leader', 'unit_reporter', 'area_leader', 'area_reporter'] }],
  'POST /api/reminders/read': [{ url: '/api/reminders/read', body: { all: true }, allowed: ['coordinator', 'unit_leader', 'unit_reporter', 'area_leader', 'area_reporter'] }],
  'GET /api/audit': [{ url: '/api/audit', allowed: ['audit_admin'] }],
  'GET /api/audit/export.csv': [{ url: '/api/audit/export.csv', allowed: ['audit_admin'] }],
  'GET /api/audit/verify': [{ url: '/api/audit/verify', allowed: ['audit_admin'] }],
  // The fiscal view (issue 13): the coordinator's; scenarios saved and deleted by the coordinator.
  'GET /api/fiscal/overview': [{ url: '/api/fiscal/overview?year=2024', allowed: ['coordinator'] }],
  'GET /api/fiscal/overview.xlsx': [{ url: '/api/fiscal/overview.xlsx?year=2024', allowed: ['coordinator'] }],
  'POST /api/fiscal/what-if': [{ url: '/api/fiscal/what-if', body: { year: 2024, overrides: {} }, allowed: ['coordinator'] }],
  'POST /api/fiscal/what-if.xlsx': [{ url: '/api/fiscal/what-if.xlsx', body: { year: 2024, overrides: {} }, allowed: ['coordinator'] }],
  'GET /api/fiscal/scenarios': [{ url: '/api/fiscal/scenarios', allowed: ['coordinator'] }],
  'POST /api/fiscal/scenarios': [{ url: '/api/fiscal/scenarios', body: { name: '', year: 2024, overrides: {} }, allowed: ['coordinator'] }],
  'GET /api/fiscal/scenarios/:id': [{ url: '/api/fiscal/scenarios/00000000-0000-4000-8000-000000000000', allowed: ['coordinator'] }],
  'GET /api/fiscal/scenarios/:id/export.xlsx': [{ url: '/api/fiscal/scenarios/00000000-0000-4000-8000-000000000000/export.xlsx', allowed: ['coordinator'] }],
  'DELETE /api/fiscal/scenarios/:id': [{ url: '/api/fiscal/scenarios/00000000-0000-4000-8000-000000000000', allowed: ['coordinator'] }],
  // Reports generated in the background: any signed-in account asks (the report's own permission decides: the evaluation is everyone's) and reads its own; nobody's report here (404, below 500).
  'POST /api/reports': [{ url: '/api/reports', body: { kind: 'evaluation.report', params: { pack: 'minimal-pack' } }, allowed: signedIn }],
  'GET /api/reports': [{ url: '/api/reports', allowed: signedIn }],
  'GET /api/reports/:id': [{ url: '/api/reports/00000000-0000-4000-8000-000000000000', allowed: signedIn }],
  'GET /api/reports/:id/file': [{ url: '/api/reports/00000000-0000-4000-8000-000000000000/file', allowed: signedIn }],
  // Supervision (issue 14): read by the coordinator and by unit and area roles (their own, checked against the resource: 404 outside it); reported by unit and area roles; reviewed and managed by the coordinator.
  'GET /api/supervision/tasks': [{ url: '/api/supervision/tasks', allowed: supervisionReaders }],
  'GET /api/supervision/tasks/:taskId': [{ url: '/api/supervision/tasks/task-none', allowed: supervisionReaders }],
  'GET /api/supervision/assignees': [{ url: '/api/supervision/assignees', allowed: supervisionReaders }],
  'GET /api/supervision/assignees/:kind/:id': [{ url: '/api/supervision/assignees/unit/finance-department', allowed: supervisionReaders }],
  'GET /api/supervision/heatmap': [{ url: '/api/supervision/heatmap', allowed: supervisionReaders }],
  'GET /api/supervision/workbench': [{ url: '/api/supervision/workbench', allowed: supervisionReaders }],
  'GET /api/supervision/review-queue': [{ url: '/api/supervision/review-queue', allowed: ['coordinator'] }],
  'GET /api/supervision/measures/:id': [{ url: `/api/supervision/measures/${noAward}`, allowed: supervisionReaders }],
  // The innovation index (issue 15): built from approved (published) values and bundled published data only, so everyone reads it.
  'GET /api/innovation-index/specs': [{ url: '/api/innovation-index/specs', allowed: callers }],
  'GET /api/innovation-index/specs/:id': [{ url: '/api/innovation-index/specs/eis-2025?year=2025', allowed: callers }],
  'GET /api/innovation-index/specs/:id/units/:unit': [{ url: '/api/innovation-index/specs/eis-2025/units/SE?year=2025', allowed: callers }],
  'GET /api/innovation-index/specs/:id/sensitivity': [{ url: '/api/innovation-index/specs/eis-2025/sensitivity?year=2025', allowed: callers }],
  'GET /api/innovation-index/specs/:id/report.xlsx': [{ url: '/api/innovation-index/specs/eis-2025/report.xlsx?year=2025', allowed: callers }],
  'GET /api/innovation-index/specs/:id/report.docx': [{ url: '/api/innovation-index/specs/eis-2025/report.docx?year=2025', allowed: callers }],
  'PATCH /api/supervision/measures/:id': [{ url: `/api/supervision/measures/${noAward}`, body: { frequency: 'monthly' }, allowed: ['coordinator'] }],
  'POST /api/supervision/measures/:id/work-points': [{ url: `/api/supervision/measures/${noAward}/work-points`, body: { year: 2026, title: '要点' }, allowed: ['coordinator'] }],
  'DELETE /api/supervision/work-points/:id': [{ url: `/api/supervision/work-points/${noAward}`, allowed: ['coordinator'] }],
  'POST /api/supervision/measures/:id/milestones': [{ url: `/api/supervision/measures/${noAward}/milestones`, body: { title: '节点', due_date: '2026-12-31', target_percent: 50 }, allowed: ['coordinator'] }],
  'DELETE /api/supervision/milestones/:id': [{ url: `/api/supervision/milestones/${noAward}`, allowed: ['coordinator'] }],
  'POST /api/supervision/measures/:id/sub-measures': [{ url: `/api/supervision/measures/${noAward}/sub-measures`, body: { title: '分解', lead: [{ kind: 'area', id: '640100' }] }, allowed: ['coordinator'] }],
  'POST /api/supervision/measures/:id/close': [{ url: `/api/supervision/measures/${noAward}/close`, body: { comment: '已完成' }, allowed: ['coordinator'] }],
  'POST /api/supervision/measures/:id/reopen': [{ url: `/api/supervision/measures/${noAward}/reopen`, body: { reason: '整改' }, allowed: ['coordinator'] }],
  'GET /api/supervision/measures/:id/cycles/:period': [{ url: `/api/supervision/measures/${noAward}/cycles/2026-Q4`, allowed: supervisionReaders }],
  'PUT /api/supervision/measures/:id/reports/:period': [{ url: `/api/supervision/measures/${noAward}/reports/2026-Q4`, body: { narrative: '进展' }, allowed: supervisionReporters }],
  'GET /api/supervision/reports/:id': [{ url: `/api/supervision/reports/${noAward}`, allowed: supervisionReaders }],
  'POST /api/supervision/reports/:id/submit': [{ url: `/api/supervision/reports/${noAward}/submit`, allowed: supervisionReporters }],
  'POST /api/supervision/reports/:id/approve': [{ url: `/api/supervision/reports/${noAward}/approve`, body: {}, allowed: ['coordinator'] }],
  'POST /api/supervision/reports/:id/return': [{ url: `/api/supervision/reports/${noAward}/return`, body: { comment: '请补充' }, allowed: ['coordinator'] }],
  'POST /api/supervision/reports/:id/evidence': [{ url: `/api/supervision/reports/${noAward}/evidence`, allowed: supervisionReporters }],
  'DELETE /api/supervision/evidence/:id': [{ url: `/api/supervision/evidence/${noAward}`, allowed: supervisionReporters }],
  'GET /api/supervision/evidence/:id': [{ url: `/api/supervision/evidence/${noAward}`, allowed: supervisionReaders }],
};

/** A refusal is 401 `unauthenticated` for the public and 403 `forbidden` for a signed-in caller. */
function isRefusal(status: number, code: string | undefined): boolean {
  return (status === 401 && code === 'unauthenticated') || (status === 403 && code === 'forbidden');
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== undefined)(`permission matrix on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ''}`, () => {
    let app: FastifyInstance;
    let database: DatabaseHandle;
    let drop: () => Promise<void>;
    // The account the administrators' routes act on, so that no caller's own account changes.
    let targetAccountId: string;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      database = await preparePlatform({ ...created.options, packsDir: new URL('../policy/fixtures', import.meta.url).pathname });
      await createTestAccounts(database.db);
      const permissions = await loadPermissionTable(database.db);
      targetAccountId = (await createUser(database.db, { username: 'matrix-target', role: 'coordinator', password: testPassword }, { actor: systemActor, permissions, origin: noOrigin })).user.id;
      app = await buildApp({ database, logLevel: 'silent', settings: { ...defaultSecuritySettings, loginRateLimitPerMinute: 10_000 } });
    });

    afterAll(async () => {
      await app?.close();
      await database?.close();
      await drop?.();
    });

    it('gives every API route a declared permission and an expectation here', async () => {
      await app.ready();
      const apiRoutes = app.registeredRoutes.filter((route) => route.url.startsWith('/api/') && !route.url.startsWith('/api/docs'));
      const missingAction = apiRoutes.filter((route) => !route.action).map((route) => `${route.method} ${route.url}`);
      expect(missingAction).toEqual([]);
      const keys = apiRoutes.map((route) => `${route.method} ${route.url}`).sort();
      expect(keys).toEqual(Object.keys(expectations).sort());
    });

    for (const caller of callers) {
      it(`allows and refuses ${caller} as expected on every route`, async () => {
        const username = caller.replace(/_/g, '-');
        let session: SignedIn | undefined = caller === 'public' ? undefined : await signIn(app, username);
        if (session) expect(session.status).toBe(200);
        const mismatches: string[] = [];
        // Sign-out routes end the session: probe them last.
        const endsSession = (route: string) => route === 'DELETE /api/session' || route === 'POST /api/session/revoke-all';
        const ordered = Object.entries(expectations).sort(([a], [b]) => Number(endsSession(a)) - Number(endsSession(b)));
        for (const [route, probes] of ordered) {
          for (const probe of probes) {
            // Each sign-out route gets a session of its own (the previous one may have ended it).
            if (session && endsSession(route)) session = await signIn(app, username);
            const method = route.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'DELETE';
            const response = await app.inject({
              method,
              url: probe.url.replace(':target', targetAccountId),
              headers: session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {},
              ...(probe.body === undefined ? {} : { payload: probe.body as object }),
            });
            const code = String(response.headers['content-type'] ?? '').includes('json') && response.body ? (response.json() as { error?: { code?: string } }).error?.code : undefined;
            const refused = isRefusal(response.statusCode, code);
            const expectedAllowed = probe.allowed.includes(caller);
            // Allowed means answered: a status below 500. A crash is no permission.
            const answered = response.statusCode < 500;
            if (refused === expectedAllowed || (expectedAllowed && !answered)) mismatches.push(`${method} ${probe.url}: expected ${expectedAllowed ? 'allow' : 'deny'}, got ${response.statusCode} ${code ?? ''}`);
          }
        }
        expect(mismatches).toEqual([]);
      });
    }
  });
}
