import { ValidationError } from '../errors/legal-error.js';

/** A page of results; pass `nextCursor` back as `cursor` for the next one (undefined: last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | undefined;
}

/** Encodes the position after a row: its sort value and id. Opaque to callers. */
export function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { sortValue: string; id: string } {
  try {
    const [sortValue, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof sortValue === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { sortValue, id };
  } catch {
    // fall through
  }
  throw new ValidationError([{ path: 'cursor', message: 'is not a cursor returned by this list' }]);
}

/** Splits `limit + 1` fetched rows into a page and its next cursor. */
export function toPage<T extends { id: string }>(rows: T[], limit: number, sortValueOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(sortValueOf(last), last.id) : undefined };
}
