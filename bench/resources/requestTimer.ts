/*
 * The resources suite's measuring HTTP client, in a process of its own (forked by
 * `timeRequestsElsewhere`): a browser does not share the backend's event loop and heap, so its
 * timings must not include the client's own parsing and garbage, nor the server's pauses for them.
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { closeConnections, getBytes } from './get';

/**
 * What the parent asks for: `warmUp` untimed GETs of `url`, then `rounds` of `count` timed ones,
 * each with `headers`.
 */
interface TimingRequest {
  url: string;
  headers?: Record<string, string>;
  warmUp: number;
  rounds: number;
  count: number;
}

const RESULT = 'infra-request-timer-result';

async function timeRequests(ask: TimingRequest): Promise<number[][]> {
  for (let i = 0; i < ask.warmUp; i++) await getBytes(ask.url, ask.headers);
  const rounds: number[][] = [];
  for (let r = 0; r < ask.rounds; r++) {
    const runs: number[] = [];
    for (let i = 0; i < ask.count; i++) {
      const started = performance.now();
      await getBytes(ask.url, ask.headers);
      runs.push(performance.now() - started);
    }
    rounds.push(runs);
  }
  return rounds;
}

/**
 * Times sequential GETs from a child process (started once, reused): the wall milliseconds of
 * each request, per round. `close` ends the child.
 */
export function requestTimer() {
  // the parent's --require of the TypeScript transform comes along through execArgv
  const child = fork(__filename, ['--serve'], { stdio: 'inherit' });
  let pending:
    | { resolve(r: number[][]): void; reject(e: Error): void }
    | undefined;
  child.on(
    'message',
    (message: { type?: string; rounds?: number[][]; error?: string }) => {
      // the TypeScript transform reports the files it loads on the same channel
      if (message?.type !== RESULT) return;
      const waiting = pending;
      pending = undefined;
      if (message.error) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.rounds ?? []);
    },
  );
  child.on('exit', code =>
    pending?.reject(new Error(`the request timer exited (${code})`)),
  );
  return {
    time(ask: TimingRequest): Promise<number[][]> {
      if (pending) throw new Error('one timing at a time');
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send(ask);
      });
    },
    close(): Promise<void> {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise(resolve => {
        child.once('exit', () => resolve());
        child.disconnect();
      });
    },
  };
}

if (require.main === module && process.argv.includes('--serve')) {
  process.on('message', (ask: TimingRequest) => {
    timeRequests(ask).then(
      rounds => process.send!({ type: RESULT, rounds }),
      error =>
        process.send!({ type: RESULT, error: String(error?.stack ?? error) }),
    );
  });
  // the parent's disconnect ends the child: nothing else keeps it alive but the agent's sockets
  process.on('disconnect', () => {
    closeConnections();
    process.exit(0);
  });
}
