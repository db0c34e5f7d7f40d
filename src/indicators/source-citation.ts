/**
 * A figure's source as a reader cites it: the publication first (publisher, title, date), then
 * the page where its text was read, labelled 阅读页 (the publisher's own or an official site) or
 * 转载页 (a repost). Editors' notes are not part of a citation: they stay in the bundled files.
 */
export interface SourceCitation {
  /** The issuing body (国家统计局 科学技术部 财政部); empty where the source does not say. */
  publisher: string;
  /** As cited: 《2023年全国科技经费投入统计公报》, or a description in brackets; empty where no publication is known. */
  title: string;
  /** ISO date of the publication itself, only where the source states it. */
  publishedOn: string;
  /** What the page read is, where it is not the publication itself (经济日报《我国研发经费投入持续加大》). */
  readAtTitle: string;
  readAtUrl: string;
  readAtKind: 'official' | 'repost';
}

/** How the page where a figure was read is labelled. */
export const readAtLabels = { official: '阅读页', repost: '转载页' } as const;

/** Between the publication and the page read in one source text; the web splits there. */
export const citationSeparator = '；';

/**
 * The citation as the one source text a value stores: "publisher《title》（date）；阅读页：… URL".
 * Where no publication is known, only the page read, labelled, and nothing invented.
 */
export function formatCitation(citation: SourceCitation): string {
  const publication = citation.title === '' ? '' : `${citation.publisher}${citation.publisher === '' || /^[《(（]/.test(citation.title) ? '' : ' '}${citation.title}${citation.publishedOn === '' ? '' : `（${citation.publishedOn}）`}`;
  const page = citation.readAtUrl === '' ? '' : `${readAtLabels[citation.readAtKind]}：${citation.readAtTitle === '' ? '' : `${citation.readAtTitle} `}${citation.readAtUrl}`;
  return [publication, page].filter((part) => part !== '').join(citationSeparator);
}
