import type { FieldIssue } from './legal-error.js';

/** The key that reaches an object's prototype when an input is copied: refused, never dropped. */
const PROTOTYPE_KEYS = new Set(['__proto__']);
/** Deeper JSON than this is refused (PostgreSQL and JSON.stringify fail far deeper, with raw errors). */
export const MAX_DEPTH = 64;
/** The earliest instant PostgreSQL's timestamps hold (4713 BC); JavaScript's dates reach further. */
const EARLIEST = Date.UTC(-4712, 0, 1);
/** The latest year a date travels to PostgreSQL in (a JavaScript date past 9999 is written in a form it rejects). */
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * What no schema should ever let through, found in the raw input before it is parsed: NUL
 * bytes in text (PostgreSQL refuses them with a raw 22021), dates PostgreSQL cannot store,
 * values that are not data (BigInt, functions, symbols), circular or too deeply nested
 * structures, and `__proto__` keys, which parsing would drop silently or turn into a
 * prototype change. Each issue names the field.
 */
export function hostileInputIssues(input: unknown, root: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<object>();
  const at = (path: readonly string[]) => (path.length ? path.join('.') : root);

  const walk = (value: unknown, path: string[], depth: number): void => {
    switch (typeof value) {
      case 'string':
        if (value.includes('\u0000')) issues.push({ path: at(path), message: 'must not contain NUL bytes' });
        return;
      case 'bigint':
        issues.push({ path: at(path), message: 'must be a number or a decimal string, not a BigInt' });
        return;
      case 'function':
      case 'symbol':
        issues.push({ path: at(path), message: `is a ${typeof value}, not data` });
        return;
      case 'object':
        break;
      default:
        return;
    }
    if (value === null || ArrayBuffer.isView(value)) return;
    if (value instanceof Date) {
      const time = value.getTime();
      if (Number.isNaN(time)) issues.push({ path: at(path), message: 'is an invalid date' });
      else if (time < EARLIEST)
        issues.push({ path: at(path), message: 'is before 4713 BC (PostgreSQL cannot store it)' });
      else if (time > LATEST) issues.push({ path: at(path), message: 'is after the year 9999' });
      return;
    }
    if (seen.has(value)) {
      issues.push({ path: at(path), message: 'is circular' });
      return;
    }
    if (depth > MAX_DEPTH) {
      issues.push({ path: at(path), message: `is nested more than ${MAX_DEPTH} levels deep` });
      return;
    }
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        walk(item, [...path, String(i)], depth + 1);
      });
    } else {
      for (const key of Object.keys(value)) {
        if (PROTOTYPE_KEYS.has(key)) {
          issues.push({ path: at([...path, key]), message: `"${key}" is not allowed as a key` });
          continue;
        }
        if (key.includes('\u0000')) issues.push({ path: at(path), message: 'a key must not contain NUL bytes' });
        walk((value as Record<string, unknown>)[key], [...path, key], depth + 1);
      }
    }
    seen.delete(value);
  };
  walk(input, [], 0);
  return issues;
}
