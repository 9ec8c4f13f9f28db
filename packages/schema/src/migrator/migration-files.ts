import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidMigrationsError } from './errors.js';

/** One migration: the pair `NNNN_slug.up.sql` / `NNNN_slug.down.sql`. */
export interface MigrationFile {
  /** `NNNN_slug`, the name recorded in `legal.schema_migrations`. */
  name: string;
  upPath: string;
  downPath: string;
  upSql: string;
  downSql: string;
  /** SHA-256 (hex) of the up file, line endings normalised to `\n`. */
  checksum: string;
  /** `false` when the up file's first line is `-- legal:no-transaction`. */
  transactional: boolean;
  /** Same for the down file. */
  downTransactional: boolean;
  /** The limits the up file runs under (defaults, or its `-- legal:lock_timeout=…` headers). */
  limits: MigrationLimits;
  /** Same for the down file. */
  downLimits: MigrationLimits;
}

/**
 * How long a migration's statements may wait for a lock and run. A migration waiting
 * behind a long transaction would block every query queued behind its lock, so it gives up
 * after `lockTimeout` (try again when the database is quieter); override per file with a
 * header line such as `-- legal:lock_timeout=30s` or `-- legal:statement_timeout=0` (none).
 */
export interface MigrationLimits {
  lockTimeout: string;
  statementTimeout: string;
}

/** The default limits of every migration. */
export const DEFAULT_LIMITS: MigrationLimits = { lockTimeout: '10s', statementTimeout: '30min' };
const LIMIT_HEADER = /^--\s*legal:(lock_timeout|statement_timeout)\s*=\s*([0-9]+(?:ms|s|min|h)?)\s*$/gm;

/** The limits a file declares in its header lines (the values are checked: digits and a unit). */
export function limitsOf(sql: string): MigrationLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [, name, value] of sql.matchAll(LIMIT_HEADER)) {
    if (name === 'lock_timeout') limits.lockTimeout = value as string;
    else limits.statementTimeout = value as string;
  }
  return limits;
}

export const NO_TRANSACTION_MARKER = '-- legal:no-transaction';
const FILE_NAME = /^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\.(up|down)\.sql$/;

/**
 * Reads and checks a migrations folder: every `.sql` file must be named
 * `NNNN_slug.(up|down).sql`, come in an up/down pair, and have a number of its own.
 * Returns the migrations in order.
 */
export async function loadMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw new InvalidMigrationsError(dir, [`cannot read the folder: ${error.code ?? error.message}`]);
  });
  const problems: string[] = [];
  const pairs = new Map<string, { number: string; up?: string; down?: string }>();
  for (const entry of entries.filter((e) => e.endsWith('.sql')).sort()) {
    const match = FILE_NAME.exec(entry);
    if (!match) {
      problems.push(`${entry}: not named NNNN_slug.up.sql or NNNN_slug.down.sql (lower-case slug, words joined by _)`);
      continue;
    }
    const [, number = '', slug = '', direction] = match;
    const name = `${number}_${slug}`;
    const pair = pairs.get(name) ?? { number };
    if (direction === 'up') pair.up = entry;
    else pair.down = entry;
    pairs.set(name, pair);
  }
  const byNumber = new Map<string, string>();
  for (const [name, pair] of pairs) {
    if (!pair.up) problems.push(`${name}: ${pair.down} has no ${name}.up.sql`);
    if (!pair.down) problems.push(`${name}: ${pair.up} has no ${name}.down.sql`);
    const other = byNumber.get(pair.number);
    if (other) problems.push(`${name}: number ${pair.number} is also used by ${other}`);
    byNumber.set(pair.number, name);
  }
  if (problems.length > 0) throw new InvalidMigrationsError(dir, problems);

  const names = [...pairs.keys()].sort();
  return Promise.all(
    names.map(async (name) => {
      const upPath = join(dir, `${name}.up.sql`);
      const downPath = join(dir, `${name}.down.sql`);
      const [upSql, downSql] = await Promise.all([readSql(upPath), readSql(downPath)]);
      return {
        name,
        upPath,
        downPath,
        upSql,
        downSql,
        checksum: createHash('sha256').update(upSql).digest('hex'),
        transactional: !startsWithMarker(upSql),
        downTransactional: !startsWithMarker(downSql),
        limits: limitsOf(upSql),
        downLimits: limitsOf(downSql),
      };
    }),
  );
}

async function readSql(path: string): Promise<string> {
  return (await readFile(path, 'utf8')).replace(/\r\n/g, '\n');
}

function startsWithMarker(sql: string): boolean {
  return (sql.split('\n', 1)[0] ?? '').trim() === NO_TRANSACTION_MARKER;
}
