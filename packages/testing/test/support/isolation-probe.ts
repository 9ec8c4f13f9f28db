import { expect, inject } from 'vitest';
import { useTestDatabase } from '../../src/vitest.js';
import { query as rows } from './cluster.js';

/**
 * Used by two test files that vitest runs in parallel workers: each creates a table in
 * its own database and records the database in a log on the server; each then checks
 * that it cannot see the other's table, and that the other's database (while it
 * exists) cannot see its own.
 */
export async function probeIsolation(me: 'a' | 'b'): Promise<void> {
  const other = me === 'a' ? 'b' : 'a';
  const { url: serverUrl, runId } = inject('legalPostgres');
  const db = await useTestDatabase({ prefix: `legal_probe_${me}` });

  await rows(db.url, `create table probe_${me} (marker text); insert into probe_${me} values ('${me}')`);
  await rows(
    serverUrl,
    `begin;
     select pg_advisory_xact_lock(hashtext('legal_testing_isolation_probe'));
     create table if not exists legal_testing_isolation_probe (run_id uuid, file text, database text, primary key (run_id, file));
     commit;`,
  );
  await rows(serverUrl, 'insert into legal_testing_isolation_probe values ($1, $2, $3)', [runId, me, db.name]);

  expect(await rows(db.url, `select marker from probe_${me}`)).toEqual([{ marker: me }]);
  expect(await rows(db.url, `select to_regclass('probe_${other}') is null as invisible`)).toEqual([
    { invisible: true },
  ]);

  const [peer] = await rows<{ database: string }>(
    serverUrl,
    'select database from legal_testing_isolation_probe where run_id = $1 and file = $2',
    [runId, other],
  );
  if (!peer) return; // the other file has not started yet: it will check against us
  expect(peer.database).not.toBe(db.name);
  const peerUrl = new URL(db.url);
  peerUrl.pathname = `/${peer.database}`;
  const peerTables = await rows<{ invisible: boolean }>(
    peerUrl.toString(),
    `select to_regclass('probe_${me}') is null as invisible`,
  ).catch(
    () => [{ invisible: true }], // already dropped: nothing of ours can be in it
  );
  expect(peerTables).toEqual([{ invisible: true }]);
}
