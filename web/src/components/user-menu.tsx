import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined, DisconnectOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Typography, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { errorMessage } from '../api/error-message.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { sessionPaths, withNext } from '../features/session/session-paths.ts';
import { useSession } from '../features/session/use-session.ts';

/** The header's account corner: 登录 when signed out; name, role and the account's actions when signed in. */
export function UserMenu() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const { session, signOut, signOutEverywhere } = useSession();

  if (!session) {
    if (pathname === sessionPaths.login) return null;
    return (
      <Link to={withNext(sessionPaths.login, `${pathname}${search}`)} data-testid="login-button">
        <Button type="primary" ghost className="app-header__login" icon={<UserOutlined />}>
          {t('session.signIn')}
        </Button>
      </Link>
    );
  }

  const { user } = session;
  const roleLabel = language === 'en' ? user.role_label.en : user.role_label.zh;

  const leave = async (everywhere: boolean) => {
    try {
      if (everywhere) await signOutEverywhere();
      else await signOut();
      void message.success(t(everywhere ? 'session.signedOutEverywhere' : 'session.signedOut'));
    } catch (error) {
      void message.error(errorMessage(error, language));
    }
  };

  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      className: 'user-menu__who',
      label: (
        <div>
          <Typography.Text strong>{user.display_name}</Typography.Text>
          <br />
          <Typography.Text type="secondary">
            {user.username} · {roleLabel}
          </Typography.Text>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: t('session.changePassword') },
    { key: 'sign-out', icon: <LogoutOutlined />, label: t('session.signOut') },
    { key: 'sign-out-everywhere', icon: <DisconnectOutlined />, danger: true, label: t('session.signOutEverywhere') },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') void navigate(sessionPaths.password);
    else if (key === 'sign-out') void leave(false);
    else if (key === 'sign-out-everywhere') {
      modal.confirm({
        title: t('session.signOutEverywhereConfirm'),
        content: t('session.signOutEverywhereHint'),
        okText: t('session.signOutEverywhere'),
        okButtonProps: { danger: true },
        cancelText: t('common.cancel'),
        onOk: () => leave(true),
      });
    }
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" className="user-menu" data-testid="user-menu" aria-label={t('session.userMenu')}>
        <UserOutlined />
        <span className="user-menu__name">{user.display_name}</span>
        <span className="user-menu__role">{roleLabel}</span>
        <DownOutlined className="user-menu__caret" />
      </Button>
    </Dropdown>
  );
}
