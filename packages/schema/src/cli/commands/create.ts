import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { migrationsDir } from '../../migrations-dir.js';
import { loadMigrations } from '../../migrator/migration-files.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface CreateOptions {
  dir?: string;
  json?: boolean;
}

/** `legal-schema create <slug>`: scaffolds the next `NNNN_slug.up.sql` / `.down.sql` pair. */
export async function create(slug: string, options: CreateOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'create', options.json ?? false);
  try {
    const normalised = slug
      .trim()
      .toLowerCase()
      .replace(/[-\s]+/g, '_');
    if (!/^[a-z0-9]+(?:_[a-z0-9]+)*$/.test(normalised)) {
      throw new UsageError(`Invalid slug "${slug}": use lower-case letters, digits and _ (e.g. add_case_deadlines)`);
    }
    const dir = options.dir ? resolve(io.cwd, options.dir) : migrationsDir;
    const existing = await loadMigrations(dir);
    const last = existing.at(-1)?.name.slice(0, 4) ?? '0000';
    const next = String(Number(last) + 1).padStart(4, '0');
    if (next.length > 4) throw new UsageError('No migration numbers left after 9999');
    const name = `${next}_${normalised}`;
    const up = join(dir, `${name}.up.sql`);
    const down = join(dir, `${name}.down.sql`);
    await writeFile(
      up,
      `-- ${name}: what this migration does, and why.\n-- Runs in one transaction with its history row. First line "-- legal:no-transaction" to opt out.\n\n`,
      { flag: 'wx' },
    );
    await writeFile(down, `-- Reverts ${name}.\n\n`, { flag: 'wx' });
    output.line(`created ${relative(io.cwd, up)}`);
    output.line(`created ${relative(io.cwd, down)}`);
    return output.done({ name, files: [up, down] });
  } catch (error) {
    return output.fail(error);
  }
}
