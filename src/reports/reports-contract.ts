import { z } from 'zod';

/** Reports generated in the background (issue 13): what the routes take and answer. */

export const reportStateSchema = z.enum(['queued', 'running', 'done', 'failed']);
export type ReportState = z.infer<typeof reportStateSchema>;

/** A report's parameters: JSON scalars by name (`{ pack, org, as_of }`, `{ year, org }`); each kind checks its own. */
export const reportParamsValueSchema = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
export const reportParamsInputSchema = z.record(z.string().max(100), reportParamsValueSchema);

export const requestReportBodySchema = z.object({
  kind: z.string().min(1).max(100),
  params: reportParamsInputSchema.default({}),
});
export type RequestReportBody = z.infer<typeof requestReportBodySchema>;

export const reportRequestedSchema = z.object({ id: z.uuid(), state: reportStateSchema });
export type ReportRequested = z.infer<typeof reportRequestedSchema>;

export const reportSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  /** The kind's name, in Chinese and English (终期评估报告（Word）). */
  label: z.object({ zh: z.string(), en: z.string() }),
  params: reportParamsInputSchema,
  state: reportStateSchema,
  requested_by: z.string(),
  file_name: z.string().nullable(),
  media_type: z.string().nullable(),
  /** Bytes of the file, once done. */
  size: z.number().int().nullable(),
  error: z.string().nullable(),
  error_en: z.string().nullable(),
  created_at: z.iso.datetime(),
  started_at: z.iso.datetime().nullable(),
  finished_at: z.iso.datetime().nullable(),
  /** When the report and its file are deleted (finished + the retention, KECHUANG_REPORT_DAYS, 30 days by default). */
  expires_at: z.iso.datetime().nullable(),
  attempts: z.number().int(),
});
export type Report = z.infer<typeof reportSchema>;

export const reportListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
  /** `1`: everyone's reports (the coordinator's, `reports.read` in scope all); otherwise the caller's own. */
  all: z.enum(['0', '1']).optional(),
});
export type ReportListQuery = z.infer<typeof reportListQuerySchema>;

export const reportListSchema = z.object({
  reports: z.array(reportSchema),
  total: z.number().int(),
  /** Whether any listed report is still queued or running (the page polls while so). */
  pending: z.boolean(),
});
export type ReportList = z.infer<typeof reportListSchema>;

export const reportIdParamsSchema = z.object({ id: z.uuid() });
