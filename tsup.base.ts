import type { Options } from 'tsup';

/** The build every @legal package shares: dual ESM + CJS for Node 20, with .d.ts and .d.cts. */
export function packageBuild(entry: string[] | Record<string, string>): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: true,
    shims: true,
  };
}
