import type { z } from 'zod';
import { ValidationError } from '../errors/legal-error.js';
import { fieldIssues } from '../errors/zod-issues.js';

/** Parses repository input; a failure is a ValidationError naming each field, before any SQL. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldIssues(result.error), { cause: result.error });
  return result.data;
}
