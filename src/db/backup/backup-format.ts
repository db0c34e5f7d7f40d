import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { z } from 'zod';
import { AppError } from '../../shared/index.ts';

/**
 * The backup file: one gzip stream of lines (JSON lines).
 *
 *   line 1          the header (`backupHeaderSchema`)
 *   per table       `{"table": NAME, "rows": N}`, then N lines, each one row's canonical text
 *                   (`to_jsonb(row)::text`, written as the database printed it, never re-encoded)
 *   per file        `{"file": PATH, "size": BYTES, "sha256": HEX, "chunks": K}`, then K lines of base64
 *   last line       `{"end": "kechuang-backup", "tables": T, "rows": R, "files": F, "header_sha256": HEX}`
 */
export const backupFormat = 'kechuang-backup';
export const backupFormatVersion = 1;

export const backupHeaderSchema = z.object({
  format: z.literal(backupFormat),
  version: z.number().int(),
  created_at: z.string(),
  app_version: z.string(),
  source: z.object({ driver: z.enum(['pglite', 'postgres']), server_version: z.string() }),
  /** The migrations applied to the source, oldest first, as drizzle records them. */
  migrations: z.array(z.object({ tag: z.string().nullable(), created_at: z.number(), hash: z.string() })),
  /** In load order: every table after the tables its foreign keys point to. */
  tables: z.array(z.object({ name: z.string(), schema: z.string(), table: z.string(), primary_key: z.array(z.string()), rows: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  sequences: z.array(z.object({ name: z.string(), schema: z.string(), sequence: z.string(), last_value: z.string().regex(/^-?\d+$/), is_called: z.boolean() })),
  files: z.object({ count: z.number().int().min(0), bytes: z.number().int().min(0) }),
  digest: z.string(),
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

export const tableRecordSchema = z.object({ table: z.string(), rows: z.number().int().min(0) });
export const fileRecordSchema = z.object({ file: z.string().min(1), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/), chunks: z.number().int().min(0) });
export const endRecordSchema = z.object({ end: z.literal(backupFormat), tables: z.number().int(), rows: z.number().int(), files: z.number().int(), header_sha256: z.string() });

/** How the row digests are computed, written into every header so that a reader can check them. */
export const digestDescription = 'sha256 over each row\'s to_jsonb(row)::text followed by "\\n", rows in primary-key order (text keys in collation "C"), session TimeZone UTC, extra_float_digits 1, bytea_output hex';

/** Bytes of a stored file per base64 line. */
export const fileChunkBytes = 48 * 1024;

/** Writes lines into a gzip file, waiting for the disk when the buffer is full. */
export class BackupWriter {
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  private failure: Error | undefined;

  constructor(path: string) {
    this.gzip = createGzip();
    const file = createWriteStream(path, { mode: 0o600 });
    this.gzip.pipe(file);
    this.done = new Promise((resolve, reject) => {
      file.on('finish', resolve);
      file.on('error', reject);
      this.gzip.on('error', reject);
    });
    this.done.catch((error: unknown) => {
      this.failure = error as Error;
    });
  }

  async line(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.gzip.write(`${text}\n`)) await Promise.race([once(this.gzip, 'drain'), this.done]);
  }

  async close(): Promise<void> {
    this.gzip.end();
    await this.done;
  }

  destroy(): void {
    this.gzip.destroy();
  }
}

/** A problem with the file: exit 1, naming the file, the line and what is wrong. */
export function badBackup(file: string, line: number | undefined, problem: string, problemZh: string): AppError {
  const where = line === undefined ? file : `${file}:${line}`;
  return new AppError('bad_request', `备份文件 ${where}：${problemZh}`, `backup file ${where}: ${problem}`, [`${where}: ${problem}`]);
}

/**
 * The lines of a gzip backup, one at a time, with their numbers; a truncated or corrupt gzip
 * stream (the file cut short, a byte changed) fails naming the file.
 */
export async function* readBackupLines(file: string): AsyncGenerator<{ number: number; text: string }> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let number = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending += decoder.write(chunk);
      let start = 0;
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', start)) {
        number += 1;
        yield { number, text: pending.slice(start, newline) };
        start = newline + 1;
      }
      pending = pending.slice(start);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw badBackup(file, undefined, 'no such file', '文件不存在');
    if (code === 'EISDIR') throw badBackup(file, undefined, 'is a folder, not a backup file', '是文件夹，不是备份文件');
    const message = error instanceof Error ? error.message : String(error);
    throw badBackup(file, undefined, `not a complete gzip backup (${message}): the file is truncated or corrupt`, `不是完整的 gzip 备份（${message}）：文件被截断或已损坏`);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  pending += decoder.end();
  if (pending.length > 0) throw badBackup(file, number + 1, 'the last line is cut off: the file is truncated', '最后一行不完整：文件被截断');
}

/** Parses a metadata line (header, table, file, end) against its schema, naming the line when it does not fit. */
export function parseRecord<T>(file: string, line: { number: number; text: string } | undefined, schema: z.ZodType<T>, what: string, whatZh: string): T {
  if (!line) throw badBackup(file, undefined, `ends before the ${what}: the file is truncated`, `在${whatZh}之前结束：文件被截断`);
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    throw badBackup(file, line.number, `expected the ${what}, found a line that is not JSON`, `此处应为${whatZh}，但该行不是 JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(record)';
    throw badBackup(file, line.number, `expected the ${what}: ${field}: ${issue?.message ?? 'invalid'}`, `此处应为${whatZh}：${field}：${issue?.message ?? '无效'}`);
  }
  return parsed.data;
}
