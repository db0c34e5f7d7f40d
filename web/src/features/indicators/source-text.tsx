import { Fragment } from 'react';

/**
 * A source as recorded ("宁夏日报 2024-11-25《…》 https://…"), with its web addresses made
 * into links that open apart from the platform.
 */
export function SourceText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s，。；）)]+)/);
  return (
    <span className="source-text">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part} target="_blank" rel="noopener noreferrer">
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </span>
  );
}
