import { loadPermissionTable, noOrigin, systemActor } from '../../accounts/index.ts';
import { findAreaTree } from '../../areas/index.ts';
import { preparePlatform, type PlatformOptions } from '../../platform/index.ts';
import { createInProcessDispatcher, getScreeningRun, screeningShardRunner, shardsAtOnceOnAServer, startScreeningRun } from '../../screening/index.ts';
import { exitCodes, type Output } from '../output.ts';

/** Where the progress goes: a bar redrawn in place on a terminal, plain lines otherwise. */
export interface ProgressStream {
  isTTY?: boolean | undefined;
  write(text: string): unknown;
}

const statusText = { eligible: '符合', ineligible: '不符合', needs_info: '需补充信息' } as const;

/**
 * `kechuang screen --year Y [--pack P] [--org CODE] [--json]`: a screening run over the whole
 * register (or an area), in this process, with its progress on stderr; prints the totals by
 * incentive and status (stdout; one JSON document with --json). Exit 1 when the run failed.
 */
export async function screen(options: { year: string; pack?: string; org?: string; json?: boolean }, platformOptions: PlatformOptions, output: Output, progress: ProgressStream = process.stderr, now = new Date()): Promise<number> {
  const year = Number(options.year);
  if (!/^\d{4}$/.test(options.year) || year < 2000 || year > 2100) {
    output.err(`--year: expected a year from 2000 to 2100, got "${options.year}"`);
    return exitCodes.usage;
  }
  if (options.org !== undefined && !/^\d{6}$/.test(options.org)) {
    output.err(`--org: expected a six-digit area code, got "${options.org}"`);
    return exitCodes.usage;
  }
  const platform = await preparePlatform(platformOptions);
  // On PostgreSQL each shard the dispatcher runs at once on a worker thread of its own, started now.
  const runner = screeningShardRunner({ db: platform.db, databaseUrl: platformOptions.databaseUrl }, { threads: shardsAtOnceOnAServer });
  try {
    const tree = await findAreaTree(platform.db);
    // The operator's tool: the whole register, as the system (audited as such).
    const caller = { actor: systemActor, permissions: await loadPermissionTable(platform.db), tree, origin: noOrigin };
    let total = 0;
    let done = 0;
    let lastLine = -1;
    const show = () => {
      const share = total === 0 ? 1 : done / total;
      if (progress.isTTY) {
        const width = 30;
        const filled = Math.round(share * width);
        progress.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${done}/${total} 家企业`);
      } else {
        // Plain lines: one every tenth, so a log is not flooded.
        const tenth = Math.floor(share * 10);
        if (tenth !== lastLine) {
          lastLine = tenth;
          progress.write(`screening: ${done}/${total} enterprises (${Math.floor(share * 100)}%)\n`);
        }
      }
    };
    const dispatcher = createInProcessDispatcher(platform.db, {
      tree,
      runner,
      onPage: (count) => {
        done += count;
        show();
      },
    });
    const started = await startScreeningRun(platform.db, caller, { year, packId: options.pack, org: options.org }, dispatcher.dispatch, now);
    total = (await getScreeningRun(platform.db, caller, started.id)).enterprises_total;
    show();
    await dispatcher.idle();
    if (progress.isTTY) progress.write('\n');
    const run = await getScreeningRun(platform.db, caller, started.id);
    if (options.json) output.out(JSON.stringify(run, null, 2));
    else {
      output.out(`筛查 ${run.id}：${run.year}年度，${run.org_name ?? '全部地区'}，${run.enterprises_done} 家企业，状态 ${run.state}`);
      for (const row of run.totals) output.out(`${row.incentive_title}（${row.incentive_id}）\t${statusText[row.status]}\t${row.count} 家\t${row.amount} 元`);
    }
    if (run.state !== 'done') {
      output.err(`the run ended ${run.state}${run.error ? `: ${run.error}` : ''}`);
      return exitCodes.badInput;
    }
    return exitCodes.ok;
  } finally {
    await runner.close();
    await platform.close();
  }
}
