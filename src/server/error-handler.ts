import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../shared/app-error.ts';

/** The one error shape every failure takes; never a stack trace. */
export interface ErrorBody {
  error: { code: string; message: string; message_en: string; request_id: string; details?: unknown };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.httpStatus).send(body(error.code, error.message, error.messageEn, request.id, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = error.validation.map((issue) => ({ field: `${error.validationContext ?? ''}${issue.instancePath.replaceAll('/', '.')}`, message: issue.message }));
      const list = fields.map((field) => `${field.field}: ${field.message}`).join('; ');
      return reply.status(400).send(body('bad_request', `请求参数有误：${list}`, `invalid request: ${list}`, request.id, fields));
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status < 500) {
      const code = status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'bad_request';
      return reply.status(status).send(body(code, `请求无效：${error.message}`, `request refused: ${error.message}`, request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('internal', `服务器内部错误（请求编号 ${request.id}）`, `internal server error (request id ${request.id})`, request.id));
  });
}

export function body(code: string, message: string, messageEn: string, requestId: string, details?: unknown): ErrorBody {
  return { error: { code, message, message_en: messageEn, request_id: requestId, ...(details === undefined ? {} : { details }) } };
}
