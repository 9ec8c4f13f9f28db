import { type ConnectionOptions, migratorFor } from '../connection-options.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';
import { printDrift } from './print-drift.js';

/** `legal-schema repair`: re-records the checksums of deliberately edited applied migrations. */
export async function repair(options: ConnectionOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'repair', options.json ?? false);
  try {
    const result = await migratorFor(options, io, output).repair();
    if (result.repaired.length === 0) output.line('Nothing to repair: no applied migration has a changed checksum.');
    if (result.remaining.length > 0) {
      output.line('Not repaired (repair only re-records checksums):');
      printDrift(output, result.remaining);
    }
    return output.done({ ...result }, result.remaining.length > 0 ? EXIT.drift : EXIT.ok);
  } catch (error) {
    return output.fail(error);
  }
}
