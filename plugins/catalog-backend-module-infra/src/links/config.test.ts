import { ConfigReader } from '@backstage/config';
import { readLinkConfigs } from './config';

const vc = { url: 'https://vc', username: 'u', password: 'p' };

describe('readLinkConfigs', () => {
  it('reads the netbox block of each vCenter with defaults', () => {
    const links = readLinkConfigs(
      new ConfigReader({
        catalog: {
          providers: {
            vsphere: {
              a: {
                ...vc,
                netbox: {
                  instance: 'prod',
                  siteGroup: 'eu',
                  datacenters: { DC1: { vlanGroup: 'dc1' } },
                  clusters: { C1: { netboxCluster: 'c-one' } },
                  vms: true,
                },
              },
              b: vc,
            },
          },
        },
      }),
      ['prod'],
    );
    expect(links).toEqual([
      {
        vcenterId: 'a',
        instance: 'prod',
        scope: { siteGroup: 'eu' },
        datacenters: { DC1: { vlanGroup: 'dc1' } },
        clusters: { C1: { netboxCluster: 'c-one' } },
        devices: true,
        vms: true,
      },
    ]);
  });

  it('reads the single-block form as id default', () => {
    const [link] = readLinkConfigs(
      new ConfigReader({
        catalog: {
          providers: {
            vsphere: { ...vc, netbox: { instance: 'nb', devices: false } },
          },
        },
      }),
    );
    expect(link).toMatchObject({
      vcenterId: 'default',
      instance: 'nb',
      scope: {},
      devices: false,
      vms: false,
    });
  });

  it('names the key of an unknown instance or an empty scope', () => {
    const read = (netbox: object) =>
      readLinkConfigs(
        new ConfigReader({
          catalog: { providers: { vsphere: { a: { ...vc, netbox } } } },
        }),
        ['prod'],
      );
    expect(() => read({ instance: 'nope' })).toThrow(
      "catalog.providers.vsphere.a.netbox.instance: 'nope' is not a configured NetBox (catalog.providers.netbox has prod)",
    );
    expect(() => read({ instance: 'prod', vlanGroup: ' ' })).toThrow(
      'catalog.providers.vsphere.a.netbox.vlanGroup is empty',
    );
    expect(readLinkConfigs(new ConfigReader({}))).toEqual([]);
  });
});
