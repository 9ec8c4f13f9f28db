import type { z } from 'zod';
import { ValidationError } from '../errors/legal-error.js';
import { fieldIssues } from '../errors/zod-issues.js';

/**
 * Parses repository input; a failure is a ValidationError naming each field, before any SQL.
 * `argument` names the input itself (`'id'`, `'patch'`) for issues about the whole value,
 * so no issue comes out with an empty path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, argument = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldIssues(result.error, argument), { cause: result.error });
  return result.data;
}
