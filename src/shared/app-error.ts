/**
 * The one error type of the application: a closed set of codes, each mapped once to an HTTP
 * status (server) and an exit code (CLI), with a message a person can act on, in Chinese first.
 */
export const appErrorCodes = {
  bad_request: 400,
  weak_password: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_locked: 401,
  forbidden: 403,
  csrf: 403,
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  /** An upload over its size limit (supervision evidence: 10 MB a file). */
  payload_too_large: 413,
  /** An upload of a type not accepted, by extension or by content (HTML, SVG, scripts). */
  unsupported_media_type: 415,
  invalid_pack: 422,
  rate_limited: 429,
  internal: 500,
  /** The database (or another service the platform needs) does not answer: try again later. */
  unavailable: 503,
} as const;

export type AppErrorCode = keyof typeof appErrorCodes;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly messageEn: string;
  readonly details: unknown;

  constructor(code: AppErrorCode, message: string, messageEn: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.messageEn = messageEn;
    this.details = details;
  }

  get httpStatus(): number {
    return appErrorCodes[this.code];
  }
}

export function notFound(what: string, whatEn: string, id: string | number): AppError {
  return new AppError('not_found', `找不到${what}“${id}”`, `${whatEn} "${id}" not found`);
}

/** The database did not answer: a 503 that tells the person to try again, never a sign-out. */
export function databaseUnavailable(cause?: unknown): AppError {
  const error = new AppError('unavailable', '数据库暂时无法访问，服务暂时不可用，请稍后重试', 'the database is unreachable: the service is unavailable for now, try again later');
  if (cause !== undefined) error.cause = cause;
  return error;
}
