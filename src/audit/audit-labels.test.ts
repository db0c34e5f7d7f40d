import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registryKinds } from '../registry/registry-vocabulary.ts';
import { auditActionLabel, auditActionLabels, auditDetails, auditEntityLabel, auditEntityLabels, codesMatching } from './audit-labels.ts';

/** Every non-test source file of src/. */
function sourceFiles(folder = 'src'): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the audit log in words', () => {
  it('names every action and entity type the platform records', () => {
    const actions = new Set<string>();
    const entities = new Set<string>(registryKinds);
    for (const file of sourceFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const call of text.matchAll(/recordAuditEvent\((?:[^;]|\n)*?\}\);/g)) {
        for (const match of call[0].matchAll(/action: '([a-z_.]+)'/g)) actions.add(match[1]!);
        for (const match of call[0].matchAll(/entityType: '([a-z_]+)'/g)) entities.add(match[1]!);
        if (call[0].includes('`indicator_value.${action}`')) for (const verb of ['submit', 'approve', 'return', 'unlock']) actions.add(`indicator_value.${verb}`);
        if (call[0].includes("`pack.${outcome === 'inserted' ? 'load' : 'reload'}`")) ['pack.load', 'pack.reload'].forEach((action) => actions.add(action));
      }
      for (const match of text.matchAll(/changeAccount\(db, userId, '([a-z_.]+)'/g)) actions.add(match[1]!);
    }
    expect(actions.size).toBeGreaterThan(20);
    expect([...actions].filter((action) => !(action in auditActionLabels))).toEqual([]);
    expect([...entities].filter((entity) => !(entity in auditEntityLabels))).toEqual([]);
  });

  it('finds actions by their Chinese and English names', () => {
    expect(codesMatching('登录', auditActionLabels)).toEqual(['session.login', 'session.logout']);
    expect(codesMatching('Sign In', auditActionLabels)).toEqual(['session.login']);
    expect(codesMatching('session.login', auditActionLabels)).toEqual(['session.login']);
    expect(codesMatching('  ', auditActionLabels)).toEqual([]);
  });

  it('names an action not yet in the catalogue readably, through its entity where known', () => {
    expect(auditActionLabel('account.lock')).toEqual({ zh: '账号 · lock', en: 'Account · lock' });
    expect(auditActionLabel('queue.assign_reviewer')).toEqual({ zh: 'queue · assign reviewer', en: 'queue · assign reviewer' });
    expect(auditEntityLabel('enterprise')).toEqual({ zh: '企业', en: 'Enterprise' });
  });

  it('shows before and after as labelled fields, values in words and times in Beijing time, never JSON', () => {
    const details = auditDetails(
      { status: 'active', role: 'coordinator', must_change_password: true },
      { status: 'disabled', role: 'coordinator', must_change_password: false, locked_until: '2025-03-01T16:30:00.000Z', filter: { actor: 'zhang', from: null }, warnings: ['同比增幅超过50%', '需说明'] },
    );
    expect(details).toEqual([
      { key: 'status', label: { zh: '状态', en: 'Status' }, before: { zh: '启用', en: 'Active' }, after: { zh: '停用', en: 'Disabled' } },
      { key: 'role', label: { zh: '角色', en: 'Role' }, before: { zh: '统筹协调（科技厅）', en: 'Coordinator (Department of S&T)' }, after: { zh: '统筹协调（科技厅）', en: 'Coordinator (Department of S&T)' } },
      { key: 'must_change_password', label: { zh: '须修改密码', en: 'Must change password' }, before: { zh: '是', en: 'yes' }, after: { zh: '否', en: 'no' } },
      { key: 'locked_until', label: { zh: '锁定至', en: 'Locked until' }, before: null, after: { zh: '2025-03-02 00:30:00（北京时间）', en: '2025-03-02 00:30:00 (Beijing time)' } },
      { key: 'filter.actor', label: { zh: '筛选条件 · 操作者', en: 'Filter · Actor' }, before: null, after: { zh: 'zhang', en: 'zhang' } },
      { key: 'warnings', label: { zh: '警告', en: 'Warnings' }, before: null, after: { zh: '同比增幅超过50%、需说明', en: '同比增幅超过50%, 需说明' } },
    ]);
    const text = JSON.stringify(details.map((detail) => [detail.label, detail.before, detail.after]));
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(auditDetails(null, null)).toEqual([]);
    expect(auditDetails(null, 'plain')).toEqual([{ key: 'value', label: { zh: '数值', en: 'Value' }, before: null, after: { zh: 'plain', en: 'plain' } }]);
  });

  it('names the review level of a returned or passed-on value', () => {
    expect(auditDetails({ status: 'submitted', review_level: 'city' }, { status: 'returned', reason: '数据口径不一致' })).toEqual([
      { key: 'status', label: { zh: '状态', en: 'Status' }, before: { zh: '已提交', en: 'Submitted' }, after: { zh: '已退回', en: 'Returned' } },
      { key: 'review_level', label: { zh: '审核层级', en: 'Review level' }, before: { zh: '市级', en: 'City level' }, after: null },
      { key: 'reason', label: { zh: '原因', en: 'Reason' }, before: null, after: { zh: '数据口径不一致', en: '数据口径不一致' } },
    ]);
  });

  it('names areas and units by their names, the code beside it, where names are given', () => {
    const names = { areaName: (code: string) => ({ '640104': '兴庆区' })[code], unitName: (id: string) => ({ 'finance-department': '自治区财政厅' })[id] };
    expect(auditDetails(null, { org_code: '640104', unit_id: 'finance-department', scope: { org: '640104' }, other: '640104' }, names)).toEqual([
      { key: 'org_code', label: { zh: '地区', en: 'Area' }, before: null, after: { zh: '兴庆区（640104）', en: '兴庆区 (640104)' } },
      { key: 'unit_id', label: { zh: '责任单位', en: 'Unit' }, before: null, after: { zh: '自治区财政厅（finance-department）', en: '自治区财政厅 (finance-department)' } },
      { key: 'scope.org', label: { zh: '范围 · 地区', en: 'Scope · Area' }, before: null, after: { zh: '兴庆区（640104）', en: '兴庆区 (640104)' } },
      { key: 'other', label: { zh: 'other', en: 'other' }, before: null, after: { zh: '640104', en: '640104' } },
    ]);
    // An unknown code stays as recorded.
    expect(auditDetails(null, { org_code: '659999' }, names)[0]?.after).toEqual({ zh: '659999', en: '659999' });
  });

  it('writes an object inside a list as labelled pairs', () => {
    const [detail] = auditDetails(null, { rows: [{ indicator: 'x', value: 3 }] });
    expect(detail?.after).toEqual({ zh: '指标：x；数值：3', en: 'Indicator: x; Value: 3' });
  });
});
