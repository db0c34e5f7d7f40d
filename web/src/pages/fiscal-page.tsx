import { FileExcelOutlined } from '@ant-design/icons';
import { BackgroundReportButton } from '../features/reports/background-report-button.tsx';
import { Alert, Button, Card, Col, InputNumber, Row, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { FiscalOverview } from '../api/types.ts';
import { EChart } from '../components/echart.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { overviewByAreaOption, overviewByIncentiveOption } from '../features/fiscal/fiscal-charts.ts';
import { useFiscalOverview } from '../features/fiscal/fiscal-queries.ts';
import { ScenarioList } from '../features/fiscal/scenario-list.tsx';
import { WhatIfPanel } from '../features/fiscal/what-if-panel.tsx';
import { beijingYear } from '../features/language/beijing-time.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { formatScaled } from '../features/registry/registry-money.ts';
import { AreaFilter } from '../features/registry/registry-ui.tsx';
import { useSession } from '../features/session/use-session.ts';

type OverviewRow = FiscalOverview['rows'][number];

/**
 * /fiscal — 财政测算 (the coordinator's): cost by incentive and area — paid and approved in the
 * year (award ledger), the forecast for the next year (the rules on the registry's latest data) —
 * with charts and an Excel export; the what-if over parameters; the saved scenarios.
 */
export function FiscalPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { can } = useSession();
  // Opens on last year's payments and this year's forecast.
  const [year, setYear] = useState(() => beijingYear() - 1);
  const [org, setOrg] = useState<string | undefined>();
  const overview = useFiscalOverview(year, org);
  const data = overview.data;
  const wan = (yuan: string) => formatScaled(yuan, language, { shift: 4, fractionDigits: 2, grouping: true });
  const labels = { paid: t('fiscal.paid', { year }), approved: t('fiscal.approved', { year }), forecast: t('fiscal.forecast', { year: year + 1 }), unit: t('fiscal.unitWan') };
  const byIncentive = useMemo(() => (data ? overviewByIncentiveOption(data, labels) : undefined), [data, labels.paid, labels.approved, labels.forecast, labels.unit]);
  const byArea = useMemo(() => (data ? overviewByAreaOption(data, labels.unit) : undefined), [data, labels.unit]);

  if (overview.isPending) return <Loading />;
  if (overview.isError) return <QueryError error={overview.error} onRetry={() => void overview.refetch()} />;
  const money = { align: 'right' as const };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading
        title={t('fiscal.title')}
        intro={t('fiscal.intro')}
        extra={
          <Space wrap>
            <span>{t('fiscal.year')}</span>
            <InputNumber min={2000} max={2099} value={year} onChange={(value) => value !== null && setYear(value)} data-testid="fiscal-year" />
            <AreaFilter value={org} onChange={setOrg} />
            <Button icon={<FileExcelOutlined />} href={api.fiscalOverviewXlsxUrl(year, org)} download data-testid="export-overview">
              {t('fiscal.export')}
            </Button>
            <BackgroundReportButton kind="fiscal.overview" params={{ year, org }} />
          </Space>
        }
      />
      {!data!.ledger_connected && <Alert type="info" showIcon title={t('fiscal.ledgerNotConnected')} />}
      <Card title={t('fiscal.overviewTitle', { year, next: year + 1 })} data-testid="fiscal-overview">
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col span={8}><Statistic title={labels.paid} value={wan(data!.totals.paid)} suffix={labels.unit} /></Col>
          <Col span={8}><Statistic title={labels.approved} value={wan(data!.totals.approved)} suffix={labels.unit} /></Col>
          <Col span={8}><div data-testid="forecast-total"><Statistic title={labels.forecast} value={wan(data!.totals.forecast)} suffix={labels.unit} /></div></Col>
        </Row>
        <Typography.Paragraph type="secondary">{t('fiscal.forecastMethod', { year, next: year + 1, count: data!.enterprises })}</Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} lg={12}>{byIncentive && <EChart option={byIncentive} height={320} ariaLabel={t('fiscal.chartByIncentive')} testId="fiscal-chart-incentive" />}</Col>
          <Col xs={24} lg={12}>{byArea && <EChart option={byArea} height={320} ariaLabel={t('fiscal.chartByArea')} testId="fiscal-chart-area" />}</Col>
        </Row>
        <Table
          size="small"
          rowKey="incentive_id"
          pagination={false}
          style={{ marginTop: 16 }}
          dataSource={data!.by_incentive}
          columns={[
            { key: 'incentive', title: t('fiscal.incentive'), dataIndex: 'incentive_title' },
            { key: 'paid', title: `${labels.paid}（${labels.unit}）`, ...money, render: (_, line) => wan(line.paid) },
            { key: 'approved', title: `${labels.approved}（${labels.unit}）`, ...money, render: (_, line) => wan(line.approved) },
            { key: 'forecast', title: `${labels.forecast}（${labels.unit}）`, ...money, render: (_, line) => wan(line.forecast) },
            { key: 'eligible', title: t('fiscal.forecastEligible'), ...money, dataIndex: 'forecast_eligible' },
            { key: 'cap_only', title: t('fiscal.forecastCapOnly'), ...money, dataIndex: 'forecast_cap_only' },
            { key: 'needs_info', title: t('fiscal.forecastNeedsInfo'), ...money, dataIndex: 'forecast_needs_info' },
          ]}
        />
        <Table<OverviewRow>
          size="small"
          rowKey={(row) => `${row.incentive_id}|${row.area_code}`}
          style={{ marginTop: 16 }}
          dataSource={data!.rows}
          locale={{ emptyText: t('fiscal.noRows') }}
          columns={[
            { key: 'incentive', title: t('fiscal.incentive'), dataIndex: 'incentive_title' },
            { key: 'city', title: t('fiscal.city'), dataIndex: 'city_name' },
            { key: 'county', title: t('fiscal.county'), dataIndex: 'county_name' },
            { key: 'paid', title: `${labels.paid}（${labels.unit}）`, ...money, render: (_, row) => wan(row.paid) },
            { key: 'approved', title: `${labels.approved}（${labels.unit}）`, ...money, render: (_, row) => wan(row.approved) },
            { key: 'forecast', title: `${labels.forecast}（${labels.unit}）`, ...money, render: (_, row) => wan(row.forecast) },
          ]}
        />
      </Card>
      <WhatIfPanel key={data!.forecast_year} incentives={data!.parameters} defaultYear={data!.forecast_year} org={org} canSave={can('fiscal.scenarios')} />
      <ScenarioList canDelete={can('fiscal.scenarios')} />
    </Space>
  );
}
