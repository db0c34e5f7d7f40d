import { Typography } from 'antd';
import { Fragment } from 'react';
import { Link } from 'react-router-dom';
import type { Unit } from '../api/types.ts';
import { useLocalized } from '../features/language/use-language.ts';
import { packPaths } from '../features/packs/use-pack-id.ts';

interface UnitLinksProps {
  packId: string;
  unitIds: readonly string[];
  byId: ReadonlyMap<string, Unit>;
  /** Units to set in bold, e.g. the one the list is filtered by and the groups it belongs to. */
  emphasise?: ReadonlySet<string> | undefined;
}

/** Unit ids as the responsibility list prints them: short names joined by 、, each a link. */
export function UnitLinks({ packId, unitIds, byId, emphasise }: UnitLinksProps) {
  const { unitShort, name } = useLocalized();
  if (unitIds.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span className="unit-links">
      {unitIds.map((id, index) => {
        const unit = byId.get(id);
        const label = unit ? unitShort(unit) : id;
        return (
          <Fragment key={id}>
            {index > 0 && <span className="unit-links__separator">、</span>}
            <Link
              to={packPaths.unit(packId, id)}
              title={unit ? name(unit) : undefined}
              className={emphasise?.has(id) ? 'unit-link unit-link--emphasised' : 'unit-link'}
            >
              {label}
            </Link>
          </Fragment>
        );
      })}
    </span>
  );
}
