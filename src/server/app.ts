import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { body, registerErrorHandling } from './error-handler.ts';
import { areaRoutes } from './routes/area-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { packRoutes } from './routes/pack-routes.ts';
import type { ServerContext } from './server-context.ts';

export interface AppOptions extends ServerContext {
  /** The built web app (web/dist); when absent only the API is served. */
  webRoot?: string | undefined;
  logLevel?: string | undefined;
}

/**
 * The Fastify app factory: routes, OpenAPI, error shape and the web app. Tests call it in
 * process (`app.inject`), the CLI's `serve` listens on a port.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Kechuang (科创) API', description: '科技政策实施管理平台 · platform for running a regional S&T policy', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const context: ServerContext = { database: options.database };
  await app.register(healthRoutes(context));
  await app.register(packRoutes(context));
  await app.register(areaRoutes(context));

  const webRoot = options.webRoot;
  const webIndex = webRoot ? join(webRoot, 'index.html') : undefined;
  if (webRoot && webIndex && existsSync(webIndex)) {
    await app.register(fastifyStatic, { root: webRoot, index: false });
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
