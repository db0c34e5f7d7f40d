import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { beijingYear } from '../features/language/beijing-time.ts';
import { useSession } from '../features/session/use-session.ts';
import { supervisionApi, type AssessmentScore } from '../features/supervision/supervision-api.ts';
import { useAssessment, useAssessmentScheme } from '../features/supervision/supervision-queries.ts';
import { useLabel } from '../features/supervision/supervision-ui.tsx';

/** Each criterion's points with its basis in words. */
function Basis({ score }: { score: AssessmentScore }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="criterion"
      dataSource={score.parts}
      columns={[
        { title: t('supervision.assessment.criterion'), render: (_, part) => label(part.label) },
        { title: t('supervision.assessment.score'), render: (_, part) => `${part.score} / ${part.max}` },
        { title: t('supervision.assessment.treatment'), render: (_, part) => <Tag>{t(`supervision.assessment.treatments.${part.treatment}`)}</Tag> },
        { title: t('supervision.assessment.basis'), render: (_, part) => label(part.basis) },
      ]}
    />
  );
}

function RankingTable({ scores, testId }: { scores: AssessmentScore[]; testId: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const criteria = scores[0]?.parts ?? [];
  return (
    <Table
      size="middle"
      rowKey={(score) => `${score.assignee.kind}:${score.assignee.id}`}
      dataSource={scores}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      data-testid={testId}
      expandable={{ expandedRowRender: (score) => <Basis score={score} /> }}
      columns={[
        { title: t('supervision.assessment.rank'), width: 70, render: (_, score) => score.rank ?? '—' },
        { title: t('supervision.assessment.name'), dataIndex: 'name' },
        { title: t('supervision.assessment.total'), render: (_, score) => (score.scored ? <Typography.Text strong>{score.total}</Typography.Text> : <Tag>{t('supervision.assessment.notScored')}</Tag>) },
        ...criteria.map((criterion, index) => ({
          title: label(criterion.label),
          render: (_: unknown, score: AssessmentScore) => {
            const part = score.parts[index];
            return part ? `${part.score} / ${part.max}` : '—';
          },
        })),
      ]}
    />
  );
}

/** /supervision/assessment — 考核: the year's ranking of units and areas, each part's basis on expanding a row, and the 督查通报 as Word and Excel. */
export function SupervisionAssessmentPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { session } = useSession();
  const [search, setSearch] = useSearchParams();
  const year = Number(search.get('year') ?? beijingYear());
  const result = useAssessment(year);
  const scheme = useAssessmentScheme();
  const [docNumber, setDocNumber] = useState('');
  const [redHeader, setRedHeader] = useState(true);
  const coordinator = session?.abilities['assessment.read'] === 'all';
  const empty = result.data !== undefined && result.data.units.length === 0 && result.data.areas.length === 0;
  return (
    <div data-testid="supervision-assessment">
      <PageHeading
        title={t('supervision.assessment.title')}
        intro={scheme.data ? t('supervision.assessment.intro', { scheme: label(scheme.data.title), total: scheme.data.total }) : undefined}
        extra={
          <Space>
            <span>{t('supervision.assessment.year')}</span>
            <InputNumber min={2000} max={2100} value={year} onChange={(value) => value && setSearch({ year: String(value) }, { replace: true })} aria-label={t('supervision.assessment.year')} />
          </Space>
        }
      />
      {scheme.data && (
        <Card size="small" title={t('supervision.assessment.scheme')} style={{ marginBottom: 16 }}>
          <Space wrap>
            {scheme.data.criteria.map((criterion) => (
              <Tag key={criterion.id} title={label(criterion.formula)}>
                {label(criterion.label)} {criterion.max}
              </Tag>
            ))}
          </Space>
          {scheme.data.notes.map((note, index) => (
            <Typography.Paragraph key={index} type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {label(note)}
            </Typography.Paragraph>
          ))}
        </Card>
      )}
      {coordinator && (
        <Card size="small" title={t('supervision.assessment.bulletin')} style={{ marginBottom: 16 }}>
          <Space wrap>
            <Input placeholder={t('supervision.assessment.docNumber')} value={docNumber} onChange={(event) => setDocNumber(event.target.value)} style={{ width: 220 }} />
            <Checkbox checked={redHeader} onChange={(event) => setRedHeader(event.target.checked)}>
              {t('supervision.assessment.redHeader')}
            </Checkbox>
            <Button icon={<FileWordOutlined />} href={supervisionApi.assessmentDocxUrl(year, { doc_number: docNumber.trim() || undefined, red_header: redHeader })} data-testid="assessment-docx">
              {t('supervision.assessment.docx')}
            </Button>
            <Button icon={<FileExcelOutlined />} href={supervisionApi.assessmentXlsxUrl(year)} data-testid="assessment-xlsx">
              {t('supervision.assessment.xlsx')}
            </Button>
          </Space>
        </Card>
      )}
      {result.isError && <QueryError error={result.error} onRetry={() => void result.refetch()} />}
      {empty && <Alert type="info" showIcon message={t('supervision.assessment.empty', { year })} style={{ marginBottom: 16 }} />}
      <Card title={t('supervision.assessment.units')} style={{ marginBottom: 16 }} loading={result.isPending}>
        <RankingTable scores={result.data?.units ?? []} testId="assessment-units" />
      </Card>
      <Card title={t('supervision.assessment.areas')} loading={result.isPending}>
        <RankingTable scores={result.data?.areas ?? []} testId="assessment-areas" />
      </Card>
    </div>
  );
}
