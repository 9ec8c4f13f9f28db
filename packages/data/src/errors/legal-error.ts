/**
 * Base class of every error `@legal/data` throws: a stable `code` to branch on, the
 * underlying error (a pg error, a zod error) as `cause`, and never a SQL parameter in
 * the message. Subclasses (one per code) arrive with the repositories.
 *
 * @example
 * ```ts
 * try { await work(); } catch (error) { if (error instanceof LegalError) log(error.code); }
 * ```
 */
export class LegalError extends Error {
  override readonly name: string = 'LegalError';
  readonly code: string = 'LEGAL_ERROR';
}
