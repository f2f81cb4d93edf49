/*
 * node --require @backstage/cli/config/nodeTransform.cjs bench/resources/gzipCost.ts
 *
 * What a warm cluster answer costs to gzip for a browser (which always sends Accept-Encoding:
 * gzip) on the resources suite's vcsim: the router's own gzip answer (kept lists compressed once,
 * `gzipChunks`) against what Backstage's compression middleware does with an identity answer (a
 * zlib Gzip stream per response, as `compression` runs it), and a one-shot gzipSync for scale.
 * Each includes the service call that produces the answer from memory. Medians of 30 rounds of 50
 * answers, interleaved. Not a suite: the suite's clients send no Accept-Encoding.
 */
import { performance } from 'node:perf_hooks';
import { createGzip, gzipSync } from 'node:zlib';
import { jsonChunks } from '../../plugins/infra-backend/src/cache/frozenJson';
import { gzipChunks } from '../../plugins/infra-backend/src/cache/gzipAnswer';
import { median, round } from '../lib/stats';
import { getBytes } from './get';
import { runTool } from '../lib/runTool';
import { oneReplica } from './replica';

const toBuffer = (c: string | Buffer) =>
  typeof c === 'string' ? Buffer.from(c, 'utf8') : c;

/** Bytes of the answer through a zlib Gzip stream fed the pieces, as the middleware feeds it. */
function gzipStream(pieces: Array<string | Buffer>): Promise<number> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip();
    let bytes = 0;
    gzip.on('data', (c: Buffer) => {
      bytes += c.length;
    });
    gzip.on('end', () => resolve(bytes));
    gzip.on('error', reject);
    for (const piece of pieces) gzip.write(piece);
    gzip.end();
  });
}

runTool(async () => {
  const replica = await oneReplica();
  try {
    await getBytes(replica.url);
    const answer = () =>
      replica.service.clusterResources('default', replica.cluster);
    const bytes: Record<string, number> = {};
    const contenders: Record<string, () => Promise<void>> = {
      routerGzip: async () => {
        bytes.routerGzip = gzipChunks(jsonChunks(await answer())).length;
      },
      middlewareGzipStream: async () => {
        bytes.middlewareGzipStream = await gzipStream(
          jsonChunks(await answer()).chunks,
        );
      },
      gzipSync: async () => {
        bytes.gzipSync = gzipSync(
          Buffer.concat(jsonChunks(await answer()).chunks.map(toBuffer)),
        ).length;
      },
      identity: async () => {
        bytes.identity = jsonChunks(await answer()).length;
      },
    };
    const micros: Record<string, number[]> = {};
    for (let r = 0; r < 30; r++) {
      for (const [name, run] of Object.entries(contenders)) {
        const started = performance.now();
        for (let i = 0; i < 50; i++) await run();
        (micros[name] ??= []).push(((performance.now() - started) / 50) * 1000);
      }
    }
    const out: Record<string, number> = {};
    for (const [name, values] of Object.entries(micros)) {
      out[`${name}Us`] = round(median(values), 0);
      out[`${name}Bytes`] = bytes[name];
    }
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await replica.close();
  }
});
