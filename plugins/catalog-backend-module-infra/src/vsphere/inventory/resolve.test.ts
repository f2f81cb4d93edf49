import type { Inventory } from '@infra-inventory/plugin-infra-node';
import { effectiveMemoryMb, hostSerial, resolveInventory } from './resolve';

describe('hostSerial', () => {
  it('prefers serialNumber, falling back to the Dell service tag', () => {
    expect(hostSerial({ serialNumber: 'CZ123', identifiers: [] })).toBe(
      'CZ123',
    );
    const identifiers = [
      { type: 'AssetTag', value: 'XYZ' },
      { type: 'ServiceTag', value: ' 7H2K9L3 ' },
    ];
    expect(hostSerial({ serialNumber: '', identifiers })).toBe('7H2K9L3');
    expect(
      hostSerial({ serialNumber: 'None', identifiers: [] }),
    ).toBeUndefined();
  });
});

describe('effectiveMemoryMb', () => {
  it("keeps MB as the API defines them, and converts a simulator's bytes", () => {
    const total = 256 * 1024 ** 3;
    expect(effectiveMemoryMb(250_000, total)).toBe(250_000);
    expect(effectiveMemoryMb(12 * 1024 ** 3, 12 * 1024 ** 3)).toBe(12 * 1024);
    expect(effectiveMemoryMb(undefined, total)).toBeUndefined();
  });
});

describe('resolveInventory', () => {
  const dc = { type: 'Datacenter', value: 'datacenter-2' };
  const hostFolder = { type: 'Folder', value: 'group-h4' };
  const vmFolder = { type: 'Folder', value: 'group-v3' };
  const cluster = { type: 'ClusterComputeResource', value: 'domain-c7' };
  const host = { type: 'HostSystem', value: 'host-10' };
  const ds = { type: 'Datastore', value: 'datastore-15' };
  const pool = { type: 'ResourcePool', value: 'resgroup-8' };
  const pg = { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-21' };
  const inventory: Inventory = {
    datacenters: [{ moref: dc, name: 'DC0' }],
    folders: [
      { moref: hostFolder, name: 'host', parent: dc },
      { moref: vmFolder, name: 'vm', parent: dc },
    ],
    computeResources: [
      {
        moref: cluster,
        name: 'C0',
        parent: hostFolder,
        isCluster: true,
        drsEnabled: true,
      },
    ],
    hosts: [
      {
        moref: host,
        name: 'esx-1',
        parent: cluster,
        identifiers: [{ type: 'ServiceTag', value: 'TAG1' }],
        datastores: [],
      },
    ],
    resourcePools: [{ moref: pool, name: 'Resources', parent: cluster }],
    vms: [
      {
        moref: { type: 'VirtualMachine', value: 'vm-1' },
        name: 'web-01',
        parent: vmFolder,
        host,
        template: false,
        numCpu: 2,
        resourcePool: pool,
        datastores: [ds],
        networks: [pg],
        customValues: [],
      },
    ],
    datastores: [
      {
        moref: ds,
        name: 'LocalDS_0',
        parent: { type: 'Folder', value: 'group-s5' },
        hostMounts: [{ host }],
        vms: [{ type: 'VirtualMachine', value: 'vm-1' }],
      },
    ],
    networks: [
      {
        moref: pg,
        name: 'trunk',
        hosts: [host],
        vms: [],
        vlan: { kind: 'trunk', ranges: [{ start: 100, end: 199 }] },
      },
      {
        moref: { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-22' },
        name: 'DSwitch-Uplinks',
        hosts: [host],
        vms: [],
        uplink: true,
      },
    ],
    distributedSwitches: [],
    triggeredAlarms: [
      {
        key: 'a1',
        entity: host,
        alarm: { type: 'Alarm', value: 'alarm-1' },
        overallStatus: 'yellow',
        acknowledged: false,
      },
      {
        key: 'a2',
        entity: host,
        alarm: { type: 'Alarm', value: 'alarm-2' },
        overallStatus: 'red',
        acknowledged: false,
      },
    ],
    missing: [],
    stats: {
      soapCalls: 4,
      pages: 1,
      bytes: 1,
      objects: 9,
      durationMs: 1,
      restarts: 0,
    },
  };

  it('joins parents, clusters, mounts, pools, VLANs and alarms in memory', () => {
    const inv = resolveInventory(inventory, {
      vcenterId: 'lab',
      url: 'http://x/sdk',
    });
    expect(inv.vms[0]).toMatchObject({
      datacenter: dc,
      host,
      computeResource: cluster,
      resourcePool: 'Resources',
      numCpu: 2,
    });
    expect(inv.clusters[0]).toMatchObject({
      datacenter: dc,
      isCluster: true,
      drsEnabled: true,
    });
    expect(inv.hosts[0]).toMatchObject({
      datacenter: dc,
      computeResource: cluster,
      datastores: [ds],
      serial: 'TAG1',
      // the uplink portgroup is the host's plumbing, not a network its page should list
      networks: [pg],
    });
    expect(inv.datastores[0]).toMatchObject({ hosts: [host], vmCount: 1 });
    // under a folder the read did not include: no datacenter, and no error
    expect(inv.datastores[0].datacenter).toBeUndefined();
    expect(inv.networks[0]).toMatchObject({
      kind: 'dvportgroup',
      vlan: { kind: 'trunk', ranges: [[100, 199]] },
      hostCount: 1,
    });
    expect(inv.alarms?.get('HostSystem:host-10')).toBe('red');
  });
});
