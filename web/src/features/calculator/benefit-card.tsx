import { Alert, Card, Collapse, Descriptions, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useClauses } from '../../api/queries.ts';
import type { Benefit, TraceStep } from '../../api/types.ts';
import { chineseNumeral } from '../document/clause-label.ts';
import { useClauseLabels } from '../document/use-clause-labels.ts';
import { packPaths } from '../packs/use-pack-id.ts';
import { useLanguage } from '../language/use-language.ts';
import { amountInPolicyUnit, amountInYuan, profilePathLabel, withPathLabels } from './calc-format.ts';

/** Any key, for labels built from the engine's names (checked against zh.json by the test of calc-format). */
export type LooseT = (key: string, options?: Record<string, unknown>) => string;
export const loose = (t: TFunction): LooseT => t as unknown as LooseT;

const statusColours: Record<Benefit['status'], string> = { eligible: 'green', ineligible: 'default', needs_info: 'orange', not_computable: 'blue' };
const outcomeColours: Record<NonNullable<TraceStep['outcome']>, string> = { met: 'green', not_met: 'red', unknown: 'orange', assumption: 'blue' };

/** The clause a benefit rests on: its printed label, title and text, with a link to the policy text. */
function ClauseText({ pack, clause, label }: { pack: string; clause: number; label: string }) {
  const { t } = useTranslation();
  const clauses = useClauses(pack);
  const found = clauses.data?.clauses.find((candidate) => candidate.number === clause);
  return (
    <div data-testid="calc-clause">
      <Link to={packPaths.clause(pack, clause)} className="clause-link" data-clause={clause}>
        {label}
        {found ? ` ${found.title}` : ''}
      </Link>
      {found && (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 3, expandable: true, symbol: t('calculator.clauseLink') }} style={{ marginBottom: 0, marginTop: 4 }}>
          {found.text}
        </Typography.Paragraph>
      )}
    </div>
  );
}

/** One benefit: status, amount or cap in the policy's unit, the clause, what is missing, the advice and the working. */
export function BenefitCard({ benefit }: { benefit: Benefit }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const packLabel = useClauseLabels(benefit.pack);
  // A national pack's clauses are articles (11 → 第十一条); a section pack prints its own labels, e.g. (七).
  const labelOf = (clause: number) => {
    const label = packLabel(clause);
    return /^[(（][一二三四五六七八九十]+[)）]$/.test(label) && /条$/.test(benefit.clause_label) ? `第${chineseNumeral(clause)}条` : label;
  };
  const money = (text: string) => (
    <span>
      <Typography.Text strong>{amountInPolicyUnit(text, language)}</Typography.Text>
      {language === 'zh' && <Typography.Text type="secondary">（{amountInYuan(text, language)}）</Typography.Text>}
    </span>
  );
  // The pack's reading of an ambiguous text, in the page's language (the English where no Chinese is given).
  const interpretation = language === 'zh' ? (benefit.interpretation_zh ?? benefit.interpretation) : benefit.interpretation;
  const parameterColumns: TableColumnsType<Benefit['parameters'][number]> = [
    { title: t('calculator.parameterName'), dataIndex: 'label', width: '28%' },
    { title: t('calculator.parameterValue'), key: 'value', width: '18%', render: (_, row) => `${row.value_text} ${row.unit}` },
    { title: t('calculator.parameterClause'), key: 'clause', width: '12%', render: (_, row) => <Link to={packPaths.clause(benefit.pack, row.clause)}>{labelOf(row.clause)}</Link> },
    {
      title: t('calculator.interpretation'),
      key: 'interpretation',
      render: (_, row) => {
        const text = language === 'zh' ? (row.interpretation_zh ?? row.interpretation) : row.interpretation;
        return text ? withPathLabels(text, t) : '—';
      },
    },
  ];
  const amount = benefit.amount_text
    ? money(benefit.amount_text)
    : benefit.cap_text && benefit.status !== 'ineligible'
      ? t('calculator.capOnly', { cap: amountInPolicyUnit(benefit.cap_text, language) })
      : undefined;

  const traceColumns: TableColumnsType<TraceStep> = [
    { key: 'label', title: t('calculator.traceStep'), render: (_, step) => withPathLabels(step.label, t) },
    { key: 'value', title: t('calculator.traceValue'), render: (_, step) => withPathLabels(step.value, t), width: 200 },
    { key: 'clause', title: t('calculator.clause'), render: (_, step) => (step.clause === null ? '—' : <Link to={packPaths.clause(benefit.pack, step.clause)}>{step.clause === benefit.clause ? benefit.clause_label : labelOf(step.clause)}</Link>), width: 140 },
    { key: 'outcome', title: t('calculator.traceOutcome'), render: (_, step) => (step.outcome ? <Tag color={outcomeColours[step.outcome]}>{t(`calculator.outcome.${step.outcome}`)}</Tag> : null), width: 100 },
  ];

  const items = [
    ...(amount ? [{ key: 'amount', label: benefit.amount_text ? t('calculator.amount') : t('calculator.cap'), children: <span data-testid="calc-amount">{amount}</span> }] : []),
    ...(benefit.amount_text && benefit.cap_text ? [{ key: 'cap', label: t('calculator.cap'), children: amountInPolicyUnit(benefit.cap_text, language) }] : []),
    ...(benefit.tax_saving_text ? [{ key: 'tax', label: t('calculator.taxSaving'), children: money(benefit.tax_saving_text) }] : []),
    ...(benefit.score_text ? [{ key: 'score', label: t('calculator.score'), children: benefit.score_text }] : []),
    { key: 'clause', label: t('calculator.clause'), children: <ClauseText pack={benefit.pack} clause={benefit.clause} label={benefit.clause_label} /> },
  ];

  return (
    <Card
      size="small"
      data-testid={`calc-benefit-${benefit.incentive}`}
      data-status={benefit.status}
      title={
        <Space wrap>
          <span>{benefit.title}</span>
          <Tag color={statusColours[benefit.status]} data-testid="calc-status">
            {t(`calculator.status.${benefit.status}`)}
          </Tag>
        </Space>
      }
    >
      <Space orientation="vertical" size="small" style={{ width: '100%' }}>
        <Descriptions size="small" column={1} items={items} />
        {benefit.missing.length > 0 && (
          <Alert type="warning" showIcon data-testid="calc-missing" title={t('calculator.missing')} description={benefit.missing.map((path) => profilePathLabel(path, t)).join('、')} />
        )}
        {benefit.error && <Alert type="error" showIcon title={t('calculator.error')} description={benefit.error} />}
        {benefit.advice.length > 0 && (
          <Alert
            type="info"
            showIcon
            data-testid="calc-advice"
            title={t('calculator.advice')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {benefit.advice.map((advice) => (
                  <li key={advice.condition}>{withPathLabels(advice.text, t)}</li>
                ))}
              </ul>
            }
          />
        )}
        {benefit.assumptions.length > 0 && (
          <Typography.Text type="secondary">
            {t('calculator.assumptions')}：{benefit.assumptions.map((text) => withPathLabels(text, t)).join('；')}
          </Typography.Text>
        )}
        {interpretation && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} ellipsis={{ rows: 2, expandable: true, symbol: t('calculator.more') }} data-testid="calc-interpretation">
            {t('calculator.interpretation')}：{withPathLabels(interpretation, t)}
          </Typography.Paragraph>
        )}
        {benefit.parameters.length > 0 && (
          <Collapse
            size="small"
            items={[
              {
                key: 'parameters',
                label: t('calculator.parameters'),
                children: <Table size="small" rowKey="name" pagination={false} columns={parameterColumns} dataSource={benefit.parameters} data-testid="calc-parameters" />,
              },
            ]}
          />
        )}
        {benefit.trace.length > 0 && (
          <Collapse
            size="small"
            items={[{ key: 'trace', label: t('calculator.trace'), children: <Table size="small" rowKey="step" pagination={false} columns={traceColumns} dataSource={benefit.trace} /> }]}
          />
        )}
      </Space>
    </Card>
  );
}
