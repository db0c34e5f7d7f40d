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
  parent_code?: string;
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
  | 'workspace.read';

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
