import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { defaultSecuritySettings, type SecuritySettings } from '../accounts/index.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { AppError } from '../shared/index.ts';
import { compressAnswers, RequestLogController, setWebAssetHeaders } from './delivery.ts';
import { body, registerErrorHandling } from './error-handler.ts';
import { registerRequestActor } from './request-actor.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { awardRoutes } from './routes/award-routes.ts';
import { areaTargetRoutes } from './routes/area-target-routes.ts';
import { fiscalRoutes } from './routes/fiscal-routes.ts';
import { findAwardCosts } from '../awards/index.ts';
import { areaRoutes } from './routes/area-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { workspaceRoutes } from './routes/workspace-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { incentiveRoutes } from './routes/incentive-routes.ts';
import { indicatorRoutes } from './routes/indicator-routes.ts';
import { registryRoutes } from './routes/registry-routes.ts';
import { packRoutes } from './routes/pack-routes.ts';
import { screeningRoutes } from './routes/screening-routes.ts';
import { assessmentRoutes } from './routes/assessment-routes.ts';
import type { AssessmentRecordsSource } from '../assessment/index.ts';
import { noticeRoutes } from './routes/notice-routes.ts';
import { supervisionRoutes } from './routes/supervision-routes.ts';
import { innovationIndexRoutes } from './routes/innovation-index-routes.ts';
import { createInProcessDispatcher, type ShardDispatcher } from '../screening/index.ts';
import { createServerCaches, type ServerContext } from './server-context.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { InProcessJobQueue, type JobQueue } from '../jobs/index.ts';
import { assessmentRecordsSource, jobHandlers, reportGenerators } from '../platform/index.ts';
import type { IndexSpecSource } from '../platform/index.ts';
import { reportGenerateJob } from '../reports/index.ts';

/** A registered route and the permission it declares: the permission-matrix test reads these. */
export interface RegisteredRoute {
  method: string;
  url: string;
  action: string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[];
  }
}

export interface AppOptions {
  database: DatabaseHandle;
  settings?: SecuritySettings | undefined;
  /** The clock; tests move it to check time-outs. */
  now?: (() => Date) | undefined;
  /** The built web app (web/dist); when absent only the API is served. */
  webRoot?: string | undefined;
  logLevel?: string | undefined;
  /** Where log lines go (default stdout); tests read them. */
  logStream?: { write(line: string): void } | undefined;
  /**
   * Which proxies may tell the client address (X-Forwarded-For). Default: nobody, so that a
   * forged header neither escapes the login rate limit nor writes a false address into the audit.
   */
  trustProxy?: boolean | number | string[] | undefined;
  /** Where screening runs' shards go: in process by default (the job queue on a server). */
  screeningDispatcher?: ShardDispatcher | undefined;
  /** Where reports asked for in the background go: the job queue on a server; by default a queue in this process that runs them. */
  reportQueue?: Pick<JobQueue, 'send'> | undefined;
  /** Where the assessment's records come from (supervision, notices, indicators); none by default. */
  assessmentRecords?: AssessmentRecordsSource | undefined;
  /** The stored-files folder (`$DATA_DIR/files`) for evidence files; a temporary folder when absent (an in-memory database). */
  filesRoot?: string | undefined;
  /** The innovation index's specs (the bundled ones by default; tests give others). */
  indexSpecs?: IndexSpecSource | undefined;
}

/** A hop count trusts that many proxies nearest the server; the rest as Fastify takes them. */
function trustProxyOption(trust: AppOptions['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust ?? false;
}

/**
 * The Fastify app factory: routes, OpenAPI, error shape and the web app. Tests call it in
 * process (`app.inject`), the CLI's `serve` listens on a port.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info', ...(options.logStream ? { stream: options.logStream } : {}) },
    // One line per request at info, the full detail at debug.
    logController: new RequestLogController(),
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // Only a proxy named by the deployment (TRUST_PROXY) may tell the client address.
    trustProxy: trustProxyOption(options.trustProxy),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const context: ServerContext = {
    database: options.database,
    settings: options.settings ?? defaultSecuritySettings,
    now: options.now ?? (() => new Date()),
    caches: createServerCaches(),
  };
  registerErrorHandling(app, context);
  compressAnswers(app);
  const registeredRoutes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', registeredRoutes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') registeredRoutes.push({ method, url: route.url, action: (route.config as { action?: string } | undefined)?.action });
    }
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd injects its CSS-in-JS as <style> elements; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
  });
  await app.register(fastifyCookie);
  // Only routes that ask for it (login) are limited.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, limit) =>
      new AppError('rate_limited', `请求过于频繁，请 ${Math.ceil(limit.ttl / 1000)} 秒后再试`, `too many requests: retry in ${Math.ceil(limit.ttl / 1000)} s`),
  });
  registerRequestActor(app, context);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Kechuang (科创) API', description: '科技政策实施管理平台 · platform for running a regional S&T policy', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(healthRoutes(context));
  await app.register(sessionRoutes(context));
  await app.register(accountRoutes(context));
  await app.register(packRoutes(context));
  await app.register(areaRoutes(context));
  await app.register(areaTargetRoutes(context));
  await app.register(workspaceRoutes(context));
  await app.register(auditRoutes(context));
  await app.register(indicatorRoutes(context));
  await app.register(registryRoutes(context));
  await app.register(incentiveRoutes(context));
  await app.register(awardRoutes(context));
  // The fiscal view's paid and approved amounts come from the award ledger.
  await app.register(fiscalRoutes(context, { paidAndApproved: findAwardCosts }));
  await app.register(screeningRoutes(context, options.screeningDispatcher ?? createInProcessDispatcher(options.database.db).dispatch));
  await app.register(reportRoutes(context, options.reportQueue ?? (await inProcessReportQueue(app, options.database)), reportGenerators));
  await app.register(assessmentRoutes(context, options.assessmentRecords ?? assessmentRecordsSource(options.database.db)));
  await app.register(noticeRoutes(context));
  await app.register(supervisionRoutes(context, { filesRoot: options.filesRoot }));
  await app.register(innovationIndexRoutes(context, options.indexSpecs ? { specs: options.indexSpecs } : {}));

  const webRoot = options.webRoot;
  const webIndex = webRoot ? join(webRoot, 'index.html') : undefined;
  if (webRoot && webIndex && existsSync(webIndex)) {
    // The build writes .br and .gz beside each file (web/vite.config.ts); hashed files are immutable.
    await app.register(fastifyStatic, { root: webRoot, index: false, preCompressed: true, cacheControl: false, setHeaders: setWebAssetHeaders });
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.type('text/html').sendFile('index.html'));
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isPage = !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path);
    if (isPage && (request.method === 'GET' || request.method === 'HEAD') && webIndex && existsSync(webIndex)) {
      // The single-page app routes on the client: every page path gets index.html (files don't).
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .status(404)
      .send(body('not_found', `找不到路径 ${request.method} ${path}`, `no route ${request.method} ${path}`, request.id));
  });
  return app;
}

/** Reports run in this process when the app is given no queue (tests, an embedding process); stopped with the app. */
async function inProcessReportQueue(app: FastifyInstance, database: DatabaseHandle): Promise<JobQueue> {
  const queue = new InProcessJobQueue();
  const handler = jobHandlers(database.db)[reportGenerateJob]!;
  await queue.work(reportGenerateJob, handler);
  await queue.start();
  app.addHook('onClose', () => queue.stop());
  return queue;
}
