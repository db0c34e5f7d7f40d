import type { Role } from './roles.ts';

/** Who is acting: a signed-in account with its role and scope, or the platform itself at start-up. */
export interface Actor {
  kind: 'user' | 'system';
  userId: string | null;
  username: string;
  role: Role | 'system';
  unitId: string | null;
  orgCode: string | null;
  creditCode: string | null;
}

/** The platform acting on its own (start-up, migrations, demo accounts). */
export const systemActor: Actor = { kind: 'system', userId: null, username: 'system', role: 'system', unitId: null, orgCode: null, creditCode: null };

/** Where a request came from, for the audit log. */
export interface RequestOrigin {
  requestId: string | null;
  clientIp: string | null;
}

export const noOrigin: RequestOrigin = { requestId: null, clientIp: null };
