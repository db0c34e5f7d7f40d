import { useParams } from 'react-router-dom';

/** The pack of the current route; pack pages are only mounted under /packs/:packId. */
export function usePackId(): string {
  const { packId } = useParams();
  if (packId === undefined) throw new Error('usePackId used outside a /packs/:packId route');
  return packId;
}

/** Paths of a pack's pages, in one place so that links and routes agree. */
export const packPaths = {
  document: (packId: string) => `/packs/${encodeURIComponent(packId)}`,
  clause: (packId: string, clause: number) => ({
    pathname: `/packs/${encodeURIComponent(packId)}`,
    hash: `#clause-${clause}`,
  }),
  targets: (packId: string) => `/packs/${encodeURIComponent(packId)}/targets`,
  tasks: (packId: string) => `/packs/${encodeURIComponent(packId)}/tasks`,
  units: (packId: string) => `/packs/${encodeURIComponent(packId)}/units`,
  unit: (packId: string, unitId: string) =>
    `/packs/${encodeURIComponent(packId)}/units/${encodeURIComponent(unitId)}`,
  incentives: (packId: string) => `/packs/${encodeURIComponent(packId)}/incentives`,
  dashboard: (packId: string) => `/packs/${encodeURIComponent(packId)}/dashboard`,
  evaluation: (packId: string) => `/packs/${encodeURIComponent(packId)}/evaluation`,
  /** An indicator's page, for one area when `org` is given (else the pack's region). */
  indicator: (packId: string, code: string, org?: string) =>
    `/packs/${encodeURIComponent(packId)}/indicators/${encodeURIComponent(code)}${org ? `?org=${encodeURIComponent(org)}` : ''}`,
};
