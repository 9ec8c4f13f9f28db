import { restoreBackup } from '../../backup/restore-backup.js';
import { type ConnectionOptions, databaseUrl } from '../connection-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { UsageError } from '../usage-error.js';

export interface RestoreCommandOptions extends ConnectionOptions {
  from?: string;
  pgBin?: string;
}

/**
 * `legal-schema restore --from <dir>`: into an empty database; creates the missing roles,
 * restores all or nothing, then verifies the schema and every audit chain (exit 5 when
 * either fails).
 */
export async function restore(options: RestoreCommandOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'restore', options.json ?? false);
  try {
    if (!options.from) throw new UsageError('--from <dir> is required');
    const result = await restoreBackup({
      url: databaseUrl(options, io),
      from: options.from,
      ...(options.pgBin ? { pgBin: options.pgBin } : {}),
      onProgress: (p) => output.line(output.c.dim(`[${p.done}/${p.total}] ${p.table}`)),
    });
    for (const role of result.createdRoles) output.line(`${output.c.green('created ')} role ${role}`);
    if (result.loginsWithoutPassword.length > 0) {
      output.line(
        `Set a password for these logins (ALTER ROLE … PASSWORD): ${result.loginsWithoutPassword.join(', ')}`,
      );
    }
    for (const f of result.findings) output.line(`${output.c.red(f.rule)} ${f.object}: ${f.message}`);
    for (const t of result.auditChains.broken) output.line(`${output.c.red('audit_chain_broken')} tenant ${t}`);
    const ok = result.findings.length === 0 && result.auditChains.broken.length === 0;
    output.line(
      ok
        ? `Restored: verify OK, ${result.auditChains.checked} audit chain(s) intact.`
        : `Restored, but ${result.findings.length} finding(s) and ${result.auditChains.broken.length} broken audit chain(s).`,
    );
    return output.done(
      {
        createdRoles: result.createdRoles,
        loginsWithoutPassword: result.loginsWithoutPassword,
        findings: result.findings,
        auditChains: result.auditChains,
      },
      ok ? EXIT.ok : EXIT.verifyFindings,
    );
  } catch (error) {
    return output.fail(error);
  }
}
