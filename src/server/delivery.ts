import { basename } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * How the server delivers its answers over a county's network: compressed, cached where it is
 * safe, and logged in one line per request.
 *
 * - The built web app is compressed once, at build time (web/vite.config.ts writes `.br` and `.gz`
 *   beside each file), and @fastify/static sends the variant the browser accepts (`preCompressed`).
 * - API answers (JSON, CSV) are compressed per request by `compressAnswers`, with node:zlib on the
 *   thread pool, so no dependency is added.
 * - Files whose name carries Vite's content hash never change: a year, `immutable`. Everything else
 *   (index.html, the single-page fallback, favicon) is revalidated on every load (`no-cache`).
 */

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Smaller answers are sent as they are: the headers would cost more than the saving. */
export const compressionThreshold = 1024;

/** Text answers worth compressing; images, xlsx, docx and zip are compressed already. */
const compressibleType = /^(application\/(json|javascript|xml|problem\+json)|text\/|image\/svg\+xml)/i;

/** `name-[hash].ext` as Vite writes it into assets/ (8 characters of base64url), optionally with .br/.gz. */
const hashedAssetName = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+(\.br|\.gz)?$/i;

export const immutableCacheControl = 'public, max-age=31536000, immutable';
export const revalidateCacheControl = 'no-cache';

/** The encoding to answer with for an Accept-Encoding header: brotli first, then gzip; none if neither is acceptable. */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): 'br' | 'gzip' | undefined {
  const header = [acceptEncoding ?? []].flat().join(',');
  const quality = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = parameters.map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    quality.set(name, q === undefined ? 1 : Number(q));
  }
  const acceptable = (name: string) => (quality.get(name) ?? quality.get('*') ?? 0) > 0;
  if (acceptable('br')) return 'br';
  if (acceptable('gzip')) return 'gzip';
  return undefined;
}

/** Adds accept-encoding to a response's Vary header, keeping what is there. */
function varyOnEncoding(existing: unknown): string {
  const values = String(existing ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (values.some((value) => value === '*' || value.toLowerCase() === 'accept-encoding')) return values.join(', ');
  return [...values, 'accept-encoding'].join(', ');
}

/** The web app's cache headers: `setHeaders` for @fastify/static (whose own cache-control is off). */
export function setWebAssetHeaders(response: { getHeader(name: string): unknown; setHeader(name: string, value: string): unknown }, path: string): void {
  const name = basename(path);
  const hashed = /[\\/]assets[\\/][^\\/]+$/.test(path) && hashedAssetName.test(name);
  response.setHeader('cache-control', hashed ? immutableCacheControl : revalidateCacheControl);
  // Whether or not this answer is compressed, another client may get the other variant.
  if (/\.(js|css|html|svg|json|txt)(\.br|\.gz)?$/i.test(name)) response.setHeader('vary', varyOnEncoding(response.getHeader('vary')));
}

/**
 * Compresses text answers the client accepts compressed (brotli at a quality cheap enough per
 * request, else gzip). Streams (static files, already precompressed) and HEAD are left alone.
 */
export function compressAnswers(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'HEAD' || reply.hasHeader('content-encoding')) return payload;
    // Answers that carry the CSRF token are never compressed: compressed beside text an attacker
    // chooses, its length could leak it byte by byte (BREACH). They are small anyway.
    if (request.routeOptions.url?.startsWith('/api/session')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!compressibleType.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (bytes.length < compressionThreshold) return payload;
    reply.header('vary', varyOnEncoding(reply.getHeader('vary')));
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    if (encoding === undefined) return payload;
    const compressed =
      encoding === 'br'
        ? await brotli(bytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length } })
        : await gzipAsync(bytes, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return compressed;
  });
}

/**
 * One line per request at `info`: method, route (the pattern, never the filled-in path, so no
 * credit code or search text reaches the log), status and time. At `debug` the request and the
 * answer in full, as Fastify logs them by default; a failed answer stays at `error`. Fastify's
 * own extension point for its request log lines (`logController`).
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const time = Math.round(reply.elapsedTime * 10) / 10;
    const route = request.routeOptions.url ?? '(no route)';
    // The server's logger, not the request's: the line carries no request id, headers or address.
    request.server.log.info({ method: request.method, route, status: reply.statusCode, ms: time }, `${request.method} ${route} ${reply.statusCode} ${time} ms`);
    if (error) reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
