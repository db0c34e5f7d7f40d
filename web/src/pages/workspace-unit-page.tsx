import { Breadcrumb, Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useUnitWorkspace } from '../api/private-queries.ts';
import { usePacks } from '../api/queries.ts';
import { Loading } from '../components/loading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { ResponsibilitiesTable } from '../components/responsibilities-table.tsx';
import { packPaths } from '../features/packs/use-pack-id.ts';
import { sessionPaths } from '../features/session/session-paths.ts';

/**
 * /workspace/units/:unitId?pack=… — one unit's workspace. The server decides whether the unit
 * lies in the account's scope; when it does not, its 403 message is shown as it is.
 */
export function WorkspaceUnitPage() {
  const { t } = useTranslation();
  const unitId = useParams().unitId ?? '';
  const [searchParams] = useSearchParams();
  const packs = usePacks();
  // Without ?pack= the first pack is meant: today there is one policy.
  const packId = searchParams.get('pack') ?? packs.data?.packs[0]?.id;
  const query = useUnitWorkspace(unitId, packId);

  if (packId === undefined && packs.isError) return <QueryError error={packs.error} onRetry={() => void packs.refetch()} />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const { unit, responsibilities, pack_id: unitPackId } = query.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          { key: 'workspace', title: <Link to={sessionPaths.workspace}>{t('workspace.back')}</Link> },
          { key: 'unit', title: unit.short_name },
        ]}
      />
      <Card
        title={
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="workspace-unit-name">
            {unit.name}
          </Typography.Title>
        }
        extra={
          <Link to={packPaths.unit(unitPackId, unit.id)}>
            <Button>{t('workspace.viewInPolicy')}</Button>
          </Link>
        }
      >
        <Typography.Text type="secondary">{t('workspace.unitTitle')}</Typography.Text>
      </Card>
      <Card title={`${t('unit.responsibilities')}（${responsibilities.length}）`}>
        <ResponsibilitiesTable packId={unitPackId} responsibilities={responsibilities} testId="workspace-responsibilities" />
      </Card>
    </Space>
  );
}
