import { z } from 'zod';

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
