import { DeleteOutlined, EyeOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/error-message.ts';
import type { ScenarioSummary } from '../../api/types.ts';
import { QueryError } from '../../components/query-error.tsx';
import { formatBeijingTime } from '../language/beijing-time.ts';
import { useLanguage } from '../language/use-language.ts';
import { formatScaled } from '../registry/registry-money.ts';
import { fiscalKey, useScenarios } from './fiscal-queries.ts';
import { WhatIfResultView } from './what-if-result.tsx';

/** 测算方案: the saved what-ifs, each opened, exported or deleted (deletion audited). */
export function ScenarioList({ canDelete }: { canDelete: boolean }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const scenarios = useScenarios();
  const [open, setOpen] = useState<string | undefined>();
  const detail = useQuery({ queryKey: [...fiscalKey, 'scenario', open], queryFn: ({ signal }) => api.getScenario(open!, signal), enabled: open !== undefined });
  const remove = useMutation({
    mutationFn: (id: string) => api.deleteScenario(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...fiscalKey, 'scenarios'] }),
    onError: (error) => void message.error(errorMessage(error, language)),
  });
  const wan = (yuan: string) => formatScaled(yuan, language, { shift: 4, fractionDigits: 2, grouping: true });

  if (scenarios.isError) return <QueryError error={scenarios.error} onRetry={() => void scenarios.refetch()} />;
  return (
    <Card title={t('fiscal.scenariosTitle')} data-testid="scenario-list">
      <Table<ScenarioSummary>
        size="small"
        rowKey="id"
        loading={scenarios.isPending}
        dataSource={scenarios.data?.scenarios ?? []}
        locale={{ emptyText: t('fiscal.noScenarios') }}
        columns={[
          { key: 'name', title: t('fiscal.scenarioName'), dataIndex: 'name' },
          { key: 'year', title: t('fiscal.year'), dataIndex: 'year', width: 80 },
          { key: 'difference', title: `${t('fiscal.difference')}（${t('fiscal.unitWan')}）`, align: 'right', render: (_, row) => wan(row.difference_total) },
          { key: 'by', title: t('fiscal.savedBy'), render: (_, row) => `${row.created_by} · ${formatBeijingTime(row.created_at)}（${t('fiscal.beijingTime')}）` },
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_, row) => (
              <Space>
                <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(row.id)}>
                  {t('fiscal.open')}
                </Button>
                <Button size="small" icon={<FileExcelOutlined />} href={api.scenarioXlsxUrl(row.id)} download>
                  {t('fiscal.export')}
                </Button>
                {canDelete && (
                  <Popconfirm title={t('fiscal.confirmDelete', { name: row.name })} onConfirm={() => remove.mutate(row.id)}>
                    <Button size="small" danger icon={<DeleteOutlined />}>
                      {t('fiscal.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={open !== undefined} onClose={() => setOpen(undefined)} size="large" title={detail.data?.name ?? ''} destroyOnHidden>
        {detail.isError && <QueryError error={detail.error} onRetry={() => void detail.refetch()} />}
        {detail.data && (
          <>
            <Typography.Paragraph type="secondary">{t('fiscal.savedResultNote')}</Typography.Paragraph>
            <WhatIfResultView result={detail.data.result} />
          </>
        )}
      </Drawer>
    </Card>
  );
}
