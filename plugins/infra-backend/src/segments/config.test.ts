import { ConfigReader } from '@backstage/config';
import { readSegmentsConfig } from './config';
import { TtlCache } from './TtlCache';

describe('readSegmentsConfig', () => {
  it('applies the defaults', () => {
    const c = readSegmentsConfig(new ConfigReader({}));
    expect(c).toMatchObject({
      tenant: undefined,
      role: undefined,
      vlanGroupTemplate: '{vrf}-ClickCluster-{siteGroup}',
      referenceTtlMs: 600_000,
      dhcp: { kind: 'customField', name: 'dhcp' },
    });
    expect(c.epgNamePattern.test('EPG_web-01')).toBe(true);
    expect(c.epgNamePattern.test('bad name')).toBe(false);
  });

  it('rejects settings that cannot work, naming the key', () => {
    const read = (segments: object) => () =>
      readSegmentsConfig(new ConfigReader({ infra: { segments } }));
    expect(read({ vlanGroupTemplate: '{vrf}-all' })).toThrow(
      /vlanGroupTemplate must contain \{siteGroup\}/,
    );
    expect(read({ epgNamePattern: '([' })).toThrow(/epgNamePattern/);
    expect(read({ dhcp: { storage: 'tag' } })).toThrow(/dhcp.storage/);
    expect(read({ referenceTtlSeconds: -1 })).toThrow(/referenceTtlSeconds/);
  });
});

describe('the NetBox of the segments API', () => {
  const read = (data: object) =>
    readSegmentsConfig(new ConfigReader(data)).netbox;
  const nb = (url: string) => ({ url, token: 't' });

  it('is its own, or the catalog provider (single block, named, or only one)', () => {
    expect(read({})).toBeUndefined();
    expect(read({ infra: { segments: { netbox: nb('http://a') } } })).toEqual({
      baseUrl: 'http://a',
      token: 't',
    });
    expect(
      read({ catalog: { providers: { netbox: nb('http://b') } } }),
    ).toMatchObject({ baseUrl: 'http://b' });
    expect(
      read({ catalog: { providers: { netbox: { lab: nb('http://c') } } } }),
    ).toMatchObject({ baseUrl: 'http://c' });
    const two = {
      catalog: {
        providers: { netbox: { lab: nb('http://c'), prod: nb('http://d') } },
      },
    };
    expect(() => read(two)).toThrow(/infra.segments.netboxInstance/);
    expect(
      read({ ...two, infra: { segments: { netboxInstance: 'prod' } } }),
    ).toMatchObject({ baseUrl: 'http://d' });
  });
});

describe('TtlCache', () => {
  it('shares a load in flight, expires, and serves stale values while reloading', async () => {
    let now = 0;
    const cache = new TtlCache<number>(100, () => now, 50);
    let loads = 0;
    const load = async () => ++loads;
    expect(
      await Promise.all([cache.get('k', load), cache.get('k', load)]),
    ).toEqual([1, 1]);
    now = 120; // stale: served at once, reloaded behind
    expect(await cache.get('k', load)).toBe(1);
    await Promise.resolve();
    expect(await cache.get('k', load)).toBe(2);
    now = 400; // past the stale window: waits for the load
    expect(await cache.get('k', load)).toBe(3);
  });
});
