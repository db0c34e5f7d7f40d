import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shows that a list is narrowed to one clause, and clears that on close. */
export function ClauseFilterTag({ clause, label, onClear }: { clause: number; label: string; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <Tag
      color="processing"
      closable
      title={t('common.clearFilter')}
      onClose={onClear}
      className="clause-filter-tag"
    >
      {t('clause.filtered', { label, number: clause })}
    </Tag>
  );
}
