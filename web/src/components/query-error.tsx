import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { useLanguage } from '../features/language/use-language.ts';

interface QueryErrorProps {
  error: unknown;
  onRetry?: () => void;
}

/**
 * A failed request, with the server's own message (it says what went wrong and what to do) in
 * the chosen language. A 404 from the API (unknown pack, unit or clause) is shown as such.
 */
export function QueryError({ error, onRetry }: QueryErrorProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const apiError = error instanceof ApiError ? error : undefined;
  const message =
    apiError !== undefined
      ? language === 'en' && apiError.messageEn
        ? apiError.messageEn
        : apiError.message
      : error instanceof Error
        ? error.message
        : String(error);
  if (apiError?.status === 404) {
    return (
      <Result
        status="404"
        title={t('error.dataNotFound')}
        subTitle={message}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
        data-testid="api-error"
      />
    );
  }
  return (
    <Result
      status="error"
      title={t('error.loadFailed')}
      subTitle={message}
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
      data-testid="api-error"
    />
  );
}
