/**
 * The JSON shapes of the Kechuang HTTP API, as the browser sees them (snake_case, as sent).
 * Kept by hand beside the server's presenters; the web app talks to the server only through these.
 */

export type UnitKind =
  | 'party_organ'
  | 'government_department'
  | 'government_office'
  | 'area_government'
  | 'university'
  | 'research_institute'
  | 'judicial'
  | 'regulator'
  | 'state_enterprise'
  | 'people_organisation'
  | 'management_committee'
  | 'group';

export type Comparator = '>=' | '>' | '<=' | '<' | 'about';
export type Role = 'lead' | 'co';

export interface PackCounts {
  clauses: number;
  units: number;
  indicators: number;
  targets: number;
  tasks: number;
  measures: number;
  incentives: number;
}

export interface PackSummary {
  id: string;
  version: string;
  title: string;
  title_en?: string;
  doc_number?: string;
  issued: string;
  published?: string;
  expires?: string;
  region: string;
  counts: PackCounts;
}

export interface Section {
  number: number;
  label: string;
  title: string;
  title_en?: string;
}

export interface Clause {
  number: number;
  section: number;
  label: string;
  title: string;
  title_en?: string;
  text: string;
  responsibility_text?: string;
  interpretation?: string;
}

export interface Unit {
  id: string;
  name: string;
  short_name: string;
  name_en?: string;
  kind: UnitKind;
  area?: string;
  members?: string[];
  counts?: { lead: number; co: number };
}

export interface Indicator {
  code: string;
  name: string;
  name_en?: string;
  unit: string;
  period_type?: string;
  aggregation?: string;
  formula?: string;
  clause?: number;
  description?: string;
  interpretation?: string;
}

export interface Target {
  id: string;
  indicator: string;
  indicator_name: string;
  indicator_unit: string;
  comparator: Comparator;
  value?: number;
  benchmark_org?: string;
  tolerance?: number;
  year: number;
  clause: number;
  /** Present in /targets answers. */
  clause_label?: string;
  text: string;
  interpretation?: string;
}

export interface Measure {
  id: string;
  title: string;
  title_en?: string;
  text: string;
  lead_units: string[];
  co_units: string[];
  interpretation?: string;
}

export interface Task {
  id: string;
  clause: number;
  /** Present in /tasks answers; the whole-pack answer carries the clause number only. */
  clause_label?: string;
  title: string;
  title_en?: string;
  lead_units: string[];
  co_units: string[];
  measures: Measure[];
  interpretation?: string;
  /** Only when the list is filtered by a unit: that unit's strongest role in the task. */
  role?: Role;
}

export interface Parameter {
  name: string;
  label: string;
  value: number | string | boolean;
  unit: string;
  from?: string;
  to?: string;
  interpretation?: string;
}

export interface Incentive {
  id: string;
  clause: number;
  title: string;
  title_en?: string;
  beneficiary: string;
  frequency: string;
  kind: string;
  text: string;
  parameters: Parameter[];
  interpretation?: string;
}

export interface Pack {
  id: string;
  version: string;
  title: string;
  title_en?: string;
  doc_number?: string;
  issuers: string[];
  issued: string;
  published?: string;
  effective: string;
  expires?: string;
  region: string;
  source_file?: string;
  preamble?: string;
  closing?: string;
  sections: Section[];
  clauses: Clause[];
  units: Unit[];
  indicators: Indicator[];
  /** As encoded in the pack; the /targets answer adds the indicator's name and unit. */
  targets: Omit<Target, 'indicator_name' | 'indicator_unit'>[];
  tasks: Task[];
  incentives: Incentive[];
}

export interface Responsibility {
  task_id: string;
  clause: number;
  clause_label: string;
  task_title: string;
  measure_id?: string;
  measure_title?: string;
  role: Role;
  /** The group (e.g. 各市、县〔区〕) through which the unit holds this responsibility. */
  via_group?: string;
}

export interface UnitDetail {
  unit: Unit;
  groups: string[];
  responsibilities: Responsibility[];
}

export interface Area {
  code: string;
  name: string;
  /** null for a root (the country, the province). */
  parent_code?: string | null;
  level: 'country' | 'province' | 'prefecture' | 'county';
}

export interface ApiErrorBody {
  error: { code: string; message: string; message_en?: string; request_id?: string; details?: unknown };
}

// ---- Accounts, sessions, permissions, audit ----

/** The account roles (GB/T 22239-2019 level 3: system, security and audit administrators apart). */
export type AccountRole =
  | 'system_admin'
  | 'security_admin'
  | 'audit_admin'
  | 'coordinator'
  | 'unit_leader'
  | 'unit_reporter'
  | 'area_leader'
  | 'area_reporter'
  | 'enterprise_user';

/** What the server lets a caller do; the UI shows an item only when its action is present. */
export type Action =
  | 'policy.read'
  | 'areas.read'
  | 'session.read'
  | 'account.change_password'
  | 'accounts.read'
  | 'accounts.manage'
  | 'roles.manage'
  | 'permissions.read'
  | 'audit.read'
  | 'audit.export'
  | 'audit.verify'
  | 'workspace.read'
  | 'indicators.read'
  | 'indicators.enter'
  | 'indicators.approve'
  | 'indicators.import'
  | 'registry.read'
  | 'registry.edit'
  | 'registry.import'
  | 'registry.contacts';

export type Scope = 'all' | 'own_unit' | 'own_area' | 'own_enterprise' | 'self';

export type Abilities = Partial<Record<Action, Scope>>;

export interface LocalizedLabel {
  zh: string;
  en: string;
}

export interface Account {
  id: string;
  username: string;
  display_name: string;
  role: AccountRole;
  role_label: LocalizedLabel;
  unit_id: string | null;
  unit_name: string | null;
  org_code: string | null;
  org_name: string | null;
  credit_code: string | null;
  status: 'active' | 'disabled';
  must_change_password: boolean;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
}

export interface Session {
  user: Account;
  abilities: Abilities;
  csrf_token: string;
  must_change_password: boolean;
  idle_timeout_seconds: number;
  absolute_expires_at: string;
}

export interface PasswordRuleProblem {
  rule: string;
  message: string;
  message_en: string;
}

/** The scope an account acts in; which field a role needs is in features/accounts/role-scope.ts. */
export interface AccountScopeInput {
  unit_id?: string;
  org_code?: string;
  credit_code?: string;
}

export interface CreateAccountInput extends AccountScopeInput {
  username: string;
  display_name: string;
  role: AccountRole;
}

export interface AccountWithPassword {
  account: Account;
  temporary_password: string;
}

export interface PermissionRow {
  role: string;
  action: string;
  scope: Scope;
}

export interface PermissionTable {
  roles: { role: string; label: LocalizedLabel }[];
  actions: { action: string; label: LocalizedLabel }[];
  /** Plain names, or named with a label: both are accepted. */
  scopes: (string | { scope: string; label?: LocalizedLabel })[];
  rows: PermissionRow[];
  /** Actions that only one administrator role may hold (三权分立): not editable. */
  reserved: Record<string, string>;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  seq: number;
  occurred_at: string;
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  outcome: AuditOutcome;
  request_id: string | null;
  client_ip: string | null;
  hash_algorithm: string;
  prev_hash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  entity_type?: string;
  entity_id?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** ISO 8601 instants. */
  from?: string;
  to?: string;
}

export interface AuditPage {
  total: number;
  events: AuditEvent[];
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  problems: { seq: number; kind: string; message: string }[];
}

export interface WorkspaceUnit {
  id: string;
  name: string;
  short_name: string;
}

export interface WorkspaceScope {
  kind: 'unit' | 'area' | 'enterprise' | 'all';
  unit?: WorkspaceUnit & { pack_id: string };
  area?: { code: string; name: string };
  credit_code?: string;
}

export interface UnitWorkspace {
  pack_id: string;
  unit: WorkspaceUnit;
  responsibilities: Responsibility[];
}

export interface Workspace {
  scope: WorkspaceScope;
  units: UnitWorkspace[];
}

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
