import type { UnitKind } from '../../api/types.ts';

/** Tag colours that keep the big families apart at a glance: party, government, areas, academia. */
export function unitKindColor(kind: UnitKind): string {
  switch (kind) {
    case 'party_organ':
      return 'red';
    case 'government_department':
    case 'government_office':
      return 'blue';
    case 'area_government':
      return 'cyan';
    case 'university':
    case 'research_institute':
      return 'purple';
    case 'group':
      return 'gold';
    case 'judicial':
    case 'regulator':
      return 'geekblue';
    case 'state_enterprise':
    case 'people_organisation':
    case 'management_committee':
      return 'green';
  }
}
