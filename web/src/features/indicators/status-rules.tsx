import { Collapse, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatusRule } from '../../api/types.ts';
import { useLanguage } from '../language/use-language.ts';
import { targetStatuses } from './status.ts';
import { StatusTag } from './status-tag.tsx';

/** How a status is decided, as the server states its rules: folded away until asked for. */
export function StatusRules({ rules }: { rules: readonly StatusRule[] }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const ordered = [...rules].sort((a, b) => targetStatuses.indexOf(a.status) - targetStatuses.indexOf(b.status));
  return (
    <Collapse
      size="small"
      className="status-rules"
      data-testid="status-rules"
      items={[
        {
          key: 'rules',
          label: t('indicators.statusRules'),
          children: (
            <dl className="status-rules__list">
              {ordered.map((rule) => (
                <div key={rule.status} className="status-rules__item">
                  <dt>
                    <StatusTag status={rule.status} />
                  </dt>
                  <dd>
                    <Typography.Text>{language === 'en' ? rule.en : rule.zh}</Typography.Text>
                  </dd>
                </div>
              ))}
            </dl>
          ),
        },
      ]}
    />
  );
}
