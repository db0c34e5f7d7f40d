import { DeleteOutlined, FileExcelOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/error-message.ts';
import type { OverridableIncentive, WhatIfInput, WhatIfResult } from '../../api/types.ts';
import { useLanguage } from '../language/use-language.ts';
import { fiscalKey } from './fiscal-queries.ts';
import { overridesOf, parameterText, type OverrideRow } from './overrides-form.ts';
import { WhatIfResultView } from './what-if-result.tsx';

/** Saves a blob under a file name (the what-if's workbook, posted for). */
function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * 模拟测算: pick an incentive, one of its parameters and a new value (several rows), run the
 * what-if over the register (nothing stored), read the result, and save it as a named scenario.
 */
export function WhatIfPanel({ incentives, defaultYear, org, canSave }: { incentives: readonly OverridableIncentive[]; defaultYear: number; org: string | undefined; canSave: boolean }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [year, setYear] = useState(defaultYear);
  const [rows, setRows] = useState<OverrideRow[]>([{}]);
  const [name, setName] = useState('');
  const [ran, setRan] = useState<{ input: WhatIfInput; result: WhatIfResult } | undefined>();
  const { overrides, problems } = overridesOf(rows, incentives);

  const run = useMutation({ mutationFn: (input: WhatIfInput) => api.runWhatIf(input).then((result) => ({ input, result })), onSuccess: setRan });
  const save = useMutation({
    mutationFn: () => api.saveScenario({ ...ran!.input, name: name.trim() }),
    onSuccess: async (scenario) => {
      void message.success(t('fiscal.saved', { name: scenario.name }));
      setName('');
      await queryClient.invalidateQueries({ queryKey: [...fiscalKey, 'scenarios'] });
    },
    onError: (error) => void message.error(errorMessage(error, language)),
  });
  const exportWhatIf = useMutation({
    mutationFn: () => api.downloadWhatIf(ran!.input),
    onSuccess: (blob) => download(blob, `模拟测算-${ran!.input.year}.xlsx`),
    onError: (error) => void message.error(errorMessage(error, language)),
  });

  const setRow = (index: number, change: Partial<OverrideRow>) => setRows((current) => current.map((row, i) => (i === index ? { ...row, ...change } : row)));

  return (
    <Card title={t('fiscal.whatIfTitle')} data-testid="what-if-panel">
      <Typography.Paragraph type="secondary">{t('fiscal.whatIfIntro')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <span>{t('fiscal.whatIfYear')}</span>
          <InputNumber min={2000} max={2100} value={year} onChange={(value) => value !== null && setYear(value)} aria-label={t('fiscal.whatIfYear')} />
        </Space>
        {rows.map((row, index) => {
          const incentive = incentives.find((candidate) => candidate.incentive_id === row.incentive);
          const parameter = incentive?.parameters.find((candidate) => candidate.name === row.parameter);
          const problem = row.incentive === undefined && rows.length === 1 ? undefined : problems.get(index);
          return (
            <Space key={index} wrap align="start" data-testid="override-row">
              <span data-testid="override-incentive"><Select
                style={{ width: 320 }}
                placeholder={t('fiscal.pickIncentive')}
                value={row.incentive}
                onChange={(value: string) => setRow(index, { incentive: value, parameter: undefined, value: undefined })}
                options={incentives.map((candidate) => ({ value: candidate.incentive_id, label: candidate.incentive_title }))}
              /></span>
              <span data-testid="override-parameter"><Select
                style={{ width: 300 }}
                placeholder={t('fiscal.pickParameter')}
                value={row.parameter}
                disabled={!incentive}
                onChange={(value: string) => setRow(index, { parameter: value })}
                options={(incentive?.parameters ?? []).map((candidate) => ({ value: candidate.name, label: `${candidate.label}（${t('fiscal.inForce')} ${parameterText(candidate.value, candidate.unit)}）` }))}
              /></span>
              <Input
                style={{ width: 180 }}
                placeholder={parameter ? parameter.value : t('fiscal.newValue')}
                value={row.value}
                onChange={(event) => setRow(index, { value: event.target.value })}
                suffix={parameter && parameter.unit !== 'ratio' ? parameter.unit : undefined}
                status={problem === 'value' || problem === 'duplicate' ? 'error' : undefined}
                data-testid="override-value"
              />
              <Button icon={<DeleteOutlined />} aria-label={t('fiscal.removeRow')} onClick={() => setRows((current) => (current.length === 1 ? [{}] : current.filter((_, i) => i !== index)))} />
              {problem && <Typography.Text type="danger">{t(`fiscal.problems.${problem}`)}</Typography.Text>}
            </Space>
          );
        })}
        <Space wrap>
          <Button icon={<PlusOutlined />} onClick={() => setRows((current) => [...current, {}])}>
            {t('fiscal.addRow')}
          </Button>
          <Button type="primary" loading={run.isPending} disabled={problems.size > 0 || Object.keys(overrides).length === 0} onClick={() => run.mutate({ year, overrides, ...(org !== undefined ? { org } : {}) })} data-testid="run-what-if">
            {t('fiscal.run')}
          </Button>
        </Space>
        {run.isError && <Alert type="error" showIcon title={errorMessage(run.error, language)} />}
      </Space>
      {ran && (
        <div style={{ marginTop: 24 }}>
          <Space wrap style={{ marginBottom: 16 }}>
            {canSave && (
              <>
                <Input style={{ width: 260 }} maxLength={100} placeholder={t('fiscal.scenarioName')} value={name} onChange={(event) => setName(event.target.value)} data-testid="scenario-name" />
                <Button icon={<SaveOutlined />} disabled={name.trim() === ''} loading={save.isPending} onClick={() => save.mutate()} data-testid="save-scenario">
                  {t('fiscal.saveScenario')}
                </Button>
              </>
            )}
            <Button icon={<FileExcelOutlined />} loading={exportWhatIf.isPending} onClick={() => exportWhatIf.mutate()}>
              {t('fiscal.export')}
            </Button>
          </Space>
          <WhatIfResultView result={ran.result} />
        </div>
      )}
    </Card>
  );
}
