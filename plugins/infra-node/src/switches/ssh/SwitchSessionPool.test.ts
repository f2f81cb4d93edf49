import {
  describeWith,
  sharedFixtures,
  startSwitchFleet,
  SwitchFleet,
  RunningEmulatedSwitch,
} from '@internal/infra-test-utils';
import { getSwitchDriver, switchPlatformIds } from '../drivers';
import { SwitchPlatformId } from '../types';
import { SwitchSessionPool } from './SwitchSessionPool';
import {
  createMemoryHostKeyStore,
  SwitchSessionError,
  SwitchTarget,
} from './types';

function targetOf(s: RunningEmulatedSwitch, pin = true): SwitchTarget {
  return {
    id: s.name,
    host: s.host,
    port: s.port,
    platform: s.platform as SwitchPlatformId,
    username: s.username,
    password: s.password,
    hostKeyFingerprint: pin ? s.fingerprint : undefined,
  };
}

async function statusOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof SwitchSessionError) return e.status;
    throw e;
  }
}

describeWith(sharedFixtures)(
  'SwitchSessionPool against the emulated fleet',
  () => {
    let fleet: SwitchFleet;
    beforeAll(async () => {
      fleet = await startSwitchFleet({
        latencyMs: 5,
        switches: [
          ...switchPlatformIds.map(platform => ({
            name: `sw-${platform.replace(/_/g, '-')}`,
            platform,
            pageLines: 4,
            macs: [{ mac: '02:00:00:00:00:01', port: 'Gi1/0/9', vlan: 20 }],
          })),
          ...(
            [
              'dell_os9',
              'hp_procurve',
              'dell_nseries',
              'dell_powerconnect',
            ] as const
          ).map(platform => ({
            name: `pager-${platform}`,
            platform,
            pageLines: 2,
            ignorePagingOff: true,
            macs: [{ mac: '02:00:00:00:00:01', port: 'Gi1/0/9', vlan: 20 }],
          })),
          {
            name: 'slow1',
            platform: 'cisco_ios' as const,
            mode: 'slow' as const,
          },
          {
            name: 'refuse1',
            platform: 'cisco_ios' as const,
            mode: 'refuse' as const,
          },
          {
            name: 'midclose1',
            platform: 'cisco_ios' as const,
            mode: 'closeMidCommand' as const,
          },
          {
            name: 'midclose2',
            platform: 'dell_os9' as const,
            mode: 'closeMidCommand' as const,
          },
          {
            name: 'hostkey1',
            platform: 'cisco_ios' as const,
            mode: 'wrongHostKey' as const,
          },
          {
            name: 'creds1',
            platform: 'cisco_ios' as const,
            mode: 'wrongCredentials' as const,
          },
        ],
      });
    });
    afterAll(() => fleet?.stop());

    it.each(switchPlatformIds)(
      'replays the %s captures through exec or a paged shell, parseably',
      async platform => {
        const sw = fleet.byName(`sw-${platform.replace(/_/g, '-')}`);
        const pool = new SwitchSessionPool();
        const driver = getSwitchDriver(platform);
        try {
          const table = await pool.run(targetOf(sw), driver.macTableCommand());
          const entries = driver.parseMacTable(table);
          expect(entries.length).toBeGreaterThan(1);
          expect(entries.map(e => e.mac)).toContain('020000000001');
          expect(table).not.toMatch(/more/i);

          const lookup = await pool.run(
            targetOf(sw),
            driver.macLookupCommand('020000000001'),
          );
          const hits = driver.parseMacTable(lookup);
          expect(hits.map(e => e.mac)).toEqual(['020000000001']);

          const ifaces = driver.parseInterfaces(
            await pool.run(targetOf(sw), driver.interfaceStatusCommand()),
          );
          expect(ifaces.length).toBeGreaterThan(0);
          const lldp = driver.parseLldp(
            await pool.run(targetOf(sw), driver.lldpNeighborsCommand()),
          );
          expect(lldp.length).toBeGreaterThan(0);
          // One connection served all four commands.
          expect(sw.stats.connections).toBe(1);
          // Shell platforms turn paging off first.
          const shellPaging = !driver.execSupported && !!driver.pagingOff;
          expect(shellPaging ? sw.stats.commands[0] : driver.pagingOff).toBe(
            driver.pagingOff,
          );
        } finally {
          await pool.close();
        }
      },
    );

    it.each([
      'dell_os9',
      'hp_procurve',
      'dell_nseries',
      'dell_powerconnect',
    ] as const)(
      'answers the %s pager when the switch keeps paging',
      async platform => {
        const sw = fleet.byName(`pager-${platform}`);
        const pool = new SwitchSessionPool();
        const driver = getSwitchDriver(platform);
        try {
          const out = await pool.run(targetOf(sw), driver.macTableCommand());
          const macs = driver.parseMacTable(out).map(e => e.mac);
          expect(macs).toContain('020000000001');
          expect(macs.length).toBeGreaterThan(3);
          for (const p of driver.pagerPatterns) expect(out).not.toMatch(p);
        } finally {
          await pool.close();
        }
      },
    );

    it.each(['cisco_ios', 'juniper_junos', 'arista_eos'] as const)(
      'drives a PTY shell on %s when asked to (forceShell), prompt detection included',
      async platform => {
        const sw = fleet.byName(`sw-${platform.replace(/_/g, '-')}`);
        const pool = new SwitchSessionPool({ forceShell: true });
        const driver = getSwitchDriver(platform);
        try {
          const out = await pool.run(targetOf(sw), driver.macTableCommand());
          expect(driver.parseMacTable(out).map(e => e.mac)).toContain(
            '020000000001',
          );
          expect(out).not.toMatch(driver.promptPattern);
        } finally {
          await pool.close();
        }
      },
    );

    it('reports timeout, refused, disconnected, host key mismatch and auth failure', async () => {
      const mismatches: unknown[] = [];
      const pool = new SwitchSessionPool({
        onHostKeyMismatch: e => mismatches.push(e),
      });
      const cmd = 'show mac address-table';
      const deadline = () => Date.now() + 1500;
      try {
        const started = Date.now();
        const results = await Promise.all([
          statusOf(
            pool.run(targetOf(fleet.byName('slow1')), cmd, {
              deadline: deadline(),
            }),
          ),
          statusOf(
            pool.run(targetOf(fleet.byName('refuse1')), cmd, {
              deadline: deadline(),
            }),
          ),
          statusOf(
            pool.run(targetOf(fleet.byName('midclose1')), cmd, {
              deadline: deadline(),
            }),
          ),
          statusOf(
            pool.run(
              targetOf(fleet.byName('midclose2')),
              'show mac-address-table',
              { deadline: deadline() },
            ),
          ),
          statusOf(
            pool.run(targetOf(fleet.byName('hostkey1')), cmd, {
              deadline: deadline(),
            }),
          ),
          statusOf(
            pool.run(targetOf(fleet.byName('creds1')), cmd, {
              deadline: deadline(),
            }),
          ),
        ]);
        expect(results).toEqual([
          'timeout',
          'refused',
          'disconnected',
          'disconnected',
          'host_key_mismatch',
          'auth_failed',
        ]);
        expect(Date.now() - started).toBeLessThan(3000);
        expect(mismatches).toEqual([
          expect.objectContaining({
            switchId: 'hostkey1',
            expected: fleet.byName('hostkey1').fingerprint,
            presented: fleet.byName('hostkey1').presentedFingerprint(),
          }),
        ]);
      } finally {
        await pool.close();
      }
    });

    it('keeps partial output of a command that times out', async () => {
      const pool = new SwitchSessionPool();
      try {
        await expect(
          pool.run(targetOf(fleet.byName('slow1')), 'show mac address-table', {
            deadline: Date.now() + 300,
          }),
        ).rejects.toMatchObject({ status: 'timeout', partialOutput: '' });
      } finally {
        await pool.close();
      }
    });

    it('trusts on first use, then refuses a changed key', async () => {
      const store = createMemoryHostKeyStore();
      const sw = fleet.byName('sw-cisco-ios');
      const pool = new SwitchSessionPool({
        hostKeys: store,
        idleTimeoutMs: 50,
      });
      try {
        await pool.run(targetOf(sw, false), 'show lldp neighbors');
        expect(await store.get(sw.name)).toBe(sw.fingerprint);
        await pool.close();
        const pool2 = new SwitchSessionPool({ hostKeys: store });
        sw.setMode('wrongHostKey');
        try {
          expect(
            await statusOf(
              pool2.run(targetOf(sw, false), 'show lldp neighbors'),
            ),
          ).toBe('host_key_mismatch');
          expect(await store.get(sw.name)).toBe(sw.fingerprint);
        } finally {
          sw.setMode('normal');
          await pool2.close();
        }
      } finally {
        await pool.close();
      }
    });

    it('never opens more than the per-switch cap, and reuses connections', async () => {
      const sw = fleet.byName('sw-arista-eos');
      sw.resetStats();
      const pool = new SwitchSessionPool({ maxSessionsPerSwitch: 2 });
      try {
        await Promise.all(
          Array.from({ length: 20 }, () =>
            pool.run(targetOf(sw), 'show lldp neighbors'),
          ),
        );
        expect(sw.stats.maxConcurrent).toBeLessThanOrEqual(2);
        expect(sw.stats.connections).toBeLessThanOrEqual(2);
        expect(sw.commandCount('show lldp neighbors')).toBe(20);
      } finally {
        await pool.close();
      }
    });
  },
);
