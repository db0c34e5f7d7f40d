import { Badge, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../session/use-session.ts';
import { supervisionMenuKey, supervisionPaths } from './supervision-paths.ts';
import { useNotices, useSupervisionReviewQueue, useWorkbench } from './supervision-queries.ts';

type Key = 'workbench' | 'overview' | 'review' | 'notices' | 'assessment';

/**
 * The 督查督办 menu entries the session's abilities open, with counts: 我的督办 (待办 + 已退回 +
 * 督办单待回复), 审核 (待审核), 督办单 (待回复 for assignees, answered awaiting closing for the coordinator).
 */
export function useSupervisionMenu(icons: Record<Key, ReactNode>): { items: NonNullable<MenuProps['items']>; selectedKey: string | undefined } {
  const { t } = useTranslation();
  const { can, session } = useSession();
  const { pathname, search } = useLocation();
  const selectedKey = supervisionMenuKey(pathname, search);
  const ready = !!session && !session.must_change_password;
  const reporter = ready && can('supervision.report');
  const reviewer = ready && can('supervision.review');
  const issuer = ready && can('notices.issue');
  const workbench = useWorkbench(reporter);
  const queue = useSupervisionReviewQueue('submitted', reviewer);
  const notices = useNotices({ state: issuer ? 'answered' : 'issued', page_size: 1 }, ready && can('notices.read'));
  if (!ready) return { items: [], selectedKey };
  const badge = (count: number | undefined, testId: string) => (count ? <Badge count={count} size="small" offset={[6, -2]} className="menu-badge" data-testid={testId} /> : null);
  const entries: { key: Key; path: string; show: boolean; count?: number | undefined }[] = [
    { key: 'workbench', path: supervisionPaths.workbench, show: reporter || (can('notices.respond') && can('supervision.read')), count: (workbench.data?.counts.due ?? 0) + (workbench.data?.counts.returned ?? 0) + (issuer ? 0 : (notices.data?.counts.issued ?? 0)) },
    { key: 'overview', path: supervisionPaths.overview, show: can('supervision.read') },
    { key: 'review', path: supervisionPaths.review, show: reviewer, count: queue.data?.counts.submitted },
    { key: 'notices', path: supervisionPaths.notices, show: can('notices.read'), count: issuer ? notices.data?.counts.answered : notices.data?.counts.issued },
    { key: 'assessment', path: supervisionPaths.assessment, show: can('assessment.read') },
  ];
  const items = entries
    .filter((entry) => entry.show)
    .map((entry) => ({
      key: `supervision-${entry.key}`,
      icon: icons[entry.key],
      label: (
        <Link to={entry.path} data-menu={`supervision-${entry.key}`}>
          {t(`supervision.menu.${entry.key}`)}
          {badge(entry.count, `supervision-badge-${entry.key}`)}
        </Link>
      ),
    }));
  return { items, selectedKey };
}
