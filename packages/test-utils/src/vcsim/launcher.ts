import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@backstage/errors';
import { buildVcsim } from './build';
import {
  resolveTopology,
  TopologyName,
  vcsimArgs,
  VcsimTopology,
} from './topologies';

export interface StartVcsimOptions {
  /** A named topology or a custom one; default `small`. */
  topology?: VcsimTopology | TopologyName;
  /** Milliseconds vcsim waits before answering each SOAP call; default 0. */
  delayMs?: number;
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: string;
  /** Port to listen on; default 0, which lets vcsim pick a free one (no race). */
  port?: number;
  /** How long vcsim may take to build its inventory and listen; default 60 s. */
  startTimeoutMs?: number;
}

export interface RunningVcsim {
  /** The SOAP endpoint, `http://host:port/sdk`. */
  url: string;
  port: number;
  /** vcsim accepts any non-empty user name and password; these are its defaults. */
  username: string;
  password: string;
  pid: number;
  /**
   * Inventory objects per managed object type (`VirtualMachine`, `HostSystem`, ...), plus
   * `template`: how many of the VirtualMachines are templates.
   */
  counts?: Record<string, number>;
  /** Ends vcsim (SIGTERM, SIGKILL after 10 s) and waits until it is gone. Safe to call twice. */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL) and returns at once, to simulate an outage. */
  kill(signal?: NodeJS.Signals): void;
  /** Stops vcsim if it still runs and starts it again, same inventory, same port. */
  restart(): Promise<void>;
}

interface ReadyLine {
  url: string;
  username: string;
  password: string;
  pid: number;
  counts?: Record<string, number>;
}

// Children still alive, killed synchronously when this process exits normally. vcsim also runs
// with -exit-on-eof and an open stdin, so it dies with us even when we are SIGKILLed.
const children = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess) {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of children) c.kill('SIGKILL');
    });
  }
  children.add(child);
  child.once('exit', () => children.delete(child));
}

function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '::1' ||
    (isIP(host) === 4 && host.startsWith('127.'))
  );
}

const STDERR_TAIL = 64 * 1024;
const STOP_GRACE_MS = 10_000;

interface Spawned {
  child: ChildProcess;
  ready: ReadyLine;
  exited: Promise<void>;
}

function spawnVcsim(
  binary: string,
  args: string[],
  timeoutMs: number,
): Promise<Spawned> {
  // vcsim puts its datastore folders in a private directory that it removes when it exits, and
  // that we remove when it is killed; only a SIGKILL of both leaves an empty one behind
  const scratch = mkdtempSync(join(tmpdir(), 'vcsim-'));
  const child = spawn(
    binary,
    [...args, '-exit-on-eof', `-scratch=${scratch}`],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  track(child);
  const exited = new Promise<void>(resolveExit => {
    child.once('exit', () => {
      rmSync(scratch, { recursive: true, force: true });
      resolveExit();
    });
  });
  // a failed spawn may emit 'error' without 'exit'
  child.once('error', () => rmSync(scratch, { recursive: true, force: true }));

  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  child.stdout!.setEncoding('utf8');

  return new Promise<Spawned>((resolveReady, reject) => {
    // listeners stay attached once settled (the stdout one keeps the pipe flowing) but do nothing
    let settled = false;
    let stdout = '';
    let timer: NodeJS.Timeout | undefined = undefined;
    const settle = () => {
      const first = !settled;
      settled = true;
      clearTimeout(timer);
      return first;
    };
    const fail = (why: string) => {
      if (!settle()) return;
      child.kill('SIGKILL');
      const tail = stderr.trim();
      reject(
        new Error(
          `vcsim ${why} (${binary} ${args.join(' ')})${
            tail ? `; stderr:\n${tail}` : ''
          }`,
        ),
      );
    };
    timer = setTimeout(
      () => fail(`did not listen within ${timeoutMs} ms`),
      timeoutMs,
    );
    child.once('error', e => fail(`could not be started: ${e.message}`));
    child.once('exit', (code, signal) =>
      fail(`exited before listening (code ${code}, signal ${signal})`),
    );
    child.stdout!.on('data', (chunk: string) => {
      if (settled) return;
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const line = stdout.slice(0, newline);
      let ready: ReadyLine;
      try {
        ready = JSON.parse(line);
      } catch {
        fail(`printed an unexpected first line: ${line}`);
        return;
      }
      settle();
      resolveReady({ child, ready, exited });
    });
  });
}

function describeReady(handle: RunningVcsim, { ready }: Spawned) {
  handle.url = ready.url;
  handle.port = Number(new URL(ready.url).port);
  handle.username = ready.username;
  handle.password = ready.password;
  handle.pid = ready.pid;
  handle.counts = ready.counts;
}

/**
 * Builds (once) and starts a vcsim serving `topology` on a loopback address. The returned handle's
 * `stop()` must be called; the child is also killed when this process exits.
 */
export async function startVcsim(
  opts: StartVcsimOptions = {},
): Promise<RunningVcsim> {
  const host = opts.host ?? '127.0.0.1';
  // vcsim accepts any login, so it must never be reachable from the network
  if (!isLoopback(host)) {
    throw new InputError(`vcsim host must be a loopback address, got ${host}`);
  }
  const topology = resolveTopology(opts.topology);
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const binary = await buildVcsim();
  const hostPort = (port: number) =>
    isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  const args = (port: number) => [
    `-listen=${hostPort(port)}`,
    `-delay=${opts.delayMs ?? 0}`,
    ...vcsimArgs(topology),
  ];

  let current = await spawnVcsim(binary, args(opts.port ?? 0), timeoutMs);
  let stopping: Promise<void> | undefined;

  const stop = () => {
    stopping ??= (async () => {
      const { child, exited } = current;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(force);
      }
    })();
    return stopping;
  };

  const handle: RunningVcsim = {
    url: '',
    port: 0,
    username: '',
    password: '',
    pid: 0,
    stop,
    kill: (signal: NodeJS.Signals = 'SIGKILL') => {
      current.child.kill(signal);
    },
    restart: async () => {
      await stop();
      current = await spawnVcsim(binary, args(handle.port), timeoutMs);
      stopping = undefined;
      describeReady(handle, current);
    },
  };
  describeReady(handle, current);
  return handle;
}
