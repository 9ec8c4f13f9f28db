import type { LegalDb } from '@legal/data';
import type { FastifyInstance } from 'fastify';
import { contextOf } from '../request-context.js';
import { listQuery } from './list-query.js';

type Id = { Params: { id: string } };

/**
 * Documents (their records; the bytes live in the app's object store): `GET /documents`
 * (`?caseId=…`), `POST /documents`, `GET|DELETE /documents/:id`, and the legal hold:
 * `PUT /documents/:id/hold` (`{ reason }`), `DELETE /documents/:id/hold`. Deleting a held
 * document is a 423.
 */
export async function documentsRoutes(app: FastifyInstance, { db }: { db: LegalDb }) {
  app.get<{ Querystring: Record<string, string> }>('/documents', async (request) =>
    db.withTenant(contextOf(request), (t) => t.documents.list(listQuery(request.query, []))),
  );

  app.post<{ Body: unknown }>('/documents', async (request, reply) => {
    const created = await db.withTenant(contextOf(request), (t) => t.documents.register(request.body as never));
    return reply.status(201).header('location', `/documents/${created.id}`).send(created);
  });

  app.get<Id>('/documents/:id', async (request) =>
    db.withTenant(contextOf(request), (t) => t.documents.get(request.params.id)),
  );

  app.delete<Id>('/documents/:id', async (request, reply) => {
    await db.withTenant(contextOf(request), (t) => t.documents.delete(request.params.id));
    return reply.status(204).send();
  });

  app.put<Id & { Body: { reason?: unknown } }>('/documents/:id/hold', async (request) =>
    db.withTenant(contextOf(request), (t) => t.documents.placeHold(request.params.id, request.body?.reason as string)),
  );

  app.delete<Id>('/documents/:id/hold', async (request) =>
    db.withTenant(contextOf(request), (t) => t.documents.releaseHold(request.params.id)),
  );
}
