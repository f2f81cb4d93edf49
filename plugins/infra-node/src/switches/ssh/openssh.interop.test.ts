import {
  describeWith,
  opensshRequirement,
  sharedFixtures,
  sharedPath,
  startOpenSshSwitch,
} from '@internal/infra-test-utils';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { getSwitchDriver } from '../drivers';
import { SwitchSessionPool } from './SwitchSessionPool';
import { SwitchSessionError, SwitchTarget } from './types';

/**
 * Interop: the session pool against a real OpenSSH sshd (not our ssh2 emulator), with public key
 * authentication, host-key pinning, exec and PTY shell, and parallel connects.
 */

type RunningOpenSsh = Awaited<ReturnType<typeof startOpenSshSwitch>>;

const CAPTURE = sharedPath(
  'switch-cli',
  'cisco_ios',
  'show_mac-address-table',
  'cisco_ios_show_mac-address-table6',
);

async function statusOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof SwitchSessionError) return e.status;
    throw e;
  }
}

describeWith(sharedFixtures, opensshRequirement)(
  'SwitchSessionPool against a real OpenSSH sshd',
  () => {
    let sshd: RunningOpenSsh;
    const pools: SwitchSessionPool[] = [];
    const driver = getSwitchDriver('cisco_ios');

    const target = (overrides: Partial<SwitchTarget> = {}): SwitchTarget => ({
      id: 'sw-ossh',
      host: sshd.host,
      port: sshd.port,
      platform: 'cisco_ios',
      username: sshd.username,
      password: '',
      privateKey: sshd.privateKey,
      hostKeyFingerprint: sshd.hostKeyFingerprint,
      ...overrides,
    });
    const pool = (
      options: ConstructorParameters<typeof SwitchSessionPool>[0] = {},
    ) => {
      const p = new SwitchSessionPool({ connectTimeoutMs: 10_000, ...options });
      pools.push(p);
      return p;
    };
    const soon = () => ({ deadline: Date.now() + 15_000 });
    const expectedRows = (): number =>
      (
        parse(readFileSync(`${CAPTURE}.yml`, 'utf8')) as {
          parsed_sample: unknown[];
        }
      ).parsed_sample.length;

    beforeAll(async () => {
      sshd = await startOpenSshSwitch({ capture: `${CAPTURE}.raw` });
    }, 30_000);

    afterAll(async () => {
      for (const p of pools) await p.close();
      await sshd?.stop();
    });

    it('presents the host key ssh-keygen printed and accepts it pinned', async () => {
      expect(sshd.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      const learned: string[] = [];
      const p = pool({ onHostKeyLearned: e => learned.push(e.fingerprint) });
      // Trust on first use learns the same fingerprint ssh-keygen -lf printed.
      await expect(
        p.run(
          target({ hostKeyFingerprint: undefined }),
          'show version',
          soon(),
        ),
      ).resolves.toContain('OpenSSH interop emulator');
      expect(learned).toEqual([sshd.hostKeyFingerprint]);
      // Pinned and matching.
      await expect(
        statusOf(pool().run(target(), 'show version', soon())),
      ).resolves.toBe('ok');
    });

    it('refuses a switch whose host key differs from the pinned one', async () => {
      const mismatches: Array<{ expected: string; presented: string }> = [];
      const p = pool({ onHostKeyMismatch: e => mismatches.push(e) });
      const wrong = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      await expect(
        statusOf(
          p.run(target({ hostKeyFingerprint: wrong }), 'show version', soon()),
        ),
      ).resolves.toBe('host_key_mismatch');
      expect(mismatches).toEqual([
        expect.objectContaining({
          expected: wrong,
          presented: sshd.hostKeyFingerprint,
        }),
      ]);
    });

    it('fails authentication without the authorized key', async () => {
      await expect(
        statusOf(
          pool().run(
            target({ privateKey: undefined, password: 'wrong' }),
            'show version',
            soon(),
          ),
        ),
      ).resolves.toBe('auth_failed');
    });

    it('reads and parses the MAC table over exec', async () => {
      const out = await pool().run(target(), driver.macTableCommand(), soon());
      expect(out).toContain('Mac Address Table');
      expect(out).not.toContain(sshd.prompt);
      const entries = driver.parseMacTable(out);
      expect(entries).toHaveLength(expectedRows());
      expect(entries).toContainEqual(
        expect.objectContaining({ mac: 'c869cd541f71', port: 'Gi1/0/7' }),
      );
    });

    it('reads and parses the MAC table over a PTY shell with prompt detection', async () => {
      const p = pool({ forceShell: true });
      const out = await p.run(target(), driver.macTableCommand(), soon());
      expect(out).toContain('Mac Address Table');
      expect(out).not.toContain(sshd.prompt);
      expect(out).not.toContain(driver.macTableCommand());
      expect(driver.parseMacTable(out)).toHaveLength(expectedRows());
      // The same shell serves the next command (echo and prompt stripped again).
      await expect(p.run(target(), 'show version', soon())).resolves.toBe(
        'Cisco IOS Software, OpenSSH interop emulator',
      );
      expect(p.openConnections()).toEqual({
        [`sw-ossh\u0000${sshd.host}\u0000${sshd.port}\u0000${sshd.username}`]: 1,
      });
    });

    it.each([
      ['exec', false],
      ['shell', true],
    ])(
      'runs 10 parallel commands under the per-switch cap over %s without drops',
      async (_mode, forceShell) => {
        const p = pool({ forceShell, maxSessionsPerSwitch: 4 });
        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            statusOf(
              p
                .run(target(), driver.macTableCommand(), soon())
                .then(out =>
                  expect(driver.parseMacTable(out)).toHaveLength(
                    expectedRows(),
                  ),
                ),
            ),
          ),
        );
        expect(results).toEqual(Array(10).fill('ok'));
        expect(
          Object.values(p.openConnections()).every(n => n <= 4 && n >= 1),
        ).toBe(true);
      },
      30_000,
    );

    it('accepts many parallel connects with the raised MaxStartups', async () => {
      // Ten pools = ten separate connections opened at once (sshd's default 10:30:100 drops some).
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          statusOf(pool().run(target(), 'show version', soon())),
        ),
      );
      expect(results).toEqual(Array(10).fill('ok'));
    }, 30_000);
  },
);
