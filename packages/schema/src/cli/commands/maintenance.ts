import { type ConnectionOptions, withDatabase } from '../connection-options.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';

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
    return await withDatabase(options, io, async (client) => {
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
    });
  } catch (error) {
    return output.fail(error);
  }
}
