/**
 * A PostgreSQL cluster that outlives the benchmark, so the 100× dataset is built once and
 * reused: `LEGAL_BENCH_URL` when set (a superuser URL on any server), else a cluster of the
 * machine's binaries in bench/.cache/pg-scale (PostgreSQL 15 settings of the issue:
 * shared_buffers 1 GB; durability off, it is a benchmark).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('./.cache/pg-scale/', import.meta.url));
const PORT = Number(process.env.LEGAL_BENCH_PORT ?? 55433);

function binDir(): string {
  const majors = readdirSync('/usr/lib/postgresql')
    .filter((m) => /^\d+$/.test(m))
    .sort((a, b) => Number(b) - Number(a));
  const dir = majors[0] && join('/usr/lib/postgresql', majors[0], 'bin');
  if (!dir || !existsSync(join(dir, 'pg_ctl'))) {
    throw new Error(
      'no PostgreSQL binaries in /usr/lib/postgresql/<major>/bin: set LEGAL_BENCH_URL to a server instead',
    );
  }
  return dir;
}

function asPostgres(program: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  execFileSync(root ? 'runuser' : program, root ? ['-u', 'postgres', '--', program, ...args] : args, { stdio: 'pipe' });
}

/** A superuser URL on the persistent benchmark server, started (or created) if needed. */
export function benchServerUrl(): string {
  if (process.env.LEGAL_BENCH_URL) return process.env.LEGAL_BENCH_URL;
  const bin = binDir();
  const data = join(ROOT, 'data');
  if (!existsSync(join(data, 'PG_VERSION'))) {
    mkdirSync(ROOT, { recursive: true });
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', ROOT]);
    asPostgres(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-locale',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    writeFileSync(
      join(ROOT, 'settings.conf'),
      [
        'shared_buffers = 1GB',
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_wal_size = 8GB',
        "listen_addresses = '127.0.0.1'",
        `port = ${PORT}`,
        `unix_socket_directories = '${ROOT}'`,
        "shared_preload_libraries = 'pg_stat_statements'",
        '',
      ].join('\n'),
    );
    execFileSync('sh', ['-c', `echo "include '${join(ROOT, 'settings.conf')}'" >> ${join(data, 'postgresql.conf')}`]);
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', ROOT]);
  }
  try {
    asPostgres(join(bin, 'pg_ctl'), ['-D', data, 'status']);
  } catch {
    asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-l', join(ROOT, 'server.log'), '-w', 'start']);
  }
  return `postgres://postgres@127.0.0.1:${PORT}/postgres`;
}
