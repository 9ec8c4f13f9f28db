import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export type ContainerRuntimeDetection = { available: true; endpoint: string } | { available: false; reason: string };

/** How long one socket probe may take; a live engine answers a connect in well under a millisecond. */
const PROBE_TIMEOUT_MS = 50;

/**
 * Decides, without starting anything, whether a container engine is reachable: the
 * endpoint from `DOCKER_HOST` or `~/.testcontainers.properties`, else the usual sockets
 * (Docker, Docker Desktop, Podman, Colima, Rancher Desktop). Each candidate costs at most
 * a `stat` and one connect with a 50 ms timeout, so a machine without an engine is
 * told so in milliseconds instead of after testcontainers' own discovery.
 */
export async function detectContainerRuntime(
  env: Readonly<Record<string, string | undefined>>,
): Promise<ContainerRuntimeDetection> {
  const configured = env.DOCKER_HOST || readTestcontainersHost(env.HOME);
  if (configured) {
    const problem = await probeEndpoint(configured);
    return problem
      ? { available: false, reason: `container runtime at ${configured} is not reachable: ${problem}` }
      : { available: true, endpoint: configured };
  }
  const sockets = candidateSockets(env);
  const present = sockets.filter((path) => existsSync(path));
  for (const path of present) {
    if (!(await probeEndpoint(`unix://${path}`))) return { available: true, endpoint: `unix://${path}` };
  }
  return {
    available: false,
    reason:
      present.length > 0
        ? `no container runtime answers on ${present.join(', ')}`
        : `no container runtime: DOCKER_HOST is not set and none of ${sockets.join(', ')} exists`,
  };
}

function candidateSockets(env: Readonly<Record<string, string | undefined>>): string[] {
  const home = env.HOME;
  const runtimeDir = env.XDG_RUNTIME_DIR;
  return [
    '/var/run/docker.sock',
    ...(home
      ? [
          join(home, '.docker/run/docker.sock'),
          join(home, '.docker/desktop/docker.sock'),
          join(home, '.colima/default/docker.sock'),
          join(home, '.rd/docker.sock'),
        ]
      : []),
    ...(runtimeDir ? [join(runtimeDir, 'podman/podman.sock'), join(runtimeDir, 'docker.sock')] : []),
    '/run/podman/podman.sock',
  ];
}

function readTestcontainersHost(home: string | undefined): string | undefined {
  if (!home) return undefined;
  try {
    const text = readFileSync(join(home, '.testcontainers.properties'), 'utf8');
    return /^\s*docker\.host\s*=\s*(\S+)/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** `undefined` when something accepts a connection at the endpoint, else why not. */
async function probeEndpoint(endpoint: string): Promise<string | undefined> {
  let target: { path: string } | { host: string; port: number };
  if (endpoint.startsWith('unix://')) {
    const path = endpoint.slice('unix://'.length);
    if (!existsSync(path)) return `${path} does not exist`;
    target = { path };
  } else if (/^(tcp|http|https):\/\//.test(endpoint)) {
    const url = new URL(endpoint.replace(/^tcp:/, 'http:'));
    target = { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 2376 : 2375)) };
  } else if (endpoint.startsWith('npipe://')) {
    return process.platform === 'win32' ? undefined : 'named pipes exist only on Windows';
  } else {
    return `unsupported endpoint scheme in ${endpoint}`;
  }
  return new Promise((resolve) => {
    const socket = connect(target as never);
    const done = (problem: string | undefined): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(`no answer within ${PROBE_TIMEOUT_MS} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}
