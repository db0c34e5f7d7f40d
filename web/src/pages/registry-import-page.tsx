import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { privateKey } from '../api/private-queries.ts';
import type { RegistryKind } from '../api/types.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { ImportResult, ImportUpload } from '../features/import/import-parts.tsx';
import { useLanguage } from '../features/language/use-language.ts';

/** The columns of each registry's file (the server's template has the same, identifiers as text). */
const registryColumns: Record<RegistryKind, { columns: string; required: string }> = {
  enterprises: {
    columns: 'credit_code, name, org, industry, founded, above_scale, contact_name, contact_phone, hte_innovation_score, deemed_taxation, western_development_encouraged, ic_or_machine_tool_list',
    required: 'credit_code, name, org',
  },
  certifications: { columns: 'credit_code, type, number, valid_from, valid_to, revoked_on', required: 'credit_code, type, valid_from' },
  platforms: { columns: 'registration_number, name, type, level, host, host_credit_code, org, approved_on, construction_from, construction_to', required: 'registration_number, name, type, level, host, org, approved_on' },
  tech_contracts: {
    columns: 'registration_number, type, contract_amount, tech_amount, seller_name, seller_credit_code, seller_org, buyer_name, buyer_credit_code, buyer_org, registered_on',
    required: 'registration_number, type, contract_amount, tech_amount, seller_name, seller_org, buyer_name, buyer_org, registered_on',
  },
  enterprise_years: {
    columns: 'credit_code, year, revenue, rd_expense, rd_expense_in_china, staff, tech_staff, high_tech_revenue, total_assets, ip_class1, ip_class2, costs, total_liabilities, rd_expense_deduction',
    required: 'credit_code, year',
  },
  platform_evaluations: { columns: 'registration_number, evaluated_on, result, note', required: 'registration_number, evaluated_on, result' },
  enterprise_events: { columns: 'credit_code, type, year, amount', required: 'credit_code, type, year' },
};
const kinds: readonly RegistryKind[] = ['enterprises', 'certifications', 'platforms', 'tech_contracts', 'enterprise_years', 'platform_evaluations', 'enterprise_events'];

/**
 * /registry/import — 登记库导入: one registry file (CSV or XLSX) at a time, checked first if
 * wanted, imported all or nothing; existing records are updated and each change kept in the history.
 */
export function RegistryImportPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<RegistryKind>('enterprises');
  const [file, setFile] = useState<File | undefined>();
  const [dryRun, setDryRun] = useState(true);
  const run = useMutation({
    mutationFn: ({ upload, check }: { upload: File; check: boolean }) => api.importRegistry(kind, upload, upload.name, check),
    onSuccess: async (report) => {
      if (!report.dry_run && report.problems.length === 0) await queryClient.invalidateQueries({ queryKey: [privateKey, 'registry'] });
    },
  });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading
        title={t('registry.importTitle')}
        intro={t('registry.importIntro')}
        extra={
          <Button icon={<DownloadOutlined />} href={api.registryTemplateUrl(kind)} download data-testid="import-template">
            {t('import.template')}
          </Button>
        }
      />
      <Segmented<RegistryKind>
        value={kind}
        options={kinds.map((candidate) => ({ value: candidate, label: t(`registry.kinds.${candidate}`) }))}
        onChange={(chosen) => {
          setKind(chosen);
          run.reset();
        }}
        data-testid="registry-kind"
      />
      <ImportUpload
        file={file}
        onFile={(chosen) => {
          setFile(chosen);
          run.reset();
        }}
        dryRun={dryRun}
        onDryRun={setDryRun}
        running={run.isPending}
        onRun={() => file && run.mutate({ upload: file, check: dryRun })}
        columnsHint={
          <Typography.Paragraph type="secondary" className="import-columns">
            {t('import.columns')} <Typography.Text code>{registryColumns[kind].columns}</Typography.Text>
            <br />
            {t('registry.requiredColumns')} <Typography.Text code>{registryColumns[kind].required}</Typography.Text>
            {(kind === 'enterprise_years' || kind === 'platform_evaluations' || kind === 'enterprise_events' || kind === 'enterprises') && (
              <>
                <br />
                {t(`registry.kindHints.${kind}`)}
              </>
            )}
          </Typography.Paragraph>
        }
      />
      {run.isError && <Alert type="error" showIcon title={errorMessage(run.error, language)} data-testid="import-error" />}
      {run.data && (
        <ImportResult
          report={run.data}
          counts={[
            { key: 'created', label: t(run.data.dry_run ? 'import.wouldInsert' : 'import.inserted'), value: run.data.created },
            { key: 'updated', label: t(run.data.dry_run ? 'registry.wouldUpdate' : 'registry.updatedCount'), value: run.data.updated },
            { key: 'unchanged', label: t('import.unchanged'), value: run.data.unchanged },
          ]}
          confirming={run.isPending}
          onConfirm={() => file && run.mutate({ upload: file, check: false })}
          onDownloadProblems={() => (file ? api.registryProblemsFile(kind, file, file.name) : Promise.reject(new Error('no file')))}
        />
      )}
    </Space>
  );
}
