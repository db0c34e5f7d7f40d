import type { Actor, PermissionTable, RequestOrigin } from '../accounts/index.ts';
import type { AreaTree } from '../areas/index.ts';
import type { ReportGenerators } from './report-generators.ts';

/** Who calls a reports use case, and the report kinds the platform declares. */
export interface ReportCaller {
  actor: Actor | null;
  permissions: PermissionTable;
  tree: AreaTree;
  origin: RequestOrigin;
  generators: ReportGenerators;
}
