/**
 * Security settings of GB/T 22239-2019 level 3 style: lockout after repeated failures and
 * session time-outs. Defaults follow the issue; the deployment ones are read from the
 * environment once (src/cli/config.ts) and handed to the app.
 */
export interface SecuritySettings {
  /** Wrong passwords from one source (client address) that lock the account for that source. */
  lockoutThreshold: number;
  /**
   * Wrong passwords from every source together that lock the account everywhere: a ceiling far
   * above `lockoutThreshold`, so that a distributed guesser is still stopped, while an anonymous
   * caller at one address can only lock the account for that address.
   */
  accountLockoutThreshold: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Login attempts per client address per minute. */
  loginRateLimitPerMinute: number;
  /** Send cookies with the Secure flag (behind HTTPS). */
  secureCookies: boolean;
  /** A refused request is audited at once, then at most once per this many seconds per (actor, route), with a count. */
  refusalAuditWindowSeconds: number;
  /** Four-eyes approval: whoever submitted a value cannot approve it. */
  fourEyesApproval: boolean;
  /** Review by level (REVIEW_LEVELS): city (a county's value first by its city's leader), region (the coordinator). */
  reviewLevels: readonly ('city' | 'region')[];
}

export const defaultSecuritySettings: SecuritySettings = {
  lockoutThreshold: 5,
  accountLockoutThreshold: 50,
  lockoutMinutes: 15,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  loginRateLimitPerMinute: 10,
  secureCookies: false,
  refusalAuditWindowSeconds: 60,
  fourEyesApproval: false,
  reviewLevels: ['city', 'region'],
};
