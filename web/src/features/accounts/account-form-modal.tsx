import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../api/error-message.ts';
import { privateKey } from '../../api/private-queries.ts';
import type { Account, AccountRole, AccountWithPassword } from '../../api/types.ts';
import { useLanguage } from '../language/use-language.ts';
import { assignableRoles } from './role-scope.ts';
import { ScopeFields, scopeInput } from './scope-fields.tsx';

interface AccountFormValues {
  username: string;
  display_name: string;
  role: AccountRole;
  pack_id?: string;
  unit_id?: string;
  org_code?: string;
  credit_code?: string;
}

function useRoleOptions() {
  const { t } = useTranslation();
  return assignableRoles.map((role) => ({ value: role, label: t(`accountRole.${role}`) }));
}

/** 新建账号: username, name, role and the scope the role needs; the answer carries the temporary password. */
export function CreateAccountModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (answer: AccountWithPassword) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AccountFormValues>();
  const role = Form.useWatch('role', form);
  const roleOptions = useRoleOptions();
  const create = useMutation({
    mutationFn: (values: AccountFormValues) =>
      api.createAccount({
        username: values.username.trim(),
        display_name: values.display_name.trim(),
        role: values.role,
        ...scopeInput(values.role, values),
      }),
    onSuccess: async (answer) => {
      onCreated(answer);
      form.resetFields();
      create.reset();
      await queryClient.invalidateQueries({ queryKey: [privateKey, 'accounts'] });
    },
  });
  return (
    <Modal
      open={open}
      title={t('accounts.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      {create.isError && <Alert type="error" showIcon title={errorMessage(create.error, language)} className="modal-alert" />}
      <Form<AccountFormValues> form={form} layout="vertical" onFinish={(values) => create.mutate(values)} data-testid="create-account-form">
        <Form.Item
          name="username"
          label={t('accounts.username')}
          rules={[
            { required: true, whitespace: true, message: t('accounts.usernameRequired') },
            { pattern: /^[A-Za-z0-9._-]{3,32}$/, message: t('accounts.usernamePattern') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="display_name"
          label={t('accounts.displayName')}
          rules={[{ required: true, whitespace: true, message: t('accounts.displayNameRequired') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true, message: t('accounts.roleRequired') }]}>
          <Select options={roleOptions} data-testid="account-role" />
        </Form.Item>
        <ScopeFields role={role} />
      </Form>
    </Modal>
  );
}

/** 调整角色 (security administrator): a new role and the scope it needs, for an existing account. */
export function RoleModal({ account, onClose }: { account: Account | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { language } = useLanguage();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AccountFormValues>();
  const role = Form.useWatch('role', form);
  const roleOptions = useRoleOptions();
  const assign = useMutation({
    mutationFn: (values: AccountFormValues) => {
      if (!account) throw new Error('no account chosen');
      return api.assignRole(account.id, { role: values.role, ...scopeInput(values.role, values) });
    },
    onSuccess: async ({ account: changed }) => {
      void message.success(t('accounts.roleChanged', { name: changed.display_name }));
      assign.reset();
      onClose();
      await queryClient.invalidateQueries({ queryKey: [privateKey, 'accounts'] });
    },
  });
  return (
    <Modal
      open={account !== undefined}
      title={t('accounts.roleTitle', { name: account?.display_name ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={() => {
        assign.reset();
        onClose();
      }}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      {assign.isError && <Alert type="error" showIcon title={errorMessage(assign.error, language)} className="modal-alert" />}
      {account && (
        <Form<AccountFormValues>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            role: account.role,
            unit_id: account.unit_id ?? undefined,
            org_code: account.org_code ?? undefined,
            credit_code: account.credit_code ?? undefined,
          }}
          onFinish={(values) => assign.mutate(values)}
          data-testid="role-form"
        >
          <Form.Item name="role" label={t('accounts.role')} rules={[{ required: true, message: t('accounts.roleRequired') }]}>
            <Select options={roleOptions} />
          </Form.Item>
          <ScopeFields role={role} />
        </Form>
      )}
    </Modal>
  );
}
