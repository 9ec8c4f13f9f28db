import { createBackup } from '../../backup/create-backup.js';
import { type ConnectionOptions, databaseUrl } from '../connection-options.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface BackupCommandOptions extends ConnectionOptions {
  out?: string;
  pgBin?: string;
}

/** `legal-schema backup --out <dir>`: pg_dump plus the schema's roles and a manifest, with progress. */
export async function backup(options: BackupCommandOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'backup', options.json ?? false);
  try {
    if (!options.out) throw new UsageError('--out <dir> is required');
    const manifest = await createBackup({
      url: databaseUrl(options, io),
      out: options.out,
      ...(options.pgBin ? { pgBin: options.pgBin } : {}),
      onProgress: (p) => output.line(output.c.dim(`[${p.done}/${p.total}] ${p.table}`)),
    });
    output.line(
      `Backed up ${manifest.database} (PostgreSQL ${manifest.serverMajor}, ${manifest.migrations.length} migrations, ${manifest.tenants} firms, ${manifest.auditEvents} audit events) to ${options.out}`,
    );
    return output.done({ out: options.out, manifest });
  } catch (error) {
    return output.fail(error);
  }
}
