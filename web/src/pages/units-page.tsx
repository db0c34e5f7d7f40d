import { Input, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useUnits } from '../api/queries.ts';
import type { UnitKind, UnitWithCounts } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { useLocalized } from '../features/language/use-language.ts';
import { packPaths, usePackId } from '../features/packs/use-pack-id.ts';
import { unitKindColor } from '../features/units/unit-kind.ts';

/** Every unit the responsibility lists name, with how often it leads or assists. */
export function UnitsPage() {
  const { t } = useTranslation();
  const { name, unitShort } = useLocalized();
  const packId = usePackId();
  const query = useUnits(packId);
  const [search, setSearch] = useState('');

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const needle = search.trim().toLowerCase();
  const rows =
    needle === ''
      ? query.data.units
      : query.data.units.filter((unit) =>
          [unit.name, unit.short_name, unit.name_en ?? '', unit.id].some((text) => text.toLowerCase().includes(needle)),
        );
  const kinds = [...new Set(query.data.units.map((unit) => unit.kind))];

  const columns: TableColumnsType<UnitWithCounts> = [
    {
      key: 'name',
      title: t('units.name'),
      render: (_, unit) => <Link to={packPaths.unit(packId, unit.id)}>{name(unit)}</Link>,
      sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
    },
    {
      key: 'short_name',
      title: t('units.shortName'),
      render: (_, unit) => unitShort(unit),
    },
    {
      key: 'kind',
      title: t('units.kind'),
      filters: kinds.map((kind) => ({ text: t(`unitKind.${kind}`), value: kind })),
      onFilter: (value, unit) => unit.kind === (value as UnitKind),
      render: (_, unit) => <Tag color={unitKindColor(unit.kind)}>{t(`unitKind.${unit.kind}`)}</Tag>,
    },
    {
      key: 'lead',
      title: t('units.leadCount'),
      align: 'right',
      sorter: (a, b) => a.counts.lead - b.counts.lead,
      render: (_, unit) => unit.counts.lead,
    },
    {
      key: 'co',
      title: t('units.coCount'),
      align: 'right',
      sorter: (a, b) => a.counts.co - b.counts.co,
      render: (_, unit) => unit.counts.co,
    },
  ];

  return (
    <>
      <PageHeading
        title={t('units.title')}
        intro={t('units.intro')}
        extra={
          <Input.Search
            allowClear
            placeholder={t('units.search')}
            aria-label={t('units.search')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            style={{ width: 260 }}
          />
        }
      />
      <Table<UnitWithCounts>
        data-testid="units-table"
        rowKey="id"
        columns={columns}
        dataSource={rows}
        pagination={false}
        size="middle"
        scroll={{ x: 720 }}
        footer={() => (
          <Typography.Text type="secondary">{t('common.count', { count: rows.length })}</Typography.Text>
        )}
      />
    </>
  );
}
