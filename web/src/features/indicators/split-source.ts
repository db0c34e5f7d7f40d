/** The page where a figure's text was read, as a stored source labels it. */
export interface SourcePage {
  kind: 'official' | 'repost';
  /** As stored: 阅读页 or 转载页. */
  label: string;
  /** What the page is (where given) and its address. */
  text: string;
}

const pageLabels = { 阅读页: 'official', 转载页: 'repost' } as const;
const pageStart = /(?:^|；)(阅读页|转载页)：/;

/**
 * A stored source split into the publication ("国家统计局 科学技术部 财政部《…公报》（2025-09-29）")
 * and the page where it was read ("阅读页：… https://…"), as the server writes citations
 * (src/indicators/source-citation.ts). A free-text source without a labelled page is all publication.
 */
export function splitSource(text: string): { publication: string; page: SourcePage | null } {
  const match = pageStart.exec(text);
  if (!match) return { publication: text.trim(), page: null };
  const label = match[1] as keyof typeof pageLabels;
  return {
    publication: text.slice(0, match.index).trim(),
    page: { kind: pageLabels[label], label, text: text.slice(match.index + match[0].length).trim() },
  };
}
