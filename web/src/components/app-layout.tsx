import {
  ApartmentOutlined,
  AimOutlined,
  AuditOutlined,
  BankOutlined,
  CalculatorOutlined,
  BuildOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  DiffOutlined,
  ShopOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  DesktopOutlined,
  EditOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  GiftOutlined,
  OrderedListOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  TransactionOutlined,
  InboxOutlined,
  MoneyCollectOutlined,
} from '@ant-design/icons';
import { FileSearchOutlined } from '@ant-design/icons';
import { screeningPath } from '../features/screening/screening-path.ts';
import { Badge, Layout, Menu, Typography, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useMatch } from 'react-router-dom';
import { useQueueCounts } from '../api/private-queries.ts';
import { usePacks } from '../api/queries.ts';
import { useLocalized } from '../features/language/use-language.ts';
import { fiscalPath } from '../features/fiscal/fiscal-paths.ts';
import { packPaths } from '../features/packs/use-pack-id.ts';
import { adminPages, dataPages, registryPages, registryPaths, sessionPaths, type RegistryPageKey } from '../features/session/session-paths.ts';
import { useSession } from '../features/session/use-session.ts';
import { LanguageSwitch } from './language-switch.tsx';
import { UserMenu } from './user-menu.tsx';
import { NotificationOutlined, TrophyOutlined } from '@ant-design/icons';
import { awardPaths } from '../features/awards/awards-api.ts';
import { CloudDownloadOutlined } from '@ant-design/icons';
import { reportsPath } from '../features/reports/reports-api.ts';
import { AlertOutlined, CarryOutOutlined, FileProtectOutlined, FundProjectionScreenOutlined, SolutionOutlined } from '@ant-design/icons';
import { useSupervisionMenu } from '../features/supervision/supervision-menu.tsx';
import { RadarChartOutlined } from '@ant-design/icons';
import { innovationIndexPath } from '../features/innovation-index/index-api.ts';

type PublicPageKey = 'document' | 'targets' | 'dashboard' | 'evaluation' | 'tasks' | 'units' | 'incentives';
type PrivatePageKey = 'workspace' | (typeof dataPages)[number]['key'] | (typeof adminPages)[number]['key'];
type PageKey = PublicPageKey | PrivatePageKey | RegistryPageKey | 'myEnterprise' | 'calculator' | 'screening';

const registryIcons: Record<RegistryPageKey | 'myEnterprise' | 'calculator', React.ReactNode> = {
  myEnterprise: <ShopOutlined />,
  calculator: <CalculatorOutlined />,
  registryEnterprises: <BankOutlined />,
  registryPlatforms: <BuildOutlined />,
  registryContracts: <TransactionOutlined />,
  registryPipeline: <ClusterOutlined />,
  registryIndicators: <DiffOutlined />,
  registryImport: <DatabaseOutlined />,
};

const privateIcons: Record<PrivatePageKey, React.ReactNode> = {
  workspace: <DesktopOutlined />,
  review: <InboxOutlined />,
  entry: <EditOutlined />,
  import: <CloudUploadOutlined />,
  accounts: <TeamOutlined />,
  permissions: <SafetyCertificateOutlined />,
  audit: <AuditOutlined />,
};

/** Which menu entry a path belongs to: /packs/x → document, /packs/x/units/y → units. */
function pageOf(pathname: string, ownCreditCode: string | undefined): PageKey | undefined {
  if (ownCreditCode !== undefined && pathname === registryPaths.enterprise(ownCreditCode)) return 'myEnterprise';
  if (pathname === registryPaths.calculator) return 'calculator';
  if (pathname === screeningPath) return 'screening';
  const registry = registryPages.find((page) => pathname === page.path || pathname.startsWith(`${page.path}/`));
  if (registry) return registry.key;
  if (pathname === sessionPaths.workspace || pathname.startsWith(`${sessionPaths.workspace}/`)) return 'workspace';
  const admin = [...dataPages, ...adminPages].find((page) => pathname === page.path || pathname.startsWith(`${page.path}/`));
  if (admin) return admin.key;
  const section = /^\/packs\/[^/]+(?:\/([^/]+))?/.exec(pathname);
  if (!section) return undefined;
  switch (section[1]) {
    case undefined:
      return 'document';
    case 'targets':
    case 'dashboard':
    case 'evaluation':
    case 'tasks':
    case 'units':
    case 'incentives':
      return section[1];
    // An indicator's page is reached from the dashboard's cards.
    case 'indicators':
      return 'dashboard';
    default:
      return undefined;
  }
}

/**
 * The frame of every page: header (product, pack, language, account) and the side menu: the
 * pack's public pages, then the signed-in pages the session's abilities open (never a role check).
 */
export function AppLayout() {
  const { t } = useTranslation();
  const { title } = useLocalized();
  const { pathname } = useLocation();
  const packs = usePacks();
  const routePackId = useMatch('/packs/:packId/*')?.params.packId;
  // Outside a pack (e.g. on the 404 page) the menu still leads into the first pack.
  const packId = routePackId ?? packs.data?.packs[0]?.id;
  const pack = packs.data?.packs.find((candidate) => candidate.id === packId);
  const { can, session } = useSession();
  const ownCreditCode = session?.user.credit_code ?? undefined;
  const current = pageOf(pathname, ownCreditCode);
  // 财政测算 (issue 13) has its own entry, outside the pack and registry sections.
  const supervisionMenu = useSupervisionMenu({ workbench: <SolutionOutlined />, overview: <FundProjectionScreenOutlined />, review: <CarryOutOutlined />, notices: <AlertOutlined />, assessment: <FileProtectOutlined /> });
  const selectedKey: string | undefined = pathname === fiscalPath ? 'fiscal' : pathname === reportsPath ? 'reports' : pathname === innovationIndexPath ? 'innovationIndex' : (supervisionMenu.selectedKey ?? current);
  // 审核队列's badge: what waits for this account's review, plus what was returned to its areas.
  const counts = useQueueCounts(!!session && !session.must_change_password && can('indicators.enter'));
  const waiting = (counts.data?.review ?? 0) + (counts.data?.returned ?? 0);

  const entries: { key: PublicPageKey; icon: React.ReactNode; path: (id: string) => string }[] = [
    { key: 'document', icon: <FileTextOutlined />, path: packPaths.document },
    { key: 'targets', icon: <AimOutlined />, path: packPaths.targets },
    { key: 'dashboard', icon: <DashboardOutlined />, path: packPaths.dashboard },
    { key: 'evaluation', icon: <FileDoneOutlined />, path: packPaths.evaluation },
    { key: 'tasks', icon: <OrderedListOutlined />, path: packPaths.tasks },
    { key: 'units', icon: <ApartmentOutlined />, path: packPaths.units },
    { key: 'incentives', icon: <GiftOutlined />, path: packPaths.incentives },
  ];
  const items: NonNullable<MenuProps['items']> = entries.map(({ key, icon, path }) => ({
    key,
    icon,
    disabled: packId === undefined,
    label:
      packId === undefined ? (
        t(`menu.${key}`)
      ) : (
        <Link to={path(packId)} data-menu={key}>
          {t(`menu.${key}`)}
        </Link>
      ),
  }));
  const privateEntries: { key: PrivatePageKey; path: string }[] = [
    ...(can('workspace.read') ? [{ key: 'workspace' as const, path: sessionPaths.workspace }] : []),
    ...dataPages.filter((page) => can(page.action)),
    ...adminPages.filter((page) => can(page.action)),
  ];
  if (privateEntries.length > 0) {
    items.push({
      key: 'private',
      type: 'group',
      label: t('menu.private'),
      children: privateEntries.map(({ key, path }) => ({
        key,
        icon: privateIcons[key],
        label: (
          <Link to={path} data-menu={key}>
            {t(`menu.${key}`)}
            {key === 'review' && waiting > 0 && <Badge count={waiting} size="small" offset={[6, -2]} className="menu-badge" data-testid="review-badge" title={t('queues.badgeTitle', { review: counts.data?.review ?? 0, returned: counts.data?.returned ?? 0 })} />}
          </Link>
        ),
      })),
    });
  }

  // 登记库: an enterprise user sees its own enterprise (我的企业); area roles and the coordinator the lists.
  const ownEnterpriseOnly = session?.abilities['registry.read'] === 'own_enterprise';
  const registryEntries: { key: RegistryPageKey | 'myEnterprise' | 'calculator'; path: string }[] = [
    ...(ownEnterpriseOnly && ownCreditCode ? [{ key: 'myEnterprise' as const, path: registryPaths.enterprise(ownCreditCode) }, { key: 'calculator' as const, path: registryPaths.calculator }] : []),
    ...(ownEnterpriseOnly ? [] : registryPages.filter((page) => can(page.action))),
  ];
  if (registryEntries.length > 0) {
    items.push({
      key: 'registry',
      type: 'group',
      label: t('menu.registry'),
      children: registryEntries.map(({ key, path }) => ({
        key,
        icon: registryIcons[key],
        label: (
          <Link to={path} data-menu={key}>
            {t(`menu.${key}`)}
          </Link>
        ),
      })),
    });
  }

  // 奖励台账 and 奖励公示 (issue 13): the ledger for those who manage it; the public notices for everyone.
  items.push({
    key: 'awards',
    type: 'group',
    label: t('awards.menuGroup'),
    children: [
      ...(can('awards.read') ? [{ key: 'awardLedger', icon: <TrophyOutlined />, label: <Link to={awardPaths.ledger} data-menu="awards">{t('awards.menu')}</Link> }] : []),
      { key: 'awardNotices', icon: <NotificationOutlined />, label: <Link to={awardPaths.notices} data-menu="award-notices">{t('awards.noticesMenu')}</Link> },
    ],
  });
  // 创新指数 (issue 15): for everyone, as the approved values it is built from.
  items.push({ key: 'innovationIndexGroup', type: 'group', label: t('innovationIndex.menuGroup'), children: [{ key: 'innovationIndex', icon: <RadarChartOutlined />, label: <Link to={innovationIndexPath} data-menu="innovation-index">{t('innovationIndex.menu')}</Link> }] });
  // 财政: the coordinator's cost view, what-if and scenarios (issue 13).
  if (can('fiscal.read')) {
    items.push({
      key: 'fiscalGroup',
      type: 'group',
      label: t('fiscal.menuGroup'),
      children: [{ key: 'fiscal', icon: <MoneyCollectOutlined />, label: <Link to={fiscalPath} data-menu="fiscal">{t('fiscal.menu')}</Link> }],
    });
  }
  // 免申即享筛查: the coordinator, and area leaders for their own area.
  if (can('screening.read')) {
    items.push({ key: 'screeningGroup', type: 'group', label: t('screening.menu'), children: [{ key: 'screening', icon: <FileSearchOutlined />, label: <Link to={screeningPath} data-menu="screening">{t('screening.menu')}</Link> }] });
  }
  // 导出任务: reports asked for in the background, for every account that may read its own.
  if (can('reports.read')) {
    items.push({ key: 'reportsGroup', type: 'group', label: t('reports.menuGroup'), children: [{ key: 'reports', icon: <CloudDownloadOutlined />, label: <Link to={reportsPath} data-menu="reports">{t('reports.menu')}</Link> }] });
  }

  // 督查督办 (issue 14): the workbench, overview, review queue, notices and assessment, by ability.
  if (supervisionMenu.items.length > 0) {
    items.push({ key: 'supervisionGroup', type: 'group', label: t('supervision.menu.group'), children: supervisionMenu.items });
  }

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Link to="/" className="app-header__brand">
          <span className="app-header__logo" aria-hidden="true">
            科
          </span>
          <span>{t('app.name')}</span>
        </Link>
        <Typography.Text className="app-header__pack" ellipsis={{ tooltip: pack ? title(pack) : undefined }}>
          {pack ? title(pack) : ''}
        </Typography.Text>
        <LanguageSwitch />
        <UserMenu />
      </Layout.Header>
      <Layout hasSider>
        <Layout.Sider
          className="app-sider"
          theme="light"
          width={200}
          breakpoint="lg"
          collapsedWidth={0}
          zeroWidthTriggerStyle={{ top: 8 }}
        >
          <nav aria-label={t('menu.label')}>
            <Menu
              mode="inline"
              items={items}
              selectedKeys={selectedKey ? [selectedKey] : []}
              data-testid="side-menu"
              style={{ borderInlineEnd: 'none' }}
            />
          </nav>
        </Layout.Sider>
        <Layout.Content className="app-content">
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
