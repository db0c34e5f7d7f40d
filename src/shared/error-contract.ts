import { z } from 'zod';
import { appErrorCodes } from './app-error.ts';

/**
 * The one body of every failure (src/server/error-handler.ts writes it): a code of the closed set,
 * a message a person can act on in Chinese and in English, the request id to quote, and details
 * (such as the fields named) where the error has them.
 */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(appErrorCodes) as [keyof typeof appErrorCodes, ...(keyof typeof appErrorCodes)[]]),
    message: z.string(),
    message_en: z.string(),
    request_id: z.string(),
    details: z.unknown().optional().describe('what the error names: fields, rows, the action refused (a list: its first 1,000 entries)'),
    details_total: z.number().int().optional().describe('when details is a list cut to its first 1,000 entries: how many there are in all'),
    details_truncated: z.boolean().optional().describe('true when details lists only the first 1,000 entries'),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
