import { it } from 'vitest';
import { probeIsolation } from './support/isolation-probe.js';

// parallel-isolation-a and -b run in parallel workers, each with its own database.
it('cannot see the tables of the other test file running beside it', () => probeIsolation('a'));
