import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest folder above this module (src/ or dist/, at any depth) with a package.json. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('@legal/schema: cannot find its package.json above its modules');
    dir = parent;
  }
  return dir;
}

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
export const migrationsDir: string = join(packageRoot(), 'migrations');
