import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountWithPassword } from '../../api/types.ts';

interface TemporaryPasswordModalProps {
  /** The answer of a create or a reset; the modal is closed while undefined. */
  result: { kind: 'created' | 'reset'; answer: AccountWithPassword } | undefined;
  onClose: () => void;
}

/**
 * The temporary password, shown once: the server keeps only its hash, so after closing it can
 * never be seen again (a new reset is the only way).
 */
export function TemporaryPasswordModal({ result, onClose }: TemporaryPasswordModalProps) {
  const { t } = useTranslation();
  const account = result?.answer.account;
  return (
    <Modal
      open={result !== undefined}
      title={t('accounts.temporaryPasswordTitle')}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('common.close')}
        </Button>
      }
      destroyOnHidden
    >
      {result && account && (
        <div data-testid="temporary-password">
          <Typography.Paragraph>
            {t(result.kind === 'created' ? 'accounts.createdFor' : 'accounts.resetFor', {
              username: account.username,
              name: account.display_name,
            })}
          </Typography.Paragraph>
          <Typography.Paragraph
            className="temporary-password"
            copyable={{ text: result.answer.temporary_password, tooltips: [undefined, t('accounts.copied')] }}
          >
            <code data-testid="temporary-password-value">{result.answer.temporary_password}</code>
          </Typography.Paragraph>
          <Alert type="warning" showIcon title={t('accounts.temporaryPasswordWarning')} />
        </div>
      )}
    </Modal>
  );
}
