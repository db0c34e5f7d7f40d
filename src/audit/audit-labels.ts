import { roleLabels, type ScopeNames } from '../accounts/index.ts';
/**
 * The audit log in words: what each recorded action, entity type and detail field is called in
 * Chinese and in English, so that the page, its filter and the CSV export show 登录 rather than
 * `session.login` and labelled fields rather than raw JSON. The log itself keeps the machine
 * codes exactly as hashed; only what people read is translated.
 *
 * Imports nothing that touches the database: the contract and the presenter read it.
 */
import { formatBeijingTime } from '../shared/index.ts';

export interface AuditLabel {
  zh: string;
  en: string;
}

/**
 * Every action the platform records (recordAuditEvent call sites: accounts, sessions, permissions,
 * indicator values and periods, registry, packs, the audit log itself). An action missing here is
 * shown through `auditActionLabel`'s fallback, never as a bare code alone.
 */
export const auditActionLabels: Readonly<Record<string, AuditLabel>> = {
  'session.login': { zh: '登录', en: 'Sign in' },
  'session.logout': { zh: '退出登录', en: 'Sign out' },
  'session.revoke_all': { zh: '退出全部会话', en: 'Sign out everywhere' },
  'account.create': { zh: '创建账号', en: 'Create account' },
  'account.disable': { zh: '停用账号', en: 'Disable account' },
  'account.enable': { zh: '启用账号', en: 'Enable account' },
  'account.reset_password': { zh: '重置密码', en: 'Reset password' },
  'account.assign_role': { zh: '分配角色', en: 'Assign role' },
  'account.change_password': { zh: '修改密码', en: 'Change password' },
  'account.update': { zh: '修改账号', en: 'Update account' },
  'permission.set': { zh: '设置权限', en: 'Set permission' },
  'permission.seed': { zh: '初始化权限表', en: 'Seed permission table' },
  'permission.denied': { zh: '拒绝访问', en: 'Access denied' },
  'areas.load': { zh: '载入行政区划', en: 'Load areas' },
  'pack.load': { zh: '载入政策包', en: 'Load policy pack' },
  'pack.reload': { zh: '更新政策包', en: 'Reload policy pack' },
  'indicators.import': { zh: '导入指标数据', en: 'Import indicator values' },
  'indicator_values.cite_sources': { zh: '更新附带数据的来源引文', en: 'Cite the bundled figures\' sources' },
  'area_target.set': { zh: '设定地区分解目标', en: 'Set an area target' },
  'area_target.remove': { zh: '删除地区分解目标', en: 'Remove an area target' },
  'area_target.import': { zh: '导入地区分解目标', en: 'Import area targets' },
  'indicator_value.save_draft': { zh: '保存草稿', en: 'Save draft' },
  'indicator_value.submit': { zh: '提交数据', en: 'Submit values' },
  'indicator_value.approve': { zh: '审核通过', en: 'Approve values' },
  'indicator_value.return': { zh: '退回数据', en: 'Return values' },
  'indicator_value.unlock': { zh: '解锁数据', en: 'Unlock values' },
  'indicator_period.close': { zh: '关闭填报期', en: 'Close period' },
  'indicator_period.reopen': { zh: '重新开放填报期', en: 'Reopen period' },
  'registry.import': { zh: '导入名录数据', en: 'Import registry data' },
  'registry.edit': { zh: '修改企业信息', en: 'Edit enterprise' },
  'enterprise.view_contacts': { zh: '查看企业联系人', en: 'View enterprise contacts' },
  'enterprise.export_contacts': { zh: '导出企业联系人', en: 'Export enterprise contacts' },
  'audit.export': { zh: '导出审计日志', en: 'Export audit log' },
  'audit.set_algorithm': { zh: '设置审计哈希算法', en: 'Set audit hash algorithm' },
  'award.propose': { zh: '生成奖励候选', en: 'Propose award candidates' },
  'award.confirm': { zh: '确认奖励', en: 'Confirm award' },
  'award.announce': { zh: '奖励列入公示', en: 'Announce award' },
  'award.end_period': { zh: '奖励公示期满', en: 'Award notice period ended' },
  'award.raise_objection': { zh: '登记公示异议', en: 'Record an objection' },
  'award.resolve_objection': { zh: '处理公示异议', en: 'Resolve an objection' },
  'award.approve': { zh: '批准奖励拨付', en: 'Approve award for payment' },
  'award.pay': { zh: '登记奖励拨付', en: 'Record award payment' },
  'award.withdraw': { zh: '撤销奖励', en: 'Withdraw award' },
  'award_notice.publish': { zh: '发布奖励公示', en: 'Publish award notice' },
  'award_notice.end_period': { zh: '结束奖励公示期', en: 'End award notice period' },
  'fiscal_scenario.save': { zh: '保存财政测算方案', en: 'Save a fiscal scenario' },
  'fiscal_scenario.delete': { zh: '删除财政测算方案', en: 'Delete a fiscal scenario' },
  'screening.start': { zh: '启动免申即享筛查', en: 'Start a benefit screening run' },
  'screening.cancel': { zh: '取消免申即享筛查', en: 'Cancel a benefit screening run' },
  'screening.resume': { zh: '继续免申即享筛查', en: 'Resume a benefit screening run' },
  'supervision.seed': { zh: '生成督查事项与责任分工', en: 'Seed supervised measures and assignments' },
  'supervision.demo': { zh: '生成督查演示报告', en: 'Seed demo supervision reports' },
  'supervision.report.save': { zh: '保存督查报告', en: 'Save a supervision report' },
  'supervision.report.submit': { zh: '报送督查报告', en: 'Submit a supervision report' },
  'supervision.report.resubmit': { zh: '修改后重新报送督查报告', en: 'Resubmit a supervision report' },
  'supervision.report.approve': { zh: '审核通过督查报告', en: 'Approve a supervision report' },
  'supervision.report.return': { zh: '退回督查报告', en: 'Return a supervision report' },
  'supervision.evidence.upload': { zh: '上传佐证材料', en: 'Upload evidence' },
  'supervision.evidence.delete': { zh: '删除佐证材料', en: 'Delete evidence' },
  'supervision.measure.update': { zh: '修改督查事项（周期、期限）', en: 'Change a supervised measure (cycle, deadline)' },
  'supervision.measure.split': { zh: '分解督查事项', en: 'Split a supervised measure' },
  'supervision.measure.close': { zh: '督查事项销号', en: 'Close off a supervised measure' },
  'supervision.measure.reopen': { zh: '重新打开督查事项', en: 'Reopen a supervised measure' },
  'supervision.work_point.add': { zh: '新增年度工作要点', en: 'Add a yearly work point' },
  'supervision.work_point.remove': { zh: '删除年度工作要点', en: 'Remove a yearly work point' },
  'supervision.milestone.add': { zh: '新增节点目标', en: 'Add a milestone' },
  'supervision.milestone.remove': { zh: '删除节点目标', en: 'Remove a milestone' },
  'notice.issue': { zh: '下发督办单', en: 'Issue a supervision notice' },
  'notice.respond': { zh: '回复督办单', en: 'Answer a supervision notice' },
  'notice.close': { zh: '办结督办单', en: 'Close a supervision notice' },
  'notice.return': { zh: '退回督办单回复', en: 'Return a supervision notice’s answer' },
  'notice.reopen': { zh: '重新督办', en: 'Reopen a supervision notice' },
};

/** Every entity type the log names (registry imports name their kind). */
export const auditEntityLabels: Readonly<Record<string, AuditLabel>> = {
  account: { zh: '账号', en: 'Account' },
  permission: { zh: '权限', en: 'Permission' },
  route: { zh: '接口', en: 'Route' },
  areas: { zh: '行政区划', en: 'Areas' },
  policy_pack: { zh: '政策包', en: 'Policy pack' },
  area_target: { zh: '地区分解目标', en: 'Area target' },
  indicator_value: { zh: '指标数据', en: 'Indicator value' },
  indicator_values: { zh: '指标数据（批量）', en: 'Indicator values (batch)' },
  indicator_period: { zh: '填报期', en: 'Reporting period' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  enterprises: { zh: '企业名录', en: 'Enterprises' },
  certifications: { zh: '企业认定', en: 'Certifications' },
  platforms: { zh: '创新平台', en: 'Platforms' },
  tech_contracts: { zh: '技术合同', en: 'Technology contracts' },
  enterprise_events: { zh: '企业登记事件', en: 'Enterprise events' },
  enterprise_years: { zh: '企业年度数据', en: 'Enterprise years' },
  platform_evaluations: { zh: '平台评估', en: 'Platform evaluations' },
  audit_log: { zh: '审计日志', en: 'Audit log' },
  unit: { zh: '责任单位', en: 'Unit' },
  settings: { zh: '系统设置', en: 'Settings' },
  platform: { zh: '平台', en: 'Platform' },
  award: { zh: '奖励', en: 'Award' },
  awards: { zh: '奖励台账', en: 'Award ledger' },
  award_notice: { zh: '奖励公示', en: 'Award notice' },
  fiscal_scenario: { zh: '财政测算方案', en: 'Fiscal scenario' },
  screening_run: { zh: '免申即享筛查', en: 'Benefit screening run' },
  supervision_measure: { zh: '督查事项', en: 'Supervised measure' },
  supervision_report: { zh: '督查报告', en: 'Supervision report' },
  supervision_evidence: { zh: '佐证材料', en: 'Evidence file' },
  supervision_work_point: { zh: '年度工作要点', en: 'Yearly work point' },
  supervision_milestone: { zh: '节点目标', en: 'Milestone' },
  supervision_notice: { zh: '督办单', en: 'Supervision notice' },
};

/** The keys found in before/after snapshots. */
export const auditFieldLabels: Readonly<Record<string, AuditLabel>> = {
  id: { zh: '编号', en: 'ID' },
  username: { zh: '用户名', en: 'Username' },
  display_name: { zh: '姓名', en: 'Name' },
  role: { zh: '角色', en: 'Role' },
  unit_id: { zh: '责任单位', en: 'Unit' },
  org_code: { zh: '地区', en: 'Area' },
  credit_code: { zh: '统一社会信用代码', en: 'Credit code' },
  status: { zh: '状态', en: 'Status' },
  must_change_password: { zh: '须修改密码', en: 'Must change password' },
  locked_until: { zh: '锁定至', en: 'Locked until' },
  last_login_at: { zh: '最近登录', en: 'Last sign-in' },
  created_at: { zh: '创建时间', en: 'Created' },
  failed_login_count: { zh: '连续登录失败次数', en: 'Failed sign-ins' },
  source_failed_count: { zh: '本地址登录失败次数', en: 'Failed sign-ins from this address' },
  source: { zh: '来源地址', en: 'Source address' },
  reason: { zh: '原因', en: 'Reason' },
  other_sessions_closed: { zh: '关闭的其他会话数', en: 'Other sessions closed' },
  revoked_sessions: { zh: '撤销的会话数', en: 'Sessions revoked' },
  action: { zh: '权限项', en: 'Action' },
  scope: { zh: '范围', en: 'Scope' },
  rows: { zh: '行数', en: 'Rows' },
  edition: { zh: '版本', en: 'Edition' },
  areas: { zh: '地区数', en: 'Areas' },
  version: { zh: '版本', en: 'Version' },
  algorithm: { zh: '哈希算法', en: 'Hash algorithm' },
  filter: { zh: '筛选条件', en: 'Filter' },
  actor: { zh: '操作者', en: 'Actor' },
  entity_type: { zh: '对象类型', en: 'Entity type' },
  entity_id: { zh: '对象编号', en: 'Entity ID' },
  outcome: { zh: '结果', en: 'Outcome' },
  from: { zh: '起', en: 'From' },
  to: { zh: '止', en: 'To' },
  first_seq: { zh: '首条序号', en: 'First seq' },
  last_seq: { zh: '末条序号', en: 'Last seq' },
  code: { zh: '代码', en: 'Code' },
  details: { zh: '详情', en: 'Details' },
  refused_count: { zh: '拒绝次数', en: 'Refusals' },
  since: { zh: '起始时间', en: 'Since' },
  comment: { zh: '说明', en: 'Comment' },
  warnings: { zh: '警告', en: 'Warnings' },
  added: { zh: '新增', en: 'Added' },
  inserted: { zh: '新增', en: 'Inserted' },
  revised: { zh: '修订', en: 'Revised' },
  unchanged: { zh: '未变', en: 'Unchanged' },
  created: { zh: '新增', en: 'Created' },
  updated: { zh: '更新', en: 'Updated' },
  synthetic: { zh: '合成数据', en: 'Synthetic' },
  q: { zh: '搜索词', en: 'Search' },
  org: { zh: '地区', en: 'Area' },
  indicator: { zh: '指标', en: 'Indicator' },
  period: { zh: '期间', en: 'Period' },
  value: { zh: '数值', en: 'Value' },
  unit: { zh: '单位', en: 'Unit' },
  name: { zh: '名称', en: 'Name' },
  message: { zh: '说明', en: 'Message' },
  field: { zh: '字段', en: 'Field' },
  review_level: { zh: '审核层级', en: 'Review level' },
  overrides: { zh: '调整的参数', en: 'Overrides' },
  year: { zh: '年度', en: 'Year' },
  baseline_total: { zh: '现行参数下成本', en: 'Cost under the parameters in force' },
  what_if_total: { zh: '调整后成本', en: 'Cost with the overrides' },
  difference_total: { zh: '成本差额', en: 'Difference in cost' },
  screening_year: { zh: '筛查年度', en: 'Screening year' },
  screening_state: { zh: '筛查状态', en: 'Screening state' },
  screening_packs: { zh: '政策包及版本', en: 'Packs and versions' },
  screening_shards: { zh: '分片数', en: 'Shards' },
  // supervision (督查督办)
  measures: { zh: '督查事项数', en: 'Measures' },
  assignments: { zh: '责任分工数', en: 'Assignments' },
  state: { zh: '状态', en: 'State' },
  revision: { zh: '修订次数', en: 'Revision' },
  percent: { zh: '完成比例（%）', en: 'Percent complete' },
  narrative: { zh: '进展情况', en: 'Narrative' },
  figures: { zh: '主要数据', en: 'Key figures' },
  indicator_links: { zh: '关联指标', en: 'Linked indicators' },
  report_id: { zh: '报告编号', en: 'Report ID' },
  file_name: { zh: '文件名', en: 'File name' },
  original_name: { zh: '原文件名', en: 'Original name' },
  size: { zh: '大小（字节）', en: 'Size (bytes)' },
  media_type: { zh: '文件类型', en: 'Media type' },
  key: { zh: '事项编号', en: 'Key' },
  title: { zh: '标题', en: 'Title' },
  frequency: { zh: '报送周期', en: 'Frequency' },
  due_day: { zh: '报送截止日', en: 'Due day' },
  deadline: { zh: '完成期限', en: 'Deadline' },
  evidence_ids: { zh: '佐证材料', en: 'Evidence' },
  parent_id: { zh: '上级事项', en: 'Parent measure' },
  assignees: { zh: '责任单位', en: 'Assignees' },
  due_date: { zh: '节点日期', en: 'Due date' },
  target_percent: { zh: '节点目标（%）', en: 'Target percent' },
  measure_id: { zh: '督查事项', en: 'Measure' },
  kind: { zh: '类别', en: 'Kind' },
  notice_state: { zh: '督办单状态', en: 'Notice state' },
  assignee_kind: { zh: '督办对象类型', en: 'Assignee kind' },
  assignee_id: { zh: '督办对象', en: 'Assignee' },
  assignee_name: { zh: '督办对象名称', en: 'Assignee name' },
  subject: { zh: '标题', en: 'Subject' },
  reference_id: { zh: '关联任务或举措', en: 'Task or measure' },
  answered_on: { zh: '回复日期', en: 'Answered on' },
  on_time: { zh: '按期回复', en: 'Answered on time' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  note: { zh: '备注', en: 'Note' },
};

/** Stored code values that have a name (roles, statuses, login reasons, scopes, outcomes). */
export const auditValueLabels: Readonly<Record<string, AuditLabel>> = {
  // Roles by the names the accounts module gives them.
  ...roleLabels,
  public: { zh: '公众', en: 'Public' },
  active: { zh: '启用', en: 'Active' },
  disabled: { zh: '停用', en: 'Disabled' },
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已提交', en: 'Submitted' },
  approved: { zh: '已审核', en: 'Approved' },
  returned: { zh: '已退回', en: 'Returned' },
  // Supervision notice states (督办单).
  issued: { zh: '待回复', en: 'Awaiting an answer' },
  answered: { zh: '已回复', en: 'Answered' },
  closed: { zh: '已办结', en: 'Closed' },
  // Review levels of an indicator value (review by level, docs/indicators.md).
  city: { zh: '市级', en: 'City level' },
  region: { zh: '区级', en: 'Region level' },
  success: { zh: '成功', en: 'Success' },
  failure: { zh: '失败', en: 'Failure' },
  denied: { zh: '拒绝', en: 'Denied' },
  unknown_user: { zh: '用户不存在', en: 'Unknown user' },
  wrong_password: { zh: '密码错误', en: 'Wrong password' },
  wrong_password_locked: { zh: '密码错误，账号已锁定', en: 'Wrong password; account locked' },
  wrong_password_locked_for_source: { zh: '密码错误，该地址已锁定', en: 'Wrong password; address locked' },
  locked: { zh: '账号已锁定', en: 'Account locked' },
  locked_for_source: { zh: '该地址已锁定', en: 'Address locked' },
  all: { zh: '全部', en: 'All' },
  own_unit: { zh: '本单位', en: 'Own unit' },
  own_area: { zh: '本地区', en: 'Own area' },
  own_enterprise: { zh: '本企业', en: 'Own enterprise' },
  self: { zh: '本人', en: 'Self' },
  unauthenticated: { zh: '未登录', en: 'Not signed in' },
  forbidden: { zh: '无权限', en: 'Forbidden' },
};

/**
 * A code not in a catalogue: its words, readable (`indicator_value.lock` → "indicator value · lock"),
 * so that a new action shows up in both languages before it is named here.
 */
function readableCode(code: string): AuditLabel {
  const words = code.replaceAll('_', ' ').replaceAll('.', ' · ');
  return { zh: words, en: words };
}

export function auditActionLabel(action: string): AuditLabel {
  const known = auditActionLabels[action];
  if (known) return known;
  // A new verb of a known entity: "账号 · lock".
  const [entity, ...rest] = action.split('.');
  const entityLabel = entity ? (auditEntityLabels[entity] ?? auditEntityLabels[`${entity}s`]) : undefined;
  if (entityLabel && rest.length > 0) {
    const verb = readableCode(rest.join('.'));
    return { zh: `${entityLabel.zh} · ${verb.zh}`, en: `${entityLabel.en} · ${verb.en}` };
  }
  return readableCode(action);
}

export function auditEntityLabel(entityType: string): AuditLabel {
  return auditEntityLabels[entityType] ?? readableCode(entityType);
}

function fieldLabel(key: string): AuditLabel {
  return auditFieldLabels[key] ?? readableCode(key);
}

/**
 * The codes whose code or name (Chinese or English) contains the text: "登录" finds session.login,
 * "sign in" too, and "session.login" itself. Case-insensitive.
 */
export function codesMatching(text: string, labels: Readonly<Record<string, AuditLabel>>): string[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  return Object.entries(labels)
    .filter(([code, label]) => code.toLowerCase() === needle || label.zh.toLowerCase().includes(needle) || label.en.toLowerCase().includes(needle))
    .map(([code]) => code);
}

/** One labelled field of an event's before and after. */
export interface AuditDetail {
  /** The key path as recorded (filter.actor), for scripts and the English of unknown keys. */
  key: string;
  label: AuditLabel;
  before: AuditLabel | null;
  after: AuditLabel | null;
}

const instantPattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/** A recorded value in words: names for known codes, Beijing time for instants, 是/否, lists joined. */
export function auditValueText(value: unknown): AuditLabel {
  if (value === null || value === undefined) return { zh: '—', en: '—' };
  if (typeof value === 'boolean') return value ? { zh: '是', en: 'yes' } : { zh: '否', en: 'no' };
  if (typeof value === 'number' || typeof value === 'bigint') return { zh: String(value), en: String(value) };
  if (typeof value === 'string') {
    if (instantPattern.test(value)) {
      const instant = new Date(value);
      if (!Number.isNaN(instant.getTime())) {
        const time = formatBeijingTime(instant);
        return { zh: `${time}（北京时间）`, en: `${time} (Beijing time)` };
      }
    }
    return auditValueLabels[value] ?? { zh: value, en: value };
  }
  if (Array.isArray(value)) {
    const parts = value.map(auditValueText);
    return { zh: parts.map((part) => part.zh).join('、'), en: parts.map((part) => part.en).join(', ') };
  }
  // Objects are flattened by auditDetails; one met here (inside a list) is written as key: value pairs.
  const parts = Object.entries(value as Record<string, unknown>).map(([key, inner]) => ({ label: fieldLabel(key), text: auditValueText(inner) }));
  return { zh: parts.map((part) => `${part.label.zh}：${part.text.zh}`).join('；'), en: parts.map((part) => `${part.label.en}: ${part.text.en}`).join('; ') };
}

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0 && prefix !== '') into.set(prefix, null);
    for (const [key, inner] of entries) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, into);
    return;
  }
  if (prefix === '') {
    if (value !== null && value !== undefined) into.set('value', value);
    return;
  }
  into.set(prefix, value);
}

function pathLabel(path: string): AuditLabel {
  const labels = path.split('.').map(fieldLabel);
  return { zh: labels.map((label) => label.zh).join(' · '), en: labels.map((label) => label.en).join(' · ') };
}

/**
 * An event's before and after as labelled fields, one row per key (nested keys joined:
 * 筛选条件 · 操作者), in the order first recorded, before then after. Keys with no value on either
 * side are left out.
 */
export function auditDetails(before: unknown, after: unknown, names?: ScopeNames): AuditDetail[] {
  const beforeFields = new Map<string, unknown>();
  const afterFields = new Map<string, unknown>();
  flatten(before, '', beforeFields);
  flatten(after, '', afterFields);
  const keys = [...new Set([...beforeFields.keys(), ...afterFields.keys()])];
  const present = (value: unknown) => value !== null && value !== undefined;
  return keys
    .filter((key) => present(beforeFields.get(key)) || present(afterFields.get(key)))
    .map((key) => ({
      key,
      label: pathLabel(key),
      before: beforeFields.has(key) ? namedValueText(key, beforeFields.get(key), names) : null,
      after: afterFields.has(key) ? namedValueText(key, afterFields.get(key), names) : null,
    }));
}

/** Keys whose values are area codes or unit ids: shown by name, the code beside it (银川市（640100）). */
const areaKeys = new Set(['org_code', 'org']);
const unitKeys = new Set(['unit_id']);

function namedValueText(key: string, value: unknown, names: ScopeNames | undefined): AuditLabel {
  const last = key.split('.').at(-1) ?? key;
  if (names && typeof value === 'string') {
    const name = areaKeys.has(last) ? names.areaName(value) : unitKeys.has(last) ? names.unitName(value) : undefined;
    if (name !== undefined) return { zh: `${name}（${value}）`, en: `${name} (${value})` };
  }
  return auditValueText(value);
}
