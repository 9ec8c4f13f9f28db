import { type ConnectionOptions, migratorFor } from '../connection-options.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { duration, Output } from '../output.js';
import { printPlan } from './print-plan.js';

export interface MigrateDownOptions extends ConnectionOptions {
  to?: string;
  step?: number;
  dryRun?: boolean;
}

/** `legal-schema migrate down [--to NAME | --to 0 | --step N] [--dry-run]` (default: the last one) */
export async function migrateDown(options: MigrateDownOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'migrate down', options.json ?? false);
  try {
    const started = performance.now();
    const to = options.to === '0' ? 0 : options.to;
    const result = await migratorFor(options, io, output).down({
      ...(to !== undefined ? { to } : {}),
      ...(options.step !== undefined ? { step: options.step } : {}),
      dryRun: options.dryRun ?? false,
    });
    if (result.dryRun) printPlan(output, result);
    else if (result.migrations.length === 0) output.line('Nothing to revert.');
    else output.line(`Reverted ${result.migrations.length} migration(s) in ${duration(performance.now() - started)}.`);
    return output.done({ ...result });
  } catch (error) {
    return output.fail(error);
  }
}
