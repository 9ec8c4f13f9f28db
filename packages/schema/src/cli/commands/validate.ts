import { type ConnectionOptions, migratorFor } from '../connection-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { printDrift } from './print-drift.js';

/** `legal-schema validate`: exit 3 when an applied migration changed, vanished, or a file is out of order. */
export async function validate(options: ConnectionOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'validate', options.json ?? false);
  try {
    const result = await migratorFor(options, io, output).validate();
    printDrift(output, result.problems);
    output.line(
      result.ok
        ? 'OK: every applied migration matches its file.'
        : `Drift: ${result.problems.length} problem(s). Restore the files, or run \`legal-schema repair\` after a deliberate edit.`,
    );
    return output.done({ ...result }, result.ok ? EXIT.ok : EXIT.drift);
  } catch (error) {
    return output.fail(error);
  }
}
