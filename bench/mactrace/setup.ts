import {
  EmulatedPlatformId,
  emulatedPlatforms,
  startSwitchFleet,
  SwitchFleet,
  switchFleetTargets,
} from '@internal/infra-test-utils';
import {
  switchPlatformIds,
  SwitchPlatformId,
  SwitchTarget,
} from '@infra-inventory/plugin-infra-node';
import { LatencyProxy, startLatencyProxy } from './latencyProxy';

export interface BenchFleet {
  fleet: SwitchFleet;
  /** Targets pointing at the latency proxies, pinned to the real host keys. */
  switches: SwitchTarget[];
  /** MAC-table reads (the whole table, not a single-MAC lookup) per switch. */
  macTableReads(): number[];
  stop(): Promise<void>;
}

/** MAC number `i` (0-based) as 12 lower-case hex digits. */
export const benchMac = (i: number) =>
  `02bb${(i + 1).toString(16).padStart(8, '0')}`;

/**
 * `count` emulated switches on their own 127.x addresses (platforms in turn), each answering a
 * command after `commandMs` and reached through a proxy adding `roundTripMs` to every round trip.
 * MAC `i` of `macCount` sits on switch `i % count`.
 */
export async function startBenchFleet(options: {
  count: number;
  macCount: number;
  commandMs: number;
  roundTripMs: number;
}): Promise<BenchFleet> {
  const platformOf = (i: number) =>
    switchPlatformIds[i % switchPlatformIds.length] as SwitchPlatformId;
  const fleet = await startSwitchFleet({
    latencyMs: options.commandMs,
    switches: Array.from({ length: options.count }, (_, i) => ({
      name: `sw${String(i).padStart(2, '0')}`,
      platform: platformOf(i) as EmulatedPlatformId,
      macs: Array.from({ length: options.macCount }, (__, m) => m)
        .filter(m => m % options.count === i)
        .map(m => ({ mac: benchMac(m), port: 'Gi1/0/4', vlan: 1 })),
    })),
  });
  const proxies: LatencyProxy[] = [];
  try {
    for (const s of fleet.switches) {
      proxies.push(await startLatencyProxy(s, options.roundTripMs));
    }
  } catch (e) {
    await Promise.all(proxies.map(p => p.close()));
    await fleet.stop();
    throw e;
  }
  const switches = switchFleetTargets(fleet).map((t, i) => ({
    ...t,
    host: proxies[i].host,
    port: proxies[i].port,
    platform: t.platform as SwitchPlatformId,
  }));
  return {
    fleet,
    switches,
    macTableReads: () =>
      fleet.switches.map(s => {
        const cmd = emulatedPlatforms[s.platform].commands.mac;
        return s.stats.commands.filter(
          c => c.trim().replace(/ \| no-more$/, '') === cmd,
        ).length;
      }),
    stop: async () => {
      await Promise.all(proxies.map(p => p.close()));
      await fleet.stop();
    },
  };
}
