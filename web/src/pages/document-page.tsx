import { Card, Col, Descriptions, Row, Tag, Typography, type DescriptionsProps } from 'antd';
import { Fragment, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { usePack } from '../api/queries.ts';
import type { Clause, Pack } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { QueryError } from '../components/query-error.tsx';
import { clauseAnchor, clauseFromHash, printedLabel } from '../features/document/clause-label.ts';
import { formatDate } from '../features/language/format-date.ts';
import { useLocalized } from '../features/language/use-language.ts';
import { interpretationIn } from '../features/language/interpretation.ts';
import { packPaths, usePackId } from '../features/packs/use-pack-id.ts';

/** The policy text: metadata, preamble, then every section and clause, with a table of contents. */
export function DocumentPage() {
  const packId = usePackId();
  const query = usePack(packId);
  if (query.isPending) return <Loading />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  return <PolicyDocument pack={query.data} />;
}

interface Citations {
  targets: Pack['targets'];
  tasks: Pack['tasks'];
  incentives: Pack['incentives'];
}

function citationsByClause(pack: Pack): Map<number, Citations> {
  const byClause = new Map<number, Citations>();
  const entry = (clause: number) => {
    let citations = byClause.get(clause);
    if (!citations) {
      citations = { targets: [], tasks: [], incentives: [] };
      byClause.set(clause, citations);
    }
    return citations;
  };
  for (const target of pack.targets) entry(target.clause).targets.push(target);
  for (const task of pack.tasks) entry(task.clause).tasks.push(task);
  for (const incentive of pack.incentives) entry(incentive.clause).incentives.push(incentive);
  return byClause;
}

function Paragraphs({ text, className }: { text: string; className?: string }) {
  return (
    <>
      {text
        .split(/\n+/)
        .filter((line) => line.trim() !== '')
        .map((line, index) => (
          <Typography.Paragraph key={index} className={className}>
            {line}
          </Typography.Paragraph>
        ))}
    </>
  );
}

function PolicyDocument({ pack }: { pack: Pack }) {
  const { t } = useTranslation();
  const { language, title } = useLocalized();
  const location = useLocation();
  const highlighted = clauseFromHash(location.hash);
  const citations = useMemo(() => citationsByClause(pack), [pack]);

  // The router does not scroll to a #fragment by itself. location.key is a dependency so that
  // following the same clause link twice scrolls back to it.
  useEffect(() => {
    if (highlighted === undefined) return;
    document.getElementById(clauseAnchor(highlighted))?.scrollIntoView({ block: 'start' });
  }, [highlighted, location.key]);

  const sections = [...pack.sections].sort((a, b) => a.number - b.number);
  const sectionNumbers = new Set(sections.map((section) => section.number));
  const clausesOf = (section: number) =>
    pack.clauses.filter((clause) => clause.section === section).sort((a, b) => a.number - b.number);
  // A clause whose section is missing from the list is still policy text: show it, after the rest.
  const orphans = pack.clauses.filter((clause) => !sectionNumbers.has(clause.section));

  // The document number is printed under the title, as on the official text; the issuers are
  // long (two full names), so they take a row of their own and the dates line up beneath.
  const metadata: DescriptionsProps['items'] = [
    { key: 'issuers', label: t('document.issuers'), children: pack.issuers.join('、'), span: 'filled' as const },
    { key: 'issued', label: t('document.issued'), children: formatDate(pack.issued, language) },
    pack.published && {
      key: 'published',
      label: t('document.published'),
      children: formatDate(pack.published, language),
    },
    { key: 'effective', label: t('document.effective'), children: formatDate(pack.effective, language) },
    pack.expires && { key: 'expires', label: t('document.expires'), children: formatDate(pack.expires, language) },
    { key: 'version', label: t('document.version'), children: pack.version },
  ].filter((item) => typeof item === 'object');

  const renderClause = (clause: Clause) => (
    <ClauseBlock
      key={clause.number}
      packId={pack.id}
      clause={clause}
      highlighted={clause.number === highlighted}
      citations={citations.get(clause.number)}
    />
  );

  return (
    <Row gutter={[24, 24]} className="document-page">
      <Col xs={24} xl={18}>
        <Card className="document-card">
          <header className="document-header">
            <Typography.Title level={2} className="document-title">
              {title(pack)}
            </Typography.Title>
            {language === 'en' && pack.title_en && (
              <Typography.Paragraph type="secondary" className="document-subtitle">
                {pack.title}
              </Typography.Paragraph>
            )}
            {pack.doc_number && <div className="document-number">{pack.doc_number}</div>}
          </header>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={metadata} className="document-meta" />
          {pack.preamble && (
            <section className="document-preamble" aria-label={t('document.preamble')}>
              <Paragraphs text={pack.preamble} className="document-text" />
            </section>
          )}
          {sections.map((section) => (
            <section key={section.number} className="document-section" id={`section-${section.number}`}>
              <Typography.Title level={3} className="document-section__title">
                {language === 'en' ? `${section.number}. ${title(section)}` : `${section.label}、${section.title}`}
              </Typography.Title>
              {clausesOf(section.number).map(renderClause)}
            </section>
          ))}
          {orphans.map(renderClause)}
          {pack.closing && (
            <section className="document-closing" aria-label={t('document.closing')}>
              <Paragraphs text={pack.closing} className="document-text" />
            </section>
          )}
        </Card>
      </Col>
      <Col xs={0} xl={6}>
        <nav className="document-toc" aria-label={t('document.toc')}>
          <Typography.Title level={5}>{t('document.toc')}</Typography.Title>
          {sections.map((section) => (
            <Fragment key={section.number}>
              <div className="document-toc__section">
                {language === 'en' ? `${section.number}. ${title(section)}` : `${section.label}、${section.title}`}
              </div>
              <ul>
                {clausesOf(section.number).map((clause) => (
                  <li key={clause.number}>
                    <Link
                      to={{ hash: `#${clauseAnchor(clause.number)}` }}
                      className={clause.number === highlighted ? 'toc-link toc-link--active' : 'toc-link'}
                      title={`${printedLabel(clause.label)} ${title(clause)}`}
                    >
                      {printedLabel(clause.label)} {title(clause)}
                    </Link>
                  </li>
                ))}
              </ul>
            </Fragment>
          ))}
        </nav>
      </Col>
    </Row>
  );
}

interface ClauseBlockProps {
  packId: string;
  clause: Clause;
  highlighted: boolean;
  citations: Citations | undefined;
}

function ClauseBlock({ packId, clause, highlighted, citations }: ClauseBlockProps) {
  const { t } = useTranslation();
  const { language, title } = useLocalized();
  const anchor = clauseAnchor(clause.number);
  const filtered = (path: string) => `${path}?clause=${clause.number}`;
  const hasCitations =
    citations !== undefined &&
    citations.targets.length + citations.tasks.length + citations.incentives.length > 0;
  return (
    <article
      id={anchor}
      data-testid={anchor}
      data-highlighted={highlighted ? 'true' : undefined}
      aria-current={highlighted ? 'location' : undefined}
      className={highlighted ? 'clause-block clause-block--highlighted' : 'clause-block'}
    >
      <Typography.Title level={4} className="clause-block__title">
        <span className="clause-block__label">{printedLabel(clause.label)}</span>
        {title(clause)}
        {language === 'en' && clause.title_en && (
          <Typography.Text type="secondary" className="clause-block__original">
            {clause.title}
          </Typography.Text>
        )}
      </Typography.Title>
      <Paragraphs text={clause.text} className="document-text" />
      {clause.responsibility_text && (
        <Typography.Paragraph className="clause-block__responsibility">
          {t('document.responsibilityLine', { units: clause.responsibility_text })}
        </Typography.Paragraph>
      )}
      {interpretationIn(language, clause) && (
        <details className="clause-block__interpretation">
          <summary>{t('common.interpretation')}</summary>
          <Paragraphs text={interpretationIn(language, clause) ?? ''} />
        </details>
      )}
      {hasCitations && (
        <div className="clause-citations">
          <span className="clause-citations__label">{t('document.citedBy')}</span>
          <CitationGroup
            tag={t('document.citedTargets')}
            color="green"
            to={filtered(packPaths.targets(packId))}
            items={citations.targets.map((target) => ({ id: target.id, text: target.text }))}
          />
          <CitationGroup
            tag={t('document.citedTasks')}
            color="blue"
            to={filtered(packPaths.tasks(packId))}
            items={citations.tasks.map((task) => ({ id: task.id, text: title(task) }))}
          />
          <CitationGroup
            tag={t('document.citedIncentives')}
            color="gold"
            to={filtered(packPaths.incentives(packId))}
            items={citations.incentives.map((incentive) => ({ id: incentive.id, text: title(incentive) }))}
          />
        </div>
      )}
    </article>
  );
}

interface CitationGroupProps {
  tag: string;
  color: string;
  /** The list page, filtered to this clause. */
  to: string;
  items: { id: string; text: string }[];
}

/** One kind of citing item (targets, tasks or incentives): its tag once, then each item as a link. */
function CitationGroup({ tag, color, to, items }: CitationGroupProps) {
  if (items.length === 0) return null;
  return (
    <span className="clause-citation">
      <Tag color={color}>{tag}</Tag>
      {items.map((item, index) => (
        <Fragment key={item.id}>
          {index > 0 && <span className="clause-citation__separator">·</span>}
          <Link to={to}>{item.text}</Link>
        </Fragment>
      ))}
    </span>
  );
}
