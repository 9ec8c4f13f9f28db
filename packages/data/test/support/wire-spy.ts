import net from 'node:net';
import pg from 'pg';

/** One flight of protocol messages: the statements executed (bound), closed by one Sync. */
export interface Flight {
  statements: string[];
}

/**
 * A pool whose connections record what goes over the wire: each Sync closes a flight (one
 * round trip: node-postgres waits for ReadyForQuery before sending the next), and every
 * ReadyForQuery received is counted. Observed at the protocol level, not by timing.
 */
export function spiedPool(connectionString: string, max = 1) {
  const pool = new pg.Pool({ connectionString, max });
  const flights: Flight[] = [];
  const ready = { count: 0 };
  let current: string[] = [];
  const pids: number[] = [];
  pool.on('connect', (client) => {
    const connection = (client as unknown as { connection: Record<string, unknown> & pg.Connection }).connection;
    const parse = (connection.parse as (m: { text: string; name?: string }) => void).bind(connection);
    const bind = (connection.bind as (m: { statement?: string }) => void).bind(connection);
    const sync = (connection.sync as () => void).bind(connection);
    const query = (connection.query as (text: string) => void).bind(connection);
    // a statement is recorded when it is bound (executed), by the text its Parse gave it:
    // a prepared statement travels as a Bind alone after its first flight
    const texts = new Map<string, string>();
    connection.parse = ((m: { text: string; name?: string }) => {
      texts.set(m.name ?? '', m.text);
      parse(m);
    }) as never;
    connection.bind = ((m: { statement?: string }) => {
      current.push(texts.get(m.statement ?? '') ?? `<unknown statement ${m.statement}>`);
      bind(m);
    }) as never;
    connection.sync = (() => {
      flights.push({ statements: current });
      current = [];
      sync();
    }) as never;
    connection.query = ((text: string) => {
      flights.push({ statements: [text] });
      query(text);
    }) as never;
    connection.on('readyForQuery', () => ready.count++);
    pids.push((client as unknown as { processID: number }).processID);
  });
  return {
    pool,
    flights,
    ready,
    pids,
    /** Forgets what was recorded so far. */
    reset() {
      flights.length = 0;
      ready.count = 0;
    },
  };
}

/**
 * A TCP proxy in front of PostgreSQL: `cut()` destroys every link (a network failure as the
 * client sees it), and `delayMs` holds every chunk in each direction (a slow network).
 */
export async function startProxy(target: { host: string; port: number }, delayMs = 0) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((downstream) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [downstream, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (delayMs > 0) setTimeout(() => to.destroyed || to.write(chunk), delayMs);
        else if (!to.destroyed) to.write(chunk);
      });
    forward(downstream, upstream);
    forward(upstream, downstream);
    downstream.on('close', () => upstream.destroy());
    upstream.on('close', () => downstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    /** The same URL, through the proxy. */
    url(direct: string) {
      const u = new URL(direct);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
