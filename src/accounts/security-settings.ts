/**
 * Security settings of GB/T 22239-2019 level 3 style: lockout after repeated failures and
 * session time-outs. Defaults follow the issue; each can be changed by environment variable.
 */
export interface SecuritySettings {
  lockoutThreshold: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Login attempts per client address per minute. */
  loginRateLimitPerMinute: number;
  /** Send cookies with the Secure flag (behind HTTPS). */
  secureCookies: boolean;
}

export const defaultSecuritySettings: SecuritySettings = {
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  loginRateLimitPerMinute: 10,
  secureCookies: false,
};
