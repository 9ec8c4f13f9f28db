import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the folder holding the plain-SQL migrations
 * (`NNNN_slug.up.sql` / `NNNN_slug.down.sql`), for tools that want the files.
 *
 * @example
 * ```ts
 * import { readdir } from 'node:fs/promises';
 * import { migrationsDir } from '@legal/schema';
 * console.log(await readdir(migrationsDir));
 * ```
 */
export const migrationsDir: string = fileURLToPath(new URL('../migrations', import.meta.url));
