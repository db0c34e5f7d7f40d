// The public surface of the fiscal module: other modules import only from here (module-map.js).
export { noLedgerCostSources, type CostSources, type LedgerCost } from './cost-sources.ts';
export { fiscalActions } from './fiscal-actions.ts';
export { type FiscalCaller } from './fiscal-caller.ts';
export {
  fiscalOverviewSchema,
  overviewQuerySchema,
  parameterOverridesSchema,
  saveScenarioBodySchema,
  scenarioListSchema,
  scenarioParamsSchema,
  scenarioSchema,
  whatIfBodySchema,
  whatIfResultSchema,
  type FiscalOverview,
  type Scenario,
  type ScenarioList,
  type WhatIfResult,
} from './fiscal-contract.ts';
export { getFiscalOverview } from './get-fiscal-overview.ts';
export { presentOverviewWorkbook, presentWhatIfWorkbook } from './present-fiscal-workbook.ts';
export { runWhatIf, whatIfChangesLimit } from './run-what-if.ts';
export { deleteScenario, getScenario, listScenarios, saveScenario } from './scenarios.ts';
