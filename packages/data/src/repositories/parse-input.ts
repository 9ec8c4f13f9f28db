import type { z } from 'zod';
import { hostileInputIssues } from '../errors/hostile-input.js';
import { ValidationError } from '../errors/legal-error.js';
import { fieldIssues } from '../errors/zod-issues.js';

/**
 * Parses repository input; a failure is a ValidationError naming each field, before any SQL
 * (and before zod sees the input: see hostileInputIssues).
 * `argument` names the input itself (`'id'`, `'patch'`) for issues about the whole value,
 * so no issue comes out with an empty path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, argument = 'input'): z.output<S> {
  // what no schema may let through (NUL bytes, out-of-range dates, circular or too deep
  // structures, BigInt, prototype keys), found in the raw input before zod copies it
  const hostile = hostileInputIssues(input, argument);
  if (hostile.length > 0) throw new ValidationError(hostile);
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldIssues(result.error, argument), { cause: result.error });
  return result.data;
}
