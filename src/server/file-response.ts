import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { buildXlsxTable, type XlsxSheet } from '../shared/index.ts';

export const xlsxMediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const docxMediaType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const csvMediaType = 'text/csv';

/**
 * The response schema of a route that answers with a file (xlsx, docx, csv): OpenAPI shows the
 * media type; Fastify sends the buffer as it is (a Buffer is never serialised).
 */
export function fileResponse(mediaType: string, description: string) {
  return { description, content: { [mediaType]: { schema: z.any().meta({ type: 'string', format: 'binary' }) } } };
}

/**
 * Sends a built file as a download. The file name is given in ASCII and, for Chinese names, in
 * RFC 5987 form, so that every browser saves it under its name.
 */
export function sendFile(reply: FastifyReply, file: { fileName: string; mediaType: string; content: Buffer }) {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .type(file.mediaType)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .send(file.content);
}

/** Builds a one-table workbook (`buildXlsxTable`) and sends it as a download. */
export async function sendWorkbook(reply: FastifyReply, fileName: string, sheet: XlsxSheet) {
  return sendFile(reply, { fileName, mediaType: xlsxMediaType, content: await buildXlsxTable(sheet) });
}
