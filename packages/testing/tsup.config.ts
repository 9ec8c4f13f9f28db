import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.ts';

// @legal/schema and @legal/data are used (seedFirm types, useLegalDatabase) but never bundled:
// the app's own copies are loaded.
export default defineConfig({
  ...packageBuild(['src/index.ts', 'src/vitest.ts']),
  external: ['@legal/schema', '@legal/data'],
});
