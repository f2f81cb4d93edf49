import { Entity } from '@backstage/catalog-model';
import { buildVsphereEntities } from '../vsphere/transform';
import { testInventory } from '../vsphere/transform/testInventory';
import { VsphereInventory } from '../vsphere/transform/model';
import { VsphereNetboxLinkConfig } from './config';
import {
  ANNOTATION_DEVICE_AMBIGUOUS,
  ANNOTATION_DEVICE_RACK,
  ANNOTATION_DEVICE_URL,
  ANNOTATION_VLAN_AMBIGUOUS,
  ANNOTATION_VM_URL,
  LABEL_NETBOX_MATCH,
  linkVsphereEntities,
  summarizeLinkReport,
  vlansInScope,
} from './link';
import { LinkIndex } from './LinkIndex';
import { buildNetboxLinkData, LinkLists } from './netbox';
import { testNetbox } from './__testUtils__/testNetbox';

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

const NB = 'https://netbox.example.com';

function config(
  overrides: Partial<VsphereNetboxLinkConfig> = {},
): VsphereNetboxLinkConfig {
  return {
    vcenterId: 'lab',
    instance: 'nb',
    scope: { siteGroup: 'eu' },
    datacenters: {},
    clusters: {},
    devices: true,
    vms: true,
    ...overrides,
  };
}

/** The test inventory plus portgroups with vid 130 (ambiguous), 140 (other group) and 150. */
function inventory(): VsphereInventory {
  const inv = testInventory();
  const dc = inv.datacenters[0].ref;
  const dvs = inv.dvSwitches[0].ref;
  for (const [value, vid] of [
    ['dvportgroup-30', 130],
    ['dvportgroup-40', 140],
    ['dvportgroup-50', 150],
  ] as const) {
    inv.networks.push({
      ref: { type: 'DistributedVirtualPortgroup', value },
      name: `pg ${vid}`,
      datacenter: dc,
      kind: 'dvportgroup',
      dvSwitch: dvs,
      vlan: { kind: 'vlan', id: vid },
      hostCount: 1,
      vmCount: 0,
    });
  }
  inv.networks.push({
    ref: { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-60' },
    name: 'pvlan',
    datacenter: dc,
    kind: 'dvportgroup',
    dvSwitch: dvs,
    vlan: { kind: 'pvlan', id: 120 },
    hostCount: 1,
    vmCount: 0,
  });
  inv.hosts[1].serial = 'dup-1'; // esx-11.lab: two NetBox devices carry it
  return inv;
}

const lists: LinkLists = {
  devices: [
    {
      id: 7,
      name: 'r650-10',
      serial: ' abc1234 ',
      site: { id: 1, name: 'Amsterdam' },
      rack: { id: 3, name: 'R12' },
      position: 21,
    },
    { id: 8, name: 'a', serial: 'DUP-1' },
    { id: 9, name: 'b', serial: 'DUP-1' },
    { id: 10, name: 'blank', serial: '' },
  ],
  vms: [
    {
      id: 50,
      name: 'WEB-01 & <api>',
      cluster: { id: 1, name: 'Prod "Gold" ✓' },
    },
    {
      id: 51,
      name: 'tmp-scratch-renamed',
      primary_ip4: { id: 1, address: '10.0.0.9/24' },
    },
  ],
};

function render(cfg = config(), inv = inventory(), withLists = lists) {
  const data = buildNetboxLinkData(testNetbox(), withLists, {
    instanceId: 'nb',
    url: NB,
  });
  const entities = buildVsphereEntities(inv, options);
  const report = linkVsphereEntities(entities, inv, cfg, data);
  const byName = Object.fromEntries(entities.map(e => [e.metadata.name, e]));
  return { entities, report, e: byName };
}

const deps = (e: Entity) => (e.spec?.dependsOn as string[]) ?? [];

describe('linkVsphereEntities', () => {
  it('links a portgroup to the one VLAN of its id in the scope, and reports the rest', () => {
    const { e, report } = render();
    expect(deps(e['lab-dvportgroup-21'])).toContain(
      'resource:default/nb-vlan-100',
    );
    expect(e['lab-dvportgroup-21'].metadata.labels?.[LABEL_NETBOX_MATCH]).toBe(
      'linked',
    );
    // vid 130 is in two VLAN groups of site group eu: reported, never guessed
    const pg130 = e['lab-dvportgroup-30'];
    expect(deps(pg130).some(d => d.includes('nb-vlan'))).toBe(false);
    expect(pg130.metadata.annotations?.[ANNOTATION_VLAN_AMBIGUOUS]).toBe(
      'resource:default/nb-vlan-101,resource:default/nb-vlan-102',
    );
    expect(pg130.metadata.labels?.[LABEL_NETBOX_MATCH]).toBe('ambiguous');
    // vid 140 exists, but outside the scope; 150 nowhere
    expect(e['lab-dvportgroup-40'].metadata.labels?.[LABEL_NETBOX_MATCH]).toBe(
      'unmatched',
    );
    // trunks and PVLANs keep their vlan text and get no link
    for (const n of ['lab-dvportgroup-22', 'lab-dvportgroup-60']) {
      expect(deps(e[n]).some(d => d.includes('nb-vlan'))).toBe(false);
      expect(e[n].spec?.vsphere).toHaveProperty('vlan');
    }
    expect(report.vlans).toEqual({
      linked: 1,
      ambiguous: [
        {
          network: 'pg 130',
          vid: 130,
          candidates: [
            'resource:default/nb-vlan-101',
            'resource:default/nb-vlan-102',
          ],
        },
      ],
      unmatched: [
        { network: 'pg 140', vid: 140 },
        { network: 'pg 150', vid: 150 },
      ],
      notSingle: 2,
    });
  });

  it('prefers the datacenter mapping, then the VLAN group over the site group', () => {
    const { e, report } = render(
      config({
        datacenters: { 'DC & Lab <1>': { vlanGroup: 'dc-b' } },
      }),
    );
    expect(deps(e['lab-dvportgroup-30'])).toContain(
      'resource:default/nb-vlan-102',
    );
    expect(report.vlans.linked).toBe(1);
    const withOther = render(config({ scope: { vlanGroup: 'other' } }));
    expect(deps(withOther.e['lab-dvportgroup-40'])).toContain(
      'resource:default/nb-vlan-103',
    );
  });

  it('applies a cluster mapping to the networks its VMs use, across every scope when clusters differ', () => {
    const { e } = render(
      config({ clusters: { 'Prod "Gold" ✓': { vlanGroup: 'other' } } }),
    );
    // pg1 (vid 120) is used by web-01 in that cluster: looked up in `other`, which lacks 120
    expect(e['lab-dvportgroup-21'].metadata.labels?.[LABEL_NETBOX_MATCH]).toBe(
      'unmatched',
    );
    const inv = inventory();
    inv.vms[1].networks = [inv.networks[0].ref]; // tmp-scratch, standalone host
    inv.clusters[1].isCluster = true; // pretend it is a cluster mapped elsewhere
    const conflict = render(
      config({
        clusters: {
          'Prod "Gold" ✓': { vlanGroup: 'dc-a' },
          'esx-31.lab': { vlanGroup: 'other' },
        },
      }),
      inv,
    );
    // dc-a has 120, other has not: one candidate across both scopes
    expect(deps(conflict.e['lab-dvportgroup-21'])).toContain(
      'resource:default/nb-vlan-100',
    );
  });

  it('links hosts to NetBox devices by serial, case and blanks ignored; collisions and misses are listed', () => {
    const { e, report } = render();
    const host = e['lab-host-10'];
    expect(host.metadata.annotations).toMatchObject({
      [ANNOTATION_DEVICE_URL]: `${NB}/dcim/devices/7/`,
      [ANNOTATION_DEVICE_RACK]: 'R12',
      'netbox.infra-inventory.io/device-site': 'Amsterdam',
      'netbox.infra-inventory.io/device-position': '21',
    });
    expect(host.metadata.links).toEqual([
      {
        url: `${NB}/dcim/devices/7/`,
        title: 'NetBox device r650-10',
        icon: 'dashboard',
      },
    ]);
    expect(
      e['lab-host-11'].metadata.annotations?.[ANNOTATION_DEVICE_AMBIGUOUS],
    ).toBe(`${NB}/dcim/devices/8/,${NB}/dcim/devices/9/`);
    expect(report.hosts).toEqual({
      linked: 1,
      unmatched: [],
      noSerial: ['esx-31.lab'],
      collisions: [
        {
          host: 'esx-11.lab',
          serial: 'dup-1',
          devices: [`${NB}/dcim/devices/8/`, `${NB}/dcim/devices/9/`],
        },
      ],
    });
    // a host without a serial says so, instead of looking like linking never saw it
    const blank = inventory().hosts.find(h => h.name === 'esx-31.lab')!;
    expect(
      e[`lab-${blank.ref.value}`].metadata.labels?.[LABEL_NETBOX_MATCH],
    ).toBe('no-serial');
    expect(host.metadata.labels?.[LABEL_NETBOX_MATCH]).toBe('linked');
    const summary = summarizeLinkReport(report)!;
    expect(summary).toContain('hosts without a serial: esx-31.lab');
    expect(summary).toContain('esx-11.lab (dup-1)');
    expect(summary).toContain('pg 130 vid 130 in 2 groups');
  });

  it('links VMs by name and cluster, else by primary IP; off by config', () => {
    const inv = inventory();
    inv.vms[1].ipAddress = '10.0.0.9';
    const { e, report } = render(config(), inv);
    expect(e['lab-vm-100'].metadata.annotations?.[ANNOTATION_VM_URL]).toBe(
      `${NB}/virtualization/virtual-machines/50/`,
    );
    expect(e['lab-vm-101'].metadata.annotations?.[ANNOTATION_VM_URL]).toBe(
      `${NB}/virtualization/virtual-machines/51/`,
    );
    expect(report.vms).toEqual({ linked: 2, ambiguous: 0, unmatched: 0 });
    expect(e['lab-vm-100'].metadata.labels?.[LABEL_NETBOX_MATCH]).toBe(
      'linked',
    );
    const off = render(config({ vms: false, devices: false }), inv);
    expect(off.e['lab-vm-100'].metadata.labels).not.toHaveProperty(
      LABEL_NETBOX_MATCH,
    );
    expect(off.report.vms).toBeUndefined();
    expect(off.report.hosts).toBeUndefined();
    expect(off.e['lab-vm-100'].metadata.annotations).not.toHaveProperty(
      ANNOTATION_VM_URL,
    );
  });

  it('labels VMs ambiguous or unmatched, never guessing', () => {
    const inv = inventory();
    inv.vms[1].ipAddress = '10.0.0.7';
    const twins: LinkLists = {
      vms: [
        { id: 60, name: 'a', primary_ip4: { id: 2, address: '10.0.0.7/24' } },
        { id: 61, name: 'b', primary_ip4: { id: 3, address: '10.0.0.7/24' } },
      ],
    };
    const { e, report } = render(config(), inv, twins);
    expect(report.vms).toEqual({ linked: 0, ambiguous: 1, unmatched: 1 });
    expect(e['lab-vm-101'].metadata.labels?.[LABEL_NETBOX_MATCH]).toBe(
      'ambiguous',
    );
    expect(e['lab-vm-100'].metadata.labels?.[LABEL_NETBOX_MATCH]).toBe(
      'unmatched',
    );
    expect(e['lab-vm-100'].metadata.annotations).not.toHaveProperty(
      ANNOTATION_VM_URL,
    );
  });

  it('keeps every entity valid for the catalog', () => {
    const { entities } = render();
    for (const x of entities) {
      for (const v of Object.values(x.metadata.labels ?? {}))
        expect(v).toMatch(/^[A-Za-z0-9][-A-Za-z0-9_.]*$/);
    }
  });
});

describe('vlansInScope', () => {
  const data = buildNetboxLinkData(
    testNetbox(),
    {},
    { instanceId: 'nb', url: NB },
  );
  it('without a scope, takes every VLAN of the id', () => {
    expect(vlansInScope(data.vlansByVid.get(130)!, {})).toHaveLength(2);
    expect(vlansInScope(data.vlansByVid.get(140)!, {})).toHaveLength(1);
  });
  it('matches group and site group by slug or name', () => {
    expect(
      vlansInScope(data.vlansByVid.get(130)!, { vlanGroup: 'DC B' }),
    ).toEqual([
      expect.objectContaining({ ref: 'resource:default/nb-vlan-102' }),
    ]);
    expect(
      vlansInScope(data.vlansByVid.get(130)!, { siteGroup: 'Europe' }),
    ).toHaveLength(2);
  });
});

describe('LinkIndex', () => {
  const cfg = config();
  it('renders through buildVsphereEntities, notifies only on a different index, and says what NetBox must read', () => {
    const index = new LinkIndex([cfg, config({ vcenterId: 'x', vms: false })]);
    expect(index.wants('nb')).toEqual({ devices: true, vms: true });
    expect(index.wants('other')).toBeUndefined();
    expect(index.forVcenter('nope')).toBeUndefined();
    const linker = index.forVcenter('lab')!;
    const changes: number[] = [];
    linker.onChange(() => changes.push(1));

    const inv = inventory();
    // before NetBox published: rendered without links
    const before = buildVsphereEntities(inv, { ...options, links: linker });
    expect(linker.lastReport).toBeUndefined();
    expect(linker.lastInventory).toBe(inv);
    expect(
      before.find(x => x.metadata.name === 'lab-dvportgroup-21')!.spec!
        .dependsOn,
    ).toEqual(['resource:default/lab-dvs-20']);

    const data = () =>
      buildNetboxLinkData(testNetbox(), lists, { instanceId: 'nb', url: NB });
    expect(index.publish(data())).toBe(true);
    expect(index.publish(data())).toBe(false);
    expect(changes).toHaveLength(1);
    const after = buildVsphereEntities(inv, { ...options, links: linker });
    expect(
      after.find(x => x.metadata.name === 'lab-dvportgroup-21')!.spec!
        .dependsOn,
    ).toEqual(['resource:default/lab-dvs-20', 'resource:default/nb-vlan-100']);
    expect(linker.summary()).toContain('esx-11.lab');

    const nb = testNetbox();
    nb.vlans.delete(102);
    expect(
      index.publish(
        buildNetboxLinkData(nb, lists, { instanceId: 'nb', url: NB }),
      ),
    ).toBe(true);
    expect(changes).toHaveLength(2);
  });
});
