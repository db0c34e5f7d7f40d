import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
// The date pickers' month and weekday names come from dayjs: Chinese needs its locale loaded.
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';
import { ApiError } from './api/client.ts';
import { AppLayout } from './components/app-layout.tsx';
import { Loading } from './components/loading.tsx';
import { fiscalPath } from './features/fiscal/fiscal-paths.ts';
import { adminPages, dataPages, registryPaths, sessionPaths } from './features/session/session-paths.ts';
import { PasswordChangeGate, RequireAbility, RequireSession } from './features/session/require-session.tsx';
import { SessionProvider } from './features/session/session-provider.tsx';
import { languageTag } from './features/language/language.ts';
import { useLanguage } from './features/language/use-language.ts';
import { HomePage } from './pages/home-page.tsx';
import { screeningPath } from './features/screening/screening-path.ts';
import { supervisionPaths } from './features/supervision/supervision-paths.ts';
import { LoginPage } from './pages/login-page.tsx';
import { reportsPath } from './features/reports/reports-api.ts';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { innovationIndexPath } from './features/innovation-index/index-api.ts';

// Every page but the first ones a visitor meets (the policy home, sign-in, not found) is loaded when
// opened, so a first load does not carry every page's code; the chart pages bring ECharts (~500 kB).
// Each waits for its code inside the layout (menu and header stay), showing the loading state.
function lazyPage<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name): ComponentType {
  const Page = lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    );
  };
}
const AwardsPage = lazyPage(() => import('./pages/awards-page.tsx'), 'AwardsPage');
const AwardNoticesPage = lazyPage(() => import('./pages/award-notices-page.tsx'), 'AwardNoticesPage');
const AccountsPage = lazyPage(() => import('./pages/accounts-page.tsx'), 'AccountsPage');
const AuditPage = lazyPage(() => import('./pages/audit-page.tsx'), 'AuditPage');
const CalculatorPage = lazyPage(() => import('./pages/calculator-page.tsx'), 'CalculatorPage');
const ChangePasswordPage = lazyPage(() => import('./pages/change-password-page.tsx'), 'ChangePasswordPage');
const DashboardPage = lazyPage(() => import('./pages/dashboard-page.tsx'), 'DashboardPage');
const DataEntryPage = lazyPage(() => import('./pages/data-entry-page.tsx'), 'DataEntryPage');
const DataImportPage = lazyPage(() => import('./pages/data-import-page.tsx'), 'DataImportPage');
const DocumentPage = lazyPage(() => import('./pages/document-page.tsx'), 'DocumentPage');
const EvaluationPage = lazyPage(() => import('./pages/evaluation-page.tsx'), 'EvaluationPage');
const FiscalPage = lazyPage(() => import('./pages/fiscal-page.tsx'), 'FiscalPage');
const IncentivesPage = lazyPage(() => import('./pages/incentives-page.tsx'), 'IncentivesPage');
const IndicatorPage = lazyPage(() => import('./pages/indicator-page.tsx'), 'IndicatorPage');
const ReportsPage = lazyPage(() => import('./pages/reports-page.tsx'), 'ReportsPage');
const ScreeningPage = lazyPage(() => import('./pages/screening-page.tsx'), 'ScreeningPage');
const ReviewPage = lazyPage(() => import('./pages/review-page.tsx'), 'ReviewPage');
const PermissionsPage = lazyPage(() => import('./pages/permissions-page.tsx'), 'PermissionsPage');
const RegistryContractsPage = lazyPage(() => import('./pages/registry-contracts-page.tsx'), 'RegistryContractsPage');
const RegistryEnterprisePage = lazyPage(() => import('./pages/registry-enterprise-page.tsx'), 'RegistryEnterprisePage');
const RegistryEnterprisesPage = lazyPage(() => import('./pages/registry-enterprises-page.tsx'), 'RegistryEnterprisesPage');
const RegistryImportPage = lazyPage(() => import('./pages/registry-import-page.tsx'), 'RegistryImportPage');
const RegistryIndicatorsPage = lazyPage(() => import('./pages/registry-indicators-page.tsx'), 'RegistryIndicatorsPage');
const RegistryPipelinePage = lazyPage(() => import('./pages/registry-pipeline-page.tsx'), 'RegistryPipelinePage');
const RegistryPlatformPage = lazyPage(() => import('./pages/registry-platform-page.tsx'), 'RegistryPlatformPage');
const RegistryPlatformsPage = lazyPage(() => import('./pages/registry-platforms-page.tsx'), 'RegistryPlatformsPage');
const TargetsPage = lazyPage(() => import('./pages/targets-page.tsx'), 'TargetsPage');
const TasksPage = lazyPage(() => import('./pages/tasks-page.tsx'), 'TasksPage');
const UnitPage = lazyPage(() => import('./pages/unit-page.tsx'), 'UnitPage');
const UnitsPage = lazyPage(() => import('./pages/units-page.tsx'), 'UnitsPage');
const WorkspacePage = lazyPage(() => import('./pages/workspace-page.tsx'), 'WorkspacePage');
const WorkspaceUnitPage = lazyPage(() => import('./pages/workspace-unit-page.tsx'), 'WorkspaceUnitPage');
// 督查督办 (issue 14): supervision, notices and the assessment.
const SupervisionOverviewPage = lazyPage(() => import('./pages/supervision-pages.tsx'), 'SupervisionOverviewPage');
const SupervisionWorkbenchPage = lazyPage(() => import('./pages/supervision-pages.tsx'), 'SupervisionWorkbenchPage');
const SupervisionReviewPage = lazyPage(() => import('./pages/supervision-pages.tsx'), 'SupervisionReviewPage');
const SupervisionMeasurePage = lazyPage(() => import('./pages/supervision-pages.tsx'), 'SupervisionMeasurePage');
const SupervisionCyclePage = lazyPage(() => import('./pages/supervision-pages.tsx'), 'SupervisionCyclePage');
const SupervisionNoticesPage = lazyPage(() => import('./pages/supervision-pages.tsx'), 'SupervisionNoticesPage');
const SupervisionAssessmentPage = lazyPage(() => import('./pages/supervision-pages.tsx'), 'SupervisionAssessmentPage');
// 创新指数 (issue 15): public, built from approved values only.
const InnovationIndexPage = lazyPage(() => import('./pages/innovation-index-page.tsx'), 'InnovationIndexPage');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A pack only changes when a new version is loaded on the server: no need to refetch
      // behind the reader's back.
      staleTime: 10 * 60 * 1000,
      refetchOnWindowFocus: false,
      // A 4xx answer (unknown pack, bad filter) will not change on retry; network hiccups may.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fbf',
    borderRadius: 6,
    // Chinese faces first, so that CJK text never falls back to a mismatched font.
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
};

/** Back to the top on a new page, as a full page load would; a #clause link scrolls itself. */
function ScrollToTop() {
  const { pathname, hash } = useLocation();
  useEffect(() => {
    if (hash === '') window.scrollTo(0, 0);
    // Keyed on the path only: a change of hash alone is the document page's job.
  }, [pathname]);
  return null;
}

const adminElements = { accounts: <AccountsPage />, permissions: <PermissionsPage />, audit: <AuditPage /> };
const dataElements = { review: <ReviewPage />, entry: <DataEntryPage />, import: <DataImportPage /> };

function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route path={sessionPaths.login} element={<LoginPage />} />
        <Route element={<PasswordChangeGate />}>
          {/* The published policy: public. */}
          <Route index element={<HomePage />} />
          <Route path="packs/:packId" element={<DocumentPage />} />
          <Route path="packs/:packId/targets" element={<TargetsPage />} />
          <Route path="packs/:packId/dashboard" element={<DashboardPage />} />
          <Route path="packs/:packId/evaluation" element={<EvaluationPage />} />
          <Route path="packs/:packId/indicators/:code" element={<IndicatorPage />} />
          <Route path="packs/:packId/tasks" element={<TasksPage />} />
          <Route path="packs/:packId/units" element={<UnitsPage />} />
          <Route path="packs/:packId/units/:unitId" element={<UnitPage />} />
          <Route path="packs/:packId/incentives" element={<IncentivesPage />} />
          {/* Registry counts beside the published figures: public, as the figures are. */}
          <Route path={registryPaths.indicators} element={<RegistryIndicatorsPage />} />
          {/* 奖励公示 (issue 13): public, names and amounts only. */}
          <Route path="award-notices" element={<AwardNoticesPage />} />
          {/* 创新指数 (issue 15): public, as the approved values it is computed from. */}
          <Route path={innovationIndexPath.slice(1)} element={<InnovationIndexPage />} />
          {/* Behind sign-in; each page also needs its ability. */}
          <Route element={<RequireSession />}>
            <Route path={sessionPaths.password} element={<ChangePasswordPage />} />
            <Route
              path={sessionPaths.workspace}
              element={
                <RequireAbility action="workspace.read">
                  <WorkspacePage />
                </RequireAbility>
              }
            />
            <Route
              path={`${sessionPaths.workspace}/units/:unitId`}
              element={
                <RequireAbility action="workspace.read">
                  <WorkspaceUnitPage />
                </RequireAbility>
              }
            />
            {dataPages.map((page) => (
              <Route
                key={page.key}
                path={page.path}
                element={<RequireAbility action={page.action}>{dataElements[page.key]}</RequireAbility>}
              />
            ))}
            {/* 登记库: the server limits every answer to the account's scope. */}
            <Route path={registryPaths.enterprises} element={<RequireAbility action="registry.read"><RegistryEnterprisesPage /></RequireAbility>} />
            <Route path={`${registryPaths.enterprises}/:code`} element={<RequireAbility action="registry.read"><RegistryEnterprisePage /></RequireAbility>} />
            {/* 政策计算器: the enterprise user's own firm, or any enterprise the account may read. */}
            <Route path={registryPaths.calculator} element={<RequireAbility action="registry.read"><CalculatorPage /></RequireAbility>} />
            <Route path={`${registryPaths.enterprises}/:code/calculator`} element={<RequireAbility action="registry.read"><CalculatorPage /></RequireAbility>} />
            <Route path={registryPaths.platforms} element={<RequireAbility action="registry.read"><RegistryPlatformsPage /></RequireAbility>} />
            <Route path={`${registryPaths.platforms}/:number`} element={<RequireAbility action="registry.read"><RegistryPlatformPage /></RequireAbility>} />
            <Route path={registryPaths.contracts} element={<RequireAbility action="registry.read"><RegistryContractsPage /></RequireAbility>} />
            <Route path={registryPaths.pipeline} element={<RequireAbility action="registry.read"><RegistryPipelinePage /></RequireAbility>} />
            {/* 奖励台账 (issue 13): the ledger within the account's scope; managing it needs awards.manage. */}
            <Route path="awards" element={<RequireAbility action="awards.read"><AwardsPage /></RequireAbility>} />
            <Route path={registryPaths.import} element={<RequireAbility action="registry.import"><RegistryImportPage /></RequireAbility>} />
            {/* 财政测算 (issue 13): the coordinator's cost view, what-if and scenarios. */}
            <Route path={fiscalPath} element={<RequireAbility action="fiscal.read"><FiscalPage /></RequireAbility>} />
            {/* 免申即享筛查: the coordinator runs screening; area leaders read their own area's results. */}
            <Route path={screeningPath} element={<RequireAbility action="screening.read"><ScreeningPage /></RequireAbility>} />
            {/* 导出任务: the reports this account asked for in the background. */}
            <Route path={reportsPath} element={<RequireAbility action="reports.read"><ReportsPage /></RequireAbility>} />
            {/* 督查督办 (issue 14): each page needs its ability; the server limits every answer to the account's scope. */}
            <Route path={supervisionPaths.overview} element={<RequireAbility action="supervision.read"><SupervisionOverviewPage /></RequireAbility>} />
            <Route path={supervisionPaths.workbench} element={<RequireAbility action="supervision.read"><SupervisionWorkbenchPage /></RequireAbility>} />
            <Route path={supervisionPaths.review} element={<RequireAbility action="supervision.review"><SupervisionReviewPage /></RequireAbility>} />
            <Route path="supervision/measures/:id" element={<RequireAbility action="supervision.read"><SupervisionMeasurePage /></RequireAbility>} />
            <Route path="supervision/measures/:id/cycles/:period" element={<RequireAbility action="supervision.read"><SupervisionCyclePage /></RequireAbility>} />
            <Route path={supervisionPaths.notices} element={<RequireAbility action="notices.read"><SupervisionNoticesPage /></RequireAbility>} />
            <Route path={supervisionPaths.assessment} element={<RequireAbility action="assessment.read"><SupervisionAssessmentPage /></RequireAbility>} />
            {adminPages.map((page) => (
              <Route
                key={page.key}
                path={page.path}
                element={<RequireAbility action={page.action}>{adminElements[page.key]}</RequireAbility>}
              />
            ))}
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}

export function App() {
  const { language } = useLanguage();
  useEffect(() => {
    document.documentElement.lang = languageTag(language);
    dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
  }, [language]);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={theme}>
        <AntApp>
          <BrowserRouter>
            <SessionProvider>
              <ScrollToTop />
              <AppRoutes />
            </SessionProvider>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
