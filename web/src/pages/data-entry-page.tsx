import { CheckOutlined, LockOutlined, RollbackOutlined, SaveOutlined, SendOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, Input, Modal, Popconfirm, Popover, Select, Space, Table, Tooltip, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { privateKey, useEntrySheet } from '../api/private-queries.ts';
import { indicatorKey, useAreas, usePacks } from '../api/queries.ts';
import type { DraftValueInput, EntryIndicator, EntryValue, ImportProblem, WorkflowAction } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { areaTree, codesOf } from '../features/indicators/area-tree.ts';
import { beijingYear, formatBeijingTime } from '../features/language/beijing-time.ts';
import { formatValue } from '../features/indicators/format-value.ts';
import { SourceText } from '../features/indicators/source-text.tsx';
import { useLatestYear } from '../features/indicators/use-latest-year.ts';
import { unitSuggestions } from '../features/indicators/unit-suggestions.ts';
import { checkTypedValue, type ValueProblem } from '../features/indicators/value-input.ts';
import { ValueStatusTag } from '../features/indicators/value-status-tag.tsx';
import { useLanguage } from '../features/language/use-language.ts';
import { useSession } from '../features/session/use-session.ts';

interface Row {
  indicator: EntryIndicator;
  current: EntryValue | undefined;
}

/** The coordinator closes an area's reporting period, or reopens it. */
type PeriodChange = 'close' | 'reopen';

interface Edit {
  /** The value as typed: checked, never changed (−5 stays −5 and is refused, text is not dropped). */
  text: string;
  unit: string;
  source: string;
  /** The comment that accepts a data-quality warning (a year-on-year jump). */
  comment: string;
}

/** The years a value may be entered for: the last ten, newest first (this year's figures come next year); years as Beijing counts them. */
function entryYears(now = new Date()): string[] {
  const last = beijingYear(now);
  return Array.from({ length: 11 }, (_, index) => String(last - index));
}

function isProblemList(details: unknown): details is ImportProblem[] {
  return Array.isArray(details) && details.every((item) => typeof item === 'object' && item !== null && 'line' in item && 'message' in item);
}

/** Drafts, and returned values being corrected (they stay 已退回, with the reason shown, until submitted again). */
const isEditableStatus = (value: EntryValue | undefined) => value === undefined || value.status === 'draft' || value.status === 'returned';
const editable = (row: Row, closed: boolean) => !closed && !row.indicator.derived && isEditableStatus(row.current);

interface EntrySheetFormProps {
  org: string;
  period: string;
}

/** The sheet of one area and period: one row per indicator, kept apart so that a new choice starts clean. */
function EntrySheetForm({ org, period }: EntrySheetFormProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useEntrySheet(org, period);
  const [edits, setEdits] = useState<Map<string, Edit>>(new Map());
  const [rowErrors, setRowErrors] = useState<Map<string, string>>(new Map());
  // Rows whose value the server warned of (a jump from the year before): saved only with a comment.
  const [warned, setWarned] = useState<Set<string>>(new Set());
  const [returning, setReturning] = useState<{ indicators?: string[] } | undefined>();
  const [reason, setReason] = useState('');
  const [periodChange, setPeriodChange] = useState<PeriodChange | undefined>();
  const [periodReason, setPeriodReason] = useState('');

  const rows: Row[] = useMemo(() => {
    const sheet = query.data;
    if (!sheet) return [];
    const values = new Map(sheet.values.map((value) => [value.indicator, value]));
    // Derived indicators are computed; a published figure of one (stored) is shown for review only.
    return sheet.indicators
      .filter((indicator) => !indicator.derived || values.has(indicator.code))
      .map((indicator) => ({ indicator, current: values.get(indicator.code) }));
  }, [query.data]);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: [privateKey, 'indicator-values'] });
    // Approved values are published: the dashboard and indicator pages must see them.
    await queryClient.invalidateQueries({ queryKey: [indicatorKey] });
  };

  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.status === 400 && isProblemList(error.details)) {
      // The server numbers the problems by the position of the value in the request.
      const sent = draftInputs().map((input) => input.indicator);
      const next = new Map<string, string>();
      const warnings = new Set(warned);
      for (const problem of error.details) {
        const code = sent[problem.line - 1];
        if (code) next.set(code, language === 'en' ? problem.message_en : problem.message);
        if (code && problem.severity === 'warning') warnings.add(code);
      }
      setRowErrors(next);
      setWarned(warnings);
    }
    void message.error(errorMessage(error, language));
  };

  const indicatorOf = (code: string) => query.data?.indicators.find((indicator) => indicator.code === code);
  const checkEdit = (code: string, edit: Edit) => {
    const indicator = indicatorOf(code);
    return indicator ? checkTypedValue(edit.text, indicator, edit.unit) : checkTypedValue(edit.text, { unit: edit.unit }, edit.unit);
  };
  const problemText = (problem: ValueProblem): string => t(`entry.check.${problem.key}`, problem);
  // Only values that pass the form's check are sent; a refused one blocks saving (invalidCount).
  const draftInputs = (): DraftValueInput[] =>
    [...edits.entries()].flatMap(([indicator, edit]) => {
      const checked = checkEdit(indicator, edit);
      if (!checked.ok || checked.value === null) return [];
      return [{ indicator, value: checked.value, ...(edit.unit ? { unit: edit.unit } : {}), ...(edit.source.trim() ? { source: edit.source.trim() } : {}), ...(edit.comment.trim() ? { comment: edit.comment.trim() } : {}) }];
    });
  const invalidCount = [...edits.entries()].filter(([indicator, edit]) => !checkEdit(indicator, edit).ok).length;

  const save = useMutation({
    mutationFn: async () => {
      const values = draftInputs();
      if (values.length === 0) return 0;
      return (await api.saveDraftValues(org, period, values)).saved;
    },
    onSuccess: async (saved) => {
      setEdits(new Map());
      setRowErrors(new Map());
      setWarned(new Set());
      await refresh();
      void message.success(t('entry.saved', { count: saved }));
    },
    onError: failed,
  });

  const transition = useMutation({
    mutationFn: async ({ action, indicators, reason: why }: { action: WorkflowAction; indicators?: string[]; reason?: string }) => {
      // Submitting sends what is still being typed too: saved as drafts first.
      if (action === 'submit' && draftInputs().length > 0) {
        await api.saveDraftValues(org, period, draftInputs());
        setEdits(new Map());
      }
      return api.transitionValues(action, { org, period, ...(indicators ? { indicators } : {}), ...(why ? { reason: why } : {}) });
    },
    onSuccess: async (result, { action }) => {
      setRowErrors(new Map());
      await refresh();
      void message.success(t(`entry.done.${action}`, { count: result.changed.length }));
    },
    onError: async (error) => {
      failed(error);
      await refresh();
    },
  });

  const changePeriod = useMutation({
    mutationFn: ({ change, reason: why }: { change: PeriodChange; reason: string }) => (change === 'close' ? api.closePeriod({ org, period, reason: why }) : api.reopenPeriod({ org, period, reason: why })),
    onSuccess: async (_state, { change }) => {
      await refresh();
      void message.success(t(change === 'close' ? 'entry.closed' : 'entry.reopened'));
    },
    onError: async (error) => {
      failed(error);
      await refresh();
    },
  });

  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;

  // What this account may do here comes with the sheet (its own area, or every area).
  const { abilities, closure } = query.data;
  const reviewer = abilities.approve;
  const closed = closure !== null;

  const editOf = (row: Row): Edit => {
    const own = row.current !== undefined && isEditableStatus(row.current) ? row.current : undefined;
    return (
      edits.get(row.indicator.code) ?? {
        text: own ? String(own.entered_value) : '',
        comment: '',
        unit: own ? (own.entered_unit ?? row.indicator.unit) : row.indicator.unit,
        source: own ? (own.source ?? '') : '',
      }
    );
  };
  const change = (row: Row, patch: Partial<Edit>) =>
    setEdits((current) => new Map(current).set(row.indicator.code, { ...editOf(row), ...patch }));

  const busy = save.isPending || transition.isPending || changePeriod.isPending;
  const returnedCount = rows.filter((row) => row.current?.status === 'returned').length;
  // What a submission sends: drafts and corrected returned values.
  const drafts = rows.filter((row) => row.current?.status === 'draft').length + returnedCount;
  const awaitingReview = rows.filter((row) => row.current?.status === 'submitted').length;
  // What this account may approve or return now: submitted values waiting at its review level.
  const submitted = rows.filter((row) => row.current?.status === 'submitted' && row.current.can_review).map((row) => row.indicator.code);
  const dirty = draftInputs().length;
  const blocked = invalidCount > 0;

  const columns: TableColumnsType<Row> = [
    {
      key: 'indicator',
      title: t('entry.indicator'),
      width: 200,
      fixed: 'start',
      render: (_, row) => (
        <div>
          {/* Names, not codes: the code on hover only. */}
          <div title={row.indicator.code}>{row.indicator.name}</div>
        </div>
      ),
    },
    { key: 'unit', title: t('entry.canonicalUnit'), width: 84, render: (_, row) => row.indicator.unit },
    {
      key: 'current',
      title: t('entry.current'),
      width: 160,
      render: (_, row) => {
        const current = row.current;
        if (!current) return <Typography.Text type="secondary">{t('indicators.noData')}</Typography.Text>;
        const converted = current.entered_unit && current.entered_unit !== current.unit;
        return (
          <div>
            <Space size={4}>
              {current.status === 'approved' && <LockOutlined className="entry-lock" aria-label={t('entry.locked')} />}
              <Typography.Text strong>{formatValue(current.value, current.unit, current.qualifier, language)}</Typography.Text>
            </Space>
            {converted && (
              <div>
                <Typography.Text type="secondary" className="cell-note">
                  {t('entry.enteredAs', { value: formatValue(current.entered_value, current.entered_unit ?? '', null, language) })}
                </Typography.Text>
              </div>
            )}
            {current.source && (
              <Tooltip title={<SourceText text={current.source} />}>
                <Typography.Text type="secondary" className="cell-note entry-source" ellipsis>
                  {current.source}
                </Typography.Text>
              </Tooltip>
            )}
          </div>
        );
      },
    },
    {
      key: 'status',
      title: t('entry.status'),
      width: 150,
      render: (_, row) => {
        const current = row.current;
        return (
          <div data-testid={`entry-status-${row.indicator.code}`}>
            <ValueStatusTag status={current?.status} />
            {current?.review_level && (
              <div>
                <Typography.Text type="secondary" className="cell-note">
                  {t(`queues.levels.${current.review_level}`)}
                </Typography.Text>
              </div>
            )}
            {current && current.comments.length > 0 && (
              <Popover
                title={t('queues.historyTitle')}
                content={
                  <ol className="entry-comments" data-testid={`entry-comments-${row.indicator.code}`}>
                    {current.comments.map((comment, index) => (
                      <li key={index}>
                        <Typography.Text strong>
                          {t(`queues.commentActions.${comment.action}`)}
                          {comment.level ? `（${t(`queues.levelNames.${comment.level}`)}）` : ''}
                        </Typography.Text>
                        ：{comment.body}
                        <div>
                          <Typography.Text type="secondary" className="cell-note">
                            {comment.author} · {t('queues.beijingTime', { time: formatBeijingTime(comment.at) })}
                          </Typography.Text>
                        </div>
                      </li>
                    ))}
                  </ol>
                }
              >
                <Typography.Link className="cell-note">{t('queues.historyLink', { count: current.comments.length })}</Typography.Link>
              </Popover>
            )}
            {current?.returned && (
              <div className="entry-returned" data-testid={`entry-returned-${row.indicator.code}`}>
                <Typography.Text type="danger" className="cell-note">
                  {t('queues.returnedReason', { reason: current.returned.reason })}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary" className="cell-note">
                    {t('queues.returnedBy', { user: current.returned.by ?? t('entry.system'), time: formatBeijingTime(current.returned.at) })}
                  </Typography.Text>
                </div>
              </div>
            )}
          </div>
        );
      },
    },
    {
      key: 'input',
      title: t('entry.newValue'),
      render: (_, row) => {
        if (row.indicator.derived) return <Typography.Text type="secondary">{t('entry.derived')}</Typography.Text>;
        if (!editable(row, closed)) {
          return (
            <Typography.Text type="secondary">
              {closed ? t('entry.closedHint') : row.current?.status === 'approved' ? t('entry.lockedHint') : t('entry.submittedHint')}
            </Typography.Text>
          );
        }
        const edit = editOf(row);
        const checked = checkEdit(row.indicator.code, edit);
        // The form's own check first (as one types), then what the server answered.
        const error = checked.ok ? rowErrors.get(row.indicator.code) : problemText(checked.problem);
        const needsComment = warned.has(row.indicator.code);
        return (
          <div className="entry-inputs" data-entry={row.indicator.code}>
            <Space.Compact>
              <Input
                value={edit.text}
                inputMode="decimal"
                onChange={(event) => change(row, { text: event.target.value })}
                placeholder={t('entry.valuePlaceholder')}
                status={error ? (needsComment && checked.ok ? 'warning' : 'error') : undefined}
                className="entry-inputs__value"
                aria-label={t('entry.valueLabel', { name: row.indicator.name })}
                aria-invalid={checked.ok ? undefined : true}
                data-testid={`entry-value-${row.indicator.code}`}
              />
              <AutoComplete
                value={edit.unit}
                options={unitSuggestions(row.indicator.unit).map((unit) => ({ value: unit }))}
                onChange={(unit: string) => change(row, { unit })}
                className="entry-inputs__unit"
                aria-label={t('entry.unitLabel', { name: row.indicator.name })}
              />
            </Space.Compact>
            <Input
              value={edit.source}
              onChange={(event) => change(row, { source: event.target.value })}
              placeholder={t('entry.sourcePlaceholder')}
              maxLength={500}
              className="entry-inputs__source"
              aria-label={t('entry.sourceLabel', { name: row.indicator.name })}
            />
            {needsComment && (
              <Input
                value={edit.comment}
                onChange={(event) => change(row, { comment: event.target.value })}
                placeholder={t('entry.commentPlaceholder')}
                maxLength={500}
                className="entry-inputs__comment"
                aria-label={t('entry.commentLabel', { name: row.indicator.name })}
                data-testid={`entry-comment-${row.indicator.code}`}
              />
            )}
            {error && (
              <Typography.Text type={needsComment && checked.ok ? 'warning' : 'danger'} className="cell-note" role="alert">
                {error}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    ...(reviewer
      ? [
          {
            key: 'review',
            title: t('entry.review'),
            width: 170,
            render: (_: unknown, row: Row) => {
              const code = row.indicator.code;
              if (closed) return null;
              if (row.current?.status === 'submitted' && row.current.can_review) {
                return (
                  <Space size={4} wrap>
                    <Button size="small" type="primary" ghost icon={<CheckOutlined />} disabled={busy} onClick={() => transition.mutate({ action: 'approve', indicators: [code] })}>
                      {t('entry.approve')}
                    </Button>
                    <Button size="small" danger icon={<RollbackOutlined />} disabled={busy} onClick={() => setReturning({ indicators: [code] })}>
                      {t('entry.return')}
                    </Button>
                  </Space>
                );
              }
              // Unlocking reopens a value at the region's level: the coordinator's step only.
              if (row.current?.status === 'approved' && abilities.close) {
                return (
                  <Popconfirm title={t('entry.unlockConfirm')} description={t('entry.unlockHint')} onConfirm={() => transition.mutate({ action: 'unlock', indicators: [code] })}>
                    <Button size="small" icon={<UnlockOutlined />} disabled={busy}>
                      {t('entry.unlock')}
                    </Button>
                  </Popconfirm>
                );
              }
              return null;
            },
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert
        type={closed ? 'warning' : 'info'}
        showIcon
        icon={closed ? <LockOutlined /> : undefined}
        data-testid="period-state"
        data-closed={closed ? 'true' : 'false'}
        title={closed ? t('entry.closedTitle') : t('entry.openTitle')}
        description={
          closure
            ? t('entry.closedBy', { user: closure.closed_by ?? t('entry.system'), time: formatBeijingTime(closure.closed_at) })
            : t('entry.openHint')
        }
        action={
          abilities.close ? (
            closed ? (
              <Button icon={<UnlockOutlined />} disabled={busy} onClick={() => setPeriodChange('reopen')} data-testid="reopen-period">
                {t('entry.reopenPeriod')}
              </Button>
            ) : (
              <Button danger icon={<StopOutlined />} disabled={busy} onClick={() => setPeriodChange('close')} data-testid="close-period">
                {t('entry.closePeriod')}
              </Button>
            )
          ) : undefined
        }
      />
      <Card size="small">
        <Space wrap>
          <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} disabled={closed || busy || dirty === 0 || blocked} onClick={() => save.mutate()} data-testid="save-drafts">
            {t('entry.saveDrafts')}
          </Button>
          <Popconfirm title={t('entry.submitConfirm')} description={t('entry.submitHint')} onConfirm={() => transition.mutate({ action: 'submit' })} disabled={closed || busy || drafts + dirty === 0 || blocked}>
            <Button icon={<SendOutlined />} disabled={closed || busy || drafts + dirty === 0 || blocked} data-testid="submit-values">
              {t('entry.submit')}
            </Button>
          </Popconfirm>
          {reviewer && (
            <>
              <Button icon={<CheckOutlined />} disabled={closed || busy || submitted.length === 0} onClick={() => transition.mutate({ action: 'approve' })} data-testid="approve-all">
                {t('entry.approveAll', { count: submitted.length })}
              </Button>
              <Button danger icon={<RollbackOutlined />} disabled={closed || busy || submitted.length === 0} onClick={() => setReturning({})} data-testid="return-all">
                {t('entry.returnAll', { count: submitted.length })}
              </Button>
            </>
          )}
          <Typography.Text type="secondary">{t('queues.entrySummary', { drafts: drafts - returnedCount, returned: returnedCount, submitted: awaitingReview, dirty })}</Typography.Text>
          {blocked && (
            <Typography.Text type="danger" data-testid="entry-invalid">
              {t('entry.invalidSummary', { count: invalidCount })}
            </Typography.Text>
          )}
        </Space>
      </Card>
      <Table<Row>
        data-testid="entry-table"
        rowKey={(row) => row.indicator.code}
        size="middle"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1150 }}
        rowClassName={(row) => (row.current?.status === 'approved' ? 'entry-row--locked' : '')}
      />
      <Modal
        open={returning !== undefined}
        title={t('entry.returnTitle')}
        okText={t('entry.return')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '' }}
        onCancel={() => setReturning(undefined)}
        onOk={() => {
          transition.mutate({ action: 'return', ...(returning?.indicators ? { indicators: returning.indicators } : {}), reason: reason.trim() });
          setReturning(undefined);
          setReason('');
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('entry.returnHint')}</Typography.Paragraph>
        <Input.TextArea value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} rows={3} placeholder={t('entry.reasonPlaceholder')} aria-label={t('entry.reason')} />
      </Modal>
      <Modal
        open={periodChange !== undefined}
        title={periodChange === 'reopen' ? t('entry.reopenTitle') : t('entry.closeTitle')}
        okText={periodChange === 'reopen' ? t('entry.reopenPeriod') : t('entry.closePeriod')}
        okButtonProps={{ danger: periodChange === 'close', disabled: periodReason.trim() === '' }}
        onCancel={() => setPeriodChange(undefined)}
        onOk={() => {
          if (periodChange) changePeriod.mutate({ change: periodChange, reason: periodReason.trim() });
          setPeriodChange(undefined);
          setPeriodReason('');
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>{periodChange === 'reopen' ? t('entry.reopenHint') : t('entry.closeHint')}</Typography.Paragraph>
        <Input.TextArea
          value={periodReason}
          onChange={(event) => setPeriodReason(event.target.value)}
          maxLength={500}
          rows={3}
          placeholder={t('entry.periodReasonPlaceholder')}
          aria-label={t('entry.periodReason')}
          data-testid="period-reason"
        />
      </Modal>
    </Space>
  );
}

/**
 * 数据填报: an area's values for one year, entered as drafts, submitted for review, and — for the
 * coordinator — approved (which publishes and locks them), returned with a reason, or unlocked.
 * The area choice is limited to the account's own area and what lies under it; the server
 * refuses any other anyway.
 */
export function DataEntryPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const areas = useAreas();
  const packs = usePacks();
  const [searchParams, setSearchParams] = useSearchParams();
  const scope = session?.abilities['indicators.enter'];
  const ownArea = session?.user.org_code ?? undefined;
  const tree = useMemo(
    () => areaTree(areas.data?.areas ?? [], scope === 'all' ? { withCountry: true } : { roots: ownArea ? [ownArea] : [] }),
    [areas.data, scope, ownArea],
  );
  const reachable = codesOf(tree);
  const years = entryYears();
  const org = searchParams.get('org') ?? ownArea ?? packs.data?.packs[0]?.region;
  // Opens on the latest year with published data of the area (last year where it has none).
  const latestYear = useLatestYear({ requested: searchParams.get('period'), org, fallback: Number(years[1]) });
  const period = searchParams.get('period') ?? latestYear?.toString();
  // Both go into the address, so that a link or a reload opens the same sheet.
  const choose = (next: { org?: string; period?: string }) =>
    setSearchParams((current) => {
      const params = new URLSearchParams(current);
      const nextOrg = next.org ?? org;
      const nextPeriod = next.period ?? period;
      if (nextOrg) params.set('org', nextOrg);
      if (nextPeriod) params.set('period', nextPeriod);
      return params;
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeading title={t('entry.title')} intro={t('entry.intro')} />
      <Card size="small">
        <Space wrap size="large">
          <label className="inline-field">
            <span>{t('indicators.area')}</span>
            <TreeSelect
              value={org}
              treeData={tree}
              treeDefaultExpandAll
              showSearch={{ treeNodeFilterProp: 'title' }}
              loading={areas.isPending}
              onChange={(value: string) => choose({ org: value })}
              className="evaluation-filters__area"
              data-testid="entry-org"
              aria-label={t('indicators.area')}
            />
          </label>
          <label className="inline-field">
            <span>{t('indicators.period')}</span>
            <Select
              value={period}
              options={years.map((year) => ({ value: year, label: year }))}
              onChange={(value: string) => choose({ period: value })}
              className="evaluation-filters__year"
              data-testid="entry-period"
              aria-label={t('indicators.period')}
            />
          </label>
        </Space>
      </Card>
      {org !== undefined && areas.data && !reachable.has(org) && <Alert type="warning" showIcon title={t('entry.outOfScope')} />}
      {org !== undefined && period !== undefined && <EntrySheetForm key={`${org}|${period}`} org={org} period={period} />}
    </Space>
  );
}
