import type { z } from 'zod';
import type { FieldIssue } from './legal-error.js';

/** zod's issues as field issues with dotted paths. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
