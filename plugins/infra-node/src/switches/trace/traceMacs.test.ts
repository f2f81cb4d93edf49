import {
  defaultCapture,
  describeWith,
  EmulatedSwitchOptions,
  RunningEmulatedSwitch,
  sharedFixtures,
  startSwitchFleet,
  SwitchFleet,
} from '@internal/infra-test-utils';
import { getSwitchDriver, switchPlatformIds } from '../drivers';
import { SwitchSessionPool } from '../ssh/SwitchSessionPool';
import { SwitchTarget } from '../ssh/types';
import { SwitchPlatformId } from '../types';
import { createSwitchInfoCache } from './cache';
import { traceMacs, TraceProgress } from './traceMacs';

function targetOf(
  s: RunningEmulatedSwitch,
  extra: Partial<SwitchTarget> = {},
): SwitchTarget {
  return {
    id: s.name,
    host: s.host,
    port: s.port,
    platform: s.platform as SwitchPlatformId,
    username: s.username,
    password: s.password,
    hostKeyFingerprint: s.fingerprint,
    ...extra,
  };
}

const mac = (n: number) => `02aa00${n.toString(16).padStart(6, '0')}`;

/** An access port of the platform's interface capture (or any port when none is marked access). */
function accessPorts(platform: SwitchPlatformId): string[] {
  const ifaces = getSwitchDriver(platform).parseInterfaces(
    defaultCapture(platform, 'interfaces'),
  );
  const access = ifaces.filter(i => i.mode === 'access' && !i.lag);
  return (access.length > 0 ? access : ifaces).map(i => i.port);
}

const DESC_INTERFACES = [
  'Port      Name               Status       Vlan       Duplex  Speed Type',
  'Gi1/0/4   Uplink to core     connected    1          a-full  a-100 10/100/1000BaseTX',
  'Gi1/0/5   coreldraw-pc       connected    1          a-full  a-100 10/100/1000BaseTX',
].join('\n');

describeWith(sharedFixtures)('traceMacs against the emulated fleet', () => {
  describe('edge-port decision', () => {
    let fleet: SwitchFleet;
    const M1 = '02aa00000001';
    const M2 = '02aa00000002';
    const M3 = '02aa00000003';
    const M4 = '02aa00000004';
    const M5 = '02aa00000005';
    const M6 = '02aa00000006';
    beforeAll(async () => {
      fleet = await startSwitchFleet({
        latencyMs: 5,
        switches: [
          {
            name: 'acc1',
            platform: 'cisco_ios',
            macs: [
              { mac: M1, port: 'Gi1/0/4', vlan: 1 },
              { mac: M2, port: 'Gi1/0/6', vlan: 8 },
              { mac: M3, port: 'Gi1/0/6', vlan: 8 },
              { mac: M4, port: 'Gi1/0/2', vlan: 8 },
            ],
          },
          {
            name: 'dist1',
            platform: 'cisco_ios',
            macs: [
              { mac: M1, port: 'Gi1/0/1', vlan: 1 },
              { mac: M1, port: 'Po1', vlan: 1 },
              { mac: M1, port: 'Gi1/0/7', vlan: 1 },
              { mac: M1, port: 'Gi1/0/5', vlan: 1 },
              { mac: M5, port: 'Gi1/0/1', vlan: 1 },
            ],
          },
          {
            name: 'desc1',
            platform: 'cisco_ios',
            captures: { interfaces: `text:${DESC_INTERFACES}` },
            macs: [
              { mac: M6, port: 'Gi1/0/4', vlan: 1 },
              { mac: M6, port: 'Gi1/0/5', vlan: 1 },
            ],
          },
        ],
      });
    });
    afterAll(() => fleet?.stop());

    it('explains every exclusion and ranks the rest; reads each table once; warm = 1 command', async () => {
      const pool = new SwitchSessionPool();
      const cache = createSwitchInfoCache();
      const switches = [
        targetOf(fleet.byName('acc1')),
        targetOf(fleet.byName('dist1'), { uplinks: ['GigabitEthernet1/0/5'] }),
        targetOf(fleet.byName('desc1')),
      ];
      const progress: TraceProgress[] = [];
      try {
        const res = await traceMacs({
          macs: [M1, M2, M4, M5, M6, '02aa000000ff'],
          switches,
          pool,
          cache,
          onProgress: p => progress.push(p),
        });
        expect(res.complete).toBe(true);
        expect(progress.map(p => p.switchId).sort()).toEqual([
          'acc1',
          'desc1',
          'dist1',
        ]);
        expect(progress[progress.length - 1].done).toBe(3);

        const by = Object.fromEntries(res.macs.map(m => [m.mac, m]));
        expect(by[M1].edge).toMatchObject({
          switchId: 'acc1',
          port: 'Gi1/0/4',
        });
        expect(by[M1].edge!.reasons).toEqual(
          expect.arrayContaining(['access port', 'the only MAC on the port']),
        );
        const why = Object.fromEntries(
          by[M1].excluded.map(c => [c.port, c.excludedBecause]),
        );
        expect(why).toEqual({
          'Gi1/0/1': 'lldp_uplink',
          Po1: 'lag',
          'Gi1/0/7': 'trunk',
          'Gi1/0/5': 'configured_uplink',
        });
        expect(
          by[M1].excluded.find(c => c.port === 'Gi1/0/1')!.reasons[0],
        ).toMatch(/Juniper-switch1.*bridge\/router/);

        expect(by[M2].edge).toMatchObject({ port: 'Gi1/0/6', macsOnPort: 2 });
        // A phone (LLDP telephone) in front of the host does not make the port an uplink.
        expect(by[M4].edge).toMatchObject({ port: 'Gi1/0/2' });
        expect(by[M4].edge!.reasons.join(' ')).toMatch(
          /Polycom VVX 500 \(telephone\)/,
        );

        expect(by[M5]).toMatchObject({
          found: true,
          onlyUplinks: true,
          edge: undefined,
        });
        expect(by[M5].summary).toMatch(/only on uplinks/);

        // Whole words: "Uplink to core" is an uplink, "coreldraw-pc" is not.
        expect(by[M6].edge).toMatchObject({
          switchId: 'desc1',
          port: 'Gi1/0/5',
        });
        expect(by[M6].excluded).toEqual([
          expect.objectContaining({
            port: 'Gi1/0/4',
            excludedBecause: 'uplink_description',
          }),
        ]);
        expect(by['02aa000000ff']).toMatchObject({
          found: false,
          onlyUplinks: false,
        });

        for (const sw of fleet.switches) {
          expect(sw.commandCount('show mac address-table')).toBe(1);
        }

        // Warm: the interface and LLDP listings come from the cache.
        fleet.resetStats();
        const warm = await traceMacs({ macs: [M1, M6], switches, pool, cache });
        expect(warm.macs[0].edge).toMatchObject({
          switchId: 'acc1',
          port: 'Gi1/0/4',
        });
        for (const sw of fleet.switches) {
          expect(sw.stats.commands).toEqual(['show mac address-table']);
        }
        expect(warm.switches.every(s => s.commands === 1)).toBe(true);

        // One MAC: a lookup instead of the whole table.
        fleet.resetStats();
        const one = await traceMacs({ macs: [M1], switches, pool, cache });
        expect(one.macs[0].edge).toMatchObject({
          switchId: 'acc1',
          port: 'Gi1/0/4',
        });
        expect(fleet.byName('acc1').stats.commands).toEqual([
          'show mac address-table address 02aa.0000.0001',
        ]);
        expect(one.switches.find(s => s.switchId === 'desc1')!.status).toBe(
          'not_found',
        );
      } finally {
        await pool.close();
      }
    });
  });

  describe('statuses, deadlines and caps', () => {
    let fleet: SwitchFleet;
    const M = mac(7);
    beforeAll(async () => {
      const bad: EmulatedSwitchOptions[] = (
        [
          'slow',
          'refuse',
          'closeMidCommand',
          'wrongHostKey',
          'wrongCredentials',
        ] as const
      ).map(mode => ({
        name: `bad-${mode}`,
        platform: 'cisco_ios',
        mode,
        macs: [{ mac: M, port: 'Gi1/0/4' }],
      }));
      fleet = await startSwitchFleet({
        latencyMs: 20,
        switches: [
          ...Array.from({ length: 5 }, (_, i) => ({
            name: `good${i}`,
            platform: 'cisco_ios' as const,
            macs: i === 0 ? [{ mac: M, port: 'Gi1/0/4' }] : [],
          })),
          ...bad,
        ],
      });
    });
    afterAll(() => fleet?.stop());

    it('returns partial results with a status per switch by the trace deadline', async () => {
      const pool = new SwitchSessionPool();
      const progress: string[] = [];
      try {
        const t0 = Date.now();
        const res = await traceMacs({
          macs: [M, mac(8)],
          switches: fleet.switches.map(s => targetOf(s)),
          pool,
          deadlines: { commandMs: 1500, traceMs: 2500 },
          onProgress: p => progress.push(`${p.switchId}:${p.result.status}`),
        });
        expect(Date.now() - t0).toBeLessThan(4000);
        const status = Object.fromEntries(
          res.switches.map(s => [s.switchId, s.status]),
        );
        expect(status).toEqual({
          good0: 'ok',
          good1: 'not_found',
          good2: 'not_found',
          good3: 'not_found',
          good4: 'not_found',
          'bad-slow': 'timeout',
          'bad-refuse': 'refused',
          'bad-closeMidCommand': 'disconnected',
          'bad-wrongHostKey': 'host_key_mismatch',
          'bad-wrongCredentials': 'auth_failed',
        });
        expect(res.complete).toBe(false);
        expect(progress).toHaveLength(10);
        expect(res.macs[0].edge).toMatchObject({
          switchId: 'good0',
          port: 'Gi1/0/4',
        });
      } finally {
        await pool.close();
      }
    });

    it('20 concurrent traces never exceed the per-switch cap', async () => {
      const good = fleet.switches.filter(s => s.name.startsWith('good'));
      fleet.resetStats();
      const pool = new SwitchSessionPool({
        maxSessionsPerSwitch: 2,
        maxSessions: 8,
      });
      const cache = createSwitchInfoCache();
      try {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            traceMacs({
              macs: i % 2 ? [M] : [M, mac(100 + i)],
              switches: good.map(s => targetOf(s)),
              pool,
              cache,
              deadlines: { commandMs: 10_000, traceMs: 20_000 },
            }),
          ),
        );
        expect(results.every(r => r.complete)).toBe(true);
        expect(results.every(r => r.macs[0].edge?.port === 'Gi1/0/4')).toBe(
          true,
        );
        for (const s of good)
          expect(s.stats.maxConcurrent).toBeLessThanOrEqual(2);
        expect(fleet.maxConcurrentSessions()).toBeLessThanOrEqual(2);
      } finally {
        await pool.close();
      }
    });
  });

  it('100 MACs over 10 switches (every platform): each MAC table is read once', async () => {
    const macs = Array.from({ length: 100 }, (_, i) => mac(0x1000 + i));
    const fleet = await startSwitchFleet({
      latencyMs: 5,
      switches: switchPlatformIds.map((platform, i) => {
        const ports = accessPorts(platform);
        return {
          name: `p${i}-${platform.replace(/_/g, '-')}`,
          platform,
          pageLines: 10,
          macs: macs
            .filter((_, j) => j % 10 === i)
            .map((m, j) => ({
              mac: m,
              port: ports[j % ports.length],
              vlan: 10,
            })),
        };
      }),
    });
    const pool = new SwitchSessionPool();
    try {
      const res = await traceMacs({
        macs,
        switches: fleet.switches.map(s => targetOf(s)),
        pool,
        cache: createSwitchInfoCache(),
      });
      expect(res.switches.filter(s => s.status !== 'ok')).toEqual([]);
      expect(res.macs.filter(m => !m.found).map(m => m.mac)).toEqual([]);
      for (const s of fleet.switches) {
        const driver = getSwitchDriver(s.platform);
        const tableCmd = driver.macTableCommand();
        expect(s.stats.commands.filter(c => c === tableCmd)).toHaveLength(1);
      }
    } finally {
      await pool.close();
      await fleet.stop();
    }
  });
});
