import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { splitSource } from './split-source.ts';

/** Text with its web addresses made into links that open apart from the platform. */
function Linked({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s，。；）)]+)/);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part} target="_blank" rel="noopener noreferrer">
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </>
  );
}

/**
 * A source as a reader cites it: the publication first ("国家统计局 科学技术部 财政部《…公报》"),
 * then, on its own line, the page where the text was read, labelled 阅读页 or 转载页, as a link.
 * A free-text source (an import's "统计公报 https://…") is shown as recorded.
 */
export function SourceText({ text }: { text: string }) {
  const { t } = useTranslation();
  const { publication, page } = splitSource(text);
  return (
    <span className="source-text">
      {publication !== '' && (
        <span className="source-text__publication" data-testid="source-publication">
          <Linked text={publication} />
        </span>
      )}
      {page && (
        <span className="source-text__page" data-testid="source-page" style={{ display: 'block' }}>
          <span className="source-text__label">{t(`sources.readAt.${page.kind}`)}：</span>
          <Linked text={page.text} />
        </span>
      )}
    </span>
  );
}
