import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Typography, Upload, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/error-message.ts';
import { indicatorKey, useAreaTargets, useAreas } from '../../api/queries.ts';
import type { AreaTarget, AreaTargetImportProblem, AreaTargetImportReport } from '../../api/types.ts';
import { QueryError } from '../../components/query-error.tsx';
import { formatBeijingTime } from '../language/beijing-time.ts';
import { useLocalized } from '../language/use-language.ts';
import { useSession } from '../session/use-session.ts';
import { formatQuantity, formatTarget } from './format-target.ts';

/** A CSV template with the Chinese headers the import reads (UTF-8 with BOM, so that Excel opens it as such). */
const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent('\uFEFF目标,地区,目标值,说明\n')}`;

/**
 * 地区分解目标: the areas' own targets — the pack's breakdown and the coordinator's — and, for the
 * coordinator, a form to set one and a file import (all or nothing, each problem with its line and
 * column). Every change is audited by the server.
 */
export function AreaTargetsSection({ packId, region }: { packId: string; region: string | undefined }) {
  const { t } = useTranslation();
  const { language } = useLocalized();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const query = useAreaTargets(packId);
  const mayEdit = can('indicators.set_targets');
  const areas = useAreas(mayEdit);
  const [form] = Form.useForm<{ target_id: string; org: string; value: number; note?: string }>();
  const [report, setReport] = useState<AreaTargetImportReport | undefined>();

  const changed = () => Promise.all([queryClient.invalidateQueries({ queryKey: ['pack', packId, 'area-targets'] }), queryClient.invalidateQueries({ queryKey: [indicatorKey] })]);
  const save = useMutation({
    mutationFn: (values: { target_id: string; org: string; value: number; note?: string }) => api.setAreaTarget(packId, { ...values, ...(values.note ? { note: values.note } : {}) }),
    onSuccess: async () => {
      form.resetFields(['value', 'note']);
      await changed();
    },
  });
  const remove = useMutation({ mutationFn: (key: { target_id: string; org: string }) => api.removeAreaTarget(packId, key), onSuccess: changed });
  const upload = useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) => api.importAreaTargets(packId, file, file.name, dryRun),
    onSuccess: async (answer) => {
      setReport(answer);
      if (!answer.dry_run && answer.problems.length === 0) await changed();
    },
  });
  const [file, setFile] = useState<File | undefined>();

  if (query.isPending) return null;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const list = query.data;
  const targetOf = new Map(list.targets.map((target) => [target.id, target]));
  const subAreas = (areas.data?.areas ?? []).filter((area) => area.code !== region && (area.level === 'prefecture' || area.level === 'county') && region !== undefined && area.code.slice(0, 2) === region.slice(0, 2));

  const columns: TableColumnsType<AreaTarget> = [
    {
      key: 'target',
      title: t('areaTargets.target'),
      render: (_, row) => {
        const target = targetOf.get(row.target_id);
        return (
          <div>
            <div>{target?.indicator_name ?? row.indicator}</div>
            {target && (
              <Typography.Text type="secondary" className="cell-note">
                {t('areaTargets.regionalTarget')} {formatTarget({ comparator: target.comparator, value: target.value, indicator_unit: target.unit }, t, language)}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    { key: 'area', title: t('areaTargets.area'), render: (_, row) => row.org_name },
    { key: 'value', title: t('areaTargets.value'), render: (_, row) => <Typography.Text strong>{formatQuantity(row.value, row.unit, language)}</Typography.Text> },
    {
      key: 'kind',
      title: t('areaTargets.kind'),
      render: (_, row) => (
        <div>
          <div>{row.kind === 'coordinator' ? t('areaTargets.kindCoordinator') : t('areaTargets.kindPack')}</div>
          {row.source && (
            <Typography.Text type="secondary" className="cell-note">
              {row.source}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { key: 'set', title: t('areaTargets.setBy'), render: (_, row) => (row.set_at ? `${row.set_by ?? t('areaTargets.coordinatorRole')} · ${formatBeijingTime(row.set_at)}` : '—') },
    { key: 'note', title: t('areaTargets.note'), render: (_, row) => row.note ?? '' },
    ...(mayEdit
      ? [
          {
            key: 'actions',
            title: '',
            width: 80,
            render: (_: unknown, row: AreaTarget) =>
              row.kind === 'coordinator' ? (
                <Popconfirm title={t('areaTargets.removeConfirm', { area: row.org_name })} onConfirm={() => remove.mutate({ target_id: row.target_id, org: row.org })}>
                  <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('areaTargets.remove')} />
                </Popconfirm>
              ) : null,
          },
        ]
      : []),
  ];

  const problemColumns: TableColumnsType<AreaTargetImportProblem> = [
    { key: 'line', title: t('areaTargets.line'), dataIndex: 'line', width: 70 },
    { key: 'field', title: t('areaTargets.field'), width: 90, render: (_, problem) => (problem.field === 'file' ? '' : t(`areaTargets.${problem.field === 'target' ? 'target' : problem.field === 'org' ? 'area' : problem.field === 'value' ? 'value' : 'note'}`)) },
    { key: 'problem', title: t('areaTargets.problem'), render: (_, problem) => (language === 'en' ? problem.message_en : problem.message) },
  ];

  return (
    <Card title={t('areaTargets.title')} data-testid="area-targets" style={{ marginTop: 24 }}>
      <Typography.Paragraph type="secondary">{t('areaTargets.intro')}</Typography.Paragraph>
      <Table<AreaTarget>
        data-testid="area-targets-table"
        rowKey={(row) => `${row.kind}|${row.target_id}|${row.org}`}
        columns={columns}
        dataSource={list.area_targets}
        pagination={false}
        size="small"
        locale={{ emptyText: t('areaTargets.empty') }}
        scroll={{ x: 800 }}
      />
      {mayEdit && (
        <Space orientation="vertical" size="middle" style={{ width: '100%', marginTop: 16 }}>
          <Form form={form} layout="inline" onFinish={(values) => save.mutate(values)} data-testid="area-target-form">
            <Form.Item name="target_id" rules={[{ required: true, message: t('areaTargets.pickTarget') }]}>
              <Select
                style={{ width: 260 }}
                placeholder={t('areaTargets.pickTarget')}
                options={list.targets.map((target) => ({ value: target.id, label: `${target.indicator_name}（${formatTarget({ comparator: target.comparator, value: target.value, indicator_unit: target.unit }, t, language)}）` }))}
              />
            </Form.Item>
            <Form.Item name="org" rules={[{ required: true, message: t('areaTargets.pickArea') }]}>
              <Select style={{ width: 200 }} showSearch optionFilterProp="label" placeholder={t('areaTargets.pickArea')} options={subAreas.map((area) => ({ value: area.code, label: area.name }))} />
            </Form.Item>
            <Form.Item name="value" rules={[{ required: true, message: t('areaTargets.value') }]}>
              <InputNumber min={0} placeholder={t('areaTargets.value')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="note">
              <Input placeholder={t('areaTargets.note')} maxLength={500} style={{ width: 220 }} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('areaTargets.save')}
              </Button>
            </Form.Item>
          </Form>
          {save.isError && <Alert type="error" showIcon title={errorMessage(save.error, language)} />}
          {remove.isError && <Alert type="error" showIcon title={errorMessage(remove.error, language)} />}
          <div>
            <Typography.Text strong>{t('areaTargets.import')}</Typography.Text>
            <Typography.Paragraph type="secondary">{t('areaTargets.importHint')}</Typography.Paragraph>
            <Space wrap>
              <Upload
                accept=".csv,.xlsx"
                maxCount={1}
                beforeUpload={(chosen) => {
                  setFile(chosen);
                  setReport(undefined);
                  return false;
                }}
                onRemove={() => setFile(undefined)}
              >
                <Button icon={<UploadOutlined />}>{file?.name ?? t('areaTargets.import')}</Button>
              </Upload>
              <Button disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate({ file, dryRun: true })}>
                {t('areaTargets.dryRun')}
              </Button>
              <Button type="primary" disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate({ file, dryRun: false })}>
                {t('areaTargets.import')}
              </Button>
              <Button href={templateHref} download="地区分解目标模板.csv">
                {t('areaTargets.template')}
              </Button>
            </Space>
          </div>
          {upload.isError && <Alert type="error" showIcon title={errorMessage(upload.error, language)} data-testid="area-target-import-error" />}
          {report && report.problems.length === 0 && (
            <Alert type="success" showIcon title={t(report.dry_run ? 'areaTargets.dryRunDone' : 'areaTargets.importDone', { inserted: report.inserted, revised: report.revised, unchanged: report.unchanged })} />
          )}
          {report && report.problems.length > 0 && (
            <>
              <Alert type="error" showIcon title={t('areaTargets.importProblems', { count: report.problems.length })} />
              <Table<AreaTargetImportProblem> rowKey={(problem) => `${problem.line}|${problem.field}|${problem.message}`} columns={problemColumns} dataSource={report.problems} pagination={false} size="small" />
            </>
          )}
        </Space>
      )}
    </Card>
  );
}
