import { DeleteOutlined, MinusCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/error-message.ts';
import { useAreas, usePack } from '../../api/queries.ts';
import { useLanguage } from '../language/use-language.ts';
import { supervisionApi, type AssigneeView, type ReportDetail, type ReportStatus, type SaveReportInput } from './supervision-api.ts';
import { useSupervisionRefresh } from './supervision-queries.ts';
import { EvidenceList } from './report-view.tsx';
import { evidenceExtensionList, evidenceMaxBytes, evidenceMaxPerReport, fileSize } from './supervision-ui.tsx';

const statuses: ReportStatus[] = ['not_started', 'on_schedule', 'behind', 'done'];

interface FormValues {
  status?: ReportStatus;
  percent?: number;
  narrative?: string;
  figures?: { label: string; value: string; unit?: string }[];
  indicator_links?: { indicator: string; area: string; period: string }[];
}

/**
 * The report form (lead) or the contribution form (co-responsible): status, percent, narrative,
 * key figures, linked indicator values, evidence with its limits; save as draft or submit.
 */
export function ReportForm({
  measureId,
  packId,
  period,
  assignee,
  kind,
  report,
  onDone,
}: {
  measureId: string;
  packId: string;
  period: string;
  assignee: AssigneeView;
  kind: 'lead' | 'contribution';
  report: ReportDetail | undefined;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const refresh = useSupervisionRefresh();
  const [form] = Form.useForm<FormValues>();
  // Indicators and areas by their names (the codes travel, the names are shown).
  const pack = usePack(packId);
  const areas = useAreas();
  const indicatorOptions = (pack.data?.indicators ?? []).map((indicator) => ({ value: indicator.code, label: `${language === 'en' && indicator.name_en ? indicator.name_en : indicator.name}（${indicator.unit}）` }));
  const areaOptions = (areas.data?.areas ?? []).filter((area) => area.level !== 'country').map((area) => ({ value: area.code, label: area.name }));
  const initial: FormValues = report
    ? {
        ...(report.status ? { status: report.status } : {}),
        ...(report.percent !== null ? { percent: report.percent } : {}),
        narrative: report.narrative,
        figures: report.figures,
        indicator_links: report.indicator_links.map(({ indicator, area, period: linkPeriod }) => ({ indicator, area, period: linkPeriod })),
      }
    : { narrative: '', figures: [], indicator_links: [] };

  const save = useMutation({
    mutationFn: ({ values, submit }: { values: FormValues; submit: boolean }) => {
      const body: SaveReportInput = {
        assignee: { kind: assignee.kind, id: assignee.id },
        narrative: values.narrative ?? '',
        figures: (values.figures ?? []).map((figure) => ({ label: figure.label, value: figure.value.trim(), unit: figure.unit ?? '' })),
        indicator_links: values.indicator_links ?? [],
        submit,
        ...(kind === 'lead' && values.status ? { status: values.status } : {}),
        ...(kind === 'lead' && values.percent !== undefined && values.percent !== null ? { percent: values.percent } : {}),
      };
      return supervisionApi.saveReport(measureId, period, body);
    },
    onSuccess: async (_saved, { submit }) => {
      void message.success(submit ? t('supervision.report.submittedDone') : t('supervision.report.savedDone'));
      await refresh();
      if (submit) onDone();
    },
    onError: (error) => void message.error(errorMessage(error, language)),
  });

  const upload = useMutation({
    mutationFn: (file: File) => supervisionApi.uploadEvidence(report?.id ?? '', file),
    onSuccess: async () => {
      void message.success(t('supervision.report.uploaded'));
      await refresh();
    },
    onError: (error) => void message.error(errorMessage(error, language)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => supervisionApi.deleteEvidence(id),
    onSuccess: refresh,
    onError: (error) => void message.error(errorMessage(error, language)),
  });

  const run = (submit: boolean) => {
    void form.validateFields().then((values) => save.mutate({ values, submit }));
  };

  return (
    <Form form={form} layout="vertical" initialValues={initial} data-testid="report-form" disabled={save.isPending}>
      {report?.state === 'returned' && report.return_comment && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t('supervision.report.returnReason')} description={report.return_comment} data-testid="form-return-comment" />
      )}
      {kind === 'lead' && (
        <Space wrap size="large">
          <Form.Item name="status" label={t('supervision.report.status')} rules={[{ required: true, message: t('supervision.report.statusRequired') }]}>
            <Select
              style={{ width: 200 }}
              data-testid="report-status"
              options={statuses.map((status) => ({ value: status, label: t(`supervision.status.${status}`) }))}
            />
          </Form.Item>
          <Form.Item name="percent" label={t('supervision.report.percent')} rules={[{ required: true, message: t('supervision.report.percentRequired') }]}>
            <InputNumber min={0} max={100} precision={0} addonAfter="%" style={{ width: 160 }} data-testid="report-percent" />
          </Form.Item>
        </Space>
      )}
      <Form.Item name="narrative" label={kind === 'lead' ? t('supervision.report.narrative') : t('supervision.report.contributionNarrative')} rules={[{ max: 5000 }]}>
        <Input.TextArea rows={5} showCount maxLength={5000} data-testid="report-narrative-input" />
      </Form.Item>
      <Typography.Text strong>{t('supervision.report.figures')}</Typography.Text>
      <Form.List name="figures">
        {(fields, { add, remove: removeField }) => (
          <div style={{ marginTop: 8 }}>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" wrap>
                <Form.Item name={[field.name, 'label']} rules={[{ required: true, message: t('supervision.report.figureLabelRequired') }]}>
                  <Input placeholder={t('supervision.report.figureLabel')} style={{ width: 220 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'value']} rules={[{ required: true, pattern: /^-?\d{1,18}(\.\d{1,8})?$/, message: t('supervision.report.figureValueInvalid') }]}>
                  <Input placeholder={t('supervision.report.figureValue')} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'unit']}>
                  <Input placeholder={t('supervision.report.figureUnit')} style={{ width: 100 }} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => removeField(field.name)} aria-label={t('supervision.common.remove')} />
              </Space>
            ))}
            <Form.Item>
              <Button type="dashed" onClick={() => add({ label: '', value: '', unit: '' })} icon={<PlusOutlined />}>
                {t('supervision.report.addFigure')}
              </Button>
            </Form.Item>
          </div>
        )}
      </Form.List>
      <Typography.Text strong>{t('supervision.report.indicatorLinks')}</Typography.Text>
      <Typography.Paragraph type="secondary">{t('supervision.report.indicatorLinksHint')}</Typography.Paragraph>
      <Form.List name="indicator_links">
        {(fields, { add, remove: removeField }) => (
          <div>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" wrap>
                <Form.Item name={[field.name, 'indicator']} rules={[{ required: true, message: t('supervision.report.indicatorRequired') }]}>
                  <Select showSearch optionFilterProp="label" placeholder={t('supervision.report.indicator')} style={{ width: 260 }} options={indicatorOptions} loading={pack.isPending} />
                </Form.Item>
                <Form.Item name={[field.name, 'area']} rules={[{ required: true, message: t('supervision.report.areaInvalid') }]}>
                  <Select showSearch optionFilterProp="label" placeholder={t('supervision.report.area')} style={{ width: 180 }} options={areaOptions} loading={areas.isPending} />
                </Form.Item>
                <Form.Item name={[field.name, 'period']} rules={[{ required: true, message: t('supervision.report.periodRequired') }]}>
                  <Input placeholder={t('supervision.report.period')} style={{ width: 120 }} />
                </Form.Item>
                <MinusCircleOutlined onClick={() => removeField(field.name)} aria-label={t('supervision.common.remove')} />
              </Space>
            ))}
            <Form.Item>
              <Button type="dashed" onClick={() => add({ period: period.slice(0, 4) })} icon={<PlusOutlined />}>
                {t('supervision.report.addIndicatorLink')}
              </Button>
            </Form.Item>
          </div>
        )}
      </Form.List>

      <Typography.Text strong>{t('supervision.report.evidence')}</Typography.Text>
      <Typography.Paragraph type="secondary" data-testid="evidence-limits">
        {t('supervision.report.evidenceLimits', { size: fileSize(evidenceMaxBytes), count: evidenceMaxPerReport, types: evidenceExtensionList.join('、') })}
      </Typography.Paragraph>
      {report ? (
        <>
          <EvidenceList
            evidence={report.evidence}
            extra={(file) => (
              <Popconfirm title={t('supervision.report.deleteEvidence')} onConfirm={() => remove.mutate(file.id)}>
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('supervision.common.remove')} />
              </Popconfirm>
            )}
          />
          <Upload
            accept={evidenceExtensionList.map((extension) => `.${extension}`).join(',')}
            showUploadList={false}
            disabled={report.evidence.length >= evidenceMaxPerReport || upload.isPending}
            beforeUpload={(file) => {
              if (file.size > evidenceMaxBytes) {
                void message.error(t('supervision.report.tooLarge', { name: file.name, size: fileSize(evidenceMaxBytes) }));
                return Upload.LIST_IGNORE;
              }
              upload.mutate(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} style={{ marginTop: 8 }} data-testid="evidence-upload">
              {t('supervision.report.upload')}
            </Button>
          </Upload>
        </>
      ) : (
        <Typography.Paragraph type="secondary">{t('supervision.report.saveFirst')}</Typography.Paragraph>
      )}
      <Space style={{ marginTop: 24 }}>
        <Button onClick={() => run(false)} loading={save.isPending && !save.variables?.submit} data-testid="report-save">
          {t('supervision.report.saveDraft')}
        </Button>
        <Button type="primary" onClick={() => run(true)} loading={save.isPending && save.variables?.submit} data-testid="report-submit">
          {report?.state === 'returned' ? t('supervision.report.resubmit') : t('supervision.report.submit')}
        </Button>
        <Button type="link" onClick={onDone}>
          {t('supervision.common.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
