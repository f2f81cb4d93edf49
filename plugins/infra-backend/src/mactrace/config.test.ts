import { ConfigReader } from '@backstage/config';
import { readMacTraceConfig } from './config';

const read = (mactrace: unknown) =>
  readMacTraceConfig(new ConfigReader({ infra: { mactrace } } as any));

describe('readMacTraceConfig', () => {
  it('has no switches and safe limits by default', () => {
    expect(readMacTraceConfig(new ConfigReader({}))).toEqual({
      switches: [],
      maxSessions: 100,
      maxSessionsPerSwitch: 2,
      commandTimeoutMs: 20_000,
      traceTimeoutMs: 60_000,
      portInfoTtlMs: 900_000,
    });
  });

  it('reads switches with shared default credentials', () => {
    const c = read({
      defaults: { username: 'ro', password: 's3cret' },
      switches: [
        {
          name: 'sw1',
          host: '10.0.0.1',
          platform: 'dell_os10',
          site: 'hq',
          floor: '2',
          uplinks: ['ethernet1/1/49'],
        },
        {
          name: 'sw2',
          host: '10.0.0.2',
          platform: 'cisco_ios',
          username: 'other',
          password: 'x',
          hostKey: 'SHA256:abc',
        },
      ],
    });
    expect(c.switches).toEqual([
      expect.objectContaining({
        id: 'sw1',
        username: 'ro',
        password: 's3cret',
        site: 'hq',
        floor: '2',
        uplinks: ['ethernet1/1/49'],
      }),
      expect.objectContaining({
        id: 'sw2',
        username: 'other',
        hostKeyFingerprint: 'SHA256:abc',
      }),
    ]);
  });

  it.each([
    [
      {
        switches: [
          {
            name: 'a',
            host: 'h',
            platform: 'nokia',
            username: 'u',
            password: 'p',
          },
        ],
      },
      /switches\[0\]\.platform 'nokia' is not supported; use one of .*dell_os10/,
    ],
    [
      { switches: [{ name: 'a', host: 'h', platform: 'cisco_ios' }] },
      /switches\[0\] has no credentials/,
    ],
    [
      {
        defaults: { username: 'u', password: 'p' },
        switches: [
          { name: 'a', host: 'h', platform: 'cisco_ios' },
          { name: 'a', host: 'i', platform: 'cisco_ios' },
        ],
      },
      /'a' is used twice/,
    ],
  ])('rejects bad switch entries naming the key (%#)', (mactrace, message) => {
    expect(() => read(mactrace)).toThrow(message);
  });
});
