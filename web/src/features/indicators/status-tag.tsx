import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TargetStatus } from '../../api/types.ts';
import { statusColors } from './status.ts';

/** A target's status in its colour: 已实现 green … 暂无数据 grey. */
export function StatusTag({ status }: { status: TargetStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} variant="solid" data-status={status} className="status-tag">
      {t(`targetStatus.${status}`)}
    </Tag>
  );
}
