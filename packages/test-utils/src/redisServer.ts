import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './backend';
import { Requirement } from './requirements';

/** `redis-server` on PATH, for tests that need a Redis of their own to stop and restart. */
export const redisServerRequirement: Requirement = {
  name: 'redis-server binary',
  check: () => {
    const result = spawnSync('redis-server', ['--version'], { timeout: 5000 });
    return result.status === 0 ? undefined : 'redis-server is not on PATH';
  },
  hint: 'apt-get install redis-server (scripts/bootstrap.sh does)',
};

/** A private redis-server, for outage tests; never the shared one on 6379. */
export interface RunningRedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server (SIGKILL: an outage, not a graceful shutdown) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty; resolves once it accepts connections. */
  restart(): Promise<void>;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `redis-server` as a child process on a free port, in memory only (no RDB, no AOF), so a
 * test can take Redis away and bring it back. The process is killed when the test process exits.
 */
export async function startRedisServer(
  options: { timeoutMs?: number } = {},
): Promise<RunningRedisServer> {
  const port = await freePort();
  const timeoutMs = options.timeoutMs ?? 10_000;
  let child: ChildProcess | undefined;

  const kill = () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  };
  process.once('exit', kill);

  const start = async () => {
    let output = '';
    const current = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = current;
    current.stdout!.on('data', d => (output += d));
    current.stderr!.on('data', d => (output += d));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (current.exitCode !== null) {
        throw new Error(
          `redis-server exited with ${current.exitCode}:\n${output.slice(
            -2000,
          )}`,
        );
      }
      if (await accepts(port)) return;
      if (Date.now() > deadline) {
        kill();
        throw new Error(
          `redis-server did not listen on ${port} within ${timeoutMs} ms:\n${output.slice(
            -2000,
          )}`,
        );
      }
      await new Promise(r => setTimeout(r, 50));
    }
  };

  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) {
      return;
    }
    await new Promise<void>(resolve => {
      current.once('exit', () => resolve());
      current.kill('SIGKILL');
    });
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    restart: async () => {
      await stop();
      await start();
    },
  };
}
