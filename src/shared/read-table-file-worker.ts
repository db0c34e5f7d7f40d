// The worker side of readTableFile: parses and checks one file off the request thread and posts
// the table, or the refusal (an AppError's code and messages), back to the caller.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from './app-error.ts';
import { parseTableFile, type TableFileLimits } from './read-table-file.ts';

const { fileName, content, limits } = (workerData as { data: { fileName: string; content: Uint8Array; limits: TableFileLimits } }).data;
try {
  const table = await parseTableFile(fileName, Buffer.from(content.buffer, content.byteOffset, content.byteLength), limits);
  parentPort?.postMessage({ ok: true, table });
} catch (error) {
  parentPort?.postMessage(
    error instanceof AppError
      ? { ok: false, code: error.code, message: error.message, messageEn: error.messageEn }
      : { ok: false, code: 'internal', message: error instanceof Error ? error.message : String(error), messageEn: error instanceof Error ? error.message : String(error) },
  );
}
