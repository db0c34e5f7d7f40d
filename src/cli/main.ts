import { Command, CommanderError, Option } from 'commander';
import { AppError } from '../shared/index.ts';
import { packExport } from './commands/pack-export.ts';
import { packLint } from './commands/pack-lint.ts';
import { calc, packTest } from './commands/incentive-commands.ts';
import { auditCheckpoint, auditKeygen } from './commands/audit-checkpoint.ts';
import { auditHead, auditSecure, auditSetAlgorithm, auditVerify } from './commands/audit-verify.ts';
import { backupCommand, restoreCommand } from './commands/backup-commands.ts';
import { grantAppRoleCommand } from './commands/db-commands.ts';
import { evaluate, importIndicators } from './commands/indicator-commands.ts';
import { generateDemo, importRegistryFile } from './commands/registry-commands.ts';
import { serve } from './commands/serve.ts';
import { worker } from './commands/worker.ts';
import { screen } from './commands/screen.ts';
import { report } from './commands/report.ts';
import { indexRun } from './commands/index-run.ts';
import { supervisionReminders } from './commands/supervision-reminders.ts';
import { readFirstLineOfStdin, userAdd, userList, userResetPassword, userSetStatus } from './commands/user-commands.ts';
import { deploymentSecurity, readEnvironment, resolveDataDir, type Environment } from './config.ts';
import { exitCodes, processOutput, type Output } from './output.ts';

/**
 * The CLI (contracts §1). Commands are thin: they parse flags, call one use case and print.
 * Returns the exit code: 0 ok, 1 bad input, 2 usage error.
 */
export async function main(argv: readonly string[], output: Output = processOutput): Promise<number> {
  const environment = readEnvironment();
  if (!environment.ok) {
    for (const problem of environment.problems) output.err(`configuration: ${problem}`);
    return exitCodes.usage;
  }
  const env = environment.config;
  let exitCode: number = exitCodes.ok;
  const dataDirOption = () => new Option('--data-dir <dir>', 'embedded database folder (default: $DATA_DIR, else ./data)');
  const database = (options: { dataDir?: string }) => ({ dataDir: resolveDataDir(options.dataDir, env), databaseUrl: env.DATABASE_URL, packsDir: env.PACKS_DIR });

  const program = new Command('kechuang')
    .description('科创 Kechuang — running a regional science-and-technology policy')
    .exitOverride()
    .configureOutput({ writeOut: (text) => output.out(text), writeErr: (text) => output.err(text) })
    .showHelpAfterError();

  program
    .command('serve')
    .description('serve the web app and the API')
    .option('--port <port>', 'port (default: $PORT, else 3000)')
    .option('--host <host>', 'address to listen on (default: $HOST, else 127.0.0.1)')
    .addOption(dataDirOption())
    .action(async (options: { port?: string; host?: string; dataDir?: string }) => {
      const port = Number(options.port ?? env.PORT);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CommanderError(exitCodes.usage, 'kechuang.port', `error: --port must be a number from 0 to 65535, got "${options.port}"`);
      exitCode = await serve({ port, host: options.host ?? env.HOST, ...database(options), logLevel: env.LOG_LEVEL, demo: env.NODE_ENV !== 'production', security: deploymentSecurity(env) }, output);
    });

  program
    .command('worker')
    .description('run the queued jobs (screening shards, reports) on PostgreSQL (DATABASE_URL), with no HTTP server; start as many as wanted, on any machines')
    .option('--concurrency <n>', 'jobs of each kind run at once in this process', '2')
    .action(async (options: { concurrency: string }) => {
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        output.err(`error: --concurrency must be a whole number from 1 to 64, got "${options.concurrency}"`);
        exitCode = exitCodes.usage;
        return;
      }
      exitCode = await worker({ databaseUrl: env.DATABASE_URL, packsDir: env.PACKS_DIR, concurrency }, output);
    });

  const pack = program.command('pack').description('policy packs');
  pack
    .command('lint')
    .description('validate a pack folder; every problem as file:line: message')
    .argument('<dir>', 'pack folder')
    .option('--json', 'print the result as JSON')
    .action((dir: string, options: { json?: boolean }) => {
      exitCode = packLint(dir, options, output);
    });
  pack
    .command('test')
    .description('run the pack’s rule cases (tests/*.yaml); exit 1 naming each failing case')
    .argument('<dir>', 'pack folder')
    .option('--json', 'print the result as JSON')
    .action((dir: string, options: { json?: boolean }) => {
      exitCode = packTest(dir, options, output);
    });
  program
    .command('calc')
    .description('benefits for one enterprise profile (contracts §3, §6): every rule of every pack in force')
    .requiredOption('--year <year>', 'calculation year')
    .option('--date <date>', 'calculation date (default: 1 January of the year): picks the dated parameters in force')
    .argument('<profile>', 'the enterprise profile, a JSON file')
    .option('--json', 'print the result as JSON')
    .addOption(dataDirOption())
    .action((file: string, options: { year: string; date?: string; json?: boolean }) => {
      exitCode = calc(file, options, { packsDir: env.PACKS_DIR }, output);
    });
  pack
    .command('export')
    .description('print the whole normalised pack as JSON')
    .argument('<pack-id>', 'pack id, e.g. ningxia-2022-st-action')
    .option('--json', 'print JSON (the only format)')
    .addOption(dataDirOption())
    .action(async (packId: string, options: { dataDir?: string }) => {
      exitCode = await packExport(packId, database(options), output);
    });

  const importCommand = program.command('import').description('import data files');
  importCommand
    .command('registry')
    .description('load a registry from .csv or .xlsx (enterprises, certifications, platforms, tech_contracts, and the rows of their records: enterprise_years, platform_evaluations); all or nothing')
    .argument('<registry>', 'enterprises | certifications | platforms | tech_contracts | enterprise_years | platform_evaluations')
    .argument('<file>', 'a file with the registry’s columns (see its template)')
    .option('--dry-run', 'check every row, write nothing')
    .option('--json', 'print the import report as JSON (the first 1,000 problems and their total)')
    .option('--problems-out <file>', 'write every problem to this CSV file (the terminal shows the first 100)')
    .addOption(dataDirOption())
    .action(async (kind: string, file: string, options: { dryRun?: boolean; json?: boolean; problemsOut?: string; dataDir?: string }) => {
      exitCode = await importRegistryFile(kind, file, options, database(options), output);
    });
  importCommand
    .command('indicators')
    .description('load indicator values from .csv or .xlsx (contracts §2); all or nothing')
    .argument('<file>', 'indicator,org,period,value,unit,source')
    .option('--dry-run', 'check every row, write nothing')
    .option('--json', 'print the import report as JSON (the first 1,000 problems and their total)')
    .option('--problems-out <file>', 'write every problem to this CSV file (the terminal shows the first 100)')
    .option('--comment <text>', 'accept the year-on-year jumps of the file (data-quality warnings) with this comment, kept in the audit log')
    .addOption(dataDirOption())
    .action(async (file: string, options: { dryRun?: boolean; json?: boolean; problemsOut?: string; comment?: string; dataDir?: string }) => {
      exitCode = await importIndicators(file, options, database(options), output);
    });

  program
    .command('evaluate')
    .description('targets against data (contracts §5)')
    .requiredOption('--pack <pack-id>', 'pack id, e.g. ningxia-2022-st-action')
    .option('--org <code>', 'GB/T 2260 area code (default: the pack’s region)')
    .option('--as-of <year>', 'evaluate with the data up to this year (default: the pack’s expiry year)')
    .option('--json', 'print JSON')
    .addOption(dataDirOption())
    .action(async (options: { pack: string; org?: string; asOf?: string; json?: boolean; dataDir?: string }) => {
      exitCode = await evaluate(options, database(options), output);
    });

  program
    .command('screen')
    .description('screening run (免申即享): every enterprise in scope against every enterprise rule in force for the year; progress on stderr, totals by incentive and status')
    .requiredOption('--year <year>', 'the year screened')
    .option('--pack <id>', 'only this pack’s rules')
    .option('--org <code>', 'only this area (and the areas below it)')
    .option('--json', 'print JSON')
    .addOption(dataDirOption())
    .action(async (options: { year: string; pack?: string; org?: string; json?: boolean; dataDir?: string }) => {
      exitCode = await screen(options, database(options), output);
    });

  program
    .command('report')
    .description('one of the reports the web generates in the background (evaluation.report, evaluation.workbook, fiscal.overview), made now and written to a file')
    .argument('<kind>', 'the report, e.g. fiscal.overview')
    .option('--param <name=value>', 'a parameter (repeat), e.g. --param year=2024', (value: string, previous: string[] = []) => [...previous, value])
    .requiredOption('--out <file>', 'where to write the file')
    .addOption(dataDirOption())
    .action(async (kind: string, options: { param?: string[]; out: string; dataDir?: string }) => {
      exitCode = await report(kind, options, database(options), output);
    });

  program
    .command('index')
    .description('composite innovation indices (issue 15)')
    .command('run')
    .description('a composite index from a spec (a file or a bundled id such as eis-2025), over a CSV or the store')
    .argument('<spec>', 'the spec: a YAML file or a bundled spec id')
    .option('--csv <file>', 'read the values from this CSV (units × indicators, one row per unit-year)')
    .option('--stages <dir>', 'write every stage (raw … normalised) and the scores as CSV files into this folder')
    .option('--sensitivity [year]', 'rank robustness (one indicator dropped, weights perturbed) for the last year or the year given')
    .option('--json', 'print the result as one JSON document')
    .addOption(dataDirOption())
    .action(async (spec: string, options: { csv?: string; stages?: string; sensitivity?: boolean | string; json?: boolean; dataDir?: string }) => {
      exitCode = await indexRun(spec, options, database(options), output);
    });

  program
    .command('supervision')
    .description('supervision (督查督办)')
    .command('reminders')
    .description('the reports due within 7 days and those overdue on a Beijing date (what reminders are made from)')
    .option('--date <date>', 'the Beijing date, YYYY-MM-DD (default: today)')
    .option('--json', 'print JSON')
    .addOption(dataDirOption())
    .action(async (options: { date?: string; json?: boolean; dataDir?: string }) => {
      exitCode = await supervisionReminders(options, database(options), output);
    });

  program
    .command('demo')
    .description('demonstration data')
    .command('generate')
    .description('a synthetic registry (labelled synthetic everywhere it shows)')
    .option('--enterprises <n>', 'enterprises', '5000')
    .option('--platforms <n>', 'platforms and carriers (default: a tenth of the enterprises)')
    .option('--contracts <n>', 'technology contracts (default: as many as enterprises)')
    .option('--seed <n>', 'random seed, for a reproducible demo', '2022')
    .addOption(dataDirOption())
    .action(async (options: { enterprises: string; platforms?: string; contracts?: string; seed?: string; dataDir?: string }) => {
      exitCode = await generateDemo(options, database(options), output);
    });

  const user = program.command('user').description('accounts (the operator’s tools; administrators are created here)');
  user
    .command('add')
    .description('create an account; the password is read from stdin with --password-stdin, else generated')
    .requiredOption('--username <username>', 'login name')
    .requiredOption('--role <role>', 'system_admin | security_admin | audit_admin | coordinator | unit_leader | unit_reporter | area_leader | area_reporter | enterprise_user')
    .option('--unit <unit-id>', 'unit id (unit roles), e.g. finance-department')
    .option('--org <code>', 'GB/T 2260 area code (area roles), e.g. 640100')
    .option('--credit-code <code>', 'unified social credit code (enterprise users)')
    .option('--display-name <name>', 'name shown in the interface')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--json', 'print the account as JSON')
    .addOption(dataDirOption())
    .action(async (options: { username: string; role: string; unit?: string; org?: string; creditCode?: string; displayName?: string; passwordStdin?: boolean; json?: boolean; dataDir?: string }) => {
      const password = options.passwordStdin ? await readFirstLineOfStdin() : undefined;
      exitCode = await userAdd({ ...options, ...(password === undefined ? {} : { password }) }, database(options), output);
    });
  user
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON')
    .addOption(dataDirOption())
    .action(async (options: { json?: boolean; dataDir?: string }) => {
      exitCode = await userList(Boolean(options.json), database(options), output);
    });
  for (const [name, status] of [['disable', 'disabled'], ['enable', 'active']] as const) {
    user
      .command(name)
      .description(`${name} an account${name === 'disable' ? ' and close its sessions' : ' (and unlock it)'}`)
      .argument('<username>')
      .addOption(dataDirOption())
      .action(async (username: string, options: { dataDir?: string }) => {
        exitCode = await userSetStatus(username, status, database(options), output);
      });
  }
  user
    .command('reset-password')
    .description('set a new password (stdin with --password-stdin, else generated); it must be changed at next login')
    .argument('<username>')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .addOption(dataDirOption())
    .action(async (username: string, options: { passwordStdin?: boolean; dataDir?: string }) => {
      const password = options.passwordStdin ? await readFirstLineOfStdin() : undefined;
      exitCode = await userResetPassword(username, password, database(options), output);
    });

  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('check the hash chain; names every edited, inserted or deleted row; exit 1 if tampered')
    .option('--json', 'print the result as JSON')
    .option('--anchor <seq:hash...>', 'heads recorded earlier with `audit head`; a rewritten chain no longer matches them')
    .option('--checkpoints <dir>', 'signed checkpoints (`audit checkpoint`): each signature, row and row count must still hold')
    .option('--public-key <file>', 'the Ed25519 public key the checkpoints were signed with (default: $AUDIT_PUBLIC_KEY)')
    .addOption(dataDirOption())
    .action(async (options: { json?: boolean; anchor?: string[]; checkpoints?: string; publicKey?: string; dataDir?: string }) => {
      const keys = { publicKeyFile: options.publicKey ?? env.AUDIT_PUBLIC_KEY, signingKeyFile: env.AUDIT_SIGNING_KEY };
      exitCode = await auditVerify({ ...database(options), anchors: options.anchor, checkpointsDir: options.checkpoints, ...keys }, Boolean(options.json), output);
    });
  audit
    .command('checkpoint')
    .description('check the chain, then write a checkpoint of its head signed with an Ed25519 key kept outside the database')
    .requiredOption('--out <dir>', 'folder of checkpoints (earlier ones in it are checked first)')
    .option('--key <file>', 'the Ed25519 private key, PEM (default: $AUDIT_SIGNING_KEY)')
    .option('--json', 'print the checkpoint instead of its file name')
    .addOption(dataDirOption())
    .action(async (options: { out: string; key?: string; json?: boolean; dataDir?: string }) => {
      exitCode = await auditCheckpoint({ ...database(options), keyFile: options.key ?? env.AUDIT_SIGNING_KEY, outDir: options.out }, Boolean(options.json), output);
    });
  audit
    .command('secure')
    .description('as a database superuser: give the audit chain to its own role where migration 0010 could not (docs/audit.md)')
    .addOption(dataDirOption())
    .action(async (options: { dataDir?: string }) => {
      exitCode = await auditSecure(database(options), output);
    });
  audit
    .command('keygen')
    .description('write a new Ed25519 key pair for audit checkpoints: audit-signing-key.pem and .pub.pem')
    .requiredOption('--out <dir>', 'folder for the two files (never overwritten)')
    .action((options: { out: string }) => {
      exitCode = auditKeygen(options.out, output);
    });
  audit
    .command('set-algorithm')
    .description('hash new audit rows with sha256 (default) or sm3 (GB/T 32905); earlier rows keep theirs')
    .argument('<algorithm>', 'sha256 | sm3')
    .addOption(dataDirOption())
    .action(async (algorithm: string, options: { dataDir?: string }) => {
      exitCode = await auditSetAlgorithm(algorithm, database(options), output);
    });
  audit
    .command('head')
    .description('print the newest row and hash of the chain, to record elsewhere as an anchor')
    .option('--json', 'print JSON')
    .addOption(dataDirOption())
    .action(async (options: { json?: boolean; dataDir?: string }) => {
      exitCode = await auditHead(database(options), Boolean(options.json), output);
    });

  const databaseCommand = program.command('db').description('the PostgreSQL database (as its owner)');
  databaseCommand
    .command('grant-app-role')
    .description("give the server's own login role what it needs on the migrated database and no more: the tables (the audit chain read-only, appended through audit_append()), the sequences, the migration record")
    .argument('<role>', 'an existing login role that is neither superuser nor CREATEROLE')
    .option('--json', 'print the grants as JSON')
    .action(async (role: string, options: { json?: boolean }) => {
      exitCode = await grantAppRoleCommand(role, database({}), Boolean(options.json), output);
    });

  program
    .command('backup')
    .description('the whole store (database and stored files under DATA_DIR/files) to one gzip file; prints every table\'s digest')
    .argument('<file>', 'the backup file to write')
    .option('--json', 'print the summary as JSON')
    .addOption(dataDirOption())
    .action(async (file: string, options: { json?: boolean; dataDir?: string }) => {
      exitCode = await backupCommand(file, options, database(options), output);
    });
  program
    .command('restore')
    .description('the whole store back from a backup, in one transaction, then the audit chain verified; refuses a non-empty target without --force')
    .argument('<file>', 'a file written by kechuang backup')
    .option('--force', 'replace what the target holds')
    .option('--check', 'check the file (format, every digest) and touch no database')
    .option('--json', 'print the result as JSON')
    .addOption(dataDirOption())
    .action(async (file: string, options: { force?: boolean; check?: boolean; json?: boolean; dataDir?: string }) => {
      exitCode = await restoreCommand(file, options, database(options), output);
    });

  try {
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    return reportFailure(error, output, env);
  }
}

function reportFailure(error: unknown, output: Output, env: Environment): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return exitCodes.ok;
    return exitCodes.usage;
  }
  if (error instanceof AppError) {
    output.err(`错误 error: ${error.message} — ${error.messageEn}`);
    // Pack problems come as `file:line: message` strings; other details carry their own message.
    if (Array.isArray(error.details)) {
      for (const detail of error.details as unknown[]) if (typeof detail === 'string') output.err(detail);
    }
    return exitCodes.badInput;
  }
  output.err(`unexpected error: ${error instanceof Error ? (env.LOG_LEVEL === 'debug' ? error.stack : error.message) : String(error)}`);
  return exitCodes.badInput;
}
