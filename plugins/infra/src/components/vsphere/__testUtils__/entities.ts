/**
 * Test fixtures: the entities the vSphere provider builds from its own test inventory
 * (`catalog-backend-module-infra/src/vsphere/transform/testInventory.ts`), plus the relations the
 * catalog derives from `spec.dependsOn`, and one more VM. Test-only; nothing imports it at runtime.
 */
import { Entity } from '../entityFields';

type JsonObject = NonNullable<Entity['spec']>;

const D = 'vsphere.infra-inventory.io';
const LOCATION = 'vsphere:https://vc.example.com/sdk';

function resource(
  name: string,
  title: string,
  type: string,
  moref: { type: string; value: string },
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
      name,
      namespace: 'default',
      title,
      annotations: {
        'backstage.io/managed-by-location': LOCATION,
        'backstage.io/managed-by-origin-location': LOCATION,
        [`${D}/vcenter`]: 'lab',
        [`${D}/moref`]: moref.value,
        [`${D}/moref-type`]: moref.type,
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

const ref = (name: string) => `resource:default/${name}`;
const LOCAL_DS = 'lab-datastore-0f1e2d3c4b5a6978';

const list: Entity[] = [
  resource('lab-datacenter-2', 'DC & Lab <1>', 'vsphere-datacenter', {
    type: 'Datacenter',
    value: 'datacenter-2',
  }),
  resource(
    'lab-domain-c7',
    'Prod "Gold" ✓',
    'vsphere-cluster',
    { type: 'ClusterComputeResource', value: 'domain-c7' },
    {
      labels: { [`${D}/status`]: 'green' },
      dependsOn: [ref('lab-datacenter-2')],
      vsphere: {
        cpuMhz: 40000,
        effectiveCpuMhz: 36000,
        memoryBytes: 274877906944,
        effectiveMemoryMb: 250000,
        hosts: 2,
        effectiveHosts: 2,
        ha: true,
        drs: true,
        drsBehavior: 'fullyAutomated',
      },
    },
  ),
  resource(
    'lab-host-10',
    'esx-10.lab',
    'vsphere-host',
    { type: 'HostSystem', value: 'host-10' },
    {
      annotations: { [`${D}/serial`]: 'ABC1234' },
      labels: {
        [`${D}/connection-state`]: 'connected',
        [`${D}/power-state`]: 'poweredOn',
        [`${D}/status`]: 'green',
        [`${D}/cluster`]: 'lab-domain-c7',
      },
      dependsOn: [ref('lab-domain-c7'), ref('lab-datastore-15'), ref(LOCAL_DS)],
      vsphere: {
        vendor: 'Dell Inc.',
        model: 'PowerEdge R650',
        serial: 'ABC1234',
        cpuCores: 32,
        cpuMhz: 2600,
        memoryBytes: 137438953472,
        version: '8.0.3',
        build: '24022510',
      },
    },
  ),
  resource(
    'lab-host-11',
    'esx-11.lab',
    'vsphere-host',
    { type: 'HostSystem', value: 'host-11' },
    {
      labels: {
        [`${D}/connection-state`]: 'connected',
        [`${D}/power-state`]: 'poweredOn',
        [`${D}/maintenance`]: 'true',
        [`${D}/cluster`]: 'lab-domain-c7',
      },
      dependsOn: [ref('lab-domain-c7'), ref('lab-datastore-15')],
    },
  ),
  resource(
    'lab-host-31',
    'esx-31.lab',
    'vsphere-host',
    { type: 'HostSystem', value: 'host-31' },
    {
      labels: {
        [`${D}/connection-state`]: 'disconnected',
        [`${D}/alarm`]: 'red',
      },
      dependsOn: [ref('lab-datacenter-2'), ref(LOCAL_DS)],
    },
  ),
  resource(
    'lab-datastore-15',
    'vsan-01',
    'vsphere-datastore',
    { type: 'Datastore', value: 'datastore-15' },
    {
      labels: { [`${D}/datastore-type`]: 'vsan' },
      dependsOn: [ref('lab-datacenter-2')],
      vsphere: {
        type: 'vsan',
        url: 'ds:///vmfs/volumes/vsan:1/',
        capacityBytes: 1e13,
        freeBytes: 4e12,
        uncommittedBytes: 8e12,
        accessible: true,
        maintenanceMode: 'normal',
        vms: 2,
      },
    },
  ),
  resource(
    LOCAL_DS,
    'LocalDS_1',
    'vsphere-datastore',
    { type: 'Datastore', value: '/tmp/govcsim-DC0-LocalDS_1' },
    {
      labels: {
        [`${D}/datastore-type`]: 'VMFS',
        [`${D}/maintenance`]: 'inMaintenance',
      },
      dependsOn: [ref('lab-datacenter-2')],
      vsphere: {
        type: 'VMFS',
        accessible: true,
        maintenanceMode: 'inMaintenance',
        vms: 1,
      },
    },
  ),
  resource(
    'lab-dvs-20',
    'DSwitch',
    'vsphere-dv-switch',
    { type: 'VmwareDistributedVirtualSwitch', value: 'dvs-20' },
    { dependsOn: [ref('lab-datacenter-2')], vsphere: { uuid: '50 1a 2b' } },
  ),
  resource(
    'lab-dvportgroup-21',
    'VLAN 120 – app',
    'vsphere-dv-portgroup',
    { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-21' },
    {
      dependsOn: [ref('lab-dvs-20')],
      vsphere: { vlan: '120', vlanId: 120, hosts: 2, vms: 1 },
    },
  ),
  resource(
    'lab-dvportgroup-22',
    'trunk',
    'vsphere-dv-portgroup',
    { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-22' },
    {
      dependsOn: [ref('lab-dvs-20')],
      vsphere: { vlan: 'trunk:100-199,300', hosts: 2, vms: 1 },
    },
  ),
  resource(
    'lab-network-12',
    'VM Network',
    'vsphere-network',
    { type: 'Network', value: 'network-12' },
    {
      dependsOn: [ref('lab-datacenter-2')],
      vsphere: { hosts: 3, vms: 1 },
    },
  ),
  resource(
    'lab-vm-100',
    'web-01 & <api>',
    'vsphere-vm',
    { type: 'VirtualMachine', value: 'vm-100' },
    {
      annotations: { [`${D}/instance-uuid`]: 'aaaa-bbbb' },
      labels: {
        [`${D}/power-state`]: 'poweredOn',
        [`${D}/cluster`]: 'lab-domain-c7',
      },
      dependsOn: [
        ref('lab-host-10'),
        ref('lab-datastore-15'),
        ref('lab-dvportgroup-21'),
        ref('lab-network-12'),
      ],
      vsphere: {
        cpus: 4,
        memoryMb: 8192,
        guest: 'Ubuntu Linux (64-bit)',
        ip: '10.0.0.5',
        tools: 'toolsOk',
        uuid: 'cccc-dddd',
      },
    },
  ),
  // not in the provider's test inventory: a second VM on host-10, so tables have something to sort
  resource(
    'lab-vm-103',
    'db-01',
    'vsphere-vm',
    { type: 'VirtualMachine', value: 'vm-103' },
    {
      labels: {
        [`${D}/power-state`]: 'poweredOff',
        [`${D}/cluster`]: 'lab-domain-c7',
      },
      dependsOn: [ref('lab-host-10'), ref('lab-datastore-15')],
      vsphere: {
        cpus: 16,
        memoryMb: 65536,
        guest: 'Red Hat Enterprise Linux 9 (64-bit)',
        tools: 'toolsNotRunning',
        committedBytes: 107374182400,
        uncommittedBytes: 429496729600,
      },
    },
  ),
  resource(
    'lab-vm-101',
    'tmp-scratch',
    'vsphere-vm',
    { type: 'VirtualMachine', value: 'vm-101' },
    {
      labels: {
        [`${D}/power-state`]: 'poweredOff',
        // the standalone host's compute resource: no entity of its own
        [`${D}/cluster`]: 'lab-domain-s30',
      },
      dependsOn: [ref('lab-host-31'), ref(LOCAL_DS)],
    },
  ),
  resource(
    'lab-vm-102',
    'ubuntu-24.04-template',
    'vsphere-vm-template',
    { type: 'VirtualMachine', value: 'vm-102' },
    {
      dependsOn: [ref('lab-datastore-15'), ref('lab-dvportgroup-22')],
      vsphere: { cpus: 2, memoryMb: 4096, guest: 'Ubuntu Linux (64-bit)' },
    },
  ),
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
export const fixtureEntities: Entity[] = withRelations(list);

/** One fixture entity by name. */
export function fixture(name: string): Entity {
  const e = fixtureEntities.find(x => x.metadata.name === name);
  if (!e) throw new Error(`no fixture entity ${name}`);
  return e;
}

export const FIXTURE_LOCAL_DS = LOCAL_DS;
