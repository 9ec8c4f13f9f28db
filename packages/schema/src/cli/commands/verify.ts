import { connect } from '../../migrator/connection.js';
import { verifySchema } from '../../verify/verify-schema.js';
import type { ConnectionOptions } from '../connection-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { UsageError } from '../usage-error.js';

/** `legal-schema verify`: every tenancy rule, from the catalog; exit 5 on any finding. */
export async function verify(options: ConnectionOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'verify', options.json ?? false);
  try {
    const url = options.url ?? io.env.DATABASE_URL;
    if (!url) throw new UsageError('No database: pass --url <connection string> or set DATABASE_URL');
    const client = await connect(url);
    try {
      const findings = await verifySchema(client);
      for (const f of findings) output.line(`${output.c.red(f.rule)} ${f.object}: ${f.message}`);
      output.line(findings.length === 0 ? 'OK: every tenancy rule holds.' : `${findings.length} finding(s).`);
      return output.done({ findings }, findings.length === 0 ? EXIT.ok : EXIT.verifyFindings);
    } finally {
      await client.end().catch(() => {});
    }
  } catch (error) {
    return output.fail(error);
  }
}
