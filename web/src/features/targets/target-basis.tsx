import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { TargetEvaluation } from '../../api/types.ts';
import { formatEvaluationTarget } from '../indicators/format-evaluation.ts';
import { useLocalized } from '../language/use-language.ts';
import { sessionPaths } from '../session/session-paths.ts';
import { useSession } from '../session/use-session.ts';
import { formatComparison, formatSupplier, formatTargetSource } from './area-target-text.ts';

interface TargetBasisProps {
  evaluation: TargetEvaluation;
  unit: string;
  tolerance?: number | undefined;
  clauseLabel: (clause: number) => string;
}

/**
 * The target an area is judged against, and whose it is: the pack's (for the region), the pack's
 * breakdown or the coordinator's (with who and when) for a city or county — or, for an area
 * without one, "本地区未分解该目标", never the regional target as if it were its own.
 */
export function TargetBasis({ evaluation, unit, tolerance, clauseLabel }: TargetBasisProps) {
  const { t } = useTranslation();
  const { language } = useLocalized();
  if (evaluation.target_basis === 'none') {
    return (
      <div data-testid="target-basis" data-basis="none">
        <Typography.Text>{t('areaTargets.none')}</Typography.Text>
        <div>
          <Typography.Text type="secondary" className="cell-note">
            {t('areaTargets.noneHint')}
          </Typography.Text>
        </div>
      </div>
    );
  }
  const source = evaluation.target_source;
  return (
    <div data-testid="target-basis" data-basis="own">
      <div>{formatEvaluationTarget(evaluation, unit, t, language, tolerance)}</div>
      <Typography.Text type="secondary" className="cell-note">
        {t('indicators.byYear', { year: evaluation.year })}
        {source && source.kind !== 'pack' ? ` · ${formatTargetSource(source, t, clauseLabel)}` : ''}
      </Typography.Text>
    </div>
  );
}

/** The area's share of the region (additive indicators) and its rank among its siblings; nothing for the region itself. */
export function AreaComparisonNote({ evaluation, unit }: { evaluation: TargetEvaluation; unit: string }) {
  const { t } = useTranslation();
  const { language } = useLocalized();
  if (!evaluation.comparison) return null;
  const text = formatComparison(evaluation.comparison, unit, t, language);
  return text === '' ? null : (
    <Typography.Text type="secondary" className="cell-note" data-testid="area-comparison">
      {text}
    </Typography.Text>
  );
}

/**
 * An empty target: who supplies its figure, from the pack's responsibility lists, and where to
 * enter or import it (for those who may).
 */
export function SupplierNote({ evaluation, org }: { evaluation: TargetEvaluation; org: string }) {
  const { t } = useTranslation();
  const { language } = useLocalized();
  const { can } = useSession();
  if (evaluation.value !== null) return null;
  return (
    <Space size={[8, 0]} wrap className="cell-note" data-testid="supplier-note">
      <Typography.Text type="secondary">{formatSupplier(evaluation.supplier, t, language)}</Typography.Text>
      {can('indicators.enter') && <Link to={`${sessionPaths.dataEntry}?org=${encodeURIComponent(org)}`}>{t('areaTargets.enterData')}</Link>}
      {can('indicators.import') && <Link to={sessionPaths.dataImport}>{t('areaTargets.importData')}</Link>}
    </Space>
  );
}
