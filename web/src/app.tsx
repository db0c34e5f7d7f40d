import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router-dom';
import { ApiError } from './api/client.ts';
import { AppLayout } from './components/app-layout.tsx';
import { languageTag } from './features/language/language.ts';
import { useLanguage } from './features/language/use-language.ts';
import { DocumentPage } from './pages/document-page.tsx';
import { HomePage } from './pages/home-page.tsx';
import { IncentivesPage } from './pages/incentives-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { TargetsPage } from './pages/targets-page.tsx';
import { TasksPage } from './pages/tasks-page.tsx';
import { UnitPage } from './pages/unit-page.tsx';
import { UnitsPage } from './pages/units-page.tsx';

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

function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="packs/:packId" element={<DocumentPage />} />
        <Route path="packs/:packId/targets" element={<TargetsPage />} />
        <Route path="packs/:packId/tasks" element={<TasksPage />} />
        <Route path="packs/:packId/units" element={<UnitsPage />} />
        <Route path="packs/:packId/units/:unitId" element={<UnitPage />} />
        <Route path="packs/:packId/incentives" element={<IncentivesPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { language } = useLanguage();
  useEffect(() => {
    document.documentElement.lang = languageTag(language);
  }, [language]);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={theme}>
        <AntApp>
          <BrowserRouter>
            <ScrollToTop />
            <AppRoutes />
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
