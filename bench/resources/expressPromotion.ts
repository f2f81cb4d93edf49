/*
 * node --require @backstage/cli/config/nodeTransform.cjs bench/resources/expressPromotion.ts [count]
 *
 * What express's per-request `Object.setPrototypeOf(req/res, app.request/app.response)` (its
 * `expressInit` middleware, run by the root app of every Backstage backend) costs the garbage
 * collector: a server per variant, in a child process with --trace-gc-nvp, answering `count`
 * GETs of 22,924 bytes from the native client (after as many untimed ones). Per variant: the
 * bytes the scavenger promoted to the old generation, the scavenges' median and largest pause,
 * and the requests' p99. Variants: bare node:http; node:http with the two setPrototypeOf calls
 * alone; an express app with one route. Not a suite: a finding about the stack, see README.
 */
import { spawn } from 'node:child_process';
import { tracedScavenges } from '../lib/gc';
import { median, percentile, round } from '../lib/stats';
import { runTool } from '../lib/runTool';
import { nativeClient } from './nativeClient';

const SERVER = `
const http = require('node:http');
const express = require('express');
const body = Buffer.alloc(22924, 120);
const send = (req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', body.length);
  res.end(body);
};
const app = express();
app.get('/', send);
const handlers = {
  bare: send,
  setPrototypeOf: (req, res) => {
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    send(req, res);
  },
  express: app,
};
const server = http.createServer(handlers[process.argv[1]]).listen(0, '127.0.0.1', () =>
  process.stderr.write('port ' + server.address().port + '\\n'));
`;

runTool(async () => {
  const count = Number(process.argv[2] ?? 20000);
  const native = await nativeClient();
  for (const variant of ['bare', 'setPrototypeOf', 'express']) {
    const child = spawn(
      process.execPath,
      ['--trace-gc-nvp', '-e', SERVER, variant],
      { stdio: ['ignore', 'pipe', 'pipe'], cwd: __dirname },
    );
    let trace = '';
    child.stdout.on('data', chunk => {
      trace += chunk;
    });
    const port = await new Promise<string>((resolve, reject) => {
      child.once('exit', code =>
        reject(new Error(`${variant} exited (${code})`)),
      );
      child.stderr.on('data', (chunk: Buffer) => {
        const found = /port (\d+)/.exec(chunk.toString());
        if (found) resolve(found[1]);
      });
    });
    const url = `http://127.0.0.1:${port}/`;
    // the child's trace arrives through a pipe: a moment for its last lines before counting
    const settle = () => new Promise(resolve => setTimeout(resolve, 200));
    await native.time(url, { warmUp: count, count: 1 });
    await settle();
    const skip = tracedScavenges(trace).length;
    const runs = await native.time(url, { warmUp: 0, count });
    await settle();
    const during = tracedScavenges(trace).slice(skip);
    child.kill();
    const promotedMb = during.reduce((sum, s) => sum + s.promoted, 0) / 2 ** 20;
    const pauses = during.map(s => s.pauseMs);
    process.stderr.write(
      `${variant.padEnd(15)} ${count} GETs: ${during.length} scavenges, ${round(
        promotedMb,
        1,
      )} MB promoted, pause median ${
        pauses.length ? round(median(pauses), 2) : '-'
      } max ${
        pauses.length ? round(Math.max(...pauses), 2) : '-'
      } ms; request p99 ${round(percentile(runs, 99), 2)} ms\n`,
    );
  }
});
