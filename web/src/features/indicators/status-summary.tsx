import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TargetStatus } from '../../api/types.ts';
import { alwaysCountedStatuses, countByStatus, statusColors, targetStatuses } from './status.ts';

interface StatusSummaryProps {
  statuses: readonly TargetStatus[];
  /** The status the list is narrowed to, if any; clicking a status again clears it. */
  selected?: TargetStatus | undefined;
  onSelect?: (status: TargetStatus | undefined) => void;
}

/** How many targets are in each status: one bar above the cards or the table. */
export function StatusSummary({ statuses, selected, onSelect }: StatusSummaryProps) {
  const { t } = useTranslation();
  const counts = countByStatus(statuses);
  return (
    <div className="status-summary" data-testid="status-summary">
      <span className="status-summary__total">{t('indicators.targetCount', { count: statuses.length })}</span>
      {targetStatuses.filter((status) => alwaysCountedStatuses.includes(status) || counts[status] > 0).map((status) => (
        <Tag.CheckableTag
          key={status}
          checked={selected === status}
          onChange={(checked) => onSelect?.(checked ? status : undefined)}
          className="status-summary__item"
          data-status={status}
          style={selected === status ? { background: statusColors[status] } : undefined}
        >
          <span className="status-summary__dot" style={{ background: statusColors[status] }} aria-hidden="true" />
          {t(`targetStatus.${status}`)}
          <strong className="status-summary__count">{counts[status]}</strong>
        </Tag.CheckableTag>
      ))}
    </div>
  );
}
