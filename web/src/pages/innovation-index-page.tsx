import { FileExcelOutlined, FileWordOutlined } from '@ant-design/icons';
import { BackgroundReportButton } from '../features/reports/background-report-button.tsx';
import { Alert, Button, Card, Col, Descriptions, Drawer, Empty, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../components/echart.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { SourceText } from '../features/indicators/source-text.tsx';
import { pillarRadarOption, rankingBarOption, trendOption } from '../features/innovation-index/index-charts.ts';
import { indexApi, useIndexResult, useIndexSensitivity, useIndexSpecs, useIndexUnitInputs, type IndexRankingRow, type IndexResultDto, type IndexTextDto, type IndexUnitInputs } from '../features/innovation-index/index-api.ts';
import { useLanguage } from '../features/language/use-language.ts';

type Language = 'zh' | 'en';

/** A score as read: two decimals; a raw value with up to four. */
const score = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(2));
const raw = (value: number | null | undefined, language: Language) => (value === null || value === undefined ? '—' : value.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 4 }));

/**
 * /innovation-index — 创新指数 (issue 15): a composite index built from the approved indicator
 * values (or a spec's bundled published data). Pick a spec and a year (the latest with scores by
 * default): the ranking with each pillar's score, a bar chart, the chosen unit's pillar radar and
 * trend, the rank ranges of the sensitivity analysis, the method in words, and the Excel and Word
 * exports. Every score opens onto its inputs: which indicators, the raw values with their sources,
 * and which step changed them.
 */
export function InnovationIndexPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const specs = useIndexSpecs();
  const [chosenSpec, setChosenSpec] = useState<string | undefined>();
  const [year, setYear] = useState<number | undefined>();
  const [chosenUnit, setChosenUnit] = useState<string | undefined>();
  const [inputsOf, setInputsOf] = useState<string | undefined>();
  const [showSensitivity, setShowSensitivity] = useState(false);
  // The Ningxia areas' index first when shipped, else the first spec.
  const specId = chosenSpec ?? specs.data?.specs.find((spec) => spec.input === 'store')?.id ?? specs.data?.specs[0]?.id;
  const result = useIndexResult(specId, year);
  const data = result.data;
  const shownYear = data?.year ?? undefined;
  const unit = chosenUnit !== undefined && data?.ranking.some((row) => row.unit === chosenUnit) ? chosenUnit : data?.ranking[0]?.unit;
  const chosenRow = data?.ranking.find((row) => row.unit === unit);
  const labels = { score: t('innovationIndex.score'), rank: t('innovationIndex.rank'), mean: t('innovationIndex.mean') };
  const bar = useMemo(() => (data ? rankingBarOption(data, language, unit, labels) : undefined), [data, language, unit, labels.score]);
  const radar = useMemo(() => (data && chosenRow ? pillarRadarOption(data, chosenRow, language, labels) : undefined), [data, chosenRow, language, labels.mean]);
  const trend = useMemo(() => (data && unit ? trendOption(data, unit, language, labels) : undefined), [data, unit, language, labels.score, labels.rank]);

  if (specs.isPending) return <Loading />;
  if (specs.isError) return <QueryError error={specs.error} onRetry={() => void specs.refetch()} />;
  if (specs.data.specs.length === 0) return <Empty description={t('innovationIndex.noSpecs')} />;

  const selectSpec = (id: string) => {
    setChosenSpec(id);
    setYear(undefined);
    setChosenUnit(undefined);
    setShowSensitivity(false);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading
        title={t('innovationIndex.title')}
        intro={t('innovationIndex.intro')}
        extra={
          <Space wrap>
            <span>{t('innovationIndex.spec')}</span>
            <Select
              style={{ minWidth: 280 }}
              value={specId}
              onChange={selectSpec}
              options={specs.data.specs.map((spec) => ({ value: spec.id, label: spec.title[language] }))}
              data-testid="index-spec"
              aria-label={t('innovationIndex.spec')}
            />
            <span>{t('innovationIndex.year')}</span>
            <Select
              style={{ width: 110 }}
              value={shownYear}
              onChange={(value: number) => {
                setYear(value);
                setShowSensitivity(false);
              }}
              options={(data?.years ?? []).map((candidate) => ({ value: candidate, label: String(candidate) }))}
              data-testid="index-year"
              aria-label={t('innovationIndex.year')}
            />
            {specId && (
              <>
                <Button icon={<FileExcelOutlined />} href={indexApi.xlsxUrl(specId, shownYear)} download data-testid="index-export-xlsx">
                  {t('innovationIndex.exportXlsx')}
                </Button>
                <Button icon={<FileWordOutlined />} href={indexApi.docxUrl(specId, shownYear)} download data-testid="index-export-docx">
                  {t('innovationIndex.exportDocx')}
                </Button>
                <BackgroundReportButton kind="innovation_index.workbook" params={{ spec: specId, year: shownYear }} label={t('reports.backgroundWorkbook')} testId="index-background-xlsx" />
                <BackgroundReportButton kind="innovation_index.report" params={{ spec: specId, year: shownYear }} label={t('reports.backgroundDocument')} testId="index-background-docx" />
              </>
            )}
          </Space>
        }
      />
      {result.isPending && <Loading />}
      {result.isError && <QueryError error={result.error} onRetry={() => void result.refetch()} />}
      {data && (
        <>
          {data.spec.description && <Typography.Paragraph type="secondary">{data.spec.description[language]}</Typography.Paragraph>}
          {data.has_demo && <Alert type="warning" showIcon title={t('innovationIndex.demoWarning')} data-testid="index-demo-warning" />}
          <Card title={t('innovationIndex.rankingTitle', { year: shownYear ?? '', title: data.spec.title[language] })} data-testid="index-ranking">
            <RankingTable result={data} language={language} chosen={unit} onChoose={setChosenUnit} onOpen={setInputsOf} />
          </Card>
          <Row gutter={16}>
            <Col xs={24} xl={12}>
              <Card title={t('innovationIndex.barTitle')} size="small">
                {bar && <EChart option={bar} height={360} ariaLabel={t('innovationIndex.barTitle')} testId="index-bar" />}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={chosenRow ? t('innovationIndex.radarTitle', { name: chosenRow.name[language] }) : t('innovationIndex.barTitle')} size="small">
                {radar ? <EChart option={radar} height={360} ariaLabel={t('innovationIndex.radarTitle', { name: chosenRow?.name[language] ?? '' })} testId="index-radar" /> : <Empty />}
              </Card>
            </Col>
          </Row>
          <Card title={chosenRow ? t('innovationIndex.trendTitle', { name: chosenRow.name[language] }) : t('innovationIndex.trend')} size="small">
            {trend && <EChart option={trend} height={280} ariaLabel={t('innovationIndex.trend')} testId="index-trend" />}
          </Card>
          <Card
            title={t('innovationIndex.sensitivityTitle')}
            size="small"
            extra={
              !showSensitivity && (
                <Button onClick={() => setShowSensitivity(true)} data-testid="index-sensitivity-run">
                  {t('innovationIndex.sensitivityRun')}
                </Button>
              )
            }
          >
            <Typography.Paragraph type="secondary">{t('innovationIndex.sensitivityIntro')}</Typography.Paragraph>
            {showSensitivity && specId && shownYear !== undefined && <SensitivityTable specId={specId} year={shownYear} language={language} />}
          </Card>
          <Card title={t('innovationIndex.methodTitle')} size="small" data-testid="index-method">
            <Descriptions column={1} size="small" bordered items={data.spec.steps.map((step) => ({ key: step.step, label: step.name[language], children: step.detail[language] }))} />
            {data.spec.notes.length > 0 && (
              <>
                <Typography.Title level={5} style={{ marginTop: 16 }}>
                  {t('innovationIndex.notes')}
                </Typography.Title>
                <ol>
                  {data.spec.notes.map((note, index) => (
                    <li key={index}>{note[language]}</li>
                  ))}
                </ol>
              </>
            )}
            <Typography.Paragraph type="secondary">{t('innovationIndex.noMap')}</Typography.Paragraph>
          </Card>
          <InputsDrawer specId={specId} unit={inputsOf} year={shownYear} language={language} onClose={() => setInputsOf(undefined)} />
        </>
      )}
    </Space>
  );
}

function groupName(result: IndexResultDto, id: string | null, language: Language): string {
  if (id === null) return '—';
  return result.spec.groups?.find((group) => group.id === id)?.name[language] ?? id;
}

function RankingTable({ result, language, chosen, onChoose, onOpen }: { result: IndexResultDto; language: Language; chosen: string | undefined; onChoose: (unit: string) => void; onOpen: (unit: string) => void }) {
  const { t } = useTranslation();
  const pillars = result.nodes.map((node, index) => ({ node, index })).filter((entry) => entry.node.depth === 1);
  return (
    <Table<IndexRankingRow>
      size="small"
      rowKey="unit"
      dataSource={result.ranking}
      pagination={result.ranking.length > 50 ? { pageSize: 50 } : false}
      scroll={{ x: true }}
      onRow={(row) => ({ onClick: () => onChoose(row.unit), 'data-unit': row.unit } as React.HTMLAttributes<HTMLElement>)}
      rowClassName={(row) => (row.unit === chosen ? 'ant-table-row-selected' : '')}
      locale={{ emptyText: t('innovationIndex.noScores') }}
      columns={[
        { key: 'rank', title: t('innovationIndex.rank'), width: 64, render: (_, row) => row.rank ?? '—' },
        {
          key: 'name',
          title: t('innovationIndex.unit'),
          render: (_, row) => (
            <Space size={4}>
              <span>{row.name[language]}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {row.unit}
              </Typography.Text>
              {row.demo && <Tag color="orange">{t('innovationIndex.demo')}</Tag>}
            </Space>
          ),
        },
        {
          key: 'score',
          title: t('innovationIndex.score'),
          align: 'right',
          render: (_, row) => (
            <Button
              type="link"
              size="small"
              disabled={row.score === null}
              onClick={(event) => {
                event.stopPropagation();
                onChoose(row.unit);
                onOpen(row.unit);
              }}
              data-testid={`index-score-${row.unit}`}
              title={t('innovationIndex.openInputs')}
            >
              {score(row.score)}
            </Button>
          ),
        },
        ...(result.spec.relative ? [{ key: 'relative', title: t('innovationIndex.relative'), align: 'right' as const, render: (_: unknown, row: IndexRankingRow) => score(row.relative) }] : []),
        ...(result.spec.groups ? [{ key: 'group', title: t('innovationIndex.group'), render: (_: unknown, row: IndexRankingRow) => groupName(result, row.group, language) }] : []),
        ...pillars.map((entry) => ({ key: entry.node.id, title: entry.node.name[language], align: 'right' as const, render: (_: unknown, row: IndexRankingRow) => score(row.nodes[entry.index]) })),
      ]}
    />
  );
}

function SensitivityTable({ specId, year, language }: { specId: string; year: number; language: Language }) {
  const { t } = useTranslation();
  const sensitivity = useIndexSensitivity(specId, year, true);
  if (sensitivity.isPending) return <Loading />;
  if (sensitivity.isError) return <QueryError error={sensitivity.error} onRetry={() => void sensitivity.refetch()} />;
  const data = sensitivity.data;
  const range = (min: number | null, max: number | null) => (min === null || max === null ? '—' : min === max ? String(min) : `${min}–${max}`);
  return (
    <>
      <Typography.Paragraph type="secondary">{t('innovationIndex.sensitivityMethod', { runs: data.runs, spread: Math.round(data.weight_spread * 100) })}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="unit"
        data-testid="index-sensitivity"
        dataSource={data.units}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'rank', title: t('innovationIndex.rank'), width: 64, render: (_, row) => row.rank ?? '—' },
          { key: 'name', title: t('innovationIndex.unit'), render: (_, row) => row.name[language] },
          { key: 'perturbed', title: t('innovationIndex.perturbedRange'), render: (_, row) => `${range(row.min, row.max)}${row.median === null ? '' : t('innovationIndex.median', { median: row.median })}` },
          { key: 'dropped', title: t('innovationIndex.droppedRange'), render: (_, row) => range(row.dropped_min, row.dropped_max) },
        ]}
      />
    </>
  );
}

function InputsDrawer({ specId, unit, year, language, onClose }: { specId: string | undefined; unit: string | undefined; year: number | undefined; language: Language; onClose: () => void }) {
  const { t } = useTranslation();
  const inputs = useIndexUnitInputs(specId, unit, year);
  const data = inputs.data;
  return (
    <Drawer open={unit !== undefined} onClose={onClose} size={1000} title={data ? t('innovationIndex.inputsTitle', { name: data.name[language], year: data.year }) : t('innovationIndex.inputs')}>
      {inputs.isPending && unit !== undefined && <Loading />}
      {inputs.isError && <QueryError error={inputs.error} onRetry={() => void inputs.refetch()} />}
      {data && <UnitInputs data={data} language={language} />}
    </Drawer>
  );
}

const stageKeys = ['raw', 'denominated', 'imputed', 'treated', 'normalised'] as const;

function UnitInputs({ data, language }: { data: IndexUnitInputs; language: Language }) {
  const { t } = useTranslation();
  const text = (value: IndexTextDto) => value[language];
  const stages = stageKeys.filter((stage) => data.indicators.some((indicator) => indicator.stages.some((entry) => entry.stage === stage)));
  return (
    <div data-testid="index-inputs">
      {data.has_demo && <Alert type="warning" showIcon title={t('innovationIndex.demoInputs')} style={{ marginBottom: 12 }} />}
      <Descriptions
        size="small"
        column={2}
        bordered
        items={[
          { key: 'score', label: t('innovationIndex.score'), children: score(data.score) },
          { key: 'rank', label: t('innovationIndex.rank'), children: data.rank === null ? '—' : t('innovationIndex.rankOf', { rank: data.rank, of: data.rank_of }) },
          ...(data.relative !== null ? [{ key: 'relative', label: t('innovationIndex.relative'), children: score(data.relative) }] : []),
          ...(data.group_name ? [{ key: 'group', label: t('innovationIndex.group'), children: text(data.group_name) }] : []),
          ...data.nodes.filter((node) => node.depth >= 1).map((node) => ({ key: node.id, label: text(node.name), children: score(node.score) })),
        ]}
      />
      <Table
        style={{ marginTop: 16 }}
        size="small"
        rowKey="code"
        pagination={false}
        scroll={{ x: true }}
        dataSource={data.indicators}
        expandable={{
          expandedRowRender: (indicator) =>
            indicator.source ? (
              <div>
                <Typography.Text type="secondary">{t('innovationIndex.source')}：</Typography.Text>
                <SourceText text={indicator.source} />
                {indicator.denominator?.source && (
                  <div>
                    <Typography.Text type="secondary">{t('innovationIndex.denominatorSource', { code: indicator.denominator.name[language] })}：</Typography.Text>
                    <SourceText text={indicator.denominator.source} />
                  </div>
                )}
              </div>
            ) : (
              <Typography.Text type="secondary">{t('innovationIndex.noValue')}</Typography.Text>
            ),
          defaultExpandAllRows: true,
        }}
        columns={[
          {
            key: 'indicator',
            title: t('innovationIndex.indicator'),
            render: (_, indicator) => (
              <Space size={4} wrap>
                <span>{text(indicator.name)}</span>
                {indicator.direction === -1 && <Tag>{t('innovationIndex.negative')}</Tag>}
                {indicator.demo && <Tag color="orange">{t('innovationIndex.demo')}</Tag>}
              </Space>
            ),
          },
          { key: 'pillar', title: t('innovationIndex.pillar'), render: (_, indicator) => (indicator.pillar ? text(indicator.pillar.name) : '—') },
          { key: 'weight', title: t('innovationIndex.weight'), align: 'right', render: (_, indicator) => indicator.weight },
          ...stages.map((stage) => ({
            key: stage,
            title: t(`innovationIndex.stage.${stage}`),
            align: 'right' as const,
            render: (_: unknown, indicator: IndexUnitInputs['indicators'][number]) => {
              const value = indicator.stages.find((entry) => entry.stage === stage)?.value;
              return stage === 'normalised' ? <strong>{score(value)}</strong> : raw(value, language);
            },
          })),
          {
            key: 'changes',
            title: t('innovationIndex.changes'),
            render: (_, indicator) =>
              indicator.changes.length === 0 ? (
                <Typography.Text type="secondary">{t('innovationIndex.unchanged')}</Typography.Text>
              ) : (
                <ul style={{ margin: 0, paddingInlineStart: 16 }} data-testid={`index-changes-${indicator.code}`}>
                  {indicator.changes.map((change, index) => (
                    <li key={index}>
                      {t(`innovationIndex.stage.${change.stage}`)}：{text(change.reason)}（{raw(change.from, language)} → {raw(change.to, language)}）
                    </li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </div>
  );
}
