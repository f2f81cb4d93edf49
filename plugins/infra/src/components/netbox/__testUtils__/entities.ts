/**
 * Test fixtures: NetBox entities as `buildNetboxEntities` renders them (instance `prod`), vSphere
 * entities of two vCenters as the linking leaves them (VLAN refs in portgroups' `spec.dependsOn`,
 * device and VM annotations, match labels), plus the relations the catalog derives from
 * `spec.dependsOn`. Test-only.
 */
import { Entity } from '../../vsphere/entityFields';

type JsonObject = NonNullable<Entity['spec']>;

const NB = 'netbox.infra-inventory.io';
const VS = 'vsphere.infra-inventory.io';
export const NETBOX_URL = 'https://netbox.example.com';

const ref = (name: string) => `resource:default/${name}`;

const NB_UI: Record<string, string> = {
  'netbox-vlan': 'ipam/vlans',
  'netbox-vlan-group': 'ipam/vlan-groups',
  'netbox-prefix': 'ipam/prefixes',
  'netbox-vrf': 'ipam/vrfs',
  'netbox-site': 'dcim/sites',
  'netbox-site-group': 'dcim/site-groups',
  'netbox-tenant': 'tenancy/tenants',
};

function netbox(
  type: string,
  id: number,
  title: string,
  netboxSpec: JsonObject,
  extra: { dependsOn?: string[]; description?: string } = {},
): Entity {
  const part = {
    'netbox-vlan': 'vlan',
    'netbox-vlan-group': 'vlangroup',
    'netbox-prefix': 'prefix',
    'netbox-vrf': 'vrf',
    'netbox-site': 'site',
    'netbox-site-group': 'sitegroup',
    'netbox-tenant': 'tenant',
  }[type];
  const url = `${NETBOX_URL}/${NB_UI[type]}/${id}/`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `prod-${part}-${id}`,
      namespace: 'default',
      title,
      ...(extra.description && { description: extra.description }),
      annotations: {
        'backstage.io/view-url': url,
        [`${NB}/instance`]: 'prod',
        [`${NB}/id`]: String(id),
        [`${NB}/url`]: url,
      },
    },
    spec: {
      type,
      owner: 'group:default/network',
      ...(extra.dependsOn && { dependsOn: extra.dependsOn }),
      netbox: netboxSpec,
    },
  };
}

function vsphere(
  vcenter: string,
  moref: string,
  title: string,
  type: string,
  extra: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    dependsOn?: string[];
    vsphere?: JsonObject;
  } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `${vcenter}-${moref}`,
      namespace: 'default',
      title,
      annotations: {
        [`${VS}/vcenter`]: vcenter,
        [`${VS}/moref`]: moref,
        ...extra.annotations,
      },
      ...(extra.labels && { labels: extra.labels }),
    },
    spec: {
      type,
      owner: 'group:default/infrastructure',
      ...(extra.dependsOn && { dependsOn: extra.dependsOn }),
      ...(extra.vsphere && { vsphere: extra.vsphere }),
    },
  };
}

const MATCH = `${NB}/match`;
const linked = { [MATCH]: 'linked' };
const zurich = { siteGroup: 'Zurich' };

const list: Entity[] = [
  netbox('netbox-site-group', 2, 'Europe', { name: 'Europe', slug: 'europe' }),
  netbox(
    'netbox-site-group',
    1,
    'Zurich',
    { name: 'Zurich', slug: 'zurich', parent: 'Europe' },
    { dependsOn: [ref('prod-sitegroup-2')], description: 'Both Zurich DCs' },
  ),
  netbox(
    'netbox-site',
    7,
    'Zurich DC1',
    { name: 'Zurich DC1', slug: 'zrh1', status: 'active', ...zurich },
    { dependsOn: [ref('prod-sitegroup-1')] },
  ),
  netbox('netbox-tenant', 4, 'Infra', { name: 'Infra', slug: 'infra' }),
  netbox(
    'netbox-vlan-group',
    5,
    'DC1 VLANs',
    {
      name: 'DC1 VLANs',
      slug: 'dc1-vlans',
      scope: 'dcim.sitegroup',
      tenant: 'Infra',
      ...zurich,
    },
    { dependsOn: [ref('prod-sitegroup-1'), ref('prod-tenant-4')] },
  ),
  netbox('netbox-vlan-group', 6, 'DC2 VLANs', {
    name: 'DC2 VLANs',
    slug: 'dc2-vlans',
  }),
  netbox(
    'netbox-vlan',
    12,
    'app (120)',
    {
      vid: 120,
      name: 'app',
      status: 'active',
      vlanGroup: 'DC1 VLANs',
      tenant: 'Infra',
      role: 'Production',
      ...zurich,
    },
    {
      dependsOn: [ref('prod-vlangroup-5'), ref('prod-tenant-4')],
      description: 'Application servers',
    },
  ),
  netbox(
    'netbox-vlan',
    50,
    'mgmt (150)',
    {
      vid: 150,
      name: 'mgmt',
      status: 'active',
      site: 'Zurich DC1',
      ...zurich,
    },
    { dependsOn: [ref('prod-site-7')] },
  ),
  netbox(
    'netbox-vlan',
    13,
    'db (130)',
    { vid: 130, name: 'db', status: 'reserved', vlanGroup: 'DC1 VLANs' },
    { dependsOn: [ref('prod-vlangroup-5')] },
  ),
  netbox(
    'netbox-vlan',
    41,
    'backup (140)',
    { vid: 140, name: 'backup', status: 'active', vlanGroup: 'DC1 VLANs' },
    { dependsOn: [ref('prod-vlangroup-5')] },
  ),
  netbox(
    'netbox-vlan',
    42,
    'backup (140)',
    { vid: 140, name: 'backup', status: 'deprecated', vlanGroup: 'DC2 VLANs' },
    { dependsOn: [ref('prod-vlangroup-6')] },
  ),
  netbox(
    'netbox-vrf',
    3,
    'PROD',
    { name: 'PROD', rd: '65000:1', tenant: 'Infra' },
    { dependsOn: [ref('prod-tenant-4')] },
  ),
  netbox(
    'netbox-prefix',
    100,
    '10.1.20.0/24',
    {
      prefix: '10.1.20.0/24',
      status: 'active',
      scope: 'dcim.sitegroup',
      tenant: 'Infra',
      role: 'Production',
      utilization: 45,
      dhcp: true,
      ...zurich,
    },
    {
      dependsOn: [
        ref('prod-vlan-12'),
        ref('prod-vrf-3'),
        ref('prod-sitegroup-1'),
        ref('prod-tenant-4'),
      ],
    },
  ),
  netbox(
    'netbox-prefix',
    103,
    '10.7.0.0/24',
    {
      prefix: '10.7.0.0/24',
      status: 'active',
      scope: 'dcim.site',
      site: 'Zurich DC1',
      dhcp: false,
      ...zurich,
    },
    { dependsOn: [ref('prod-site-7')] },
  ),
  netbox(
    'netbox-prefix',
    101,
    '10.1.3.0/24',
    { prefix: '10.1.3.0/24', status: 'container' },
    { dependsOn: [ref('prod-vlan-12')] },
  ),
  netbox(
    'netbox-prefix',
    102,
    '10.1.130.0/24',
    { prefix: '10.1.130.0/24', status: 'active' },
    { dependsOn: [ref('prod-vlan-13'), ref('prod-vrf-3')] },
  ),

  vsphere('lab', 'dvs-20', 'DSwitch', 'vsphere-dv-switch'),
  vsphere('lab', 'dvportgroup-21', 'VLAN 120 – app', 'vsphere-dv-portgroup', {
    labels: linked,
    dependsOn: [ref('lab-dvs-20'), ref('prod-vlan-12')],
    vsphere: { vlan: '120', vlanId: 120 },
  }),
  vsphere('lab', 'dvportgroup-22', 'trunk', 'vsphere-dv-portgroup', {
    dependsOn: [ref('lab-dvs-20')],
    vsphere: { vlan: 'trunk:100-199,300' },
  }),
  vsphere('lab', 'dvportgroup-23', 'VLAN 140', 'vsphere-dv-portgroup', {
    labels: { [MATCH]: 'ambiguous' },
    annotations: {
      [`${NB}/vlan-ambiguous`]: `${ref('prod-vlan-41')},${ref('prod-vlan-42')}`,
    },
    dependsOn: [ref('lab-dvs-20')],
    vsphere: { vlan: '140', vlanId: 140 },
  }),
  vsphere('lab', 'dvportgroup-24', 'VLAN 999', 'vsphere-dv-portgroup', {
    labels: { [MATCH]: 'unmatched' },
    dependsOn: [ref('lab-dvs-20')],
    vsphere: { vlan: '999', vlanId: 999 },
  }),
  vsphere('lab', 'network-12', 'VM Network', 'vsphere-network'),
  vsphere('dc2', 'network-7', 'app-dc2', 'vsphere-network', {
    labels: linked,
    dependsOn: [ref('prod-vlan-12')],
    vsphere: { vlan: '120', vlanId: 120 },
  }),
  vsphere('lab', 'host-10', 'esx-10.lab', 'vsphere-host', {
    labels: linked,
    annotations: {
      [`${VS}/serial`]: 'ABC1234',
      [`${NB}/link-instance`]: 'prod',
      [`${NB}/device-url`]: `${NETBOX_URL}/dcim/devices/77/`,
      [`${NB}/device`]: 'esx-10',
      [`${NB}/device-site`]: 'Zurich DC1',
      [`${NB}/device-rack`]: 'R12',
      [`${NB}/device-position`]: '20',
    },
    vsphere: { serial: 'ABC1234' },
  }),
  vsphere('lab', 'host-11', 'esx-11.lab', 'vsphere-host', {
    labels: { [MATCH]: 'ambiguous' },
    annotations: {
      [`${NB}/device-ambiguous`]: `${NETBOX_URL}/dcim/devices/78/,${NETBOX_URL}/dcim/devices/79/`,
    },
    vsphere: { serial: 'DUP0001' },
  }),
  vsphere('lab', 'host-12', 'esx-12.lab', 'vsphere-host', {
    labels: { [MATCH]: 'unmatched' },
    vsphere: { serial: 'NEW9999' },
  }),
  // linking never looked at it (device linking off): no NetBox card at all
  vsphere('lab', 'host-13', 'esx-13.lab', 'vsphere-host'),
  vsphere('lab', 'host-14', 'esx-14.lab', 'vsphere-host', {
    labels: { [MATCH]: 'no-serial' },
  }),
  vsphere('lab', 'vm-100', 'web-01', 'vsphere-vm', {
    labels: { [`${VS}/power-state`]: 'poweredOn', ...linked },
    annotations: {
      [`${NB}/link-instance`]: 'prod',
      [`${NB}/vm-url`]: `${NETBOX_URL}/virtualization/virtual-machines/9/`,
    },
    dependsOn: [
      ref('lab-host-10'),
      ref('lab-dvportgroup-21'),
      ref('lab-dvportgroup-23'),
      ref('lab-network-12'),
    ],
    vsphere: { ip: '10.1.20.5' },
  }),
  vsphere('lab', 'vm-101', 'db-01', 'vsphere-vm', {
    labels: { [`${VS}/power-state`]: 'poweredOff', [MATCH]: 'ambiguous' },
    annotations: {
      [`${NB}/vm-ambiguous`]: `${NETBOX_URL}/virtualization/virtual-machines/10/,${NETBOX_URL}/virtualization/virtual-machines/11/`,
    },
    dependsOn: [
      ref('lab-host-10'),
      ref('lab-dvportgroup-21'),
      ref('lab-dvportgroup-24'),
    ],
  }),
  vsphere('lab', 'vm-102', 'ubuntu-template', 'vsphere-vm-template', {
    dependsOn: [ref('lab-dvportgroup-22')],
  }),
  vsphere('lab', 'vm-104', 'lonely', 'vsphere-vm', {
    labels: { [`${VS}/power-state`]: 'poweredOn', [MATCH]: 'unmatched' },
  }),
  vsphere('dc2', 'vm-5', 'web-dc2', 'vsphere-vm', {
    labels: { [`${VS}/power-state`]: 'poweredOn' },
    dependsOn: [ref('dc2-network-7')],
  }),
];

/** Adds the `dependsOn`/`dependencyOf` relations the catalog derives from `spec.dependsOn`. */
function withRelations(entities: Entity[]): Entity[] {
  const byRef = new Map(
    entities.map(e => [ref(e.metadata.name), { ...e, relations: [] as any[] }]),
  );
  for (const [source, e] of byRef) {
    for (const target of (e.spec?.dependsOn as string[] | undefined) ?? []) {
      e.relations.push({ type: 'dependsOn', targetRef: target });
      byRef
        .get(target)
        ?.relations.push({ type: 'dependencyOf', targetRef: source });
    }
  }
  return [...byRef.values()];
}

/** Every fixture entity, with relations. */
export const netboxFixtures: Entity[] = withRelations(list);

/** One fixture entity by name. */
export function fixture(name: string): Entity {
  const e = netboxFixtures.find(x => x.metadata.name === name);
  if (!e) throw new Error(`no fixture entity ${name}`);
  return e;
}
