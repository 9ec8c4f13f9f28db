import type { z } from 'zod';
import type { FieldIssue } from './legal-error.js';

/**
 * zod's issues as field issues with dotted paths. An unknown key is reported at its own
 * path; an issue about the whole value takes `root` as its path.
 */
export function fieldIssues(error: z.ZodError, root = ''): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: `Unknown field "${key}"` }));
    }
    return [{ path: path.length ? path.join('.') : root, message: issue.message }];
  });
}
