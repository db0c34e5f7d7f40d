import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { privateKey, useAccounts } from '../api/private-queries.ts';
import type { Account, AccountListEntry, AccountWithPassword } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { CreateAccountModal, RoleModal } from '../features/accounts/account-form-modal.tsx';
import { isAdministratorRole } from '../features/accounts/role-scope.ts';
import { TemporaryPasswordModal } from '../features/accounts/temporary-password-modal.tsx';
import { formatDateTime } from '../features/language/format-date.ts';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';

type AccountAction = 'disable' | 'enable' | 'reset';

/** Locked everywhere after too many failed sign-ins ("enable" unlocks it). */
function isLockedEverywhere(account: Account): boolean {
  return account.locked_until !== null && new Date(account.locked_until) > new Date();
}

/** Locked everywhere, or for some client addresses: "enable" unlocks both. */
function isLocked(account: AccountListEntry): boolean {
  return isLockedEverywhere(account) || account.locked_addresses.length > 0;
}

function ScopeCell({ account }: { account: Account }) {
  if (account.unit_id) return <span title={account.unit_id}>{account.unit_name ?? account.unit_id}</span>;
  if (account.org_code) return <span>{account.org_name ? `${account.org_name}（${account.org_code}）` : account.org_code}</span>;
  if (account.credit_code) return <Typography.Text code>{account.credit_code}</Typography.Text>;
  return <Typography.Text type="secondary">—</Typography.Text>;
}

/**
 * /admin/accounts — 账号管理. Who may do what comes from the session's abilities: the system
 * administrator creates, disables and resets; the security administrator reads and changes roles.
 */
export function AccountsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const { can, session } = useSession();
  const query = useAccounts();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [roleTarget, setRoleTarget] = useState<Account | undefined>();
  const [password, setPassword] = useState<{ kind: 'created' | 'reset'; answer: AccountWithPassword } | undefined>();
  const manage = can('accounts.manage');
  const assignRoles = can('roles.manage');

  const act = useMutation({
    mutationFn: ({ action, account }: { action: AccountAction; account: Account }): Promise<{ account: Account; temporary_password?: string }> =>
      action === 'disable' ? api.disableAccount(account.id) : action === 'enable' ? api.enableAccount(account.id) : api.resetPassword(account.id),
    onSuccess: async (answer, { action, account }) => {
      if (action === 'reset' && answer.temporary_password !== undefined) {
        setPassword({ kind: 'reset', answer: { account: answer.account, temporary_password: answer.temporary_password } });
      }
      else void message.success(t(action === 'disable' ? 'accounts.disabledDone' : account.status === 'active' ? 'accounts.unlockedDone' : 'accounts.enabledDone', { name: account.display_name }));
      await queryClient.invalidateQueries({ queryKey: [privateKey, 'accounts'] });
    },
    onError: (error) => void message.error(errorMessage(error, language)),
  });

  const confirm = (action: 'disable' | 'reset', account: Account) =>
    modal.confirm({
      title: t(action === 'disable' ? 'accounts.disableConfirm' : 'accounts.resetConfirm', { name: account.display_name }),
      content: t(action === 'disable' ? 'accounts.disableHint' : 'accounts.resetHint'),
      okText: t(action === 'disable' ? 'accounts.disable' : 'accounts.resetPassword'),
      okButtonProps: { danger: action === 'disable' },
      cancelText: t('common.cancel'),
      onOk: () => act.mutateAsync({ action, account }).catch(() => undefined),
    });

  const accounts = query.data?.accounts;
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    if (!accounts || needle === '') return accounts ?? [];
    return accounts.filter((account) => `${account.username} ${account.display_name}`.toLowerCase().includes(needle));
  }, [accounts, search]);

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  const roleLabel = (account: Account) => (language === 'en' ? account.role_label.en : account.role_label.zh);
  const columns: TableColumnsType<AccountListEntry> = [
    {
      key: 'username',
      title: t('accounts.username'),
      sorter: (a, b) => a.username.localeCompare(b.username),
      render: (_, account) => (
        <div>
          <Typography.Text strong>{account.username}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{account.display_name}</Typography.Text>
        </div>
      ),
    },
    {
      key: 'role',
      title: t('accounts.role'),
      filters: [...new Set(accounts?.map((account) => account.role))].map((role) => ({ text: t(`accountRole.${role}`), value: role })),
      onFilter: (value, account) => account.role === value,
      render: (_, account) => <Tag color={isAdministratorRole(account.role) ? 'purple' : 'blue'}>{roleLabel(account)}</Tag>,
    },
    { key: 'scope', title: t('accounts.scope'), render: (_, account) => <ScopeCell account={account} /> },
    {
      key: 'status',
      title: t('accounts.status'),
      render: (_, account) => (
        <Space size={4} wrap>
          {account.status === 'active' ? <Tag color="green">{t('accounts.active')}</Tag> : <Tag>{t('accounts.disabled')}</Tag>}
          {account.must_change_password && <Tag color="orange">{t('accounts.mustChange')}</Tag>}
          {isLockedEverywhere(account) && account.locked_until && (
            <Tag color="red">{t('accounts.lockedUntil', { time: formatDateTime(account.locked_until, language) })}</Tag>
          )}
          {account.locked_addresses.length > 0 && (
            <Tooltip
              title={account.locked_addresses
                .map((lock) => t('accounts.addressLockedUntil', { address: lock.address, time: formatDateTime(lock.locked_until, language) }))
                .join('\n')}
            >
              <Tag color="orange">{t('accounts.lockedAddresses', { count: account.locked_addresses.length })}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'last_login',
      title: t('accounts.lastLogin'),
      render: (_, account) =>
        account.last_login_at ? formatDateTime(account.last_login_at, language) : <Typography.Text type="secondary">{t('accounts.never')}</Typography.Text>,
    },
    { key: 'created', title: t('accounts.createdAt'), render: (_, account) => formatDateTime(account.created_at, language) },
  ];
  if (manage || assignRoles) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, account) => {
        const self = account.id === session?.user.id;
        const administrator = isAdministratorRole(account.role);
        return (
          <Space size={0} wrap>
            {manage && !self && account.status === 'active' && (
              <Button type="link" size="small" danger onClick={() => confirm('disable', account)}>
                {t('accounts.disable')}
              </Button>
            )}
            {manage && !self && (account.status === 'disabled' || isLocked(account)) && (
              <Button type="link" size="small" onClick={() => act.mutate({ action: 'enable', account })}>
                {t(account.status === 'disabled' ? 'accounts.enable' : 'accounts.unlock')}
              </Button>
            )}
            {manage && !self && (
              <Button type="link" size="small" onClick={() => confirm('reset', account)}>
                {t('accounts.resetPassword')}
              </Button>
            )}
            {assignRoles && (
              <Tooltip title={administrator ? t('accounts.adminRoleFixed') : undefined}>
                <Button type="link" size="small" disabled={administrator} onClick={() => setRoleTarget(account)}>
                  {t('accounts.changeRole')}
                </Button>
              </Tooltip>
            )}
          </Space>
        );
      },
    });
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageHeading
        title={t('accounts.title')}
        intro={t('accounts.intro')}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-account">
              {t('accounts.create')}
            </Button>
          )
        }
      />
      <Card>
        <Input.Search
          allowClear
          placeholder={t('accounts.search')}
          className="accounts-search"
          onChange={(event) => setSearch(event.target.value)}
        />
        <Table<AccountListEntry>
          data-testid="accounts-table"
          rowKey="id"
          columns={columns}
          dataSource={shown}
          size="middle"
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.count', { count: total }) }}
        />
      </Card>
      <CreateAccountModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(answer) => {
          setCreating(false);
          setPassword({ kind: 'created', answer });
        }}
      />
      <RoleModal account={roleTarget} onClose={() => setRoleTarget(undefined)} />
      <TemporaryPasswordModal result={password} onClose={() => setPassword(undefined)} />
    </Space>
  );
}
