import type { DoctorStatus } from '../../doctor/doctor-check.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import { type ConnectionOptions, withDatabase } from '../connection-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';

export interface DoctorCommandOptions extends ConnectionOptions {
  strict?: boolean;
  auditChains?: boolean;
  slowMs?: number;
}

/** `legal-schema doctor`: every health check; exit 8 on a problem (or on a warning with --strict). */
export async function doctor(options: DoctorCommandOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'doctor', options.json ?? false);
  try {
    const checks = await withDatabase(options, io, (client) =>
      runDoctor(client, {
        auditChains: options.auditChains ?? true,
        ...(options.slowMs ? { thresholds: { slowStatementMs: options.slowMs } } : {}),
      }),
    );
    const { c } = output;
    const mark: Record<DoctorStatus, string> = {
      ok: c.green('ok     '),
      warn: c.yellow('warn   '),
      problem: c.red('problem'),
      skipped: c.dim('skipped'),
    };
    const width = Math.max(...checks.map((check) => check.name.length));
    for (const check of checks) {
      output.line(`${mark[check.status]}  ${check.name.padEnd(width)}  ${check.summary}`);
      if (check.status === 'warn' || check.status === 'problem') {
        for (const row of check.details.slice(0, 10)) output.line(c.dim(`           ${JSON.stringify(row)}`));
      }
    }
    const count = (s: DoctorStatus) => checks.filter((check) => check.status === s).length;
    output.line(`${count('problem')} problem(s), ${count('warn')} warning(s), ${count('skipped')} skipped.`);
    const failed = count('problem') > 0 || (options.strict === true && count('warn') > 0);
    return output.done({ checks }, failed ? EXIT.doctorProblems : EXIT.ok);
  } catch (error) {
    return output.fail(error);
  }
}
