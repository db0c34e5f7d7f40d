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

export type TargetStatus = 'achieved' | 'on_track' | 'at_risk' | 'off_track' | 'not_met' | 'no_data';
/** "突破700家" is stored as 700 with `lower_bound`: the true figure is at least that. */
export type Qualifier = 'exact' | 'lower_bound' | 'upper_bound';
/** published: stored for the area; computed: a formula over components; rolled_up: the sum of the child areas. */
export type ValueKind = 'published' | 'computed' | 'rolled_up';

export interface IndicatorSummary {
  code: string;
  name: string;
  name_en?: string;
  unit: string;
  formula: string | null;
  aggregation?: string;
}

export interface TargetEvaluation {
  indicator: string;
  comparator: Comparator;
  /** The threshold: the target value, or the benchmark's value for benchmark targets. */
  target: number | null;
  year: number;
  value: number | null;
  period: string | null;
  status: TargetStatus;
  /** value ÷ threshold; null without both. */
  progress: number | null;
  target_id: string;
  clause: number;
  text: string;
  qualifier: Qualifier | null;
  kind: ValueKind | null;
  source: string | null;
  benchmark?: { org: string; value: number | null; period: string | null };
  baseline: { year: number; value: number } | null;
  path_value: number | null;
  growth: { required: number | null; observed: number | null };
  forecast: { linear: number | null; compound: number | null; shown: 'linear' };
  reason: LocalizedLabel;
  series: { period: string; value: number; qualifier: Qualifier }[];
}

export interface StatusRule {
  status: TargetStatus;
  zh: string;
  en: string;
}

export interface PackEvaluation {
  pack: string;
  org: string;
  org_name: string;
  as_of: number;
  targets: TargetEvaluation[];
  indicators: IndicatorSummary[];
  status_rules: StatusRule[];
}

/** A value as the calculator resolves it, with everything needed to trace it. */
export interface ResolvedValue {
  indicator: string;
  org: string;
  period: string;
  value: number | null;
  kind: ValueKind | null;
  qualifier: Qualifier;
  source: string | null;
  /** Derived indicators and stored sums: the published and the computed figure side by side. */
  published?: number;
  computed?: number;
  /** published − computed, when both exist. */
  difference?: number;
  /** For sums up the tree: how many child areas have a value, of how many. */
  coverage?: { with_value: number; total: number; missing: string[] };
  inputs?: { indicator: string; value: number | null; kind: ValueKind | null }[];
}

export interface IndicatorDefinition extends IndicatorSummary {
  period_type?: string;
  clause?: number;
  description?: string;
  interpretation?: string;
}

export interface IndicatorSeries {
  indicator: IndicatorDefinition;
  org: string;
  org_name: string;
  series: ResolvedValue[];
  benchmark: { org: string; name: string; series: ResolvedValue[] };
  target: { id: string; comparator: Comparator; value?: number; benchmark_org?: string; tolerance?: number; year: number; text: string; clause: number } | null;
  evaluation: TargetEvaluation | null;
}

export interface AreaValue extends ResolvedValue {
  name: string;
  level?: Area['level'];
  has_children: boolean;
}

export interface IndicatorAreas {
  indicator: IndicatorDefinition;
  period: string;
  periods: string[];
  parent: AreaValue;
  ancestors: { org: string; name: string }[];
  children: AreaValue[];
}

export type ValueStatus = 'draft' | 'submitted' | 'approved';
export type ValueChange = 'create' | 'revise' | 'submit' | 'approve' | 'unlock' | 'return';

export interface ValueRevision {
  revision: number;
  change: ValueChange;
  value: number;
  unit: string;
  qualifier: Qualifier;
  source: string | null;
  status: ValueStatus;
  origin: string;
  changed_by: string;
  changed_at: string;
}

export interface EntryIndicator {
  code: string;
  name: string;
  unit: string;
  derived: boolean;
}

export interface EntryValue {
  indicator: string;
  value: number;
  unit: string;
  entered_value: number;
  entered_unit: string | null;
  qualifier: Qualifier;
  source: string | null;
  status: ValueStatus;
  revision: number;
  origin: string;
  updated_by: string;
  updated_at: string;
}

export interface EntrySheet {
  org: string;
  period: string;
  indicators: EntryIndicator[];
  values: EntryValue[];
}

export interface DraftValueInput {
  indicator: string;
  value: number;
  unit?: string;
  source?: string;
}

export type WorkflowAction = 'submit' | 'approve' | 'return' | 'unlock';

export interface ImportProblem {
  line: number;
  field: string;
  message: string;
  message_en: string;
}

export interface ImportReport {
  file: string;
  dry_run: boolean;
  rows: number;
  inserted: number;
  revised: number;
  unchanged: number;
  problems: ImportProblem[];
}

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
  EnterpriseFilter,
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
