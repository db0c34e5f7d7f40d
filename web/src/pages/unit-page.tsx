import { Breadcrumb, Button, Card, Descriptions, Space, Table, Tag, Typography, type DescriptionsProps, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useAreas, useUnit } from '../api/queries.ts';
import type { Responsibility } from '../api/types.ts';
import { ClauseLink } from '../components/clause-link.tsx';
import { Loading } from '../components/loading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { RoleTag } from '../components/role-tag.tsx';
import { UnitLinks } from '../components/unit-links.tsx';
import { useLocalized } from '../features/language/use-language.ts';
import { packPaths, usePackId } from '../features/packs/use-pack-id.ts';
import { unitKindColor } from '../features/units/unit-kind.ts';
import { useUnitIndex } from '../features/units/use-unit-index.ts';

/** One unit: who it is, which groups speak for it, and every task or measure it answers for. */
export function UnitPage() {
  const { t } = useTranslation();
  const { name, unitShort } = useLocalized();
  const packId = usePackId();
  const unitId = useParams().unitId ?? '';
  const query = useUnit(packId, unitId);
  const { byId } = useUnitIndex(packId);
  const areaCode = query.data?.unit.area;
  const areas = useAreas(areaCode !== undefined);

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const { unit, groups, responsibilities } = query.data;
  const area = areaCode === undefined ? undefined : areas.data?.areas.find((candidate) => candidate.code === areaCode);
  const details: DescriptionsProps['items'] = [
    { key: 'name', label: t('unit.fullName'), children: name(unit) },
    { key: 'short_name', label: t('unit.shortName'), children: unitShort(unit) },
    {
      key: 'kind',
      label: t('unit.kind'),
      children: <Tag color={unitKindColor(unit.kind)}>{t(`unitKind.${unit.kind}`)}</Tag>,
    },
  ];
  if (areaCode !== undefined) {
    details.push({
      key: 'area',
      label: t('unit.area'),
      children: area ? `${area.name}（${area.code}）` : areaCode,
    });
  }
  if (unit.kind === 'group' || (unit.members?.length ?? 0) > 0) {
    details.push({
      key: 'members',
      label: t('unit.members'),
      span: 'filled',
      children:
        (unit.members?.length ?? 0) > 0 ? (
          <UnitLinks packId={packId} unitIds={unit.members ?? []} byId={byId} />
        ) : (
          <Typography.Text type="secondary">{t('unit.membersUnlisted')}</Typography.Text>
        ),
    });
  }
  if (groups.length > 0) {
    details.push({
      key: 'groups',
      label: t('unit.groups'),
      span: 'filled',
      children: <UnitLinks packId={packId} unitIds={groups} byId={byId} />,
    });
  }

  const columns: TableColumnsType<Responsibility> = [
    {
      key: 'clause',
      title: t('tasks.clause'),
      width: 90,
      sorter: (a, b) => a.clause - b.clause,
      render: (_, row) => <ClauseLink packId={packId} clause={row.clause} label={row.clause_label} variant="label" />,
    },
    { key: 'task', title: t('unit.task'), dataIndex: 'task_title' },
    {
      key: 'measure',
      title: t('unit.measure'),
      render: (_, row) =>
        row.measure_title ?? <Typography.Text type="secondary">{t('unit.wholeTask')}</Typography.Text>,
    },
    {
      key: 'role',
      title: t('unit.role'),
      width: 90,
      filters: [
        { text: t('role.lead'), value: 'lead' },
        { text: t('role.co'), value: 'co' },
      ],
      onFilter: (value, row) => row.role === value,
      render: (_, row) => <RoleTag role={row.role} />,
    },
    {
      key: 'via',
      title: t('unit.via'),
      render: (_, row) => {
        if (row.via_group === undefined) return <Typography.Text type="secondary">{t('unit.direct')}</Typography.Text>;
        const group = byId.get(row.via_group);
        return (
          <Link to={packPaths.unit(packId, row.via_group)}>
            <Tag color="gold" className="via-group-tag">
              {t('unit.viaGroup', { group: group ? unitShort(group) : row.via_group })}
            </Tag>
          </Link>
        );
      },
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          { key: 'units', title: <Link to={packPaths.units(packId)}>{t('unit.back')}</Link> },
          { key: 'unit', title: unitShort(unit) },
        ]}
      />
      <Card
        title={
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="unit-name">
            {name(unit)}
          </Typography.Title>
        }
        extra={
          <Link to={`${packPaths.tasks(packId)}?unit=${encodeURIComponent(unit.id)}`}>
            <Button>{t('unit.viewTasks')}</Button>
          </Link>
        }
      >
        <Descriptions column={{ xs: 1, md: 3 }} items={details} />
      </Card>
      <Card title={`${t('unit.responsibilities')}（${responsibilities.length}）`}>
        <Table<Responsibility>
          data-testid="responsibilities-table"
          rowKey={(row) => `${row.task_id}/${row.measure_id ?? ''}/${row.via_group ?? ''}/${row.role}`}
          columns={columns}
          dataSource={responsibilities}
          pagination={false}
          size="middle"
          scroll={{ x: 800 }}
        />
      </Card>
    </Space>
  );
}
