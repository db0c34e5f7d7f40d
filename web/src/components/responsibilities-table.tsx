import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Responsibility } from '../api/types.ts';
import { useLocalized } from '../features/language/use-language.ts';
import { packPaths } from '../features/packs/use-pack-id.ts';
import { useUnitIndex } from '../features/units/use-unit-index.ts';
import { ClauseLink } from './clause-link.tsx';
import { RoleTag } from './role-tag.tsx';

interface ResponsibilitiesTableProps {
  packId: string;
  responsibilities: Responsibility[];
  testId?: string;
}

/** A unit's responsibilities: each task or measure, its clause (a link into the policy text), the unit's role and where it comes from. */
export function ResponsibilitiesTable({ packId, responsibilities, testId = 'responsibilities-table' }: ResponsibilitiesTableProps) {
  const { t } = useTranslation();
  const { unitShort } = useLocalized();
  const { byId } = useUnitIndex(packId);

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
        if (row.via_group === undefined || row.via_group === null) {
          return <Typography.Text type="secondary">{t('unit.direct')}</Typography.Text>;
        }
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
    <Table<Responsibility>
      data-testid={testId}
      rowKey={(row) => `${row.task_id}/${row.measure_id ?? ''}/${row.via_group ?? ''}/${row.role}`}
      columns={columns}
      dataSource={responsibilities}
      pagination={false}
      size="middle"
      scroll={{ x: 800 }}
    />
  );
}
