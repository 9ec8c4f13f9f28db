import { verifySchema } from '../../verify/verify-schema.js';
import { type ConnectionOptions, withDatabase } from '../connection-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';

/** `legal-schema verify`: the server, the migrations at head and every rule of the schema, from the catalog; exit 5 on any finding. */
export async function verify(options: ConnectionOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'verify', options.json ?? false);
  try {
    const findings = await withDatabase(options, io, (client) =>
      verifySchema(client, options.dir ? { migrationsDir: options.dir } : {}),
    );
    for (const f of findings) output.line(`${output.c.red(f.rule)} ${f.object}: ${f.message}`);
    output.line(findings.length === 0 ? 'OK: every tenancy rule holds.' : `${findings.length} finding(s).`);
    return output.done({ findings }, findings.length === 0 ? EXIT.ok : EXIT.verifyFindings);
  } catch (error) {
    return output.fail(error);
  }
}
