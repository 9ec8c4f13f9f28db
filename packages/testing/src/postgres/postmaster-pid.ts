import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The postmaster's pid from `<dataDir>/postmaster.pid`, or `undefined` when no server runs there. */
export async function readPostmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
