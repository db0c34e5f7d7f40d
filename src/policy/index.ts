// The public surface of the policy module: other modules import only from here (module-map.js).
export { findWorkspace, getUnitWorkspace } from './find-workspace.ts';
export { compileFormula, readFormulaInputs } from './formula.ts';
export { indicatorsOf, qualityRulesOf } from './indicators-of.ts';
export { bundledPacksDir, loadPack, loadPacks } from './load-pack.ts';
export { formatPackProblem } from './pack-problem.ts';
export { countPacks, findPackVersions, findPacks, getPack, syncPacks } from './pack-repository.ts';
export { type Indicator, type IndicatorQuality, type PolicyPack, type QualityRule, type Target, type TargetBreakdown } from './pack-schema.ts';
export { policyActions } from './policy-actions.ts';
export { clauseListSchema, clauseWithCitationsSchema, incentiveListSchema, indicatorListSchema, packListSchema, packSchema, targetListSchema, taskListSchema, unitDetailSchema, unitListSchema, unitWorkspaceSchema, workspaceSchema } from './policy-contract.ts';
export { presentClauseWithCitations, presentPackExport, presentPackSummary, presentTarget, presentUnits } from './present-pack.ts';
export { clauseLabel, countResponsibilities, findResponsibilities, findTargetSupplier, findTasksOfUnit, getUnit, groupsOf, type TargetSupplier } from './responsibilities.ts';
