import { CloudServerOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/error-message.ts';
import { useLanguage } from '../language/use-language.ts';
import { useSession } from '../session/use-session.ts';
import { reportsPath, type ReportKind } from './reports-api.ts';
import { useRequestReport } from './reports-queries.ts';

/**
 * 后台生成: asks for the report in the background and says where to find it (导出任务). The
 * notification's button navigates inside the app (a notification renders outside the router: no
 * <Link> in it). Shown only to accounts that may ask for reports.
 */
export function BackgroundReportButton({ kind, params, testId, label }: { kind: ReportKind; params: Record<string, string | number | undefined>; testId?: string; label?: string }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { notification, message } = App.useApp();
  const navigate = useNavigate();
  const { can } = useSession();
  const request = useRequestReport();
  if (!can('reports.request')) return null;

  const ask = () => {
    const given = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined)) as Record<string, string | number>;
    request.mutate(
      { kind, params: given },
      {
        onSuccess: () => {
          const notificationKey = `report-${Date.now()}`;
          notification.success({
            key: notificationKey,
            title: t('reports.requested'),
            description: t('reports.requestedHint'),
            actions: (
              <Button
                type="primary"
                size="small"
                data-testid="open-reports"
                onClick={() => {
                  notification.destroy(notificationKey);
                  void navigate(reportsPath);
                }}
              >
                {t('reports.open')}
              </Button>
            ),
          });
        },
        onError: (error) => void message.error(errorMessage(error, language)),
      },
    );
  };

  return (
    <Button icon={<CloudServerOutlined />} loading={request.isPending} onClick={ask} data-testid={testId ?? 'background-report'}>
      {label ?? t('reports.background')}
    </Button>
  );
}
