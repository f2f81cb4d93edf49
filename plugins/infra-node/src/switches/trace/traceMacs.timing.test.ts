import {
  describeWith,
  sharedFixtures,
  startSwitchFleet,
  switchFleetTargets,
} from '@internal/infra-test-utils';
import { switchPlatformIds } from '../drivers';
import { SwitchSessionPool } from '../ssh/SwitchSessionPool';
import { SwitchPlatformId } from '../types';
import { createSwitchInfoCache } from './cache';
import { traceMacs } from './traceMacs';

describeWith(sharedFixtures)('traceMacs timing', () => {
  it('one MAC over 50 emulated switches, cold then warm (20 ms per command)', async () => {
    const M = '02bb00000001';
    const fleet = await startSwitchFleet({
      latencyMs: 20,
      switches: Array.from({ length: 50 }, (_, i) => {
        const platform = switchPlatformIds[i % switchPlatformIds.length];
        return {
          name: `t${i}`,
          platform,
          macs: i === 17 ? [{ mac: M, port: 'Gi1/0/4', vlan: 1 }] : [],
        };
      }),
    });
    const pool = new SwitchSessionPool({ maxSessions: 64 });
    const cache = createSwitchInfoCache();
    const switches = switchFleetTargets(fleet).map(t => ({
      ...t,
      platform: t.platform as SwitchPlatformId,
    }));
    try {
      const cold = await traceMacs({ macs: [M], switches, pool, cache });
      const warm = await traceMacs({ macs: [M], switches, pool, cache });
      const many = await traceMacs({
        macs: [M, '02bb00000002', '02bb00000003'],
        switches,
        pool,
        cache,
      });
      // eslint-disable-next-line no-console
      console.log(
        `one MAC / 50 switches: cold ${cold.durationMs} ms, warm ${warm.durationMs} ms; 3 MACs warm ${many.durationMs} ms`,
      );
      expect(cold.complete && warm.complete && many.complete).toBe(true);
      expect(cold.macs[0].found).toBe(true);
      expect(warm.switches.every(s => s.commands === 1)).toBe(true);
      expect(warm.durationMs).toBeLessThan(cold.durationMs + 200);
    } finally {
      await pool.close();
      await fleet.stop();
    }
  });
});
