import { Card, Descriptions, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EnterpriseDetail, EnterpriseEvent, EnterpriseFlag } from '../../api/types.ts';
import { useLanguage } from '../language/use-language.ts';
import { formatYuan } from './registry-money.ts';
import { noWrap } from './registry-ui.tsx';

/** The declarations in the order a reader meets them (the server's vocabulary: src/registry/registry-vocabulary.ts). */
export const enterpriseFlags: readonly EnterpriseFlag[] = ['deemed_taxation', 'western_development_encouraged', 'ic_or_machine_tool_list'];

/** An event's name in the interface language (the server's Chinese label when the type is new to this page). */
export function useEventLabel() {
  const { t } = useTranslation();
  return (event: Pick<EnterpriseEvent, 'type'> & { label?: string }) => t(`profiles.eventTypes.${event.type}`, { defaultValue: event.label ?? event.type });
}

/** A list of events in one line, as the history shows a change of them: 2024 年 首次纳入规模以上企业；… */
export function useEventsText() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const label = useEventLabel();
  return (events: readonly (Pick<EnterpriseEvent, 'type' | 'year'> & { amount?: string; label?: string })[]) =>
    events
      .map((event) => `${t('profiles.eventChange', { year: event.year, label: label(event) })}${event.amount ? ` ${formatYuan(event.amount, language)} ${t('registry.unitYuan')}` : ''}`)
      .join(language === 'zh' ? '；' : '; ');
}

/** The enterprise's registry events (事件): type, year and, for an award, the national prize in yuan. */
export function EnterpriseEvents({ events }: { events: EnterpriseEvent[] }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const label = useEventLabel();
  const columns: TableColumnsType<EnterpriseEvent> = [
    { key: 'year', title: t('profiles.eventYear'), dataIndex: 'year', width: 90 },
    { key: 'type', title: t('profiles.eventType'), render: (_, event) => label(event) },
    { key: 'amount', title: t('profiles.eventAmount'), align: 'right', ...noWrap, render: (_, event) => (event.amount ? formatYuan(event.amount, language) : '—') },
  ];
  return (
    <Card title={t('profiles.events')}>
      <Typography.Paragraph type="secondary">{t('profiles.eventsIntro')}</Typography.Paragraph>
      <Table<EnterpriseEvent>
        data-testid="enterprise-events"
        rowKey={(event) => `${event.type}|${event.year}`}
        size="small"
        columns={columns}
        dataSource={[...events].reverse()}
        pagination={false}
        locale={{ emptyText: t('profiles.noEvents') }}
      />
    </Card>
  );
}

/** The experts' innovation score and the declarations; "not declared" said as such, never shown as 否. */
export function EnterpriseDeclarations({ enterprise }: { enterprise: EnterpriseDetail['enterprise'] }) {
  const { t } = useTranslation();
  const flagText = (value: boolean | null) =>
    value === null ? <Tag data-testid="flag-not-declared">{t('profiles.notDeclared')}</Tag> : value ? t('profiles.flagYes') : t('profiles.flagNo');
  return (
    <Card title={t('profiles.declarations')}>
      <Typography.Paragraph type="secondary">{t('profiles.declarationsIntro')}</Typography.Paragraph>
      <Descriptions
        data-testid="enterprise-declarations"
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'hte_innovation_score', label: t('profiles.hteInnovationScore'), children: enterprise.hte_innovation_score ?? t('profiles.notKnown') },
          ...enterpriseFlags.map((flag) => ({ key: flag, label: t(`profiles.flag.${flag}`), children: flagText(enterprise.flags[flag]) })),
        ]}
      />
    </Card>
  );
}
