import { type ConnectionOptions, migratorFor } from '../connection-options.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { duration, Output } from '../output.js';
import { printDrift } from './print-drift.js';

/** `legal-schema status`: applied (with when, how long, by whom) and pending migrations, and any drift. */
export async function status(options: ConnectionOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'status', options.json ?? false);
  try {
    const result = await migratorFor(options, io, output).status();
    const { c } = output;
    for (const m of result.applied) {
      output.line(
        `${c.green('applied ')} ${m.name} ${c.dim(`${m.appliedAt.toISOString()} in ${duration(m.executionMs)} by ${m.appliedBy}`)}`,
      );
    }
    for (const name of result.pending) output.line(`${c.yellow('pending ')} ${name}`);
    printDrift(output, result.drift);
    output.line(`${result.applied.length} applied, ${result.pending.length} pending.`);
    return output.done({ ...result });
  } catch (error) {
    return output.fail(error);
  }
}
