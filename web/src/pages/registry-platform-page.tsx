import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Descriptions, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { usePlatform } from '../api/private-queries.ts';
import type { PlatformEvaluation } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { EvaluationTag } from '../features/registry/platform-evaluation.tsx';
import { RegistryHistory } from '../features/registry/registry-history.tsx';
import { noWrap, SyntheticTag } from '../features/registry/registry-ui.tsx';
import { registryPaths } from '../features/session/session-paths.ts';

/** Stored field names (either spelling) → the label key a reader knows them by. */
const platformFields: Record<string, string> = {
  registrationNumber: 'registrationNumber',
  registration_number: 'registrationNumber',
  name: 'platformName',
  type: 'platformType',
  level: 'level',
  host: 'host',
  hostCreditCode: 'hostCreditCode',
  host_credit_code: 'hostCreditCode',
  org: 'areaCode',
  approvedOn: 'approvedOn',
  approved_on: 'approvedOn',
  constructionFrom: 'constructionFrom',
  construction_from: 'constructionFrom',
  constructionTo: 'constructionTo',
  construction_to: 'constructionTo',
  evaluations: 'evaluations',
  evaluation: 'evaluations',
};

/** An evaluation as a history entry stored it (older entries may hold the Chinese result). */
interface StoredEvaluation {
  date: string;
  result: string;
  note?: string;
}

const isEvaluation = (value: unknown): value is StoredEvaluation =>
  typeof value === 'object' && value !== null && typeof (value as { date?: unknown }).date === 'string' && typeof (value as { result?: unknown }).result === 'string';

/**
 * /registry/platforms/:number — one platform: its registration, its evaluations (优秀, 合格,
 * 不合格, 撤销, oldest first as the server sorts them) and the history of its record. Outside the
 * account's scope the server answers 404.
 */
export function RegistryPlatformPage() {
  const { t } = useTranslation();
  const { number } = useParams();
  const query = usePlatform(number);
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const { platform, history } = query.data;
  const fieldLabel = (field: string) => (platformFields[field] ? t(`registry.${platformFields[field]}` as 'registry.host') : field);
  const evaluations = [...platform.evaluations].reverse();
  const evaluationText = (evaluation: StoredEvaluation) => (
    <span key={`${evaluation.date}|${evaluation.result}`}>
      {evaluation.date} <EvaluationTag result={evaluation.result} />
      {evaluation.note ? evaluation.note : ''}
    </span>
  );
  // Evaluations and levels as the page shows them, not as stored JSON and codes.
  const formatValue = (field: string, value: unknown) => {
    if (field === 'level' && typeof value === 'string') return t(value === 'national' ? 'registry.national' : 'registry.regional');
    if (isEvaluation(value)) return evaluationText(value);
    if (Array.isArray(value) && value.every(isEvaluation)) return <>{value.map(evaluationText)}</>;
    return undefined;
  };

  const evaluationColumns: TableColumnsType<PlatformEvaluation> = [
    { key: 'date', title: t('registry.evaluatedOn'), dataIndex: 'date', width: 140, ...noWrap },
    { key: 'result', title: t('registry.evaluationResultTitle'), width: 120, render: (_, evaluation) => <EvaluationTag result={evaluation.result} /> },
    { key: 'note', title: t('registry.evaluationNote'), render: (_, evaluation) => evaluation.note || '—' },
  ];
  const construction = platform.construction_from || platform.construction_to ? `${platform.construction_from ?? '—'} ~ ${platform.construction_to ?? '—'}` : '—';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={registryPaths.platforms}>
        <ArrowLeftOutlined /> {t('registry.backToPlatforms')}
      </Link>
      <PageHeading
        title={
          <span data-testid="platform-name">
            {platform.name}
            <SyntheticTag synthetic={platform.synthetic} />
          </span>
        }
      />
      <Card title={t('registry.basics')}>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'number', label: t('registry.registrationNumber'), children: <Typography.Text code>{platform.registration_number}</Typography.Text> },
            { key: 'type', label: t('registry.platformType'), children: platform.type },
            { key: 'level', label: t('registry.level'), children: <Tag color={platform.level === 'national' ? 'red' : 'blue'}>{t(platform.level === 'national' ? 'registry.national' : 'registry.regional')}</Tag> },
            { key: 'org', label: t('registry.area'), children: `${platform.org_name}（${platform.org}）` },
            { key: 'host', label: t('registry.host'), children: platform.host },
            { key: 'host_credit_code', label: t('registry.hostCreditCode'), children: platform.host_credit_code ? <Typography.Text code>{platform.host_credit_code}</Typography.Text> : '—' },
            { key: 'approved', label: t('registry.approvedOn'), children: platform.approved_on },
            { key: 'construction', label: t('registry.constructionPeriod'), children: construction },
          ]}
        />
      </Card>
      <Card title={t('registry.evaluations')}>
        {evaluations.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noEvaluations')} />
        ) : (
          <Table<PlatformEvaluation>
            data-testid="evaluations-table"
            rowKey={(evaluation) => `${evaluation.date}|${evaluation.result}`}
            size="small"
            columns={evaluationColumns}
            dataSource={evaluations}
            pagination={false}
          />
        )}
      </Card>
      <Card title={t('registry.history')}>
        <RegistryHistory history={history} fieldLabel={fieldLabel} formatValue={formatValue} testId="platform-history" />
      </Card>
    </Space>
  );
}
