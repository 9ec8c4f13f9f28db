import type { DriftProblem } from '../../migrator/errors.js';
import type { Output } from '../output.js';

export function printDrift(output: Output, problems: readonly DriftProblem[]): void {
  for (const p of problems) output.line(`${output.c.red(p.kind.replace('_', ' ').padEnd(8))} ${p.name}: ${p.detail}`);
}
