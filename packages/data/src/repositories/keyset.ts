import { type AliasedRawBuilder, type RawBuilder, sql } from 'kysely';
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

/** Reads a cursor back; `id` must match `idPattern` (default: a uuid). */
export function decodeCursor(cursor: string, idPattern = /^[0-9a-f-]{36}$/): { sortValue: string; id: string } {
  try {
    const [sortValue, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof sortValue === 'string' && typeof id === 'string' && idPattern.test(id)) return { sortValue, id };
  } catch {
    // fall through
  }
  throw new ValidationError([{ path: 'cursor', message: 'is not a cursor returned by this list' }]);
}

/** A list's stable order: its sort expression (SQL type `type`), then the row id. */
export interface Keyset {
  sort: RawBuilder<unknown>;
  id: RawBuilder<unknown>;
  type: 'timestamptz' | 'date' | 'int' | 'text';
  direction: 'asc' | 'desc';
}

/** The `sortKey` column a keyset list selects: the sort value as text, for the cursor. */
export function sortKey(keyset: Keyset): AliasedRawBuilder<string, 'sortKey'> {
  return sql<string>`(${keyset.sort})::text`.as('sortKey');
}

/** The rows after `cursor` in the keyset's order. */
export function afterCursor(cursor: string, keyset: Keyset): RawBuilder<boolean> {
  const at = decodeCursor(cursor);
  const value = sql`${at.sortValue}::${sql.raw(keyset.type)}`;
  return keyset.direction === 'desc'
    ? sql<boolean>`(${keyset.sort}, ${keyset.id}) < (${value}, ${at.id}::uuid)`
    : sql<boolean>`(${keyset.sort}, ${keyset.id}) > (${value}, ${at.id}::uuid)`;
}

/** Splits `limit + 1` rows fetched with a `sortKey` column into a page (sortKey dropped) and its next cursor. */
export function toPage<T extends { id: string; sortKey: string }>(rows: T[], limit: number): Page<Omit<T, 'sortKey'>> {
  const kept = rows.length > limit ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(last.sortKey, last.id) : undefined;
  // the rows are the page's own: the column is removed in place (the last one: no copy of each row)
  for (const row of kept) delete (row as Partial<T>).sortKey;
  return { items: kept, nextCursor };
}
