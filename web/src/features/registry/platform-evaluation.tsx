import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Results as stored (English codes; older files the Chinese words) → one code. */
const resultCodes: Record<string, string> = { 优秀: 'excellent', 合格: 'pass', 不合格: 'fail', 撤销: 'revoked' };
const resultColors: Record<string, string> = { excellent: 'green', pass: 'blue', fail: 'red', revoked: 'default' };

/** 优秀 / 合格 / 不合格 / 撤销 as a coloured tag; an unknown result shows as stored. */
export function EvaluationTag({ result }: { result: string }) {
  const { t } = useTranslation();
  const code = resultCodes[result] ?? result;
  return (
    <Tag color={resultColors[code] ?? 'default'} data-testid="evaluation-tag" data-result={code}>
      {t(`registry.evaluationResult.${code}`, { defaultValue: result })}
    </Tag>
  );
}
