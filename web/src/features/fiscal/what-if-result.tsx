import { Card, Col, Row, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { WhatIfChange, WhatIfResult } from '../../api/types.ts';
import { EChart } from '../../components/echart.tsx';
import { useLanguage } from '../language/use-language.ts';
import { formatScaled } from '../registry/registry-money.ts';
import { whatIfOption } from './fiscal-charts.ts';
import { parameterText } from './overrides-form.ts';

/** A what-if's answer: cost before and after by incentive and area (万元), a chart, and the firms that change. */
export function WhatIfResultView({ result }: { result: WhatIfResult }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const wan = (yuan: string | null) => (yuan === null ? '—' : formatScaled(yuan, language, { shift: 4, fractionDigits: 2, grouping: true }));
  const labels = { baseline: t('fiscal.baseline'), whatIf: t('fiscal.whatIf'), unit: t('fiscal.unitWan') };
  const byIncentive = useMemo(() => whatIfOption(result, 'incentive', labels), [result, labels.baseline, labels.whatIf, labels.unit]);
  const byArea = useMemo(() => whatIfOption(result, 'area', labels), [result, labels.baseline, labels.whatIf, labels.unit]);
  const statusText = (status: WhatIfChange['before_status']) => t(`fiscal.status.${status}`);
  const money = { align: 'right' as const };

  const changeColumns: TableColumnsType<WhatIfChange> = [
    { key: 'name', title: t('fiscal.enterprise'), render: (_, change) => (<>{change.name}{change.synthetic && <Tag style={{ marginInlineStart: 4 }}>{t('fiscal.synthetic')}</Tag>}<div><Typography.Text type="secondary">{change.credit_code}</Typography.Text></div></>) },
    { key: 'area', title: t('fiscal.area'), render: (_, change) => `${change.city_name} ${change.county_name === change.city_name ? '' : change.county_name}` },
    { key: 'incentive', title: t('fiscal.incentive'), dataIndex: 'incentive_title' },
    { key: 'before', title: t('fiscal.before'), render: (_, change) => `${statusText(change.before_status)} · ${wan(change.before_amount)}` },
    { key: 'after', title: t('fiscal.after'), render: (_, change) => `${statusText(change.after_status)} · ${wan(change.after_amount)}` },
  ];

  return (
    <div data-testid="what-if-result">
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={8}><Statistic title={t('fiscal.baselineTotal')} value={wan(result.baseline_total)} suffix={t('fiscal.unitWan')} /></Col>
        <Col span={8}><Statistic title={t('fiscal.whatIfTotal')} value={wan(result.what_if_total)} suffix={t('fiscal.unitWan')} /></Col>
        <Col span={8}><div data-testid="what-if-difference"><Statistic title={t('fiscal.differenceTotal')} value={wan(result.difference_total)} suffix={t('fiscal.unitWan')} /></div></Col>
      </Row>
      <Typography.Paragraph type="secondary">
        {t('fiscal.resultScope', { year: result.year, scope: result.org_name ?? t('fiscal.allAreas'), count: result.enterprises })}
        {result.overridden.map((item) => `${item.incentive_title}·${item.label}：${item.in_force === null ? '—' : parameterText(item.in_force, item.unit)} → ${parameterText(item.what_if, item.unit)}`).join('；')}
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} lg={12}><EChart option={byIncentive} height={300} ariaLabel={t('fiscal.chartWhatIfIncentive')} /></Col>
        <Col xs={24} lg={12}><EChart option={byArea} height={300} ariaLabel={t('fiscal.chartWhatIfArea')} /></Col>
      </Row>
      <Table
        size="small"
        rowKey="incentive_id"
        pagination={false}
        dataSource={result.by_incentive}
        style={{ marginTop: 16 }}
        columns={[
          { key: 'incentive', title: t('fiscal.incentive'), dataIndex: 'incentive_title' },
          { key: 'baseline', title: `${t('fiscal.baseline')}（${t('fiscal.unitWan')}）`, ...money, render: (_, line) => wan(line.baseline) },
          { key: 'what_if', title: `${t('fiscal.whatIf')}（${t('fiscal.unitWan')}）`, ...money, render: (_, line) => wan(line.what_if) },
          { key: 'difference', title: `${t('fiscal.difference')}（${t('fiscal.unitWan')}）`, ...money, render: (_, line) => wan(line.difference) },
          { key: 'eligible', title: t('fiscal.eligibleBeforeAfter'), ...money, render: (_, line) => `${line.baseline_eligible} → ${line.what_if_eligible}` },
        ]}
      />
      <Table
        size="small"
        rowKey="area_code"
        pagination={false}
        dataSource={result.by_area}
        style={{ marginTop: 16 }}
        columns={[
          { key: 'city', title: t('fiscal.city'), dataIndex: 'city_name' },
          { key: 'county', title: t('fiscal.county'), dataIndex: 'county_name' },
          { key: 'baseline', title: `${t('fiscal.baseline')}（${t('fiscal.unitWan')}）`, ...money, render: (_, line) => wan(line.baseline) },
          { key: 'what_if', title: `${t('fiscal.whatIf')}（${t('fiscal.unitWan')}）`, ...money, render: (_, line) => wan(line.what_if) },
          { key: 'difference', title: `${t('fiscal.difference')}（${t('fiscal.unitWan')}）`, ...money, render: (_, line) => wan(line.difference) },
        ]}
      />
      <Card size="small" style={{ marginTop: 16 }} title={t('fiscal.changes', { count: result.changes_total })}>
        {result.changes_total > result.changes.length && <Typography.Paragraph type="secondary">{t('fiscal.changesLimited', { shown: result.changes.length })}</Typography.Paragraph>}
        <div data-testid="what-if-changes"><Table size="small" rowKey={(change) => `${change.credit_code}|${change.incentive_id}`} dataSource={result.changes} columns={changeColumns} /></div>
      </Card>
    </div>
  );
}
