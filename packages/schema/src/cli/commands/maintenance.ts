import { connect } from '../../migrator/connection.js';
import type { ConnectionOptions } from '../connection-options.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface MaintenanceOptions extends ConnectionOptions {
  monthsAhead?: number;
  retentionMonths?: number;
}

/**
 * `legal-schema maintenance [--months-ahead N] [--retention-months N]`: creates the audit
 * partitions ahead and, when asked, drops whole months older than the retention (refusing
 * while a legal hold covers one). Runs as the migrating role; safe to run every day.
 */
export async function maintenance(options: MaintenanceOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'maintenance', options.json ?? false);
  try {
    const url = options.url ?? io.env.DATABASE_URL;
    if (!url) throw new UsageError('No database: pass --url <connection string> or set DATABASE_URL');
    const client = await connect(url);
    try {
      const created = (
        await client.query<{ name: string }>('select legal.audit_ensure_partitions($1) as name', [
          options.monthsAhead ?? 3,
        ])
      ).rows.map((r) => r.name);
      for (const name of created) output.line(`${output.c.green('created ')} partition legal.${name}`);
      let dropped: string[] = [];
      if (options.retentionMonths !== undefined) {
        dropped = (
          await client.query<{ name: string }>('select legal.audit_drop_expired($1) as name', [options.retentionMonths])
        ).rows.map((r) => r.name);
        for (const name of dropped) output.line(`${output.c.yellow('dropped ')} partition legal.${name}`);
      }
      output.line(`Audit partitions: ${created.length} created, ${dropped.length} dropped.`);
      return output.done({ created, dropped });
    } finally {
      await client.end().catch(() => {});
    }
  } catch (error) {
    return output.fail(error);
  }
}
