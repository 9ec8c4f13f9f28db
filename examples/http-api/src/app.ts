import { randomUUID } from 'node:crypto';
import type { LegalDb } from '@legal/data';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { toHttpError } from './http-errors.js';
import { authenticate, requestIdOf } from './request-context.js';
import { casesRoutes } from './routes/cases.js';
import { documentsRoutes } from './routes/documents.js';
import { healthRoutes } from './routes/health.js';
import { invoicesRoutes } from './routes/invoices.js';
import { sessionsRoutes } from './routes/sessions.js';
import { timeEntriesRoutes } from './routes/time-entries.js';

/** Options of {@link buildApp}. */
export interface HttpApiOptions {
  /** The SDK, one per process (`createLegalDb`). The app never closes it. */
  db: LegalDb;
  /** Checks that the database answers, for `GET /health`. Default: none (the route reports the process only). */
  ping?: () => Promise<void>;
  /** Fastify's logger option. Default: `false`. */
  logger?: FastifyServerOptions['logger'];
  /** Trust `X-Forwarded-For` from a proxy in front (the IP recorded in the audit trail). Default: `false`. */
  trustProxy?: boolean;
}

/**
 * The HTTP service: Fastify with the @legal SDK behind it. Every signed-in request runs its
 * work in tenant units (`db.withTenant`) under the caller's context; every error becomes a
 * JSON body with a stable code and the request id.
 *
 * @example
 * ```ts
 * const app = buildApp({ db });
 * await app.listen({ port: 3000 });
 * ```
 */
export function buildApp(options: HttpApiOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    genReqId: (request) => requestIdOf(request.headers['x-request-id'], randomUUID),
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler(async (error, request, reply) => {
    const { status, body } = toHttpError(error, request.id);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: `No route ${request.method} ${request.url}`, requestId: request.id }),
  );

  app.register(healthRoutes, { ping: options.ping });
  app.register(sessionsRoutes, { db: options.db });
  // Everything else needs a signed-in caller.
  app.register(async (signedIn) => {
    signedIn.addHook('onRequest', authenticate(options.db));
    signedIn.register(casesRoutes, { db: options.db });
    signedIn.register(documentsRoutes, { db: options.db });
    signedIn.register(timeEntriesRoutes, { db: options.db });
    signedIn.register(invoicesRoutes, { db: options.db });
  });
  return app;
}
