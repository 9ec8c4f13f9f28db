import type { RunResult } from '../../migrator/types.js';
import type { Output } from '../output.js';

/** The human form of a dry run: each migration's SQL under a header, then what would happen. */
export function printPlan(output: Output, result: RunResult): void {
  for (const migration of result.migrations) {
    output.line(output.c.cyan(`-- ${migration.name}.${result.direction}.sql`));
    output.line(migration.sql?.trimEnd());
    output.line();
  }
  const verb = result.direction === 'up' ? 'applied' : 'reverted';
  output.line(
    result.migrations.length === 0
      ? `Dry run: nothing would be ${verb}.`
      : `Dry run: ${result.migrations.length} migration(s) would be ${verb} (${result.migrations.map((m) => m.name).join(', ')}); nothing was changed.`,
  );
}
