import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { auditRefusal } from '../accounts/index.ts';
import { classifyDatabaseError } from '../db/index.ts';
import { AppError, databaseUnavailable, problemReportLimit, type AppErrorCode } from '../shared/index.ts';
import type { ErrorBody } from '../shared/index.ts';
import type { ServerContext } from './server-context.ts';


/** Names of key columns, for the message of a unique violation. */
const fieldLabels: Record<string, string> = {
  username: '用户名',
  credit_code: '统一社会信用代码',
  registration_number: '登记编号',
  indicator: '指标',
  org: '地区',
  period: '期间',
  type: '类型',
  role: '角色',
  action: '操作',
};

export function registerErrorHandling(app: FastifyInstance, context: ServerContext): void {
  app.setErrorHandler(async (thrown: FastifyError | AppError | Error, request, reply) => {
    let error = thrown;
    if (!(error instanceof AppError) && classifyDatabaseError(error)?.kind === 'unavailable') {
      request.log.error({ err: error }, 'the database did not answer');
      error = databaseUnavailable(error);
    }
    if (error instanceof AppError && (error.code === 'forbidden' || error.code === 'csrf')) {
      // Permission refusals are audited — who tried what, where — one row per burst per (actor, route), with a count.
      await auditRefusal(
        context.database.db,
        {
          actor: request.actor,
          route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
          code: error.code,
          details: error.details ?? null,
          origin: { requestId: request.id, clientIp: request.ip },
        },
        context.settings.refusalAuditWindowSeconds,
        context.now(),
      ).catch((auditError: unknown) => request.log.error({ err: auditError }, 'could not audit a refusal'));
    }
    if (error instanceof AppError) {
      return reply.status(error.httpStatus).send(body(error.code, error.message, error.messageEn, request.id, error.details));
    }
    const databaseFailure = classifyDatabaseError(error);
    if (databaseFailure?.kind === 'unique_violation') {
      // Two first writes at once, or a duplicate the use case did not foresee: the person can act on a 409.
      const fields = databaseFailure.columns;
      const named = fields.map((field) => fieldLabels[field] ?? field);
      request.log.warn({ constraint: databaseFailure.constraint, table: databaseFailure.table }, 'unique violation answered with 409');
      return reply
        .status(409)
        .send(
          body(
            'conflict',
            named.length > 0 ? `相同${named.join('、')}的记录已存在（可能刚被他人同时写入），请刷新后重试` : '相同的记录已存在（可能刚被他人同时写入），请刷新后重试',
            fields.length > 0 ? `a record with the same ${fields.join(', ')} already exists (perhaps written by someone else at the same moment): reload and try again` : 'the same record already exists (perhaps written by someone else at the same moment): reload and try again',
            request.id,
            { fields },
          ),
        );
    }
    if (databaseFailure?.kind === 'serialization_failure') {
      return reply.status(409).send(body('conflict', '数据正被他人同时修改，请稍后重试', 'the data is being changed by someone else at the same time: try again', request.id));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((issue) => ({ field: `${error.validationContext ?? ''}${issue.instancePath.replaceAll('/', '.')}`, message: issue.message }));
      const list = fields.map((field) => `${field.field}: ${field.message}`).join('; ');
      return reply.status(400).send(body('bad_request', `请求参数有误：${list}`, `invalid request: ${list}`, request.id, fields));
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    const upload = /\/import(\/problems\.csv)?$/.test(request.routeOptions.url ?? '') ? uploadRefusal(error, request.query, request.headers['content-type']) : undefined;
    if (upload) return reply.status(status).send(body('bad_request', upload.zh, upload.en, request.id));
    if (status < 500) {
      const code = status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'bad_request';
      return reply.status(status).send(body(code, `请求无效：${error.message}`, `request refused: ${error.message}`, request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('internal', `服务器内部错误（请求编号 ${request.id}）`, `internal server error (request id ${request.id})`, request.id));
  });
}

/**
 * An upload to an import Fastify refused before the route ran (too large, or of a type it does not
 * read), said in words and naming the file (`?file_name=`), instead of Fastify's English message.
 */
function uploadRefusal(error: Error & { code?: string }, query: unknown, contentType: string | undefined): { zh: string; en: string } | undefined {
  const named = typeof query === 'object' && query !== null && 'file_name' in query && typeof query.file_name === 'string' ? query.file_name.replace(/\p{Cc}/gu, '') : '';
  const [file, fileEn] = named === '' ? ['上传的文件', 'the uploaded file'] : [named, named];
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { zh: `${file}：文件超过上传大小上限（指标数值 50 MB、登记库 100 MB），已拒绝；请拆分后分批导入`, en: `${fileEn}: the file is larger than the upload limit (50 MB for indicator values, 100 MB for registries); split it and import the parts` };
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const type = (contentType ?? '').replace(/\p{Cc}/gu, '').slice(0, 100);
    // The same words as a file whose content is no table (src/shared/read-table-file.ts).
    return { zh: `${file}：不是 CSV 或 Excel 文件（上传类型是“${type}”）；请上传 CSV 文本（UTF-8 或 GBK）或 Excel 工作簿（.xlsx）`, en: `${fileEn}: not a CSV or Excel file (the upload type is "${type}"); upload CSV text (UTF-8 or GBK) or an Excel workbook (.xlsx)` };
  }
  return undefined;
}

export function body(code: AppErrorCode, message: string, messageEn: string, requestId: string, details?: unknown): ErrorBody {
  // A list of details (rows, fields) is capped as an import's problems are: the first 1,000 and the total.
  const listed = Array.isArray(details) && details.length > problemReportLimit ? { details: details.slice(0, problemReportLimit), details_total: details.length, details_truncated: true } : details === undefined ? {} : { details };
  return { error: { code, message, message_en: messageEn, request_id: requestId, ...listed } };
}
