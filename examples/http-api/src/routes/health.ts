import type { FastifyInstance } from 'fastify';

/** `GET /health`: 200 when the process and (with `ping`) the database answer, else 503. */
export async function healthRoutes(app: FastifyInstance, options: { ping?: (() => Promise<void>) | undefined }) {
  app.get('/health', async (_request, reply) => {
    if (!options.ping) return { status: 'ok' };
    try {
      await options.ping();
      return { status: 'ok', database: 'ok' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
}
