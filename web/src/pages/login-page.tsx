import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import type { Session } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { useLanguage } from '../features/language/use-language.ts';
import { landingPath, safeNext, sessionPaths, withNext } from '../features/session/session-paths.ts';
import { useSession } from '../features/session/use-session.ts';

interface Credentials {
  username: string;
  password: string;
}

/** Where a session goes from the login page: the page it came from, else its landing page; a pending password change first. */
function destination(session: Session, next: string | undefined): string {
  const target = next ?? landingPath(session.abilities);
  return session.must_change_password ? withNext(sessionPaths.password, target) : target;
}

/**
 * /login?next=… — the server's message is shown as it is: it does not tell a wrong password from
 * an unknown user (both 用户名或密码错误), and says until when a locked account stays locked.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const { session, isPending, signedIn } = useSession();
  const signIn = useMutation({
    mutationFn: ({ username, password }: Credentials) => api.signIn(username.trim(), password),
    onSuccess: async (answer) => {
      signedIn(answer);
      await navigate(destination(answer, next), { replace: true });
    },
  });

  if (isPending) return <Loading />;
  // Already signed in (a bookmark, the back button): nothing to do here.
  if (session && !signIn.isPending && !signIn.isSuccess) return <Navigate replace to={destination(session, next)} />;

  return (
    <div className="auth-page">
      <Card className="auth-card">
        <Typography.Title level={3} className="auth-card__title">
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.intro')}</Typography.Paragraph>
        {signIn.isError && (
          <Alert
            type="error"
            showIcon
            className="auth-card__alert"
            title={errorMessage(signIn.error, language)}
            data-testid="login-error"
          />
        )}
        <Form<Credentials>
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => signIn.mutate(values)}
          data-testid="login-form"
          disabled={signIn.isPending}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={signIn.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
        <div className="auth-card__footer">
          <Link to="/">{t('login.browsePolicy')}</Link>
        </div>
      </Card>
    </div>
  );
}
