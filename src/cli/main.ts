import { Command, CommanderError, Option } from 'commander';
import { AppError } from '../shared/app-error.ts';
import { packExport } from './commands/pack-export.ts';
import { packLint } from './commands/pack-lint.ts';
import { serve } from './commands/serve.ts';
import { readEnvironment, resolveDataDir, type Environment } from './config.ts';
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
      exitCode = await serve({ port, host: options.host ?? env.HOST, ...database(options), logLevel: env.LOG_LEVEL }, output);
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
    .command('export')
    .description('print the whole normalised pack as JSON')
    .argument('<pack-id>', 'pack id, e.g. ningxia-2022-st-action')
    .option('--json', 'print JSON (the only format)')
    .addOption(dataDirOption())
    .action(async (packId: string, options: { dataDir?: string }) => {
      exitCode = await packExport(packId, database(options), output);
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
    if (Array.isArray(error.details)) for (const line of error.details) output.err(String(line));
    return exitCodes.badInput;
  }
  output.err(`unexpected error: ${error instanceof Error ? (env.LOG_LEVEL === 'debug' ? error.stack : error.message) : String(error)}`);
  return exitCodes.badInput;
}
