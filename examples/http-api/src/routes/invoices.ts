import type { LegalDb } from '@legal/data';
import type { FastifyInstance } from 'fastify';
import { contextOf } from '../request-context.js';
import { listQuery } from './list-query.js';

type Id = { Params: { id: string } };

/**
 * Invoices: `GET /invoices` (`?status=draft,sent&overdue=true`), `POST /invoices` (with its
 * lines), `GET /invoices/:id` (with its lines, in one unit), `POST /invoices/:id/send`.
 */
export async function invoicesRoutes(app: FastifyInstance, { db }: { db: LegalDb }) {
  app.get<{ Querystring: Record<string, string> }>('/invoices', async (request) =>
    db.withTenant(contextOf(request), (t) => t.invoices.list(listQuery(request.query, ['status']))),
  );

  app.post<{ Body: unknown }>('/invoices', async (request, reply) => {
    const created = await db.withTenant(contextOf(request), (t) => t.invoices.create(request.body as never));
    return reply.status(201).header('location', `/invoices/${created.id}`).send(created);
  });

  app.get<Id>('/invoices/:id', async (request) =>
    db.withTenant(contextOf(request), async (t) => {
      const invoice = await t.invoices.get(request.params.id);
      return { ...invoice, lines: await t.invoices.lines(invoice.id) };
    }),
  );

  app.post<Id & { Body: { issueDate?: string; dueDate?: string } | undefined }>('/invoices/:id/send', async (request) =>
    db.withTenant(contextOf(request), (t) => t.invoices.send(request.params.id, request.body ?? {})),
  );
}
