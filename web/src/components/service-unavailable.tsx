import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** The service (its database) does not answer for now: nothing is known of the session, and nobody is signed out. */
export function ServiceUnavailable({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('session.unavailable')}
      subTitle={t('session.unavailableHint')}
      extra={<Button onClick={onRetry}>{t('common.retry')}</Button>}
      data-testid="service-unavailable"
    />
  );
}
