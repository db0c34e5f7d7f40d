import { Empty, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { usePacks } from '../api/queries.ts';
import { Loading } from '../components/loading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { packPaths } from '../features/packs/use-pack-id.ts';

/** `/` opens the first pack's text: today there is one policy, and that is what people come for. */
export function HomePage() {
  const { t } = useTranslation();
  const query = usePacks();
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const first = query.data.packs[0];
  if (first === undefined) {
    return <Result icon={<Empty description={false} />} title={t('error.noPacks')} subTitle={t('error.noPacksHint')} />;
  }
  return <Navigate replace to={packPaths.document(first.id)} />;
}
