import { VsphereNetboxLinkConfig } from '../../plugins/catalog-backend-module-infra/src/links/config';
import { linkVsphereEntities } from '../../plugins/catalog-backend-module-infra/src/links/link';
import { LinkIndex } from '../../plugins/catalog-backend-module-infra/src/links/LinkIndex';
import { buildNetboxLinkData } from '../../plugins/catalog-backend-module-infra/src/links/netbox';
import { linkScale } from '../../plugins/catalog-backend-module-infra/src/links/__testUtils__/scale';
import { buildVsphereEntities } from '../../plugins/catalog-backend-module-infra/src/vsphere/transform';
import { createSyncProvider, startSyncEmulator } from '../netbox/setup';
import { median, round } from '../lib/stats';
import { BenchSuite } from '../lib/types';

const entityOptions = {
  owner: 'group:default/infrastructure',
  entities: {
    vms: true,
    templates: true,
    networks: true,
    include: [],
    exclude: [],
  },
};

const linkConfig = (devices: boolean): VsphereNetboxLinkConfig => ({
  vcenterId: 'big',
  instance: 'bench',
  scope: { vlanGroup: 'g0' },
  datacenters: {},
  clusters: {},
  devices,
  vms: devices,
});

/** NetBox calls of one full provider read, with the given link index (or none). */
async function netboxCalls(links?: LinkIndex): Promise<number> {
  const { emulator } = await startSyncEmulator(100, 0);
  const sync = await createSyncProvider(emulator, links);
  try {
    emulator.resetCalls();
    await sync.provider.refresh();
    return emulator.calls().total;
  } finally {
    await sync.close();
    await emulator.stop();
  }
}

/**
 * Linking vSphere to NetBox: the time the join adds to a sync (NetBox index, publish, and the link
 * pass over rendered entities) and the API calls it adds, counted on the NetBox emulator.
 */
export const graphSuite: BenchSuite = {
  name: 'graph',
  description:
    'Linking 10,000 VMs, 100 hosts and 2,000 portgroups to 10,000 NetBox VLANs, 100 devices and 10,000 NetBox VMs: `addedMs` is the NetBox index build + publish + link pass (median); `extraCalls` counts NetBox calls added to a full read by VLAN linking, `extraCallsWithDevices` with host/VM linking on (one list each, never per object).',
  async run({ smoke, log }) {
    const { inv, nb, lists } = linkScale();
    const config = linkConfig(true);
    const entities = buildVsphereEntities(inv, entityOptions);
    const runs = smoke ? 1 : 7;
    const samples: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const index = new LinkIndex([config]);
      const started = performance.now();
      const data = buildNetboxLinkData(nb, lists, {
        instanceId: 'bench',
        url: 'https://nb',
      });
      index.publish(data);
      linkVsphereEntities(entities, inv, config, data);
      if (i > 0) samples.push(performance.now() - started); // the first run warms the JIT
    }
    const base = await netboxCalls();
    const vlansOnly = await netboxCalls(new LinkIndex([linkConfig(false)]));
    const withDevices = await netboxCalls(new LinkIndex([linkConfig(true)]));
    log(
      `added ${round(
        median(samples),
      )} ms; NetBox calls ${base} / ${vlansOnly} / ${withDevices}`,
    );
    return {
      'link-10000': {
        addedMs: round(median(samples)),
        extraCalls: vlansOnly - base,
        extraCallsWithDevices: withDevices - base,
      },
    };
  },
};
