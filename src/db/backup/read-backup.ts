import { createHash } from 'node:crypto';
import { backupFormat, backupFormatVersion, backupHeaderSchema, badBackup, endRecordSchema, fileRecordSchema, parseRecord, readBackupLines, tableRecordSchema, type BackupHeader } from './backup-format.ts';
import { TableDigest } from './catalogue.ts';
import { isSafeStoredPath } from './stored-files.ts';

/** What a reader of the backup does with its content; every callback is optional. */
export interface BackupHandlers {
  header?(header: BackupHeader): Promise<void> | void;
  /** Rows of one table, a batch at a time, as canonical text. */
  rows?(table: BackupHeader['tables'][number], rows: string[]): Promise<void>;
  fileStart?(path: string, size: number): Promise<void> | void;
  fileChunk?(path: string, bytes: Buffer): Promise<void> | void;
  fileEnd?(path: string): Promise<void> | void;
}

export interface BackupContent {
  header: BackupHeader;
  rows: number;
  /** SHA-256 of the header line, as the end record carries it. */
  headerSha256: string;
}

/** Rows handed to `rows()` at once: at most this many, or about this many bytes. */
const batchRows = 500;
const batchBytes = 4 * 1024 * 1024;

/**
 * Reads a backup from start to end, checking everything it can without a database: the format
 * and its version, each table's rows against the header's count and digest, each stored file
 * against its size and digest, the end record (a file cut short has none). Any problem fails
 * naming the file, the line and what is wrong; handlers see only what has passed so far, so a
 * caller that writes must do so in a transaction it can roll back.
 */
export async function readBackup(file: string, handlers: BackupHandlers = {}): Promise<BackupContent> {
  const lines = readBackupLines(file);
  const next = async () => {
    const result = await lines.next();
    return result.done ? undefined : result.value;
  };
  try {
    const first = await next();
    if (first) {
      let probe: unknown;
      try {
        probe = JSON.parse(first.text);
      } catch {
        probe = undefined;
      }
      const format = (probe as { format?: unknown } | undefined)?.format;
      if (format !== backupFormat) throw badBackup(file, 1, `not a Kechuang backup (expected the header of format "${backupFormat}")`, `不是科创备份文件（应以格式“${backupFormat}”的文件头开始）`);
      const version = (probe as { version?: unknown }).version;
      if (typeof version === 'number' && version > backupFormatVersion) {
        throw badBackup(file, 1, `backup format version ${version} is newer than this version of Kechuang reads (${backupFormatVersion}): restore with a newer version`, `备份格式版本 ${version} 比本版本能读取的（${backupFormatVersion}）更新：请用更新的版本恢复`);
      }
    }
    const header = parseRecord(file, first, backupHeaderSchema, 'header', '文件头');
    const headerSha256 = createHash('sha256').update(first!.text).digest('hex');
    await handlers.header?.(header);

    let totalRows = 0;
    for (const table of header.tables) {
      const line = await next();
      const record = parseRecord(file, line, tableRecordSchema, `start of table ${table.name}`, `表 ${table.name} 的开头`);
      if (record.table !== table.name || record.rows !== table.rows) {
        throw badBackup(file, line!.number, `expected table ${table.name} with ${table.rows} row(s) as the header says, found ${record.table} with ${record.rows}`, `按文件头此处应为表 ${table.name}（${table.rows} 行），实际为 ${record.table}（${record.rows} 行）`);
      }
      const digest = new TableDigest();
      let batch: string[] = [];
      let bytes = 0;
      for (let index = 0; index < table.rows; index += 1) {
        const row = await next();
        if (!row) throw badBackup(file, undefined, `ends in table ${table.name} after ${index} of ${table.rows} row(s): the file is truncated`, `在表 ${table.name} 的第 ${index} 行（共 ${table.rows} 行）后结束：文件被截断`);
        if (!row.text.startsWith('{')) throw badBackup(file, row.number, `row ${index + 1} of table ${table.name} is not a row`, `表 ${table.name} 的第 ${index + 1} 行不是数据行`);
        digest.add(row.text);
        batch.push(row.text);
        bytes += row.text.length;
        if (batch.length >= batchRows || bytes >= batchBytes) {
          await handlers.rows?.(table, batch);
          batch = [];
          bytes = 0;
        }
      }
      // The digest is checked before the table's last batch is handed on.
      const sha256 = digest.hex();
      if (sha256 !== table.sha256) {
        throw badBackup(file, line!.number, `the rows of table ${table.name} do not match the header's digest (sha256 ${sha256}, expected ${table.sha256}): the file was changed`, `表 ${table.name} 的数据与文件头的摘要不符：文件已被改动`);
      }
      if (batch.length > 0) await handlers.rows?.(table, batch);
      totalRows += table.rows;
    }

    for (let index = 0; index < header.files.count; index += 1) {
      const line = await next();
      const record = parseRecord(file, line, fileRecordSchema, `stored file ${index + 1} of ${header.files.count}`, `第 ${index + 1} 个存储文件（共 ${header.files.count} 个）`);
      if (!isSafeStoredPath(record.file)) throw badBackup(file, line!.number, `stored file path "${record.file}" leaves the files folder`, `存储文件路径“${record.file}”超出文件夹`);
      await handlers.fileStart?.(record.file, record.size);
      const hash = createHash('sha256');
      let size = 0;
      for (let chunk = 0; chunk < record.chunks; chunk += 1) {
        const data = await next();
        if (!data) throw badBackup(file, undefined, `ends inside stored file ${record.file}: the file is truncated`, `在存储文件 ${record.file} 中结束：文件被截断`);
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data.text)) throw badBackup(file, data.number, `stored file ${record.file}: not base64`, `存储文件 ${record.file}：不是 base64`);
        const bytes = Buffer.from(data.text, 'base64');
        hash.update(bytes);
        size += bytes.length;
        await handlers.fileChunk?.(record.file, bytes);
      }
      const sha256 = hash.digest('hex');
      if (size !== record.size || sha256 !== record.sha256) {
        throw badBackup(file, line!.number, `stored file ${record.file} does not match its size and digest (${size} bytes, sha256 ${sha256}; expected ${record.size}, ${record.sha256})`, `存储文件 ${record.file} 与其大小和摘要不符`);
      }
      await handlers.fileEnd?.(record.file);
    }

    const endLine = await next();
    const end = parseRecord(file, endLine, endRecordSchema, 'end record', '结束记录');
    if (end.tables !== header.tables.length || end.rows !== totalRows || end.files !== header.files.count || end.header_sha256 !== headerSha256) {
      throw badBackup(file, endLine!.number, 'the end record does not match the header (tables, rows, files or the header digest): the file was changed', '结束记录与文件头不符（表、行、文件数或文件头摘要）：文件已被改动');
    }
    const extra = await next();
    if (extra) throw badBackup(file, extra.number, 'content after the end record', '结束记录之后还有内容');
    return { header, rows: totalRows, headerSha256 };
  } finally {
    await lines.return(undefined);
  }
}
