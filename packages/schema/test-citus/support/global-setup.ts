// the sources, as the main config's global setup (a global setup does not resolve @legal/* to them)
import { type CitusNodes, startCitus } from '../../../testing/src/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    legalCitus: CitusNodes;
  }
}

/** One Citus cluster (a coordinator and two workers, four shards per table) for the whole run. */
export default async function setup(project: { provide(key: 'legalCitus', value: CitusNodes): void }) {
  const started = performance.now();
  const cluster = await startCitus({ workers: 2, settings: { 'citus.shard_count': '4' } });
  console.log(
    `Citus cluster: 1 coordinator + ${cluster.workers.length} workers in ${Math.round(performance.now() - started)} ms`,
  );
  project.provide('legalCitus', cluster.nodes);
  return () => cluster.stop();
}
