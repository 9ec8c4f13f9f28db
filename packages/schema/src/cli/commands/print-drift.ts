import { type DriftProblem, driftLabel } from '../../migrator/errors.js';
import type { Output } from '../output.js';

export function printDrift(output: Output, problems: readonly DriftProblem[]): void {
  for (const p of problems) output.line(`${output.c.red(driftLabel(p.kind).padEnd(8))} ${p.name}: ${p.detail}`);
}
