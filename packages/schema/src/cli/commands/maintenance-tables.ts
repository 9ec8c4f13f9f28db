import { type ConnectionOptions, withDatabase } from '../connection-options.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { duration, Output } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface MaintenanceTablesOptions extends ConnectionOptions {
  /** Only these tables (`cases` or `legal.cases`). Default: every table of schema legal. */
  table?: string[];
}

/**
 * `legal-schema maintenance analyze|vacuum [--table T…]`: ANALYZE, or VACUUM (ANALYZE), each
 * table of schema legal in turn (never VACUUM FULL: it locks the table out), one line per table.
 */
export async function maintenanceTables(
  kind: 'analyze' | 'vacuum',
  options: MaintenanceTablesOptions,
  io: CliIo,
): Promise<ExitCode> {
  const output = new Output(io, `maintenance ${kind}`, options.json ?? false);
  try {
    return await withDatabase(options, io, async (client) => {
      const wanted = (options.table ?? []).map((t) => (t.includes('.') ? t : `legal.${t}`));
      const { rows } = await client.query<{ name: string }>(
        `select format('%I.%I', n.nspname, c.relname) as name
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'legal' and c.relkind in ('r', 'p')
            and (cardinality($1::text[]) = 0 or format('%I.%I', n.nspname, c.relname) = any($1::text[]))
          order by 1`,
        [wanted],
      );
      const unknown = wanted.filter((w) => !rows.some((r) => r.name === w));
      if (unknown.length > 0) throw new UsageError(`no such table in schema legal: ${unknown.join(', ')}`);
      const tables: { table: string; ms: number }[] = [];
      for (const [i, { name }] of rows.entries()) {
        const started = performance.now();
        await client.query(kind === 'analyze' ? `analyze ${name}` : `vacuum (analyze) ${name}`);
        const ms = Math.round(performance.now() - started);
        tables.push({ table: name, ms });
        output.line(
          `[${i + 1}/${rows.length}] ${kind === 'analyze' ? 'analyzed' : 'vacuumed'} ${name} ${output.c.dim(`(${duration(ms)})`)}`,
        );
      }
      output.line(`${tables.length} table(s) ${kind === 'analyze' ? 'analyzed' : 'vacuumed and analyzed'}.`);
      return output.done({ tables });
    });
  } catch (error) {
    return output.fail(error);
  }
}
