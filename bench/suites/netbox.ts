import { startNetboxEmulator } from '@internal/infra-test-utils';
import { performance } from 'node:perf_hooks';
import { median, round } from '../lib/stats';
import { BenchSuite, ScenarioMetrics } from '../lib/types';
import { segmentBatch, startSegmentsApi } from '../netbox/segments';
import { createSyncProvider, startSyncEmulator } from '../netbox/setup';

const LATENCY_MS = 50;

/** Runs `fn` `runs` times; calls must be the same every run (they are exact), times the median. */
function summarise(
  name: string,
  samples: Array<{ calls: number; ms: number }>,
): ScenarioMetrics {
  const calls = [...new Set(samples.map(s => s.calls))];
  if (calls.length !== 1) {
    throw new Error(`${name}: call counts differ between runs: ${calls}`);
  }
  return {
    calls: calls[0],
    ms: round(median(samples.map(s => s.ms))),
    runs: samples.length,
  };
}

/**
 * Issue 6: the NetBox provider's full read and the segments API against the NetBox emulator with
 * 50 ms per call.
 */
export const netboxSuite: BenchSuite = {
  name: 'netbox',
  description:
    "Issue 6, NetBox emulator answering every call after 50 ms: the NetBox entity provider's full read (NetboxEntityProvider.refresh, SyncStore on in-memory SQLite) of 100 and 10,000 VLANs and prefixes plus the demo reference data (targets <= 8 calls / 0.3 s and <= 30 calls / 3 s; the old tool made 201 calls at startup for 100 VLANs), and the segments API over HTTP as in segments.test.ts: create 10 with cold reference data (<= 8 calls, <= 0.5 s; old tool 70-80 calls, 4-5 s, later 31-41 calls, 1-1.5 s), create 10 warm (<= 3 calls), rename the EPG of 10 (<= 4 calls, <= 0.4 s; old tool 45-50 calls, later 16-21, ~1 s), list 100+ with a cold index (<= 1 call, <= 100 ms). Calls exact, ms the median of the runs.",
  async run({ smoke, log }) {
    const scenarios: Record<string, ScenarioMetrics> = {};

    // ---- provider full read ------------------------------------------------------------------
    const sizes = smoke ? [100, 1000] : [100, 10_000];
    for (const size of sizes) {
      const { emulator, referenceRows } = await startSyncEmulator(
        size,
        LATENCY_MS,
      );
      try {
        const samples: Array<{ calls: number; ms: number }> = [];
        let entities = 0;
        const runs = smoke ? 1 : size >= 10_000 ? 3 : 5;
        for (let i = 0; i < runs; i++) {
          const sync = await createSyncProvider(emulator);
          try {
            emulator.resetCalls();
            const started = performance.now();
            await sync.provider.refresh();
            const ms = performance.now() - started;
            const [run] = await sync.store.recent('netbox', 'bench');
            if (run?.status !== 'succeeded') {
              throw new Error(`sync of ${size} ${run?.status}: ${run?.error}`);
            }
            entities = sync.connection.entities;
            samples.push({ calls: emulator.calls().total, ms });
          } finally {
            await sync.close();
          }
        }
        scenarios[`sync-${size}`] = {
          ...summarise(`sync-${size}`, samples),
          entities,
        };
        log(
          `sync ${size}: ${samples[0].calls} calls, ${samples
            .map(s => round(s.ms))
            .join(
              ' / ',
            )} ms, ${entities} entities (${referenceRows} reference rows seeded)`,
        );
      } finally {
        await emulator.stop();
      }
    }

    // ---- segments API -----------------------------------------------------------------------
    const emulator = await startNetboxEmulator({ seed: 'demo' });
    try {
      const measure = async (run: () => Promise<unknown>) => {
        emulator.resetCalls();
        const started = performance.now();
        await run();
        return {
          calls: emulator.calls().total,
          ms: performance.now() - started,
        };
      };
      const samples: Record<string, Array<{ calls: number; ms: number }>> = {
        'create-10-cold': [],
        'create-10-warm': [],
        'update-10': [],
        'list-100': [],
        'list-100-cached': [],
      };
      let listed = 0;
      const iterations = smoke ? 1 : 5;
      for (let k = 0; k < iterations; k++) {
        // every iteration starts where segments.test.ts does: demo data plus 80 segments
        emulator.reset();
        const setup = await startSegmentsApi(emulator);
        await setup.call(
          'POST',
          '/segments',
          segmentBatch(1000, 80, 'Charlie'),
        );
        await setup.close();
        emulator.setLatency(LATENCY_MS);

        const api = await startSegmentsApi(emulator);
        const lister = await startSegmentsApi(emulator);
        try {
          let created: Array<{ id: number; epgName: string }> = [];
          samples['create-10-cold'].push(
            await measure(async () => {
              created = (
                await api.call('POST', '/segments', segmentBatch(300, 10))
              ).segments;
            }),
          );
          samples['create-10-warm'].push(
            await measure(() =>
              api.call('POST', '/segments', segmentBatch(400, 10)),
            ),
          );
          samples['update-10'].push(
            await measure(() =>
              api.call(
                'PATCH',
                '/segments',
                created.map(s => ({
                  id: s.id,
                  changes: { epg_name: `${s.epgName}-v2` },
                })),
              ),
            ),
          );
          samples['list-100'].push(
            await measure(async () => {
              listed = (await lister.call('GET', '/segments')).segments.length;
            }),
          );
          samples['list-100-cached'].push(
            await measure(() => lister.call('GET', '/segments')),
          );
          const renamed = emulator.state
            .rows('ipam/vlans')
            .filter(v => String(v.name).endsWith('-v2')).length;
          if (renamed !== 10)
            throw new Error(`${renamed} VLANs renamed, not 10`);
        } finally {
          await api.close();
          await lister.close();
        }
      }
      if (listed < 100) throw new Error(`only ${listed} segments listed`);
      for (const [name, s] of Object.entries(samples)) {
        if (name === 'list-100-cached') continue;
        scenarios[name] = summarise(name, s);
      }
      const cached = summarise('list-100-cached', samples['list-100-cached']);
      scenarios['list-100'] = {
        ...scenarios['list-100'],
        segments: listed,
        cachedCalls: cached.calls,
        cachedMs: cached.ms,
      };
      for (const [name, s] of Object.entries(samples)) {
        log(
          `${name}: ${s[0].calls} calls, ${s
            .map(x => round(x.ms))
            .join(' / ')} ms`,
        );
      }
    } finally {
      await emulator.stop();
    }
    return scenarios;
  },
};
