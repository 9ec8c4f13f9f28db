import { createHash } from 'node:crypto';
import { migrationsDir as defaultDir } from '../migrations-dir.js';
import { loadMigrations } from './migration-files.js';

/**
 * A short, stable hash of a migrations folder (names and contents of up and down files):
 * a cache key for template databases and generated code that must follow the schema.
 *
 * @example
 * ```ts
 * const template = { name: `app_tpl_${await migrationsFingerprint()}`, build: migrate };
 * ```
 */
export async function migrationsFingerprint(dir: string = defaultDir): Promise<string> {
  const hash = createHash('sha256');
  for (const m of await loadMigrations(dir)) hash.update(`${m.name}\n${m.upSql}\n${m.downSql}\n`);
  return hash.digest('hex').slice(0, 16);
}
