import { FileSearchOutlined, HistoryOutlined } from '@ant-design/icons';
import { Button, Descriptions, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Qualifier, ResolvedValue, ValueKind } from '../../api/types.ts';
import { useLanguage } from '../language/use-language.ts';
import { formatDifference, formatValue } from './format-value.ts';
import { SourceText } from './source-text.tsx';
import { ValueHistory } from './value-history.tsx';

export interface TracedValue {
  indicator: string;
  org: string;
  period: string;
  value: number | null;
  kind: ValueKind | null;
  qualifier?: Qualifier | null;
  source: string | null;
  published?: ResolvedValue['published'];
  computed?: ResolvedValue['computed'];
  difference?: ResolvedValue['difference'];
  inputs?: ResolvedValue['inputs'];
}

interface ValueSourceProps {
  value: TracedValue;
  unit: string;
  indicatorName: string;
  orgName?: string | undefined;
  /** Names the inputs of a computed value, with their units (rd_expenditure → 全社会R&D经费支出, 亿元). */
  indicatorOf?: (code: string) => { name: string; unit: string } | undefined;
}

/**
 * Where a number comes from, one click away: the recorded source (a bulletin, a newspaper, a
 * file), how the platform got the value (published, computed, summed), a published figure beside
 * the computed one, and the revision history of a stored value.
 */
export function ValueSource({ value, unit, indicatorName, orgName, indicatorOf }: ValueSourceProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [historyOpen, setHistoryOpen] = useState(false);
  const [open, setOpen] = useState(false);
  if (value.value === null) return null;

  const origin =
    value.kind === 'computed'
      ? t('indicators.computedFrom', {
          inputs: (value.inputs ?? [])
            .map((input) => {
              const about = indicatorOf?.(input.indicator);
              const amount = input.value === null ? t('indicators.noData') : formatValue(input.value, about?.unit ?? '', null, language);
              return `${about?.name ?? input.indicator} ${amount}`;
            })
            .join('；'),
        })
      : value.kind === 'rolled_up'
        ? t('indicators.rolledUpFrom')
        : undefined;
  const items = [
    {
      key: 'source',
      label: t('indicators.source'),
      children: value.source ? <SourceText text={value.source} /> : (origin ?? <Typography.Text type="secondary">{t('indicators.noSource')}</Typography.Text>),
    },
    ...(value.kind ? [{ key: 'kind', label: t('indicators.kind'), children: t(`valueKind.${value.kind}`) }] : []),
    ...(value.qualifier && value.qualifier !== 'exact'
      ? [{ key: 'qualifier', label: t('indicators.qualifier'), children: t(`qualifier.${value.qualifier}`) }]
      : []),
    ...(value.source && origin ? [{ key: 'origin', label: t('indicators.origin'), children: origin }] : []),
    ...(value.published !== undefined && value.computed !== undefined
      ? [
          { key: 'published', label: t('indicators.published'), children: formatValue(value.published, unit, null, language) },
          { key: 'computed', label: t('indicators.computed'), children: formatValue(value.computed, unit, null, language) },
          {
            key: 'difference',
            label: t('indicators.difference'),
            children: value.difference === undefined ? '—' : formatDifference(value.difference, unit, language),
          },
        ]
      : []),
  ];

  return (
    <>
      <Popover
        trigger="click"
        open={open}
        onOpenChange={setOpen}
        title={t('indicators.sourceTitle', { value: formatValue(value.value, unit, value.qualifier, language) })}
        content={
          <div className="value-source" data-testid="value-source-content">
            <Descriptions size="small" column={1} items={items} />
            {value.kind === 'published' && (
              <Button
                size="small"
                icon={<HistoryOutlined />}
                onClick={() => {
                  setOpen(false);
                  setHistoryOpen(true);
                }}
                data-testid="value-history-open"
              >
                {t('history.open')}
              </Button>
            )}
          </div>
        }
      >
        <Button type="link" size="small" icon={<FileSearchOutlined />} className="value-source__trigger" data-testid="value-source">
          {t('indicators.source')}
        </Button>
      </Popover>
      {value.kind === 'published' && (
        <ValueHistory
          open={historyOpen}
          onClose={() => setHistoryOpen(false)}
          indicator={value.indicator}
          indicatorName={indicatorName}
          org={value.org}
          orgName={orgName}
          period={value.period}
        />
      )}
    </>
  );
}
