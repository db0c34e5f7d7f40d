import { Badge, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatBeijingTime } from '../language/beijing-time.ts';
import { useLanguage } from '../language/use-language.ts';
import type { Light, ReportState } from './supervision-api.ts';

export interface Label {
  zh: string;
  en: string;
}

/** A server label ({ zh, en }) in the chosen language. */
export function useLabel(): (label: Label | null | undefined) => string {
  const { language } = useLanguage();
  return (label) => (label ? (language === 'en' ? label.en : label.zh) : '');
}

/** A measure's and its task's titles, and a cycle's name, in the chosen language (the pack's English where it has one). */
export function useMeasureTitles(): {
  measure: (ref: { title: string; title_en: string | null }) => string;
  task: (ref: { clause_label: string; task_title: string; task_title_en: string | null }) => string;
  period: (ref: { period_label: string; period_label_en: string }) => string;
} {
  const { language } = useLanguage();
  const english = language === 'en';
  return {
    measure: (ref) => (english && ref.title_en ? ref.title_en : ref.title),
    period: (ref) => (english ? ref.period_label_en : ref.period_label),
    task: (ref) => `${ref.clause_label}${english && ref.task_title_en ? ` ${ref.task_title_en}` : ref.task_title}`,
  };
}

export const lightColors: Record<Light, string> = {
  grey: '#bfbfbf',
  green: '#52c41a',
  blue: '#1677ff',
  yellow: '#faad14',
  red: '#f5222d',
};

/** A light as a coloured dot with its name (灰灯, 绿灯 …); the full rule in the tooltip. */
export function LightTag({ light, label }: { light: Light; label?: Label }) {
  const { t } = useTranslation();
  const pick = useLabel();
  const text = label ? pick(label) : t(`supervision.light.${light}`);
  const short = text.replace(/[（(].*$/, '');
  return (
    <Tooltip title={text}>
      <span data-light={light} className="supervision-light">
        <Badge color={lightColors[light]} text={short} />
      </span>
    </Tooltip>
  );
}

const stateColors: Record<ReportState, string> = { draft: 'default', submitted: 'processing', returned: 'error', approved: 'success' };

export function ReportStateTag({ state, label }: { state: ReportState; label: Label }) {
  const text = useLabel()(label);
  return (
    <Tag color={stateColors[state]} data-state={state}>
      {text}
    </Tag>
  );
}

/** An instant as Beijing time, labelled: 2026-12-06 18:40:00（北京时间）. */
export function beijingTime(iso: string | null | undefined, language: 'zh' | 'en'): string {
  if (!iso) return '';
  const text = formatBeijingTime(iso);
  return language === 'en' ? `${text} (Beijing time)` : `${text}（北京时间）`;
}

/** A file size as people read it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The evidence limits as the server checks them (src/supervision/supervision-vocabulary.ts: evidenceLimits, evidenceExtensions); the server is the judge. */
export const evidenceExtensionList = ['pdf', 'docx', 'xlsx', 'doc', 'xls', 'jpg', 'jpeg', 'png', 'zip'];
export const evidenceMaxBytes = 10 * 1024 * 1024;
export const evidenceMaxPerReport = 10;
