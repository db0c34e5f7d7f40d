import { Input, Spin, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAreas } from '../../api/queries.ts';
import type { CertificationType } from '../../api/types.ts';
import { QueryError } from '../../components/query-error.tsx';
import { areaTree } from '../indicators/area-tree.ts';
import { useSession } from '../session/use-session.ts';

/** Every generated record says so wherever it shows: it must never pass for real data. */
export function SyntheticTag({ synthetic }: { synthetic: boolean }) {
  const { t } = useTranslation();
  if (!synthetic) return null;
  return (
    <Tag color="magenta" data-testid="synthetic-tag" style={{ marginInlineStart: 6 }}>
      {t('registry.synthetic')}
    </Tag>
  );
}

/** The certification types one may filter by, in tier order. */
export const certificationFilterTypes = ['tech_sme', 'national_hte', 'innovative_demo_enterprise', 'gazelle', 'unicorn'] as const satisfies readonly CertificationType[];

/** 科技型中小企业 … from the i18n files; an unknown type shows its code. */
export function useCertificationLabel(): (type: string) => string {
  const { t } = useTranslation();
  return (type) => t(`registry.certification.${type}`, { defaultValue: type });
}

/**
 * The areas one may filter by: Ningxia's tree for a region-wide account, the account's own area
 * for an area role (the server limits the answers anyway).
 */
export function AreaFilter({ value, onChange }: { value?: string | undefined; onChange?: (org: string | undefined) => void }) {
  const { t } = useTranslation();
  const areas = useAreas();
  const { session } = useSession();
  const ownArea = session?.abilities['registry.read'] === 'own_area' ? (session.user.org_code ?? undefined) : undefined;
  const tree = useMemo(() => areaTree(areas.data?.areas ?? [], { roots: [ownArea ?? '640000'] }), [areas.data, ownArea]);
  return (
    <TreeSelect
      allowClear
      value={value}
      treeData={tree}
      treeDefaultExpandedKeys={[ownArea ?? '640000']}
      placeholder={t('registry.allAreas')}
      loading={areas.isPending}
      onChange={(org: string | undefined) => onChange?.(org ?? undefined)}
      style={{ minWidth: 200 }}
      popupMatchSelectWidth={false}
      showSearch
      treeNodeFilterProp="title"
      data-testid="registry-area-filter"
    />
  );
}

/** Filters kept in the URL (shareable, survive a reload); any change but the page goes back to page 1. */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((key) => [key, params.get(key) ?? undefined])) as Record<K, string | undefined>;
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = [10, 20, 50, 100].includes(Number(params.get('size'))) ? Number(params.get('size')) : 20;
  const set = (changes: Partial<Record<K | 'page' | 'size', string | undefined>>) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes) as [string, string | undefined][]) {
          if (value === undefined || value === '') next.delete(key);
          else next.set(key, value);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  return { values, page, pageSize, set };
}

/** A search box's text, passed on after the typing pauses. */
function useDebounced(value: string, delay = 300): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * The name search of a registry list: what is typed goes to `onSearch` once the typing pauses
 * (or at once on Enter); a change of `value` from the URL does not echo back.
 */
export function RegistrySearch({ value, onSearch, placeholder, testId, width = 280 }: { value: string | undefined; onSearch: (text: string) => void; placeholder: string; testId: string; width?: number }) {
  const [text, setText] = useState(value ?? '');
  const typed = useDebounced(text.trim());
  useEffect(() => {
    if (typed !== (value ?? '')) onSearch(typed);
  }, [typed]);
  return (
    <Input.Search
      allowClear
      value={text}
      placeholder={placeholder}
      onChange={(event) => setText(event.target.value)}
      onSearch={(submitted) => {
        setText(submitted);
        onSearch(submitted.trim());
      }}
      style={{ width }}
      data-testid={testId}
    />
  );
}

interface PagedQuery {
  isError: boolean;
  error: unknown;
  isPending: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  refetch: () => unknown;
}

/**
 * A registry list: a page of rows from the server, the page and its size kept in the URL
 * (useUrlFilters), the previous page shown dimmed while the next loads, an error with a retry.
 */
/**
 * Spread into a column whose cells must stay on one line (dates, credit codes, registration
 * numbers, amounts): the table scrolls sideways rather than breaking 2024-11-14 or a code.
 */
export const noWrap = { onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }), onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };

/** A table's money unit, stated once at its head: the cells below are numbers only. */
export function MoneyUnit({ unit }: { unit: string }) {
  return (
    <Typography.Text type="secondary" data-testid="money-unit">
      {unit}
    </Typography.Text>
  );
}

export function PagedRegistryTable<Row extends object>({
  query,
  rows,
  total,
  totalLabel,
  columns,
  rowKey,
  testId,
  scrollX,
  paging,
  unit,
}: {
  query: PagedQuery;
  rows: Row[];
  total: number;
  /** The count under the table; "N 条" by default. */
  totalLabel?: string | undefined;
  columns: TableColumnsType<Row>;
  rowKey: keyof Row & string;
  testId: string;
  scrollX: number;
  paging: Pick<ReturnType<typeof useUrlFilters>, 'page' | 'pageSize' | 'set'>;
  /** The table's money unit, stated once above it ("金额单位：万元"); its cells are numbers only. */
  unit?: string | undefined;
}) {
  const { t } = useTranslation();
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Spin spinning={query.isFetching && query.isPlaceholderData} delay={200}>
      <Table<Row>
        data-testid={testId}
        rowKey={rowKey}
        columns={columns}
        dataSource={rows}
        loading={query.isPending}
        size="middle"
        scroll={{ x: scrollX }}
        title={unit ? () => <MoneyUnit unit={unit} /> : undefined}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: () => totalLabel ?? t('common.count', { count: total }),
          onChange: (next, size) => paging.set({ page: String(next), size: String(size) }),
        }}
      />
    </Spin>
  );
}
