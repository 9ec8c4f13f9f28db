import { type ConnectionOptions, withDatabase } from '../connection-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface AuditVerifyOptions extends ConnectionOptions {
  tenant?: string;
  from?: string;
  to?: string;
}

interface ChainResult {
  tenant: string;
  checked: number;
  brokenSeq: number | null;
  brokenAt: Date | null;
  problem: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `legal-schema audit verify [--tenant ID] [--from T] [--to T]`: walks the hash chains; exit 5 on a broken link. */
export async function auditVerify(options: AuditVerifyOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'audit verify', options.json ?? false);
  try {
    if (options.tenant && !UUID.test(options.tenant))
      throw new UsageError(`--tenant must be a UUID, got "${options.tenant}"`);
    for (const [flag, value] of [
      ['--from', options.from],
      ['--to', options.to],
    ] as const) {
      if (value && Number.isNaN(Date.parse(value)))
        throw new UsageError(`${flag} must be a date or timestamp, got "${value}"`);
    }
    return await withDatabase(options, io, async (client) => {
      const tenants = options.tenant
        ? [options.tenant]
        : (
            await client.query<{ id: string }>('select tenant_id::text as id from legal.audit_chain_heads order by 1')
          ).rows.map((r) => r.id);
      const chains: ChainResult[] = [];
      for (const tenant of tenants) {
        const { rows } = await client.query<{
          checked: number;
          broken_seq: number | null;
          broken_at: Date | null;
          problem: string | null;
        }>('select checked::int, broken_seq::int, broken_at, problem from legal.verify_audit_chain($1, $2, $3)', [
          tenant,
          options.from ?? null,
          options.to ?? null,
        ]);
        const row = rows[0];
        const chain: ChainResult = {
          tenant,
          checked: row?.checked ?? 0,
          brokenSeq: row?.broken_seq ?? null,
          brokenAt: row?.broken_at ?? null,
          problem: row?.problem ?? null,
        };
        chains.push(chain);
        output.line(
          chain.problem
            ? `${output.c.red('broken  ')} ${tenant} at seq ${chain.brokenSeq}: ${chain.problem} (${chain.checked} rows verified before it)`
            : `${output.c.green('intact  ')} ${tenant}: ${chain.checked} rows`,
        );
      }
      const broken = chains.filter((c) => c.problem);
      output.line(broken.length === 0 ? `OK: ${chains.length} chain(s) intact.` : `${broken.length} broken chain(s).`);
      return output.done({ chains }, broken.length === 0 ? EXIT.ok : EXIT.verifyFindings);
    });
  } catch (error) {
    return output.fail(error);
  }
}
