import { exportTenant, importTenant, offboardTenant } from '../../backup/tenant-transfer.js';
import { type ConnectionOptions, databaseUrl } from '../connection-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface TenantCommandOptions extends ConnectionOptions {
  tenant?: string;
  out?: string;
  from?: string;
}

/** `legal-schema tenant export|offboard --tenant <id> --out <file>` and `tenant import --from <file>`. */
export async function tenant(
  action: 'export' | 'import' | 'offboard',
  options: TenantCommandOptions,
  io: CliIo,
): Promise<ExitCode> {
  const output = new Output(io, `tenant ${action}`, options.json ?? false);
  const onTable = (table: string, rows: number) => output.line(output.c.dim(`${String(rows).padStart(8)}  ${table}`));
  try {
    const url = databaseUrl(options, io);
    if (action === 'import') {
      if (!options.from) throw new UsageError('--from <file> is required');
      const result = await importTenant({ url, from: options.from, onTable });
      if (result.auditProblem) output.line(`${output.c.red('audit_chain_broken')} ${result.auditProblem}`);
      output.line(`Imported firm ${result.slug} (${result.tenantId}): ${total(result.counts)} rows.`);
      return output.done({ ...result }, result.auditProblem ? EXIT.verifyFindings : EXIT.ok);
    }
    if (!options.tenant) throw new UsageError('--tenant <id> is required');
    if (!options.out) throw new UsageError('--out <file> is required');
    const run = action === 'export' ? exportTenant : offboardTenant;
    const counts = await run({ url, tenantId: options.tenant, out: options.out, onTable });
    output.line(
      action === 'export'
        ? `Exported ${total(counts)} rows to ${options.out}.`
        : `Offboarded: ${total(counts)} rows exported to ${options.out}, then deleted.`,
    );
    return output.done({ tenant: options.tenant, out: options.out, counts });
  } catch (error) {
    return output.fail(error);
  }
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
