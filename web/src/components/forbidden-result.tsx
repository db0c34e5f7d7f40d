import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** 403: the account is signed in but may not open this; `message` is the server's reason when it gave one. */
export function ForbiddenResult({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('error.forbiddenTitle')}
      subTitle={message ?? t('error.forbiddenSubtitle')}
      data-testid="forbidden"
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
