// The public surface of the incentives module: other modules import only from here (module-map.js).
export { calculate, calculateOutcomes, compilePack, lintPackRules, numericParametersInForce, packInForce, prepareParameterOverrides, type CompiledPack, type ParameterOverrides, type PreparedOverrides } from './compile-pack.ts';
export { type CompiledRule } from './compile-rule.ts';
export { type RuleProfile } from './compile-expression.ts';
export { evaluateRule, evaluateRuleOutcome, type RuleOutcome } from './evaluate-rule.ts';
export { toFixedText } from './exact.ts';
export { benefitSchema, calcRequestSchema, calcResultSchema, type Benefit, type CalcResult } from './incentives-contract.ts';
export { describeProfileIssues, enterpriseProfileSchema, parseCalcProfile, type EnterpriseProfile } from './profile-schema.ts';
export { formatCaseFailure, runRuleCases, type CaseResult, type RuleCaseRun } from './rule-cases.ts';
export { incentiveActions } from './incentive-actions.ts';
export { enterpriseCalcQuerySchema, enterpriseCalcSchema, type EnterpriseCalc } from './calculator-contract.ts';
export { decideHteCandidates, hteRecognitionIncentive, type HteCandidateDecision, type HteCandidates } from './hte-candidates.ts';
