import type { Abilities, Action } from '../../api/types.ts';

/** Paths of the signed-in pages, in one place so that links, redirects and routes agree. */
export const sessionPaths = {
  login: '/login',
  password: '/account/password',
  workspace: '/workspace',
  unitWorkspace: (unitId: string, packId: string) =>
    `/workspace/units/${encodeURIComponent(unitId)}?pack=${encodeURIComponent(packId)}`,
  accounts: '/admin/accounts',
  permissions: '/admin/permissions',
  audit: '/admin/audit',
  dataEntry: '/data/entry',
  /** 审核队列: ?tab=returned opens 已退回. */
  review: '/data/review',
  dataImport: '/data/import',
};

/** Paths of the registry pages (登记库). */
export const registryPaths = {
  enterprises: '/registry/enterprises',
  enterprise: (code: string) => `/registry/enterprises/${encodeURIComponent(code)}`,
  /** 政策计算器 of one enterprise (the coordinator's and area roles' way in, from the enterprise page). */
  enterpriseCalculator: (code: string) => `/registry/enterprises/${encodeURIComponent(code)}/calculator`,
  /** 政策计算器 of the enterprise user's own firm. */
  calculator: '/calculator',
  platforms: '/registry/platforms',
  platform: (number: string) => `/registry/platforms/${encodeURIComponent(number)}`,
  contracts: '/registry/contracts',
  pipeline: '/registry/pipeline',
  indicators: '/registry/indicators',
  import: '/registry/import',
};

export type RegistryPageKey = 'registryEnterprises' | 'registryPlatforms' | 'registryContracts' | 'registryPipeline' | 'registryIndicators' | 'registryImport';

/**
 * The registry pages in menu order, each with the ability that opens it. The comparison with the
 * published figures is public, but listed in the menu only beside the other registry pages.
 */
export const registryPages: readonly { key: RegistryPageKey; action: Action; path: string }[] = [
  { key: 'registryEnterprises', action: 'registry.read', path: registryPaths.enterprises },
  { key: 'registryPlatforms', action: 'registry.read', path: registryPaths.platforms },
  { key: 'registryContracts', action: 'registry.read', path: registryPaths.contracts },
  { key: 'registryPipeline', action: 'registry.read', path: registryPaths.pipeline },
  { key: 'registryIndicators', action: 'registry.read', path: registryPaths.indicators },
  { key: 'registryImport', action: 'registry.import', path: registryPaths.import },
];

/** The indicator-data pages, each with the ability that opens it, in menu order. */
export const dataPages: readonly { key: 'review' | 'entry' | 'import'; action: Action; path: string }[] = [
  { key: 'review', action: 'indicators.enter', path: sessionPaths.review },
  { key: 'entry', action: 'indicators.enter', path: sessionPaths.dataEntry },
  { key: 'import', action: 'indicators.import', path: sessionPaths.dataImport },
];

/** The administration pages, each with the ability that opens it, in menu order. */
export const adminPages: readonly { key: 'accounts' | 'permissions' | 'audit'; action: Action; path: string }[] = [
  { key: 'accounts', action: 'accounts.read', path: sessionPaths.accounts },
  { key: 'permissions', action: 'permissions.read', path: sessionPaths.permissions },
  { key: 'audit', action: 'audit.read', path: sessionPaths.audit },
];

/**
 * A `next` parameter that may be followed: a path on this site. `//evil.example` and
 * `/\evil.example` are other sites to a browser, and the login page itself would loop.
 */
export function safeNext(next: string | null | undefined): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  const path = next.split(/[?#]/)[0];
  if (path === sessionPaths.login) return undefined;
  return next;
}

/** `/login?next=…`, or `/account/password?next=…`: where to come back after signing in. */
export function withNext(path: string, next: string | undefined): string {
  const safe = safeNext(next);
  return safe === undefined || safe === '/' ? path : `${path}?next=${encodeURIComponent(safe)}`;
}

/** Where a person lands after signing in with no `next`: their workspace, else the first admin page they may open, else the policy. */
export function landingPath(abilities: Abilities): string {
  if (abilities['workspace.read']) return sessionPaths.workspace;
  return adminPages.find((page) => abilities[page.action] !== undefined)?.path ?? '/';
}
