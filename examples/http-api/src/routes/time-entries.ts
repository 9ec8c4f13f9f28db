import type { LegalDb } from '@legal/data';
import type { FastifyInstance } from 'fastify';
import { contextOf } from '../request-context.js';
import { listQuery } from './list-query.js';

/** Time: `GET /time-entries` (`?caseId=…&unbilled=true`), `POST /time-entries`, `GET /time-entries/:id`. */
export async function timeEntriesRoutes(app: FastifyInstance, { db }: { db: LegalDb }) {
  app.get<{ Querystring: Record<string, string> }>('/time-entries', async (request) =>
    db.withTenant(contextOf(request), (t) => t.timeEntries.list(listQuery(request.query, []))),
  );

  app.post<{ Body: unknown }>('/time-entries', async (request, reply) => {
    const created = await db.withTenant(contextOf(request), (t) => t.timeEntries.create(request.body as never));
    return reply.status(201).header('location', `/time-entries/${created.id}`).send(created);
  });

  app.get<{ Params: { id: string } }>('/time-entries/:id', async (request) =>
    db.withTenant(contextOf(request), (t) => t.timeEntries.get(request.params.id)),
  );
}
