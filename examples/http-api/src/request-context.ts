import type { LegalDb, TenantContext } from '@legal/data';
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant context of the signed-in caller; set by {@link authenticate}. */
    legal?: TenantContext;
  }
}

/** What the SDK accepts as a request id (letters, digits and `._:/+=-`, at most 128). */
const REQUEST_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/** The caller's `x-request-id` when the SDK can record it, else a fresh one. */
export function requestIdOf(header: string | string[] | undefined, fresh: () => string): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : fresh();
}

/** A user agent the audit trail can hold: printable characters, at most 512. */
export function userAgentOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['user-agent'];
  if (typeof raw !== 'string') return undefined;
  const printable = raw.replace(/[^\x20-\x7e]/g, '').slice(0, 512);
  return printable.trim() ? printable : undefined;
}

/**
 * The onRequest hook of the signed-in routes: `Authorization: Bearer <token>` (a session from
 * POST /sessions, or an API token) becomes the request's tenant context, with this request's
 * id, IP address and user agent — they land in every audit row its units write.
 */
export function authenticate(db: LegalDb) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(request.headers.authorization ?? '');
    if (!match?.[1]) throw new HttpError(401, 'UNAUTHENTICATED', 'Send Authorization: Bearer <token>');
    const token = match[1];
    const resolved = (await db.auth.resolveSession(token)) ?? (await db.auth.resolveAccessToken(token));
    if (!resolved) throw new HttpError(401, 'UNAUTHENTICATED', 'The token is unknown, expired or revoked');
    const userAgent = userAgentOf(request);
    request.legal = {
      ...resolved,
      requestId: request.id,
      ip: request.ip,
      ...(userAgent ? { userAgent } : {}),
    };
  };
}

/** The request's tenant context; a 401 when the route was reached without one. */
export function contextOf(request: FastifyRequest): TenantContext {
  if (!request.legal) throw new HttpError(401, 'UNAUTHENTICATED', 'Sign in first');
  return request.legal;
}
