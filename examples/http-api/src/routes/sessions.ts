import { ForbiddenError, type LegalDb } from '@legal/data';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http-errors.js';
import { authenticate, userAgentOf } from '../request-context.js';

interface SignIn {
  firm?: unknown;
  email?: unknown;
  password?: unknown;
}

/**
 * `POST /sessions` signs in (`{ firm, email, password }` → 201 `{ token, user }`); a wrong
 * password, an unknown email, a locked or inactive account are one 401 (no account probing).
 * `DELETE /sessions/current` signs out (204).
 */
export async function sessionsRoutes(app: FastifyInstance, { db }: { db: LegalDb }) {
  app.post<{ Body: SignIn }>('/sessions', async (request, reply) => {
    const body = request.body ?? {};
    try {
      const userAgent = userAgentOf(request);
      const signedIn = await db.auth.login({
        tenantSlug: body.firm as string,
        email: body.email as string,
        password: body.password as string,
        ip: request.ip,
        ...(userAgent ? { userAgent } : {}),
      });
      const { id, email, fullName, role } = signedIn.user;
      return reply
        .status(201)
        .send({ token: signedIn.token, tenantId: signedIn.context.tenantId, user: { id, email, fullName, role } });
    } catch (error) {
      if (error instanceof ForbiddenError) throw new HttpError(401, 'INVALID_CREDENTIALS', error.message);
      throw error;
    }
  });

  app.delete('/sessions/current', { onRequest: authenticate(db) }, async (request, reply) => {
    const token = (request.headers.authorization ?? '').slice('Bearer '.length);
    await db.auth.logout(token);
    return reply.status(204).send();
  });
}
