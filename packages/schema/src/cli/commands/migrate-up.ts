import { type ConnectionOptions, migratorFor } from '../connection-options.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { duration, Output } from '../output.js';
import { printPlan } from './print-plan.js';

export interface MigrateUpOptions extends ConnectionOptions {
  to?: string;
  dryRun?: boolean;
}

/** `legal-schema migrate up [--to NAME] [--dry-run]` */
export async function migrateUp(options: MigrateUpOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'migrate up', options.json ?? false);
  try {
    const started = performance.now();
    const result = await migratorFor(options, io, output).up({
      ...(options.to ? { to: options.to } : {}),
      dryRun: options.dryRun ?? false,
    });
    if (result.dryRun) printPlan(output, result);
    else if (result.migrations.length === 0) output.line('Nothing to apply: the database is up to date.');
    else output.line(`Applied ${result.migrations.length} migration(s) in ${duration(performance.now() - started)}.`);
    return output.done({ ...result });
  } catch (error) {
    return output.fail(error);
  }
}
