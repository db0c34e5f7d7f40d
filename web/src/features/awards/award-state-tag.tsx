import { Tag } from 'antd';
import { useLanguage } from '../language/use-language.ts';
import { awardStateColours } from './award-format.ts';

export function AwardStateTag({ state, label }: { state: string; label: { zh: string; en: string } }) {
  const { language } = useLanguage();
  return (
    <Tag color={awardStateColours[state] ?? 'default'} data-state={state}>
      {language === 'en' ? label.en : label.zh}
    </Tag>
  );
}
