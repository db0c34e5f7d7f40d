import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../features/language/language.ts';
import { useLanguage } from '../features/language/use-language.ts';

/** 中文 / English; each option is written in its own language so either reader can find it. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLanguage();
  return (
    <Segmented<Language>
      aria-label={t('language.label')}
      data-testid="language-switch"
      size="small"
      value={language}
      onChange={setLanguage}
      options={languages.map((value) => ({ value, label: t(`language.${value}`) }))}
    />
  );
}
