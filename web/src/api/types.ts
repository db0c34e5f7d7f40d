/**
 * The JSON shapes of the Kechuang HTTP API, as the browser sees them (snake_case, as sent).
 * Policy, areas, workspace, sessions, accounts, permissions and audit: the server's contracts
 * (src/<module>/<module>-contract.ts), shared as types only.
 */

export type {
  Clause,
  ClauseList,
  ClauseWithCitations,
  Comparator,
  Incentive,
  IncentiveList,
  Indicator,
  IndicatorList,
  ListedTask,
  Measure,
  Pack,
  PackCounts,
  PackList,
  PackSummary,
  PackTarget,
  Parameter,
  Responsibility,
  ResponsibilityRole,
  Section,
  Target,
  TargetList,
  Task,
  TaskList,
  Unit,
  UnitDetail,
  UnitKind,
  UnitList,
  UnitWithCounts,
  UnitWorkspace,
  Workspace,
  WorkspaceScope,
  WorkspaceUnit,
} from '../../../src/policy/policy-contract.ts';
export type { Area, AreaDetail, AreaLevel, AreaList, Zone } from '../../../src/areas/areas-contract.ts';

export type { ErrorBody as ApiErrorBody } from '../../../src/shared/error-contract.ts';

// ---- Accounts, sessions, permissions, audit ----

export type {
  Account,
  AccountAnswer,
  AccountList,
  AccountListEntry,
  AddressLock,
  AccountRole,
  AccountWithPassword,
  AssignRoleBody,
  CreateAccountBody,
  LocalizedLabel,
  PasswordRuleProblem,
  PermissionRole,
  Scope,
} from '../../../src/accounts/accounts-contract.ts';
// The answers that name every module's actions: only the platform composes them.
export type {
  Abilities,
  Action,
  PermissionAction,
  PermissionRow,
  PermissionRows,
  PermissionTableAnswer,
  Session,
  SetPermissionBody,
} from '../../../src/platform/platform-contract.ts';
export type { AuditEvent, AuditFilterQuery, AuditOutcome, AuditPage, AuditProblem, AuditVerification } from '../../../src/audit/audit-contract.ts';

// ---- Indicators: values, evaluation against the targets, data entry and import ----
// The server's contract (src/indicators/indicator-contract.ts): the types of its zod schemas.

export type {
  AreaComparison,
  AreaTarget,
  AreaTargetImportProblem,
  AreaTargetImportReport,
  AreaTargetList,
  AreaValue,
  CalendarItem,
  DraftValueInput,
  EntryIndicator,
  EntrySheet,
  EntryValue,
  ImportProblem,
  ImportReport,
  IndicatorAreas,
  IndicatorDefinition,
  IndicatorSeries,
  IndicatorSummary,
  PackEvaluation,
  PeriodClosure,
  PeriodClosureInput,
  PeriodState,
  Qualifier,
  QueueCounts,
  QueueItem,
  QueueKind,
  ReportingCalendar,
  ResolvedValue,
  ReviewLevel,
  ReviewQueue,
  SavedDrafts,
  SetAreaTargetInput,
  StatusRule,
  SupplierUnit,
  TargetEvaluation,
  TargetSourceView,
  TargetStatus,
  TransitionInput,
  TransitionResult,
  ValueChange,
  ValueHistory,
  ValueKind,
  ValueRevision,
  ValueStatus,
  WorkflowAction,
  YearsWithData,
} from '../../../src/indicators/indicator-contract.ts';

// ---- Registries: enterprises, certifications, platforms, technology contracts ----
// The server's contract (src/registry/registry-contract.ts) is the one source of these shapes.

export type {
  CertificationType,
  ContractType,
  CountField,
  EnterpriseCertification,
  EnterpriseChanges,
  EnterpriseDetail,
  EnterpriseEditableField,
  EnterpriseEvent,
  EnterpriseEventInput,
  EnterpriseEventType,
  EnterpriseFilter,
  EnterpriseFlag,
  EnterpriseFlags,
  EnterpriseFlagsInput,
  EnterpriseProfile,
  EnterprisePage,
  EnterpriseSummary,
  EvaluationResult,
  FieldProblem,
  FinancialField,
  FinancialYear,
  FinancialYearInput,
  MoneyField,
  PipelineCandidate,
  PlatformDetail,
  PlatformEvaluation,
  PlatformFilter,
  PlatformPage,
  PlatformType,
  RegistryComparison,
  RegistryComparisonRow,
  RegistryHistoryEntry,
  RegistryImportReport,
  RegistryKind,
  RegistryPlatform,
  TechContract,
  TechContractFilter,
  TechContractFlow,
  TechContractPage,
  TechContractTurnover,
  TierPipeline,
} from '../../../src/registry/registry-contract.ts';

// ---- The calculator (issue 12): benefits of an enterprise, from src/incentives ----

export type { Advice, Benefit, CalcResult, TraceStep } from '../../../src/incentives/incentives-contract.ts';
export type { EnterpriseCalc, EnterpriseProfile as CalcProfile } from '../../../src/incentives/calculator-contract.ts';

// ---- The fiscal view (issue 13): cost, forecast, what-if and scenarios, from src/fiscal ----

export type { FiscalOverview, OverridableIncentive, ParameterOverridesInput, SaveScenarioInput, Scenario, ScenarioList, ScenarioSummary, WhatIfChange, WhatIfInput, WhatIfResult } from '../../../src/fiscal/fiscal-contract.ts';
