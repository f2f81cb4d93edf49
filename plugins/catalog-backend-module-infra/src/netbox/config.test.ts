import { ConfigReader } from '@backstage/config';
import { readNetboxProviderConfigs } from './config';

const read = (netbox: unknown) =>
  readNetboxProviderConfigs(
    new ConfigReader({ catalog: { providers: { netbox } } } as any),
  );

describe('readNetboxProviderConfigs', () => {
  it('reads nothing when unconfigured', () => {
    expect(readNetboxProviderConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('reads the single-block form as id default, with every default', () => {
    const [c] = read({ url: 'https://netbox.example.com/api/', token: 't' });
    expect(c).toEqual({
      id: 'default',
      url: 'https://netbox.example.com',
      token: 't',
      schedule: {
        frequency: { minutes: 30 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 5 },
      },
      incremental: undefined,
      owner: 'group:default/infrastructure',
      system: undefined,
      tenant: undefined,
      maxRemovalShare: 0.2,
      concurrency: 4,
      pageSize: 1000,
      requestTimeoutMs: 60_000,
      entities: { sites: true, siteGroups: true, tenants: true },
      dhcp: { kind: 'customField', name: 'dhcp' },
    });
  });

  it('turns entity kinds off per instance and reads the DHCP storage of the segments API', () => {
    const [c] = readNetboxProviderConfigs(
      new ConfigReader({
        catalog: {
          providers: {
            netbox: {
              url: 'https://nb.example.com',
              token: 't',
              entities: { tenants: false, siteGroups: false },
            },
          },
        },
        infra: { segments: { dhcp: { storage: 'descriptionTag' } } },
      }),
    );
    expect(c.entities).toEqual({
      sites: true,
      siteGroups: false,
      tenants: false,
    });
    expect(c.dhcp).toEqual({ kind: 'descriptionTag', tag: '[dhcp]' });
    expect(() =>
      readNetboxProviderConfigs(
        new ConfigReader({
          catalog: {
            providers: {
              netbox: { url: 'https://nb.example.com', token: 't' },
            },
          },
          infra: { segments: { dhcp: { storage: 'tag' } } },
        }),
      ),
    ).toThrow(/infra.segments.dhcp.storage/);
  });

  it('reads the map form with schedules, tenant and limits', () => {
    const configs = read({
      prod: {
        url: 'https://nb.example.com/netbox',
        token: 'a',
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
        incremental: true,
        tenant: 'acme',
        owner: 'group:default/network',
        system: 'network',
        maxRemovalShare: 0.5,
        concurrency: 8,
      },
      lab: {
        url: 'http://127.0.0.1:8000',
        token: 'b',
        incremental: { frequency: { seconds: 30 }, timeout: { minutes: 1 } },
        tenant: '12',
      },
    });
    expect(configs.map(c => c.id)).toEqual(['prod', 'lab']);
    expect(configs[0]).toMatchObject({
      url: 'https://nb.example.com/netbox',
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
      incremental: { frequency: { minutes: 2 } },
      tenant: 'acme',
      owner: 'group:default/network',
      system: 'network',
      maxRemovalShare: 0.5,
      concurrency: 8,
    });
    expect(configs[1]).toMatchObject({
      incremental: { frequency: { seconds: 30 }, timeout: { minutes: 1 } },
      tenant: 12,
    });
  });

  it('names the key in its errors', () => {
    expect(() => read({ Prod_1: { url: 'https://x', token: 't' } })).toThrow(
      /catalog.providers.netbox: the id 'Prod_1'/,
    );
    expect(() => read({ p: { url: 'netbox', token: 't' } })).toThrow(
      /catalog.providers.netbox.p.url: 'netbox' is not a URL/,
    );
    expect(() => read({ p: { url: 'ftp://x', token: 't' } })).toThrow(
      /p.url must start with https:\/\//,
    );
    expect(() => read({ p: { url: 'https://x' } })).toThrow(/token/);
    expect(() =>
      read({ p: { url: 'https://x', token: 't', maxRemovalShare: 2 } }),
    ).toThrow(/p.maxRemovalShare must be between 0 and 1/);
    expect(() =>
      read({ p: { url: 'https://x', token: 't', concurrency: 0 } }),
    ).toThrow(/p.concurrency must be a positive whole number/);
    expect(() =>
      read({ p: { url: 'https://x', token: 't', tenant: 'a b' } }),
    ).toThrow(/p.tenant must be a tenant slug or numeric id/);
    expect(() =>
      read({ p: { url: 'https://x', token: 't', incremental: 'often' } }),
    ).toThrow(/p.incremental must be true, false or a schedule/);
  });
});
