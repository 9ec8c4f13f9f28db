import { locateBinDir } from '../../src/postgres/local-binaries.js';

/** Whether the machine has PostgreSQL binaries; the `local` provider's tests run only then (they do here and in CI). */
export const hasLocalBinaries = 'binDir' in (await locateBinDir());
