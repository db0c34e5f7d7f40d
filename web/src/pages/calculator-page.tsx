import { ArrowLeftOutlined, CalculatorOutlined, FileWordOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Input, InputNumber, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { useEnterpriseCalc } from '../api/private-queries.ts';
import type { CalcProfile, CalcResult } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { BenefitCard, loose } from '../features/calculator/benefit-card.tsx';
import { draftOf, draftYears, flagNames, moneyFields, profileOfDraft, whatIfFields, type DraftProblem, type FlagChoice, type WhatIfDraft, type WhatIfField } from '../features/calculator/what-if-form.ts';
import { beijingYear } from '../features/language/beijing-time.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { SyntheticTag } from '../features/registry/registry-ui.tsx';
import { registryPaths } from '../features/session/session-paths.ts';
import { useSession } from '../features/session/use-session.ts';

const eventTypes = ['first_above_scale', 'first_innovative_demo_enterprise', 'national_st_award'] as const;

/**
 * 政策计算器: /calculator for an enterprise user's own firm, /registry/enterprises/:code/calculator
 * for whoever may read that enterprise. The benefits come from the registry's profile
 * (GET /api/calc/enterprises/:code); the what-if edits a copy of the profile and recalculates
 * through POST /api/calc, saving nothing.
 */
export function CalculatorPage() {
  const { t } = useTranslation();
  const tx = loose(t);
  const { language } = useLanguage();
  const { code: routeCode } = useParams();
  const { session } = useSession();
  const code = routeCode ?? session?.user.credit_code ?? undefined;
  const [year, setYear] = useState(() => beijingYear());
  const query = useEnterpriseCalc(code, year);
  const [draft, setDraft] = useState<WhatIfDraft | undefined>(undefined);
  const [whatIf, setWhatIf] = useState<CalcResult | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);

  // A new answer from the registry (another firm, another year) starts the form again from it.
  useEffect(() => {
    setDraft(query.data ? draftOf(query.data.profile) : undefined);
    setWhatIf(undefined);
    setProblem(undefined);
  }, [query.data]);

  const recalculate = useMutation({
    mutationFn: (profile: CalcProfile) => api.calculate(year, profile),
    onSuccess: (result) => setWhatIf(result),
  });

  const years = useMemo(() => (query.data ? draftYears(query.data.profile, year) : []), [query.data, year]);

  if (code === undefined) return <Empty description={t('calculator.noEnterprise')} />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const base = query.data;
  const shown = whatIf ?? base;
  const counts = { eligible: 0, needsInfo: 0, ineligible: 0 };
  for (const benefit of shown.benefits) {
    if (benefit.status === 'eligible') counts.eligible += 1;
    else if (benefit.status === 'needs_info') counts.needsInfo += 1;
    else if (benefit.status === 'ineligible') counts.ineligible += 1;
  }

  const fieldName = (field: WhatIfField) => tx(`registry.figureName.${field}`, { defaultValue: field });
  const problemText = (found: DraftProblem): string => {
    switch (found.kind) {
      case 'money':
        return t('calculator.whatIf.badMoney', { field: t('calculator.yearField', { year: found.year, field: fieldName(found.field) }) });
      case 'count':
        return `${t('calculator.yearField', { year: found.year, field: fieldName(found.field) })}：${t('calculator.whatIf.badCount')}`;
      case 'score':
        return t('calculator.whatIf.badScore');
      case 'eventYear':
        return t('calculator.whatIf.badYear');
      case 'eventAmount':
        return t('calculator.whatIf.badMoney', { field: t('calculator.field.amount') });
    }
  };

  const submit = () => {
    if (!draft) return;
    const answer = profileOfDraft(base.profile, draft);
    if ('problem' in answer) {
      setProblem(problemText(answer.problem));
      return;
    }
    setProblem(undefined);
    recalculate.mutate(answer.profile);
  };
  const reset = () => {
    setDraft(draftOf(base.profile));
    setWhatIf(undefined);
    setProblem(undefined);
    recalculate.reset();
  };
  const setFigure = (yearKey: string, field: WhatIfField, value: string) =>
    setDraft((current) => (current ? { ...current, years: { ...current.years, [yearKey]: { ...current.years[yearKey], [field]: value } } } : current));

  const figureColumns: TableColumnsType<{ field: WhatIfField }> = [
    { key: 'field', title: t('calculator.traceStep'), render: (_, row) => `${fieldName(row.field)}${(moneyFields as readonly string[]).includes(row.field) ? t('calculator.whatIf.yuan') : ''}`, fixed: 'left', width: 220 },
    ...years.map((yearKey) => ({
      key: yearKey,
      title: t('calculator.whatIf.yearColumn', { year: yearKey }),
      width: 170,
      render: (_: unknown, row: { field: WhatIfField }) => (
        <Input
          size="small"
          value={draft?.years[yearKey]?.[row.field] ?? ''}
          onChange={(event) => setFigure(yearKey, row.field, event.target.value)}
          data-testid={`whatif-${yearKey}-${row.field}`}
          aria-label={t('calculator.yearField', { year: yearKey, field: fieldName(row.field) })}
          inputMode="decimal"
        />
      ),
    })),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="calculator-page">
      {routeCode !== undefined && (
        <Link to={registryPaths.enterprise(routeCode)}>
          <ArrowLeftOutlined /> {base.profile.name}
        </Link>
      )}
      <PageHeading
        title={
          <span>
            {t('calculator.title')}：<span data-testid="calc-enterprise">{base.profile.name}</span>
            <SyntheticTag synthetic={base.profile.synthetic ?? false} />
          </span>
        }
        intro={t('calculator.intro')}
        extra={
          <Space wrap>
            <span>{t('calculator.year')}</span>
            <InputNumber min={2000} max={2100} precision={0} value={year} onChange={(value) => value !== null && value >= 2000 && value <= 2100 && setYear(value)} data-testid="calc-year" aria-label={t('calculator.year')} />
            <Button icon={<FileWordOutlined />} href={api.enterpriseCalcReportUrl(base.profile.credit_code, year)} data-testid="calc-report">
              {t('calculator.report')}
            </Button>
          </Space>
        }
      />
      {shown.packs
        .filter((pack) => !pack.in_force && pack.kind === 'policy')
        .map((pack) => {
          // The nearest year the policy is in force: its last year when it has expired, its first when it is not yet in force.
          const nearest = pack.expires !== null && Number(pack.expires.slice(0, 4)) < year ? Number(pack.expires.slice(0, 4)) : Number(pack.effective.slice(0, 4));
          const title = language === 'en' ? (pack.title_en ?? pack.title) : pack.title;
          return (
            <Alert
              key={pack.id}
              type="warning"
              showIcon
              data-testid="calc-pack-not-in-force"
              title={t('calculator.packNotInForce', { title, year, effective: pack.effective, expires: pack.expires ?? '—' })}
              action={
                <Button size="small" onClick={() => setYear(nearest)} data-testid="calc-pack-year">
                  {t('calculator.packYear', { year: nearest })}
                </Button>
              }
            />
          );
        })}
      <Card
        title={
          <Space wrap>
            <span>{t('calculator.benefits')}</span>
            <Tag color={whatIf ? 'purple' : 'default'} data-testid="calc-source">
              {whatIf ? t('calculator.source.whatIf') : t('calculator.source.registry')}
            </Tag>
          </Space>
        }
        extra={<Typography.Text type="secondary">{t('calculator.summary', counts)}</Typography.Text>}
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {shown.benefits.map((benefit) => (
            <BenefitCard key={benefit.incentive} benefit={benefit} />
          ))}
        </Space>
      </Card>
      {draft && (
        <Card title={t('calculator.whatIf.title')} data-testid="calc-what-if">
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Alert type="info" showIcon title={t('calculator.whatIf.note')} data-testid="calc-what-if-note" />
            <Typography.Title level={5}>{t('calculator.whatIf.years')}</Typography.Title>
            <Table size="small" rowKey="field" pagination={false} scroll={{ x: 'max-content' }} columns={figureColumns} dataSource={whatIfFields.map((field) => ({ field }))} />
            <Typography.Title level={5}>{t('calculator.whatIf.flags')}</Typography.Title>
            <Space wrap size="large">
              {flagNames.map((name) => (
                <Space key={name}>
                  <span>{tx(`profiles.flag.${name}`)}</span>
                  <Select<FlagChoice>
                    style={{ width: 110 }}
                    value={draft.flags[name]}
                    onChange={(value) => setDraft({ ...draft, flags: { ...draft.flags, [name]: value } })}
                    data-testid={`whatif-flag-${name}`}
                    options={[
                      { value: 'unset', label: t('calculator.whatIf.notDeclared') },
                      { value: 'yes', label: t('calculator.whatIf.yes') },
                      { value: 'no', label: t('calculator.whatIf.no') },
                    ]}
                  />
                </Space>
              ))}
              <Space>
                <span>{t('calculator.whatIf.score')}</span>
                <Input style={{ width: 90 }} value={draft.score} onChange={(event) => setDraft({ ...draft, score: event.target.value })} data-testid="whatif-score" aria-label={t('calculator.whatIf.score')} />
              </Space>
            </Space>
            <Typography.Title level={5}>{t('calculator.whatIf.events')}</Typography.Title>
            {draft.events.map((event, index) => (
              <Space key={index} wrap>
                <Select
                  style={{ width: 220 }}
                  value={event.type}
                  onChange={(value) => setDraft({ ...draft, events: draft.events.map((other, at) => (at === index ? { ...other, type: value } : other)) })}
                  options={[...new Set([...eventTypes, event.type])].map((type) => ({ value: type, label: tx(`profiles.eventTypes.${type}`, { defaultValue: type }) }))}
                />
                <Input style={{ width: 90 }} value={event.year} aria-label={t('profiles.eventYear')} onChange={(change) => setDraft({ ...draft, events: draft.events.map((other, at) => (at === index ? { ...other, year: change.target.value } : other)) })} />
                <Input style={{ width: 160 }} value={event.amount} aria-label={t('profiles.eventAmount')} placeholder={t('profiles.eventAmount')} onChange={(change) => setDraft({ ...draft, events: draft.events.map((other, at) => (at === index ? { ...other, amount: change.target.value } : other)) })} />
                <Button onClick={() => setDraft({ ...draft, events: draft.events.filter((_, at) => at !== index) })}>{t('calculator.whatIf.remove')}</Button>
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => setDraft({ ...draft, events: [...draft.events, { type: 'first_above_scale', year: String(year), amount: '' }] })}>
              {t('calculator.whatIf.addEvent')}
            </Button>
            {problem && <Alert type="error" showIcon title={problem} data-testid="calc-what-if-problem" />}
            {recalculate.isError && <Alert type="error" showIcon title={errorMessage(recalculate.error, language)} />}
            <Space>
              <Button type="primary" icon={<CalculatorOutlined />} onClick={submit} loading={recalculate.isPending} data-testid="whatif-recalculate">
                {t('calculator.whatIf.recalculate')}
              </Button>
              <Button icon={<UndoOutlined />} onClick={reset} data-testid="whatif-reset">
                {t('calculator.whatIf.reset')}
              </Button>
            </Space>
          </Space>
        </Card>
      )}
    </Space>
  );
}
