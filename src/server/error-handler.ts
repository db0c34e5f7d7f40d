import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { AppError, databaseUnavailable } from '../shared/app-error.ts';
import type { ServerContext } from './server-context.ts';

/** The one error shape every failure takes; never a stack trace. */
export interface ErrorBody {
  error: { code: string; message: string; message_en: string; request_id: string; details?: unknown };
}

export function registerErrorHandling(app: FastifyInstance, context: ServerContext): void {
  app.setErrorHandler(async (thrown: FastifyError | AppError | Error, request, reply) => {
    let error = thrown;
    if (!(error instanceof AppError) && isDatabaseUnreachable(error)) {
      request.log.error({ err: error }, 'the database did not answer');
      error = databaseUnavailable(error);
    }
    if (error instanceof AppError && (error.code === 'forbidden' || error.code === 'csrf')) {
      // Permission refusals are audited: who tried what, where.
      await recordAuditEvent(context.database.db, {
        actor: request.actor,
        action: 'permission.denied',
        entityType: 'route',
        entityId: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
        after: { code: error.code, details: error.details ?? null },
        outcome: 'denied',
        origin: { requestId: request.id, clientIp: request.ip },
      }).catch((auditError: unknown) => request.log.error({ err: auditError }, 'could not audit a refusal'));
    }
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
      const code = status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'bad_request';
      return reply.status(status).send(body(code, `请求无效：${error.message}`, `request refused: ${error.message}`, request.id));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('internal', `服务器内部错误（请求编号 ${request.id}）`, `internal server error (request id ${request.id})`, request.id));
  });
}

export function body(code: string, message: string, messageEn: string, requestId: string, details?: unknown): ErrorBody {
  return { error: { code, message, message_en: messageEn, request_id: requestId, ...(details === undefined ? {} : { details }) } };
}

/** Node's codes for a connection that could not be made or was cut. */
const connectionErrorCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EPIPE']);

/**
 * A failure of the database connection rather than of the statement, told by its code (never its
 * message): SQLSTATE class 08 (connection exception), 57P01–57P03 (the server shutting down or
 * starting), or a Node socket error. Drizzle wraps the driver's error as its `cause`.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (/^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03'].includes(code) || connectionErrorCodes.has(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
