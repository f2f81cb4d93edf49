import { VsphereInventory } from './model';

/**
 * A small hand-made inventory for transformer tests: one datacenter, one cluster with two hosts,
 * a standalone host, two datastores, a DV switch with two portgroups, a standard network, VMs and a
 * template, and names that need escaping.
 */
export function testInventory(): VsphereInventory {
  const dc = { type: 'Datacenter', value: 'datacenter-2' };
  const cl = { type: 'ClusterComputeResource', value: 'domain-c7' };
  const standaloneCr = { type: 'ComputeResource', value: 'domain-s30' };
  const h1 = { type: 'HostSystem', value: 'host-10' };
  const h2 = { type: 'HostSystem', value: 'host-11' };
  const h3 = { type: 'HostSystem', value: 'host-31' };
  const ds1 = { type: 'Datastore', value: 'datastore-15' };
  const ds2 = { type: 'Datastore', value: '/tmp/govcsim-DC0-LocalDS_1' };
  const dvs = { type: 'VmwareDistributedVirtualSwitch', value: 'dvs-20' };
  const pg1 = { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-21' };
  const pg2 = { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-22' };
  const net = { type: 'Network', value: 'network-12' };
  return {
    vcenterId: 'lab',
    url: 'https://vc.example.com/sdk',
    instanceUuid: '11111111-2222-3333-4444-555555555555',
    datacenters: [{ ref: dc, name: 'DC & Lab <1>' }],
    clusters: [
      {
        ref: cl,
        name: 'Prod "Gold" ✓',
        datacenter: dc,
        isCluster: true,
        totalCpuMhz: 40000,
        effectiveCpuMhz: 36000,
        totalMemoryBytes: 274877906944,
        effectiveMemoryMb: 250000,
        numHosts: 2,
        numEffectiveHosts: 2,
        overallStatus: 'green',
        haEnabled: true,
        drsEnabled: true,
        drsBehavior: 'fullyAutomated',
      },
      {
        ref: standaloneCr,
        name: 'esx-31.lab',
        datacenter: dc,
        isCluster: false,
      },
    ],
    hosts: [
      {
        ref: h1,
        name: 'esx-10.lab',
        datacenter: dc,
        computeResource: cl,
        vendor: 'Dell Inc.',
        model: 'PowerEdge R650',
        serial: 'ABC1234',
        cpuCores: 32,
        cpuMhz: 2600,
        memoryBytes: 137438953472,
        version: '8.0.3',
        build: '24022510',
        connectionState: 'connected',
        inMaintenance: false,
        powerState: 'poweredOn',
        overallStatus: 'green',
        datastores: [ds1, ds2],
        networks: [pg1, net],
      },
      {
        ref: h2,
        name: 'esx-11.lab',
        datacenter: dc,
        computeResource: cl,
        connectionState: 'connected',
        inMaintenance: true,
        powerState: 'poweredOn',
        datastores: [ds1],
      },
      {
        ref: h3,
        name: 'esx-31.lab',
        datacenter: dc,
        computeResource: standaloneCr,
        connectionState: 'disconnected',
        datastores: [ds2],
      },
    ],
    vms: [
      {
        ref: { type: 'VirtualMachine', value: 'vm-100' },
        name: 'web-01 & <api>',
        datacenter: dc,
        template: false,
        host: h1,
        computeResource: cl,
        instanceUuid: 'aaaa-bbbb',
        uuid: 'cccc-dddd',
        numCpu: 4,
        memoryMb: 8192,
        guestOs: 'Ubuntu Linux (64-bit)',
        powerState: 'poweredOn',
        ipAddress: '10.0.0.5',
        toolsStatus: 'toolsOk',
        datastores: [ds1],
        networks: [pg1, net],
      },
      {
        ref: { type: 'VirtualMachine', value: 'vm-101' },
        name: 'tmp-scratch',
        datacenter: dc,
        template: false,
        host: h3,
        computeResource: standaloneCr,
        powerState: 'poweredOff',
        datastores: [ds2],
        networks: [],
      },
      {
        ref: { type: 'VirtualMachine', value: 'vm-102' },
        name: 'ubuntu-24.04-template',
        datacenter: dc,
        template: true,
        host: h2,
        powerState: 'poweredOff',
        datastores: [ds1],
        networks: [pg2],
      },
    ],
    datastores: [
      {
        ref: ds1,
        name: 'vsan-01',
        datacenter: dc,
        type: 'vsan',
        url: 'ds:///vmfs/volumes/vsan:1/',
        capacityBytes: 1e13,
        freeBytes: 4e12,
        uncommittedBytes: 8e12,
        accessible: true,
        maintenanceMode: 'normal',
        hosts: [h1, h2],
        vmCount: 2,
      },
      {
        ref: ds2,
        name: 'LocalDS_1',
        datacenter: dc,
        type: 'VMFS',
        accessible: true,
        maintenanceMode: 'inMaintenance',
        hosts: [h1, h3],
        vmCount: 1,
      },
    ],
    networks: [
      {
        ref: pg1,
        name: 'VLAN 120 – app',
        datacenter: dc,
        kind: 'dvportgroup',
        dvSwitch: dvs,
        vlan: { kind: 'vlan', id: 120 },
        hostCount: 2,
        vmCount: 1,
      },
      {
        ref: pg2,
        name: 'trunk',
        datacenter: dc,
        kind: 'dvportgroup',
        dvSwitch: dvs,
        vlan: {
          kind: 'trunk',
          ranges: [
            [100, 199],
            [300, 300],
          ],
        },
        hostCount: 2,
        vmCount: 1,
      },
      {
        ref: net,
        name: 'VM Network',
        datacenter: dc,
        kind: 'standard',
        hostCount: 3,
        vmCount: 1,
      },
    ],
    dvSwitches: [
      { ref: dvs, name: 'DSwitch', datacenter: dc, uuid: '50 1a 2b' },
    ],
    alarms: new Map([['HostSystem:host-31', 'red']]),
  };
}
