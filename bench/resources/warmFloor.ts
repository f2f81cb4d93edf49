/*
 * node --require @backstage/cli/config/nodeTransform.cjs bench/resources/warmFloor.ts [rounds] [count]
 *
 * The floors under the warm p99 on this machine, round by round alongside the warm cluster route
 * (answered from memory): the same bytes from a bare node:http server in the same process (what
 * any Node.js server gets here), and from a C server (the loopback with no Node.js at all). Each
 * is timed by the native client (nativeGet.c); the route and the bare server also by the suite's
 * Node.js client in a child process. Per round: p99, median, max and how many requests took over
 * 2 ms. Not a suite: a tool for the warm path.
 */
import { median, percentile, round } from '../lib/stats';
import { getText } from './get';
import { runTool } from '../lib/runTool';
import { nativeClient } from './nativeClient';
import { oneReplica } from './replica';
import { requestTimer } from './requestTimer';
import { serveBytes } from './services';

runTool(async () => {
  const rounds = Number(process.argv[2] ?? 5);
  const count = Number(process.argv[3] ?? 1000);
  const replica = await oneReplica();
  const native = await nativeClient();
  const nodeClient = requestTimer();
  const body = Buffer.from(await getText(replica.url));
  const bare = await serveBytes(body);
  const c = await native.serve(body.length);
  const byNative = (url: string) => () =>
    native.time(url, { warmUp: 50, count });
  const byNode = (url: string) => async () =>
    (await nodeClient.time({ url, warmUp: 50, rounds: 1, count }))[0];
  const timers: Record<string, () => Promise<number[]>> = {
    'route, native client': byNative(replica.url),
    'route, Node.js client': byNode(replica.url),
    'bare node:http, native client': byNative(bare.url),
    'bare node:http, Node.js client': byNode(bare.url),
    'C server, native client': byNative(c.url),
  };
  const all = new Map<string, number[]>();
  const p99s = new Map<string, number[]>();
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [name, time] of Object.entries(timers)) {
        const runs = await time();
        all.set(name, [...(all.get(name) ?? []), ...runs]);
        p99s.set(name, [...(p99s.get(name) ?? []), percentile(runs, 99)]);
        process.stderr.write(
          `round ${r} ${name.padEnd(30)} p99 ${round(
            percentile(runs, 99),
            2,
          )} ms, median ${round(median(runs), 3)}, max ${round(
            Math.max(...runs),
            2,
          )}, over 2 ms ${runs.filter(ms => ms > 2).length}\n`,
        );
      }
    }
    process.stderr.write(
      `\nrounds of ${count}, median of the rounds' p99 (ms), share over 2 ms\n`,
    );
    for (const [name, runs] of all) {
      const over = runs.filter(ms => ms > 2).length;
      process.stderr.write(
        `${name.padEnd(30)} ${round(median(p99s.get(name)!), 2)}  (${p99s
          .get(name)!
          .map(x => round(x, 2))
          .join(' / ')}), median ${round(median(runs), 3)}, ${round(
          (100 * over) / runs.length,
          2,
        )} %\n`,
      );
    }
  } finally {
    c.close();
    await nodeClient.close();
    await bare.close();
    await replica.close();
  }
});
