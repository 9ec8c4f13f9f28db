import type { LegalDb } from '@legal/data';
import type { FastifyInstance } from 'fastify';
import { contextOf } from '../request-context.js';
import { listQuery } from './list-query.js';

type Id = { Params: { id: string } };

/**
 * Matters: `GET /cases` (`?status=new,assigned&limit=20&cursor=…`, or `?q=` for full-text
 * search), `POST /cases`, `GET|PATCH /cases/:id`, `POST /cases/:id/transitions` (`{ to, reason }`).
 * Bodies go to the SDK as they are: it validates them and names the field that is wrong.
 */
export async function casesRoutes(app: FastifyInstance, { db }: { db: LegalDb }) {
  app.get<{ Querystring: Record<string, string> }>('/cases', async (request) => {
    const { q, ...rest } = request.query;
    if (q !== undefined) {
      const hits = await db.withTenant(contextOf(request), (t) => t.cases.search(q, listQuery(rest, [])));
      return { items: hits };
    }
    return db.withTenant(contextOf(request), (t) => t.cases.list(listQuery(rest, ['status', 'caseType', 'tags'])));
  });

  app.post<{ Body: unknown }>('/cases', async (request, reply) => {
    const created = await db.withTenant(contextOf(request), (t) => t.cases.create(request.body as never));
    return reply.status(201).header('location', `/cases/${created.id}`).send(created);
  });

  app.get<Id>('/cases/:id', async (request) =>
    db.withTenant(contextOf(request), (t) => t.cases.get(request.params.id)),
  );

  app.patch<Id & { Body: unknown }>('/cases/:id', async (request) =>
    db.withTenant(contextOf(request), (t) => t.cases.update(request.params.id, request.body as never)),
  );

  app.post<Id & { Body: { to?: unknown; reason?: unknown } }>('/cases/:id/transitions', async (request) => {
    const { to, reason } = request.body ?? {};
    return db.withTenant(contextOf(request), (t) =>
      t.cases.transition(request.params.id, to as string, reason === undefined ? {} : { reason: reason as string }),
    );
  });
}
