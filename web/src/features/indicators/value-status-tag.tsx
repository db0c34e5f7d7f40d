import { LockOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ValueStatus } from '../../api/types.ts';

const colors: Record<ValueStatus | 'none', string> = { none: 'default', draft: 'gold', submitted: 'processing', returned: 'error', approved: 'success' };

/** Where a value stands in the entry workflow: 未填报, 草稿, 已提交, 已退回, 已审核 (locked). */
export function ValueStatusTag({ status }: { status: ValueStatus | undefined }) {
  const { t } = useTranslation();
  const key = status ?? 'none';
  return (
    <Tag color={colors[key]} icon={status === 'approved' ? <LockOutlined /> : undefined} data-value-status={key}>
      {t(`valueStatus.${key}`)}
    </Tag>
  );
}
