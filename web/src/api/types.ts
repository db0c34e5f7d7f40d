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
  error: { code: string; message: string; message_en?: string };
}
