import { AppError } from '../shared/index.ts';
import { evidenceLimits } from './supervision-vocabulary.ts';

/**
 * Evidence files people bring (a pure module). A file is accepted only when its extension is one
 * of the allowed types AND its first bytes are that type's signature; HTML, SVG, scripts and
 * anything else are refused with 415 naming the file. The name is reduced to a safe base name
 * (no folder, no `..`, no control characters); the name as uploaded is kept beside it when it
 * differed. Files are stored by a random id, never by their name, and served only as downloads.
 */
const pk = [0x50, 0x4b, 0x03, 0x04];
const pkEmpty = [0x50, 0x4b, 0x05, 0x06];
const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const types: Readonly<Record<string, { mediaType: string; signatures: readonly (readonly number[])[] }>> = {
  pdf: { mediaType: 'application/pdf', signatures: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', signatures: [pk] },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', signatures: [pk] },
  doc: { mediaType: 'application/msword', signatures: [ole] },
  xls: { mediaType: 'application/vnd.ms-excel', signatures: [ole] },
  jpg: { mediaType: 'image/jpeg', signatures: [[0xff, 0xd8, 0xff]] },
  jpeg: { mediaType: 'image/jpeg', signatures: [[0xff, 0xd8, 0xff]] },
  png: { mediaType: 'image/png', signatures: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  zip: { mediaType: 'application/zip', signatures: [pk, pkEmpty] },
};

const allowedList = 'pdf、docx、xlsx、doc、xls、jpg、png、zip';

/** The safe base name of an uploaded name, and the original when it differed; 400 when nothing usable is left. */
export function safeFileName(uploaded: string): { fileName: string; originalName: string | null } {
  const original = uploaded.normalize('NFC');
  // eslint-disable-next-line no-control-regex
  const cleaned = original.replace(/[\u0000-\u001f\u007f]/g, '');
  const base = (cleaned.split(/[/\\]/).pop() ?? '').replace(/^[.\s]+/, '').replace(/[<>:"|?*]/g, '_').trim();
  if (base === '' || base.length > 200) {
    throw new AppError('bad_request', `文件名“${original.slice(0, 100)}”无效：须为不含路径的文件名，不超过 200 个字符`, `the file name "${original.slice(0, 100)}" is not usable: a plain file name of at most 200 characters`, [{ field: 'X-File-Name', message: '文件名无效', message_en: 'invalid file name' }]);
  }
  return { fileName: base, originalName: base === original ? null : original };
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

function unsupported(fileName: string, why: string, whyEn: string): AppError {
  return new AppError('unsupported_media_type', `文件“${fileName}”不能作为佐证材料上传：${why}（允许的类型：${allowedList}）`, `the file "${fileName}" cannot be uploaded as evidence: ${whyEn} (allowed: pdf, docx, xlsx, doc, xls, jpg, png, zip)`, [{ field: 'file', message: why, message_en: whyEn }]);
}

/** The media type of an accepted file; 415 naming the file when its type or content is not allowed, 413 when too large or empty. */
export function checkEvidenceFile(fileName: string, bytes: Uint8Array): { extension: string; mediaType: string } {
  if (bytes.length === 0) throw new AppError('bad_request', `文件“${fileName}”是空文件`, `the file "${fileName}" is empty`, [{ field: 'file', message: '空文件', message_en: 'empty file' }]);
  if (bytes.length > evidenceLimits.maxBytes) {
    throw new AppError('payload_too_large', `文件“${fileName}”超过 10 MB 的上限`, `the file "${fileName}" is larger than the 10 MB limit`, [{ field: 'file', message: '超过 10 MB', message_en: 'over 10 MB' }]);
  }
  const dot = fileName.lastIndexOf('.');
  const extension = dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
  const type = types[extension];
  if (!type) return unsupportedType(fileName, extension);
  if (!type.signatures.some((signature) => startsWith(bytes, signature))) {
    throw unsupported(fileName, `内容不是 ${extension} 文件（文件头不符）`, `its content is not a ${extension} file (the signature does not match)`);
  }
  return { extension, mediaType: type.mediaType };
}

function unsupportedType(fileName: string, extension: string): never {
  if (['html', 'htm', 'xhtml', 'svg', 'svgz', 'js', 'mjs', 'xml'].includes(extension)) throw unsupported(fileName, `不接受 ${extension} 文件（可在浏览器中执行）`, `${extension} files are not accepted (a browser may run them)`);
  throw unsupported(fileName, extension === '' ? '没有扩展名' : `不接受 ${extension} 文件`, extension === '' ? 'it has no extension' : `${extension} files are not accepted`);
}

/** Content-Disposition for a download: attachment, an ASCII fallback and the UTF-8 name (RFC 6266/5987). */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
