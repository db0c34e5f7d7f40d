import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { usePlatforms } from '../api/private-queries.ts';
import type { PlatformFilter, PlatformType, RegistryPlatform } from '../api/types.ts';
import { PageHeading } from '../components/page-heading.tsx';
import { EvaluationTag } from '../features/registry/platform-evaluation.tsx';
import { AreaFilter, noWrap, PagedRegistryTable, RegistrySearch, SyntheticTag, useUrlFilters } from '../features/registry/registry-ui.tsx';
import { registryPaths } from '../features/session/session-paths.ts';

/** The platform types of the registry (its own Chinese names, as stored; the contract's list). */
const platformTypes: readonly PlatformType[] = [
  '全国重点实验室', '自治区实验室', '自治区重点实验室', '工程技术研究中心', '技术创新中心', '产业技术协同创新中心', '制造业创新中心', '临床医学研究中心',
  '野外科学观测研究站', '企业技术中心', '国际科技合作基地', '新型研发机构', '众创空间', '科技企业孵化器', '加速器', '大学科技园', '科技成果转化示范基地', '中试基地',
];

const filterKeys = ['q', 'org', 'type'] as const;

/** /registry/platforms — 平台载体: laboratories, centres, incubators … by name, area and type; each opens its page. */
export function RegistryPlatformsPage() {
  const { t } = useTranslation();
  const { values, page, pageSize, set } = useUrlFilters(filterKeys);
  const filter: PlatformFilter = { q: values.q, org: values.org, type: platformTypes.find((type) => type === values.type) };
  const query = usePlatforms(filter, { limit: pageSize, offset: (page - 1) * pageSize });

  const columns: TableColumnsType<RegistryPlatform> = [
    {
      key: 'name',
      title: t('registry.platformName'),
      render: (_, platform) => (
        <span>
          <Link to={registryPaths.platform(platform.registration_number)} data-testid="platform-link">
            {platform.name}
          </Link>
          <SyntheticTag synthetic={platform.synthetic} />
        </span>
      ),
    },
    { key: 'number', title: t('registry.registrationNumber'), dataIndex: 'registration_number', ...noWrap, render: (number: string) => <Typography.Text code>{number}</Typography.Text> },
    { key: 'type', title: t('registry.platformType'), dataIndex: 'type' },
    { key: 'level', title: t('registry.level'), render: (_, platform) => <Tag color={platform.level === 'national' ? 'red' : 'blue'}>{t(platform.level === 'national' ? 'registry.national' : 'registry.regional')}</Tag> },
    { key: 'host', title: t('registry.host'), dataIndex: 'host' },
    { key: 'org', title: t('registry.area'), dataIndex: 'org_name' },
    { key: 'approved', title: t('registry.approvedOn'), dataIndex: 'approved_on', ...noWrap },
    {
      key: 'evaluations',
      title: t('registry.evaluations'),
      // The latest result counts: an earlier 不合格 may have been put right since.
      render: (_, platform) => {
        const latest = platform.latest_evaluation;
        return latest ? (
          <span>
            <EvaluationTag result={latest.result} /> <Typography.Text type="secondary">{latest.date}</Typography.Text>
          </span>
        ) : (
          '—'
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading
        title={t('registry.platformsTitle')}
        intro={t('registry.platformsIntro')}
        extra={
          <Button icon={<FileExcelOutlined />} href={api.platformsExportUrl(filter)} download data-testid="export-platforms">
            {t('registry.export')}
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <RegistrySearch value={values.q} onSearch={(q) => set({ q })} placeholder={t('registry.searchName')} width={280} testId="platform-search" />
          <AreaFilter value={values.org} onChange={(org) => set({ org })} />
          <Select
            allowClear
            value={filter.type}
            placeholder={t('registry.platformType')}
            options={platformTypes.map((type) => ({ value: type, label: type }))}
            onChange={(type: string | undefined) => set({ type })}
            style={{ minWidth: 200 }}
          />
        </Space>
        <PagedRegistryTable<RegistryPlatform>
          query={query}
          rows={query.data?.platforms ?? []}
          total={query.data?.total ?? 0}
          columns={columns}
          rowKey="registration_number"
          testId="platforms-table"
          scrollX={1100}
          paging={{ page, pageSize, set }}
        />
      </Card>
    </Space>
  );
}
