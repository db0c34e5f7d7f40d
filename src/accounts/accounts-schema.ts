import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Accounts. One role per account (三权分立: no account holds two administrator roles), with the
 * scope that role acts in: a government unit, an area (and its subtree) or an enterprise.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    /** Unit id of the policy packs, for unit roles. */
    unitId: text('unit_id'),
    /** GB/T 2260 area code, for area roles. */
    orgCode: text('org_code'),
    /** 统一社会信用代码, for enterprise users. */
    creditCode: text('credit_code'),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('users_role_idx').on(table.role)],
);

/**
 * Server-side sessions: the browser holds only a random token (HttpOnly cookie); the database
 * holds its SHA-256, so a leaked table cannot be replayed.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** The absolute limit, whatever the activity. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    clientIp: text('client_ip'),
    userAgent: text('user_agent'),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/** Permissions as data: a role may do an action within a scope. Seeded from defaults, edited by the security administrator. */
export const rolePermissions = pgTable(
  'role_permissions',
  {
    role: text('role').notNull(),
    action: text('action').notNull(),
    scope: text('scope').notNull(),
  },
  (table) => [primaryKey({ columns: [table.role, table.action] })],
);

/**
 * Failed sign-ins counted per account *and* source (the client address as the server sees it):
 * five wrong passwords from one address lock the account for that address only, so anonymous
 * requests from elsewhere cannot lock an administrator out. The account-wide ceiling (many more
 * failures from every address together) stays on `users.failed_login_count` / `locked_until`.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    failedCount: integer('failed_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastFailedAt: timestamp('last_failed_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.source] })],
);

/**
 * Refusals (403) are audited one row per burst per (actor, route): the first at once, then at
 * most one row per window carrying how many were refused since. The state is here, not in one
 * process, so that every app server shares the window.
 */
export const refusalBursts = pgTable(
  'refusal_bursts',
  {
    /** The account id, or `public` for a signed-out caller. */
    actorKey: text('actor_key').notNull(),
    route: text('route').notNull(),
    /** When the last audit row for this key was written. */
    loggedAt: timestamp('logged_at', { withTimezone: true }).notNull(),
    /** Refusals since that row, not yet written. */
    pending: integer('pending').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.actorKey, table.route] })],
);
