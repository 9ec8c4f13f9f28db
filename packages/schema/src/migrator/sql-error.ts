import { basename } from 'node:path';
import type { SqlLocation } from './errors.js';

/** The fields of a pg `DatabaseError` this package reads. */
export interface PgErrorFields {
  message: string;
  code?: string;
  position?: string;
  internalPosition?: string;
  where?: string;
}

export function asPgError(error: unknown): PgErrorFields {
  return error instanceof Error ? (error as PgErrorFields) : { message: String(error) };
}

/**
 * Line and column in `file` of a PostgreSQL error position (1-based, in characters of
 * the statement that was sent, which starts `offset` characters into the file).
 */
export function locate(file: string, script: string, offset: number, error: PgErrorFields): SqlLocation | undefined {
  const position = Number.parseInt(error.position ?? '', 10);
  if (!Number.isInteger(position) || position < 1) return undefined;
  // `offset` counts UTF-16 units of the file; `position` counts characters of the statement.
  const upTo =
    script.slice(0, offset) +
    Array.from(script.slice(offset))
      .slice(0, position - 1)
      .join('');
  const lines = upTo.split('\n');
  return { file: basename(file), line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** The reason to show: the message, plus the context PostgreSQL gave (e.g. the function line). */
export function reasonOf(error: PgErrorFields): string {
  return error.where ? `${error.message} (${error.where.split('\n')[0]})` : error.message;
}
