import { createHash } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Files the platform stores beside its database live in `files/` under the data directory
 * (`$DATA_DIR/files`, also with DATABASE_URL): attachments and anything else kept as a file.
 * The PGlite database itself, and anything else in the data directory, is not a stored file.
 */
export const storedFilesFolder = 'files';

export function storedFilesRoot(dataDir: string | undefined): string | undefined {
  if (!dataDir || dataDir.startsWith('memory://')) return undefined;
  return join(dataDir, storedFilesFolder);
}

export interface StoredFile {
  /** Relative to the files folder, with forward slashes. */
  path: string;
  absolute: string;
  size: number;
}

/** Every regular file under the root, in byte order of their paths; symbolic links are not followed. */
export function listStoredFiles(root: string | undefined): StoredFile[] {
  if (!root || !existsSync(root)) return [];
  const files: StoredFile[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const absolute = join(folder, entry.name);
      if (entry.isDirectory()) walk(absolute);
      else if (entry.isFile()) files.push({ path: relative(root, absolute).split(sep).join('/'), absolute, size: lstatSync(absolute).size });
    }
  };
  walk(root);
  return files.sort((a, b) => (Buffer.compare(Buffer.from(a.path), Buffer.from(b.path))));
}

/** Whether the folder holds anything at all (a file, a folder, a link). */
export function hasStoredFiles(root: string | undefined): boolean {
  return root !== undefined && existsSync(root) && readdirSync(root).length > 0;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/** A path from a backup that stays inside the files folder: relative, no `..`, no empty parts. */
export function isSafeStoredPath(path: string): boolean {
  if (path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((part) => part.length > 0 && part !== '.' && part !== '..');
}
