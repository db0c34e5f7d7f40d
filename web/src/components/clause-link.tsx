import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { printedLabel } from '../features/document/clause-label.ts';
import { packPaths } from '../features/packs/use-pack-id.ts';

interface ClauseLinkProps {
  packId: string;
  clause: number;
  /** The printed label, e.g. （七） (ASCII brackets are printed full-width). */
  label: string;
  /** `label` shows "（七）" alone (in a clause column); `full` shows "条款（七）". */
  variant?: 'label' | 'full';
}

/** A link to a clause of the policy text: the document page scrolls to it and highlights it. */
export function ClauseLink({ packId, clause, label, variant = 'full' }: ClauseLinkProps) {
  const { t } = useTranslation();
  const printed = printedLabel(label);
  const text = variant === 'label' ? printed : t('clause.link', { label: printed, number: clause });
  return (
    <Link to={packPaths.clause(packId, clause)} className="clause-link" data-clause={clause}>
      {text}
    </Link>
  );
}
