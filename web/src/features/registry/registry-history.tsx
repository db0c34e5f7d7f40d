import { Empty, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistryHistoryEntry } from '../../api/types.ts';
import { formatNumber } from '../indicators/format-value.ts';
import { useLanguage } from '../language/use-language.ts';
import { formatBeijingTime } from '../language/beijing-time.ts';
import { moneyFieldNames } from './financial-fields.ts';
import { formatYuan } from './registry-money.ts';

/** Stored fields that are bookkeeping, not something a reader changed. */
const hiddenFields = new Set(['id', 'nameGrams', 'synthetic', 'updatedAt', 'updated_at']);

/** Nothing, however stored: null, absent, '' or an empty object. */
export const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (typeof value === 'object' && Object.keys(value).length === 0);

/** A stored value as a reader knows it (the same value, however stored, compares equal). */
const canonical = (value: unknown) => (isEmpty(value) ? null : JSON.stringify(value));

/** The fields a history entry changed (all of them, for a creation), before and after. */
function changedFields(entry: RegistryHistoryEntry): { field: string; before: unknown; after: unknown }[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((field) => !hiddenFields.has(field));
  return fields
    .filter((field) => (entry.change === 'create' ? !isEmpty(after[field]) : canonical(before[field]) !== canonical(after[field])))
    .map((field) => ({ field, before: before[field], after: after[field] }));
}

type Records = Record<string, Record<string, unknown> | null | undefined>;
const asRecords = (value: unknown): Records => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Records) : {});

/**
 * A change of the yearly figures, year by year: which years were added or removed, and for a
 * changed year which figures moved (the whole record is stored; the reader wants the difference).
 */
function YearsChange({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const old = asRecords(before);
  const next = asRecords(after);
  // Amounts are exact decimal strings of yuan (older records: numbers); counts are numbers.
  const show = (figure: string, value: unknown) =>
    typeof value === 'string' && (moneyFieldNames as readonly string[]).includes(figure) ? formatYuan(value, language) : typeof value === 'number' ? formatNumber(value, language) : isEmpty(value) ? '—' : String(value as string);
  const years = [...new Set([...Object.keys(old), ...Object.keys(next)])].sort((a, b) => b.localeCompare(a));
  return (
    <ul className="registry-history__changes">
      {years.map((year) => {
        const from = old[year];
        const to = next[year];
        if (canonical(from) === canonical(to)) return null;
        if (isEmpty(from)) {
          const figures = Object.entries(to ?? {}).filter(([, value]) => !isEmpty(value));
          return (
            <li key={year}>
              {t('registry.yearAdded', { year })}
              {figures.length > 0 && `（${figures.map(([figure, value]) => `${t(`registry.figureName.${figure}`, { defaultValue: figure })} ${show(figure, value)}`).join('；')}）`}
            </li>
          );
        }
        if (isEmpty(to)) return <li key={year}>{t('registry.yearRemoved', { year })}</li>;
        const figures = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])].filter((figure) => canonical(from?.[figure]) !== canonical(to?.[figure]));
        return (
          <li key={year}>
            {t('registry.yearChanged', { year })}
            {figures.map((figure) => (
              <span key={figure}>
                {' '}
                {t(`registry.figureName.${figure}`, { defaultValue: figure })}{' '}
                <Typography.Text delete type="secondary">{show(figure, from?.[figure])}</Typography.Text> → {show(figure, to?.[figure])}；
              </span>
            ))}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The history of one registry record, newest first: who changed which fields when, before → after.
 * `fieldLabel` names a stored field as a reader knows it; `formatValue` may show a field's value
 * better than as stored (undefined: as stored).
 */
export function RegistryHistory({
  history,
  fieldLabel,
  formatValue,
  testId,
}: {
  history: RegistryHistoryEntry[];
  fieldLabel: (field: string) => string;
  formatValue?: (field: string, value: unknown) => ReactNode | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  const show = (value: unknown, field?: string): ReactNode => {
    if (isEmpty(value)) return '—';
    const formatted = field === undefined ? undefined : formatValue?.(field, value);
    if (formatted !== undefined) return formatted;
    if (typeof value === 'boolean') return value ? t('registry.yes') : t('registry.no');
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value as string | number);
  };
  if (history.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.noHistory')} />;
  return (
    <Timeline
      data-testid={testId}
      items={[...history].reverse().map((entry, index) => ({
        key: index,
        color: entry.change === 'create' ? 'green' : 'blue',
        content: (
          <div data-testid="history-entry">
            {entry.registry === 'certification' && (
              <Tag color="blue" data-testid="history-certification">
                {t('registry.certificationChange')}
              </Tag>
            )}
            <Typography.Text strong>{entry.change === 'create' ? t('registry.created') : t('registry.updated')}</Typography.Text>{' '}
            <Typography.Text type="secondary">
              {t('registry.beijingTime', { time: formatBeijingTime(entry.changed_at) })}
              {entry.changed_by ? ` · ${entry.changed_by}` : ''}
            </Typography.Text>
            <ul className="registry-history__changes">
              {changedFields(entry)
                .filter(({ field }) => entry.registry !== 'certification' || (field !== 'creditCode' && field !== 'credit_code'))
                .map(({ field, before, after }) => (
                <li key={field}>
                  {fieldLabel(field)}：
                  {field === 'years' ? (
                    <YearsChange before={entry.change === 'create' ? undefined : before} after={after} />
                  ) : (
                    <>
                      {entry.change === 'update' && (
                        <>
                          <Typography.Text delete type="secondary">{show(before, field)}</Typography.Text> →{' '}
                        </>
                      )}
                      <Typography.Text>{show(after, field)}</Typography.Text>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ),
      }))}
    />
  );
}
