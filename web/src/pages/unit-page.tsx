import { Breadcrumb, Button, Card, Descriptions, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useAreas, useUnit } from '../api/queries.ts';
import { Loading } from '../components/loading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { ResponsibilitiesTable } from '../components/responsibilities-table.tsx';
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
        <ResponsibilitiesTable packId={packId} responsibilities={responsibilities} />
      </Card>
    </Space>
  );
}
