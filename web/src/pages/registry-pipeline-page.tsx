import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useTierPipeline } from '../api/private-queries.ts';
import type { PipelineCandidate } from '../api/types.ts';
import { EChart, type EChartOption } from '../components/echart.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { formatPercent } from '../features/indicators/format-value.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { formatScaled } from '../features/registry/registry-money.ts';
import { noWrap } from '../features/registry/registry-ui.tsx';
import { registryPaths } from '../features/session/session-paths.ts';

type Candidate = PipelineCandidate;

/**
 * /registry/pipeline — 梯次培育: how many firms moved up a tier each year (科技型中小企业 →
 * 高新技术企业 → 创新型示范企业; the seven years up to the current one in Beijing, as the server
 * chooses them), and the tech-based SMEs whose figures already meet high-tech recognition.
 */
export function RegistryPipelinePage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const query = useTierPipeline();
  const years = query.data?.years;
  const option = useMemo<EChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: (years ?? []).map((year) => String(year.year)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('registry.pipelineSmeToHte'), data: (years ?? []).map((year) => year.tech_sme_to_national_hte), itemStyle: { color: '#1f5fbf' } },
        { type: 'bar', name: t('registry.pipelineHteToDemo'), data: (years ?? []).map((year) => year.national_hte_to_innovative_demo), itemStyle: { color: '#f0a020' } },
      ],
    }),
    [years, t],
  );
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const { from: fromYear, to: toYear } = query.data;
  const percent = (ratio: number) => formatPercent(ratio, language);
  const columns: TableColumnsType<Candidate> = [
    { key: 'name', title: t('registry.name'), render: (_, candidate) => <Link to={registryPaths.enterprise(candidate.credit_code)}>{candidate.name}</Link> },
    { key: 'org', title: t('registry.area'), dataIndex: 'org_name' },
    { key: 'year', title: t('registry.year'), dataIndex: 'year', width: 80, ...noWrap },
    {
      key: 'revenue',
      title: t('registry.revenueTenThousand'),
      align: 'right',
      render: (_, candidate) => formatScaled(candidate.revenue, language, { shift: 4, fractionDigits: 2 }),
    },
    { key: 'rd', title: t('registry.rdRatio'), align: 'right', render: (_, candidate) => percent(candidate.rd_ratio) },
    { key: 'high_tech', title: t('registry.highTechShare'), align: 'right', render: (_, candidate) => percent(candidate.high_tech_share) },
    // What the pack's high-tech recognition rule says is still short or missing, in its own words.
    { key: 'advice', title: t('registry.candidateAdvice'), render: (_, candidate) => (candidate.advice.length > 0 ? candidate.advice.join('；') : '—') },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading title={t('registry.pipelineTitle')} intro={t('registry.pipelineIntro')} />
      <Card title={t('registry.pipelineMoves', { from: fromYear, to: toYear })}>
        <EChart option={option} height={320} ariaLabel={t('registry.pipelineMoves', { from: fromYear, to: toYear })} testId="pipeline-chart" />
      </Card>
      <Card
        title={t('registry.candidates')}
        extra={
          <Button icon={<FileExcelOutlined />} href={api.pipelineCandidatesXlsxUrl({ from: fromYear, to: toYear })} download data-testid="export-candidates">
            {t('registry.export')}
          </Button>
        }
      >
        {/* The conditions come from the pack (national.hte-recognition), not a copy of its numbers. */}
        <Typography.Paragraph type="secondary" data-testid="candidates-hint">
          {t('registry.candidatesHint', { criteria: query.data.candidate_criteria.join('；') })}
        </Typography.Paragraph>
        <Table<Candidate>
          data-testid="candidates-table"
          rowKey="credit_code"
          size="middle"
          columns={columns}
          dataSource={query.data.candidates}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('registry.noCandidates') }}
        />
      </Card>
    </Space>
  );
}
