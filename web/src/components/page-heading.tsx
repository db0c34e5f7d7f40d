import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** The title line of a page, with an optional one-sentence introduction and actions on the right. */
export function PageHeading({ title, intro, extra }: { title: ReactNode; intro?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-heading">
      <div>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {title}
        </Typography.Title>
        {intro && <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{intro}</Typography.Paragraph>}
      </div>
      {extra && <div className="page-heading__extra">{extra}</div>}
    </div>
  );
}
