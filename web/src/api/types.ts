/**
 * The JSON shapes of the Kechuang HTTP API, as the browser sees them (snake_case, as sent).
 * Policy, areas, workspace, sessions, accounts, permissions and audit: the server's contracts
 * (src/<module>/<module>-contract.ts), shared as types only.
 */

// The other sections below use these.
import type { Area } from '../../../src/areas/areas-contract.ts';
import type { LocalizedLabel } from '../../../src/accounts/accounts-contract.ts';
import type { Comparator } from '../../../src/policy/policy-contract.ts';

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

/**
 * The one error body of every failure (src/server/error-handler.ts writes it); `isErrorBody` in
 * client.ts checks an answer against it before it is read.
 */
export interface ApiErrorBody {
  error: { code: string; message: string; message_en?: string; request_id?: string; details?: unknown };
}

// ---- Accounts, sessions, permissions, audit ----

export type {
  Abilities,
  Account,
  AccountAnswer,
  AccountList,
  AccountRole,
  AccountWithPassword,
  Action,
  AssignRoleBody,
  CreateAccountBody,
  LocalizedLabel,
  PasswordRuleProblem,
  PermissionAction,
  PermissionRole,
  PermissionRow,
  PermissionRows,
  PermissionTableAnswer,
  Scope,
  Session,
  SetPermissionBody,
} from '../../../src/accounts/accounts-contract.ts';
export type { AuditEvent, AuditFilterQuery, AuditOutcome, AuditPage, AuditProblem, AuditVerification } from '../../../src/audit/audit-contract.ts';

// ---- Indicators: values, evaluation against the targets, data entry and import ----
// The server's contract (src/indicators/indicator-contract.ts): the types of its zod schemas.

import type { ImportProblem, Qualifier } from '../../../src/indicators/indicator-contract.ts';

export type {
  AreaValue,
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
  ResolvedValue,
  SavedDrafts,
  StatusRule,
  TargetEvaluation,
  TargetStatus,
  TransitionInput,
  TransitionResult,
  ValueChange,
  ValueHistory,
  ValueKind,
  ValueRevision,
  ValueStatus,
  WorkflowAction,
} from '../../../src/indicators/indicator-contract.ts';

// ---- Registries: enterprises, certifications, platforms, technology contracts ----

export type CertificationType = 'tech_sme' | 'national_hte' | 'provincial_hte' | 'innovative_demo_enterprise' | 'gazelle' | 'unicorn';

export interface EnterpriseSummary {
  credit_code: string;
  name: string;
  org: string;
  org_name: string;
  industry: string | null;
  founded: string | null;
  above_scale: boolean;
  synthetic: boolean;
  /** The certification types valid today. */
  certifications: string[];
}

export interface EnterprisePage {
  total: number;
  /** More matches than were counted: "1000+". */
  total_capped: boolean;
  enterprises: EnterpriseSummary[];
}

export interface EnterpriseFilter {
  q?: string | undefined;
  org?: string | undefined;
  certification?: string | undefined;
  above_scale?: 'true' | 'false' | undefined;
  synthetic?: 'true' | 'false' | undefined;
  sort?: 'name' | 'credit_code' | 'updated' | undefined;
}

export interface EnterpriseCertification {
  type: string;
  label: string;
  number: string | null;
  valid_from: string;
  valid_to: string;
  status: string;
  /** 资格取消: the date the certificate was revoked, if it was. */
  revoked_on?: string | null;
  valid_today: boolean;
}

export interface RegistryHistoryEntry {
  /** Whose record changed: the enterprise's history also holds its certificates' changes. */
  registry?: 'enterprise' | 'certification' | 'platform' | 'tech_contract';
  change: 'create' | 'update';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changed_by: string | null;
  changed_at: string;
}

export interface EnterpriseDetail {
  enterprise: {
    credit_code: string;
    name: string;
    org: string;
    org_name: string;
    industry: string | null;
    founded: string | null;
    above_scale: boolean;
    contact_name: string | null;
    contact_phone: string | null;
    contacts_masked: boolean;
    years: Record<string, FinancialYear> | null;
    synthetic: boolean;
    updated_at: string;
  };
  certifications: EnterpriseCertification[];
  history: RegistryHistoryEntry[];
  abilities: { edit: boolean; contacts: boolean };
  /** The fields this account may change on this enterprise; empty: read only. */
  editable_fields?: EnterpriseEditableField[];
}

/** The yearly financials of an enterprise: money in yuan, counts as integers. */
export type FinancialField =
  | 'revenue'
  | 'rd_expense'
  | 'rd_expense_in_china'
  | 'high_tech_revenue'
  | 'total_assets'
  | 'costs'
  | 'staff'
  | 'tech_staff'
  | 'ip_class1'
  | 'ip_class2';

/** Keyed by FinancialField; older records may carry other figures, shown by their stored name. */
export type FinancialYear = Partial<Record<string, number | null>>;

export type EnterpriseEditableField = 'name' | 'org' | 'above_scale' | 'industry' | 'founded' | 'contact_name' | 'contact_phone' | 'years';

/** PATCH /api/registry/enterprises/:code: only the fields present change; a year set to null is deleted. */
export interface EnterpriseChanges {
  expected_updated_at: string;
  name?: string;
  org?: string;
  industry?: string | null;
  founded?: string | null;
  above_scale?: boolean;
  contact_name?: string | null;
  contact_phone?: string | null;
  years?: Record<string, Partial<Record<FinancialField, number>> | null>;
}

/** A 400 answer's problems, one per field (`years.2023.rd_expense`). */
export interface FieldProblemDetail {
  field: string;
  message: string;
  message_en?: string;
}

export interface RegistryPlatform {
  registration_number: string;
  name: string;
  type: string;
  level: 'national' | 'regional' | string;
  host: string | null;
  org: string;
  org_name: string;
  approved_on: string | null;
  construction_from: string | null;
  construction_to: string | null;
  evaluations: PlatformEvaluation[] | null;
  synthetic: boolean;
}

/** 优秀 / 合格 / 不合格 / 撤销 (older records may carry the Chinese word). */
export interface PlatformEvaluation {
  date: string;
  /** excellent | pass | fail | revoked */
  result: string;
  note?: string | null;
}

export interface PlatformDetail {
  platform: RegistryPlatform & { host_credit_code: string | null };
  history: RegistryHistoryEntry[];
}

export interface TechContract {
  registration_number: string;
  type: string;
  contract_amount: number;
  tech_amount: number;
  seller_name: string;
  seller_org: string | null;
  buyer_name: string;
  buyer_org: string | null;
  registered_on: string;
  synthetic: boolean;
  seller_credit_code?: string | null;
  buyer_credit_code?: string | null;
  seller_org_name?: string | null;
  buyer_org_name?: string | null;
  /** The party's area is in Ningxia (区内). */
  seller_inside?: boolean;
  buyer_inside?: boolean;
}

export type TechContractType = 'development' | 'transfer' | 'licensing' | 'consulting' | 'service';

export interface TechContractFilter {
  q?: string | undefined;
  org?: string | undefined;
  year?: number | undefined;
  type?: TechContractType | undefined;
}

/** One area's technology flows of a year (amounts in 亿元): 输出 by its sellers, 吸纳 by its buyers. */
export interface TechContractFlow {
  org: string;
  org_name: string;
  output: number;
  output_count: number;
  output_to_outside: number;
  absorption: number;
  absorption_count: number;
  absorption_from_outside: number;
}

export interface TechContractTurnover {
  year: number;
  org: string;
  org_name: string;
  unit: string;
  includes_synthetic: boolean;
  total: TechContractFlow;
  rows: TechContractFlow[];
}

export interface TierPipeline {
  years: { year: number; tech_sme_to_national_hte: number; national_hte_to_innovative_demo: number }[];
  candidates: { credit_code: string; name: string; org: string; year: string; revenue: number | null; rd_ratio: number | null; high_tech_share: number | null }[];
}

export interface RegistryIndicatorComparison {
  year: number;
  org: string;
  org_name: string;
  indicators: {
    indicator: string;
    name: string;
    unit: string;
    registry_value: number | null;
    published_value: number | null;
    published_qualifier: Qualifier | null;
    published_source: string | null;
    difference: number | null;
  }[];
}

export type RegistryKind = 'enterprises' | 'certifications' | 'platforms' | 'tech_contracts' | 'enterprise_years' | 'platform_evaluations';

export interface RegistryImportReport {
  registry: RegistryKind;
  file: string;
  dry_run: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  problems: ImportProblem[];
}
