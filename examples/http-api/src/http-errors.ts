import {
  CheckViolationError,
  ConflictError,
  DatabaseUnavailableError,
  DeadlockError,
  ForbiddenError,
  ForeignKeyError,
  InvalidTransitionError,
  LegalError,
  LegalHoldError,
  LockTimeoutError,
  NotFoundError,
  SerializationError,
  StatementTimeoutError,
  TenantContextError,
  TenantSuspendedError,
  ValidationError,
} from '@legal/data';

/** The JSON body of every error response: a stable code, a message safe to show, the request id. */
export interface ErrorBody {
  code: string;
  message: string;
  requestId: string;
  /** For 400: which fields, and what is wrong with each. */
  issues?: readonly { path: string; message: string }[];
  /** For an invalid transition (409): the statuses allowed from the current one. */
  allowed?: readonly string[];
}

/** An error the app raises itself (no or bad credentials, a body that is not JSON). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Maps an error to an HTTP status and a body, in one place. The SDK's errors carry a stable
 * `code` and a message without SQL parameters, so both are passed on; anything else is a 500
 * whose details stay in the log (found by the request id).
 */
export function toHttpError(error: unknown, requestId: string): { status: number; body: ErrorBody } {
  const body = (code: string, message: string): ErrorBody => ({ code, message, requestId });
  if (error instanceof HttpError) return { status: error.status, body: body(error.code, error.message) };
  // Fastify's own: a body that is not valid JSON, a wrong content type, a body too large.
  const fastifyStatus = (error as { statusCode?: number } | null)?.statusCode;
  if (
    !(error instanceof LegalError) &&
    typeof fastifyStatus === 'number' &&
    fastifyStatus >= 400 &&
    fastifyStatus < 500
  ) {
    return { status: fastifyStatus, body: body('BAD_REQUEST', (error as Error).message) };
  }
  if (!(error instanceof LegalError)) return { status: 500, body: body('INTERNAL', 'Internal error') };

  if (error instanceof ValidationError) {
    return { status: 400, body: { ...body(error.code, error.message), issues: error.issues } };
  }
  if (error instanceof CheckViolationError) return { status: 400, body: body(error.code, error.message) };
  if (error instanceof TenantContextError) {
    // The session's user was deactivated or left the firm since sign-in.
    return { status: 401, body: body('UNAUTHENTICATED', 'Sign in again') };
  }
  if (error instanceof LegalHoldError) return { status: 423, body: body('LEGAL_HOLD', error.message) };
  if (error instanceof TenantSuspendedError) return { status: 403, body: body(error.code, error.message) };
  if (error instanceof ForbiddenError) return { status: 403, body: body(error.code, error.message) };
  if (error instanceof NotFoundError) return { status: 404, body: body(error.code, error.message) };
  if (error instanceof InvalidTransitionError) {
    return { status: 409, body: { ...body(error.code, error.message), allowed: error.allowed } };
  }
  if (error instanceof ConflictError || error instanceof ForeignKeyError) {
    return { status: 409, body: body(error.code, error.message) };
  }
  if (
    error instanceof SerializationError ||
    error instanceof DeadlockError ||
    error instanceof LockTimeoutError ||
    error instanceof StatementTimeoutError ||
    error instanceof DatabaseUnavailableError
  ) {
    return { status: 503, body: body(error.code, 'The database is busy or unavailable: try again') };
  }
  return { status: 500, body: body('INTERNAL', 'Internal error') };
}
