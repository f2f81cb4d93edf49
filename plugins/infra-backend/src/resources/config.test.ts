import { ConfigReader } from '@backstage/config';
import { readResourcesConfig } from './config';

describe('readResourcesConfig', () => {
  it('reads the vCenters in map form with defaults', () => {
    const settings = readResourcesConfig(
      new ConfigReader({
        catalog: {
          providers: {
            vsphere: {
              prod: {
                url: 'https://vc.example.com',
                username: 'svc',
                password: 'secret',
                tls: { skipTlsVerify: true },
              },
            },
          },
        },
      }),
    );
    expect(settings).toEqual({
      vcenters: [
        {
          id: 'prod',
          url: 'https://vc.example.com/sdk',
          username: 'svc',
          password: 'secret',
          tls: { ca: undefined, skipTlsVerify: true },
          requestTimeoutMs: 120_000,
        },
      ],
      ttlsMs: {},
      templates: { timeoutMs: 10_000, limit: 200 },
    });
  });

  it('reads the single-block form and infra.resources', () => {
    const settings = readResourcesConfig(
      new ConfigReader({
        catalog: {
          providers: {
            vsphere: {
              url: 'http://127.0.0.1:8989/sdk',
              username: 'u',
              password: 'p',
              requestTimeoutMs: 5000,
            },
          },
        },
        infra: {
          resources: {
            ttlSeconds: { templates: 3600, pools: 60, alarms: 10 },
            templates: { timeoutMs: 2500, limit: 50 },
          },
        },
      }),
    );
    expect(settings.vcenters).toEqual([
      expect.objectContaining({ id: 'default', requestTimeoutMs: 5000 }),
    ]);
    expect(settings.ttlsMs).toEqual({
      templates: 3_600_000,
      pools: 60_000,
      alarms: 10_000,
    });
    expect(settings.templates).toEqual({ timeoutMs: 2500, limit: 50 });
  });

  it('says what is wrong with a bad setting', () => {
    const read = (data: object) => () =>
      readResourcesConfig(new ConfigReader(data));
    expect(read({ infra: { resources: { ttlSeconds: { vms: 5 } } } })).toThrow(
      /ttlSeconds\.vms is not a resource kind/,
    );
    expect(read({ infra: { resources: { templates: { limit: 0 } } } })).toThrow(
      /templates\.limit must be a positive number/,
    );
    expect(
      read({
        catalog: {
          providers: {
            vsphere: { x: { url: 'ftp://vc', username: 'u', password: 'p' } },
          },
        },
      }),
    ).toThrow(/must start with https:\/\//);
  });

  it('has no vCenters without catalog.providers.vsphere', () => {
    expect(readResourcesConfig(new ConfigReader({})).vcenters).toEqual([]);
  });
});
