import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { ForbiddenResult } from './forbidden-result.tsx';

interface QueryErrorProps {
  error: unknown;
  onRetry?: () => void;
}

/**
 * A failed request, with the server's own message (it says what went wrong and what to do) in
 * the chosen language. A 404 from the API (unknown pack, unit or clause) is shown as such, and so
 * is a 403 (a unit outside the account's scope).
 */
export function QueryError({ error, onRetry }: QueryErrorProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const status = error instanceof ApiError ? error.status : undefined;
  const message = errorMessage(error, language);
  if (status === 403) return <ForbiddenResult message={message} />;
  if (status === 404) {
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
