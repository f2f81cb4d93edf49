/*
 * node --require @backstage/cli/config/nodeTransform.cjs bench/resources/coldTimeline.ts
 *
 * Where one cold GET /resources/default/clusters/:id spends its time: the cluster is invalidated,
 * then requested, and the calls on its way are stamped (ms since the request started): the Redis
 * read, the database read, the SOAP POSTs, each load, the answer and the write-through behind it.
 * A second occurrence of a call is suffixed 2. Medians over 10 requests (after 2 warm-ups), and
 * the last request's own timeline. Not a suite: a tool for changes to the cold path.
 */
import express from 'express';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { LayeredCache } from '../../plugins/infra-backend/src/cache/LayeredCache';
import { RedisLayer } from '../../plugins/infra-backend/src/cache/RedisLayer';
import { InfraStore } from '../../plugins/infra-backend/src/database/InfraStore';
import { SoapTransport } from '../../plugins/infra-node/src/vsphere/transport';
import { median, round } from '../lib/stats';
import { getBytes } from './get';
import { runTool } from '../lib/runTool';
import { oneReplica } from './replica';

const marks: Array<[string, number]> = [];
let startedAt = 0;

function mark(name: string) {
  let label = name;
  for (let n = 2; marks.some(m => m[0] === label); n++) label = `${name}${n}`;
  marks.push([label, performance.now() - startedAt]);
}

/** Stamps `name>` when `target[method]` is called and `name<` when it (or its promise) ends. */
function stamp(target: object, method: string, name = method) {
  const owner = target as Record<string, (...args: unknown[]) => unknown>;
  const original = owner[method];
  owner[method] = function stamped(this: unknown, ...args: unknown[]) {
    mark(`${name}>`);
    const result = original.apply(this, args);
    if (result instanceof Promise) {
      result.then(
        () => mark(`${name}<`),
        () => mark(`${name}!`),
      );
    } else {
      mark(`${name}<`);
    }
    return result;
  };
}

runTool(async () => {
  const replica = await oneReplica();
  try {
    stamp(RedisLayer.prototype, 'getOrLock', 'redis.getOrLock');
    stamp(InfraStore.prototype, 'getCacheEntry', 'db.get');
    stamp(SoapTransport.prototype, 'post', 'soap.post');
    // private methods, reached at run time only
    stamp(LayeredCache.prototype, 'loadAndStore', 'load');
    stamp(LayeredCache.prototype, 'persist', 'writeThrough');
    stamp(express.response, 'setHeader', 'res.setHeader');
    stamp(http.ServerResponse.prototype, 'end', 'res.end');
    stamp(RedisLayer.prototype, 'set', 'redis.set');
    stamp(InfraStore.prototype, 'setCacheEntry', 'db.set');

    const all = new Map<string, number[]>();
    for (let i = 0; i < 12; i++) {
      await replica.service.invalidate('default', replica.cluster);
      await replica.service.settled();
      await replica.cache.settled();
      marks.length = 0;
      startedAt = performance.now();
      await getBytes(replica.url);
      mark('client.done');
      await replica.service.settled();
      await replica.cache.settled();
      if (i < 2) continue;
      for (const [name, ms] of marks) {
        all.set(name, [...(all.get(name) ?? []), ms]);
      }
    }
    process.stderr.write('median ms (last request ms)\n');
    for (const [name, ms] of marks) {
      process.stderr.write(
        `${name.padEnd(20)} ${round(median(all.get(name) ?? [ms]), 2)} (${round(
          ms,
          2,
        )})\n`,
      );
    }
  } finally {
    await replica.close();
  }
});
