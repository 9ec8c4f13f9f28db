import { readContextKey } from '../../context/read-context-key.js';
import { type ConnectionOptions, withDatabase } from '../connection-options.js';
import type { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { Output } from '../output.js';

/** `legal-schema context-key`: prints the key that signs unit contexts (give it to createLegalDb as a secret). */
export async function contextKey(options: ConnectionOptions, io: CliIo): Promise<ExitCode> {
  const output = new Output(io, 'context-key', options.json ?? false);
  try {
    const key = await withDatabase(options, io, (client) => readContextKey(client));
    output.line(key);
    return output.done({ contextKey: key });
  } catch (error) {
    return output.fail(error);
  }
}
