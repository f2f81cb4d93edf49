import { buildVsphereEntities } from '../vsphere/transform';
import { VsphereNetboxLinkConfig } from './config';
import { linkVsphereEntities } from './link';
import { LinkIndex } from './LinkIndex';
import { buildNetboxLinkData } from './netbox';
import { linkScale } from './__testUtils__/scale';

const options = {
  owner: 'group:default/infrastructure',
  entities: {
    vms: true,
    templates: true,
    networks: true,
    include: [],
    exclude: [],
  },
};

const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
};

describe('linking at scale (pure, in process)', () => {
  it('adds little to a render of 10,000 VMs, 100 hosts, 2,000 portgroups against 10,000 VLANs', () => {
    const { inv, nb, lists } = linkScale();
    const config: VsphereNetboxLinkConfig = {
      vcenterId: 'big',
      instance: 'nb',
      scope: { vlanGroup: 'g0' },
      datacenters: {},
      clusters: {},
      devices: true,
      vms: true,
    };
    const index = new LinkIndex([config]);
    const linker = index.forVcenter('big')!;
    // warm up the JIT
    buildVsphereEntities(inv, options);
    const [, plainMs] = time(() => buildVsphereEntities(inv, options));
    const [data, indexMs] = time(() =>
      buildNetboxLinkData(nb, lists, { instanceId: 'nb', url: 'https://nb' }),
    );
    const [, publishMs] = time(() => index.publish(data));
    buildVsphereEntities(inv, { ...options, links: linker });
    const [, linkedMs] = time(() =>
      buildVsphereEntities(inv, { ...options, links: linker }),
    );
    // the linking pass alone, on entities already rendered
    const entities = buildVsphereEntities(inv, options);
    const [r, linkMs] = time(() =>
      linkVsphereEntities(entities, inv, config, data),
    );
    expect(r.hosts?.linked).toBe(100);
    expect(r.vms?.linked).toBe(10_000);
    expect(r.vlans.linked).toBe(1000); // g0 holds vids 1-1000
    // eslint-disable-next-line no-console
    console.log(
      `link pass ${linkMs.toFixed(0)} ms; render ${plainMs.toFixed(
        0,
      )} ms; with links ${linkedMs.toFixed(0)} ms (+${(
        linkedMs - plainMs
      ).toFixed(0)} ms); NetBox index ${indexMs.toFixed(
        0,
      )} ms; publish (fingerprint) ${publishMs.toFixed(0)} ms`,
    );
    // generous: a regression to per-object scans would take seconds
    expect(linkMs).toBeLessThan(1500);
    expect(linker.lastReport?.vms?.linked).toBe(10_000);
  });
});
