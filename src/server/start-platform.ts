import { fileURLToPath } from 'node:url';
import type { DemoAccount, SecuritySettings } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { preparePlatform, type PlatformOptions } from '../platform/index.ts';
import { buildApp } from './app.ts';
import { createInProcessDispatcher, resumeInterruptedRuns } from '../screening/index.ts';

export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface StartPlatformOptions extends PlatformOptions {
  port?: number;
  host?: string;
  webRoot?: string;
  logLevel?: string;
  settings?: SecuritySettings;
  /** Which proxies may tell the client address (TRUST_PROXY); default nobody. */
  trustProxy?: boolean | number | string[];
}

export interface RunningPlatform {
  url: string;
  /** The platform's database, for an embedding process (tests create accounts through the use cases). */
  database: DatabaseHandle;
  demoAccounts: DemoAccount[];
  close(): Promise<void>;
}

/** Prepares the database and packs, then serves the API and the web app. `port: 0` picks a free port. */
export async function startPlatform(options: StartPlatformOptions = {}): Promise<RunningPlatform> {
  const database = await preparePlatform(options);
  // Screening shards run in this process (the lead swaps in the job queue on a server).
  const screening = createInProcessDispatcher(database.db);
  const app = await buildApp({ database, screeningDispatcher: screening.dispatch, settings: options.settings, trustProxy: options.trustProxy, webRoot: options.webRoot ?? defaultWebRoot, logLevel: options.logLevel ?? 'warn' });
  try {
    await app.listen({ port: options.port ?? 3000, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    await app.close();
    await database.close();
    throw error;
  }
  // Runs a restart left going continue where they stopped.
  await resumeInterruptedRuns(database.db, screening.dispatch);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`,
    database,
    demoAccounts: database.demoAccounts,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
