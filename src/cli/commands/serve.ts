import { join } from 'node:path';
import { defaultSecuritySettings } from '../../accounts/index.ts';
import { startPlatform } from '../../server/index.ts';
import type { DeploymentSecurity } from '../config.ts';
import { exitCodes, type Output } from '../output.ts';

export interface ServeOptions {
  /** Create demo accounts and a synthetic registry on an empty platform (not in production). */
  demo: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  packsDir: string | undefined;
  logLevel: string;
  /** Secure cookies, trusted proxies, four-eyes approval (from the environment). */
  security: DeploymentSecurity;
}

/** `kechuang serve`: runs until SIGINT/SIGTERM, then closes the server and the database cleanly. */
export async function serve(options: ServeOptions, output: Output): Promise<number> {
  const platform = await startPlatform({
    port: options.port,
    host: options.host,
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    packsDir: options.packsDir,
    demoAccountsFile: options.demo ? join(options.dataDir, 'demo-accounts.txt') : undefined,
    demoRegistryEnterprises: options.demo ? 2000 : undefined,
    logLevel: options.logLevel,
    settings: { ...defaultSecuritySettings, secureCookies: options.security.secureCookies, fourEyesApproval: options.security.fourEyesApproval, reviewLevels: options.security.reviewLevels },
    trustProxy: options.security.trustProxy,
    // KECHUANG_JOBS=off: on PostgreSQL this server only queues jobs; `kechuang worker` processes take them.
    workJobs: process.env.KECHUANG_JOBS !== 'off',
  });
  const where = options.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${options.dataDir}`;
  if (platform.demoAccounts.length > 0) {
    output.err(`demo mode: one account per role, passwords shown once here and kept in ${join(options.dataDir, 'demo-accounts.txt')}:`);
    for (const account of platform.demoAccounts) output.err(`  ${account.username.padEnd(26)} ${account.password}  (${account.role}; ${account.scope})`);
  }
  output.err(`科创 Kechuang is running at ${platform.url.replace('127.0.0.1', 'localhost')} — database: ${where}; API docs at /api/docs`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  output.err('stopping…');
  await platform.close();
  return exitCodes.ok;
}
