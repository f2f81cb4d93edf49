import {
  createMacTraceEngine,
  createSwitchInfoCache,
  MacTraceEngine,
  SwitchSessionPool,
  TraceResult,
} from '@infra-inventory/plugin-infra-node';
import { benchMac, BenchFleet, startBenchFleet } from '../mactrace/setup';
import { median, round } from '../lib/stats';
import { BenchSuite, ScenarioMetrics } from '../lib/types';
import { ConfigReader } from '@backstage/config';
import { readMacTraceConfig } from '../../plugins/infra-backend/src/mactrace/config';

const COMMAND_MS = 200;
const ROUND_TRIP_MS = 50;
/** The backend's defaults, read the way the backend reads its config. */
const BACKEND = readMacTraceConfig(new ConfigReader({}));
const PER_SWITCH = BACKEND.maxSessionsPerSwitch;

/** The backend's pool and engine (plugins/infra-backend/src/plugin.ts), cold. */
function newEngine() {
  const pool = new SwitchSessionPool({
    maxSessionsPerSwitch: PER_SWITCH,
    maxSessions: BACKEND.maxSessions,
  });
  const engine = createMacTraceEngine({
    pool,
    cache: createSwitchInfoCache(),
  });
  return { pool, engine };
}

async function timed(
  engine: MacTraceEngine,
  fleet: BenchFleet,
  macs: string[],
): Promise<{ ms: number; result: TraceResult }> {
  const start = process.hrtime.bigint();
  const result = await engine.trace({ macs, switches: fleet.switches });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!result.complete) {
    const bad = result.switches.filter(
      s => s.status !== 'ok' && s.status !== 'not_found',
    );
    throw new Error(
      `trace incomplete: ${bad
        .slice(0, 3)
        .map(s => `${s.switchId} ${s.status} ${s.message}`)
        .join('; ')}`,
    );
  }
  const missing = result.macs.filter(m => !m.found);
  if (missing.length) {
    throw new Error(`${missing.length} MACs not found, e.g. ${missing[0].mac}`);
  }
  return { ms, result };
}

/**
 * MAC trace (issue 7) over emulated switches: each answers a command after 200 ms and sits behind
 * a TCP proxy adding 50 ms per round trip (the SSH handshake's round trips included).
 */
export const mactraceSuite: BenchSuite = {
  name: 'mactrace',
  description:
    "MAC trace over 50 emulated SSH switches (127.x addresses; 200 ms per command plus 50 ms per network round trip through a delaying TCP proxy), with the backend's default pool settings (100 sessions, 2 per switch): one MAC cold (new pool and caches) and warm (pooled connections, cached port data), 20 concurrent traces of different MACs, 100 MACs in one job (new pool each run). The old tool needs ~75 s for 50 switches. Targets: cold ≤ 3 s, warm ≤ 0.6 s, concurrent-20 ≤ 8 s with ≤ 2 sessions per switch, 100 MACs ≤ 10 s with one MAC-table read per switch.",
  async run({ smoke, log }) {
    const count = smoke ? 10 : 50;
    const concurrent = smoke ? 5 : 20;
    const many = smoke ? 20 : 100;
    const runs = smoke ? 1 : 5;
    const heavyRuns = smoke ? 1 : 3;
    const fleet = await startBenchFleet({
      count,
      macCount: Math.max(concurrent, many),
      commandMs: COMMAND_MS,
      roundTripMs: ROUND_TRIP_MS,
    });
    const scenarios: Record<string, ScenarioMetrics> = {};
    try {
      const target = benchMac(17 % count);

      // one MAC, cold: a new pool (SSH handshakes) and empty port-data caches every run
      const cold: number[] = [];
      for (let i = 0; i < runs; i++) {
        const { pool, engine } = newEngine();
        try {
          cold.push((await timed(engine, fleet, [target])).ms);
        } finally {
          await pool.close();
        }
      }
      scenarios['one-mac-cold'] = { ms: round(median(cold)) };
      log(`one MAC cold: ${cold.map(x => round(x)).join(', ')} ms`);

      // one MAC, warm: the same pool and caches as a previous trace
      {
        const { pool, engine } = newEngine();
        try {
          await timed(engine, fleet, [target]);
          const warm: number[] = [];
          let commands = 0;
          for (let i = 0; i < runs; i++) {
            const { ms, result } = await timed(engine, fleet, [target]);
            warm.push(ms);
            commands = Math.max(
              commands,
              ...result.switches.map(s => s.commands),
            );
          }
          scenarios['one-mac-warm'] = { ms: round(median(warm)) };
          log(
            `one MAC warm: ${warm
              .map(x => round(x))
              .join(', ')} ms (≤ ${commands} command per switch)`,
          );
        } finally {
          await pool.close();
        }
      }

      // 20 traces of different MACs at once over the same switches, a new pool each run, with
      // the backend's session caps
      for (const key of [`concurrent-${concurrent}`]) {
        const walls: number[] = [];
        let maxPerSwitch = 0;
        for (let r = 0; r < heavyRuns; r++) {
          const { pool, engine } = newEngine();
          fleet.fleet.resetStats();
          try {
            const start = Date.now();
            const traces = await Promise.all(
              Array.from({ length: concurrent }, (_, i) =>
                timed(engine, fleet, [benchMac(i)]),
              ),
            );
            walls.push(Date.now() - start);
            maxPerSwitch = Math.max(
              maxPerSwitch,
              fleet.fleet.maxConcurrentSessions(),
            );
            log(
              `${key}: all done in ${
                walls[walls.length - 1]
              } ms (slowest trace ${round(
                Math.max(...traces.map(t => t.ms)),
              )} ms), max ${fleet.fleet.maxConcurrentSessions()} sessions per switch`,
            );
          } finally {
            await pool.close();
          }
        }
        scenarios[key] = {
          ms: round(median(walls)),
          maxSessionsPerSwitch: maxPerSwitch,
        };
      }

      // 100 MACs in one job, a new pool each run
      {
        const walls: number[] = [];
        let commandsPerSwitch = 0;
        let tableReads = 0;
        for (let r = 0; r < heavyRuns; r++) {
          const { pool, engine } = newEngine();
          fleet.fleet.resetStats();
          try {
            const macs = Array.from({ length: many }, (_, i) => benchMac(i));
            const { ms, result } = await timed(engine, fleet, macs);
            walls.push(ms);
            commandsPerSwitch = Math.max(
              commandsPerSwitch,
              ...result.switches.map(s => s.commands),
            );
            tableReads = Math.max(tableReads, ...fleet.macTableReads());
            log(
              `${many} MACs: ${round(ms)} ms, ≤ ${Math.max(
                ...result.switches.map(s => s.commands),
              )} commands and ≤ ${Math.max(
                ...fleet.macTableReads(),
              )} MAC-table read per switch`,
            );
          } finally {
            await pool.close();
          }
        }
        scenarios[`macs-${many}`] = {
          ms: round(median(walls)),
          commandsPerSwitch,
          macTableReadsPerSwitch: tableReads,
        };
      }
    } finally {
      await fleet.stop();
    }
    return scenarios;
  },
};
