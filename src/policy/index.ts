// The public surface of the policy module: other modules import only from here (module-map.js).
export { chineseNumeral, fullWidthBrackets, printedClauseLabel } from './clause-label.ts';
export { findWorkspace, getUnitWorkspace } from './find-workspace.ts';
export { compileFormula, readFormulaInputs } from './formula.ts';
export { indicatorsOf, qualityRulesOf } from './indicators-of.ts';
export { bundledPacksDir, loadPack, loadPacks, type LoadPackResult } from './load-pack.ts';
export { formatPackProblem } from './pack-problem.ts';
export { countPacks, findPackVersions, findPacks, getPack, hashPack, syncPacks } from './pack-repository.ts';
export { type Incentive, type Indicator, type IndicatorQuality, type Parameter, type PolicyPack, type QualityRule, type Rule, type RuleCase, type Target, type TargetBreakdown } from './pack-schema.ts';
export { type PackProblem } from './pack-problem.ts';
export { readPackFolder, type PackFolder } from './read-pack-folder.ts';
export { policyActions } from './policy-actions.ts';
export { clauseListSchema, clauseWithCitationsSchema, incentiveListSchema, indicatorListSchema, packListSchema, packSchema, targetListSchema, taskListSchema, unitDetailSchema, unitListSchema, unitWorkspaceSchema, workspaceSchema } from './policy-contract.ts';
export { presentClauseWithCitations, presentPackExport, presentPackSummary, presentTarget, presentUnits } from './present-pack.ts';
export { clauseLabel, countResponsibilities, findResponsibilities, findTargetSupplier, findTasksOfUnit, getUnit, groupsOf, type TargetSupplier } from './responsibilities.ts';
export { describePath, YamlSource, type YamlPath } from './yaml-source.ts';
export { checkYamlSchema } from './check-yaml-schema.ts';
