import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
// The date pickers' month and weekday names come from dayjs: Chinese needs its locale loaded.
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';
import { ApiError } from './api/client.ts';
import { AppLayout } from './components/app-layout.tsx';
import { Loading } from './components/loading.tsx';
import { adminPages, dataPages, registryPaths, sessionPaths } from './features/session/session-paths.ts';
import { PasswordChangeGate, RequireAbility, RequireSession } from './features/session/require-session.tsx';
import { SessionProvider } from './features/session/session-provider.tsx';
import { languageTag } from './features/language/language.ts';
import { useLanguage } from './features/language/use-language.ts';
import { AccountsPage } from './pages/accounts-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { ChangePasswordPage } from './pages/change-password-page.tsx';
import { DataEntryPage } from './pages/data-entry-page.tsx';
import { DataImportPage } from './pages/data-import-page.tsx';
import { DocumentPage } from './pages/document-page.tsx';
import { EvaluationPage } from './pages/evaluation-page.tsx';
import { HomePage } from './pages/home-page.tsx';
import { IncentivesPage } from './pages/incentives-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { PermissionsPage } from './pages/permissions-page.tsx';
import { RegistryContractsPage } from './pages/registry-contracts-page.tsx';
import { RegistryEnterprisePage } from './pages/registry-enterprise-page.tsx';
import { RegistryEnterprisesPage } from './pages/registry-enterprises-page.tsx';
import { RegistryImportPage } from './pages/registry-import-page.tsx';
import { RegistryIndicatorsPage } from './pages/registry-indicators-page.tsx';
import { RegistryPlatformPage } from './pages/registry-platform-page.tsx';
import { RegistryPlatformsPage } from './pages/registry-platforms-page.tsx';
import { TargetsPage } from './pages/targets-page.tsx';
import { TasksPage } from './pages/tasks-page.tsx';
import { UnitPage } from './pages/unit-page.tsx';
import { UnitsPage } from './pages/units-page.tsx';
import { WorkspacePage } from './pages/workspace-page.tsx';
import { WorkspaceUnitPage } from './pages/workspace-unit-page.tsx';

// The pages with charts load ECharts (~500 kB) only when opened.
const DashboardPage = lazy(() => import('./pages/dashboard-page.tsx').then((module) => ({ default: module.DashboardPage })));
const RegistryPipelinePage = lazy(() => import('./pages/registry-pipeline-page.tsx').then((module) => ({ default: module.RegistryPipelinePage })));
const IndicatorPage = lazy(() => import('./pages/indicator-page.tsx').then((module) => ({ default: module.IndicatorPage })));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

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
const dataElements = { entry: <DataEntryPage />, import: <DataImportPage /> };

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
          <Route path="packs/:packId/dashboard" element={<Lazy><DashboardPage /></Lazy>} />
          <Route path="packs/:packId/evaluation" element={<EvaluationPage />} />
          <Route path="packs/:packId/indicators/:code" element={<Lazy><IndicatorPage /></Lazy>} />
          <Route path="packs/:packId/tasks" element={<TasksPage />} />
          <Route path="packs/:packId/units" element={<UnitsPage />} />
          <Route path="packs/:packId/units/:unitId" element={<UnitPage />} />
          <Route path="packs/:packId/incentives" element={<IncentivesPage />} />
          {/* Registry counts beside the published figures: public, as the figures are. */}
          <Route path={registryPaths.indicators} element={<RegistryIndicatorsPage />} />
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
            <Route path={registryPaths.platforms} element={<RequireAbility action="registry.read"><RegistryPlatformsPage /></RequireAbility>} />
            <Route path={`${registryPaths.platforms}/:number`} element={<RequireAbility action="registry.read"><RegistryPlatformPage /></RequireAbility>} />
            <Route path={registryPaths.contracts} element={<RequireAbility action="registry.read"><RegistryContractsPage /></RequireAbility>} />
            <Route path={registryPaths.pipeline} element={<RequireAbility action="registry.read"><Lazy><RegistryPipelinePage /></Lazy></RequireAbility>} />
            <Route path={registryPaths.import} element={<RequireAbility action="registry.import"><RegistryImportPage /></RequireAbility>} />
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
