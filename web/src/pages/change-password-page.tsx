import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import type { PasswordRuleProblem } from '../api/types.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { landingPath, safeNext, sessionPaths, withNext } from '../features/session/session-paths.ts';
import { useSession } from '../features/session/use-session.ts';

interface PasswordForm {
  current_password: string;
  new_password: string;
  confirm_password: string;
}

function isRuleProblem(value: unknown): value is PasswordRuleProblem {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** The rules a weak_password answer lists, each with its message in both languages. */
function failedRules(error: unknown): PasswordRuleProblem[] {
  if (!(error instanceof ApiError) || error.code !== 'weak_password' || !Array.isArray(error.details)) return [];
  return error.details.filter(isRuleProblem);
}

/**
 * /account/password — also the page an account is held on while it must change its password
 * (first sign-in, after an administrator's reset): the server refuses everything else until then.
 */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<PasswordForm>();
  const { session, refresh } = useSession();
  const forced = session?.must_change_password === true;

  const change = useMutation({
    mutationFn: (values: PasswordForm) => api.changePassword(values.current_password, values.new_password),
    onSuccess: async () => {
      const next = safeNext(searchParams.get('next'));
      const renewed = await refresh();
      if (renewed === null) {
        // The server ended the session with the old password: sign in with the new one.
        void message.success(t('password.signInAgain'));
        await navigate(withNext(sessionPaths.login, next), { replace: true });
        return;
      }
      void message.success(t('password.changed'));
      await navigate(next ?? landingPath(renewed.abilities), { replace: true });
    },
  });

  const rules = failedRules(change.error);
  const ruleText = (problem: PasswordRuleProblem) => (language === 'en' ? problem.message_en : problem.message);

  return (
    <div className="auth-page">
      <Card className="auth-card">
        <Typography.Title level={3} className="auth-card__title">
          {forced ? t('password.forcedTitle') : t('password.title')}
        </Typography.Title>
        {forced && <Alert type="warning" showIcon className="auth-card__alert" title={t('password.forcedHint')} data-testid="password-forced" />}
        {change.isError && (
          <Alert
            type="error"
            showIcon
            className="auth-card__alert"
            data-testid="password-error"
            title={rules.length > 0 ? t('password.rejected') : errorMessage(change.error, language)}
            description={
              rules.length > 0 && (
                <ul className="password-rules password-rules--failed">
                  {rules.map((problem) => (
                    <li key={problem.rule} data-rule={problem.rule}>
                      {ruleText(problem)}
                    </li>
                  ))}
                </ul>
              )
            }
          />
        )}
        <Form<PasswordForm>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => change.mutate(values)}
          disabled={change.isPending}
          data-testid="password-form"
        >
          {/* For password managers: which account this password belongs to. */}
          <input type="text" name="username" autoComplete="username" value={session?.user.username ?? ''} readOnly hidden />
          <Form.Item
            name="current_password"
            label={t('password.current')}
            rules={[{ required: true, message: t('password.currentRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="new_password"
            label={t('password.new')}
            rules={[{ required: true, message: t('password.newRequired') }]}
            extra={
              <div>
                {t('password.rulesTitle')}
                <ul className="password-rules">
                  <li>{t('password.ruleLength')}</li>
                  <li>{t('password.ruleClasses')}</li>
                  <li>{t('password.ruleUsername')}</li>
                  <li>{t('password.ruleDifferent')}</li>
                </ul>
              </div>
            }
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm_password"
            label={t('password.confirm')}
            dependencies={['new_password']}
            rules={[
              { required: true, message: t('password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue('new_password') === value ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={change.isPending}>
            {t('password.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
