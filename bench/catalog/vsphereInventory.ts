/*
 * A resolved vSphere inventory (the model the real provider's transform reads) shaped like the
 * vcsim topologies of the vSphere benchmark (`vms1500`: 1 datacenter, 5 clusters x 10 hosts,
 * 300 VMs per cluster, 20 datastores mounted on every host, a DV switch with 10 portgroups plus
 * its uplink portgroup, the standard `VM Network`), so the catalog benchmark can measure what
 * `buildVsphereEntities` really emits without starting vcsim. Deterministic: the same count
 * always gives the same inventory.
 */
import type {
  ClusterInfo,
  DatastoreInfo,
  HostInfo,
  NetworkInfo,
  Ref,
  VmInfo,
  VsphereInventory,
} from '../../plugins/catalog-backend-module-infra/src/vsphere/transform/model';

export interface VsphereInventoryShape {
  vms: number;
  clusters: number;
  hostsPerCluster: number;
  datastores: number;
  portgroups: number;
  /** templates among the VMs (the first ones); default 0 like vcsim's `vms1500` */
  templates?: number;
  vcenterId?: string;
}

/** The vcsim topology for a VM count: `vms1500` (5 x 10 hosts) or `vms10000` (10 x 10 hosts). */
export function vsphereShapeFor(vms: number): VsphereInventoryShape {
  const clusters = vms >= 10_000 ? 10 : Math.max(1, Math.round(vms / 300));
  return { vms, clusters, hostsPerCluster: 10, datastores: 20, portgroups: 10 };
}

const ref = (type: string, value: string): Ref => ({ type, value });

export function vsphereInventory(
  shape: VsphereInventoryShape,
): VsphereInventory {
  const dc = ref('Datacenter', 'datacenter-2');
  const dvs = ref('VmwareDistributedVirtualSwitch', 'dvs-9');
  const datastores: DatastoreInfo[] = [];
  const dsRefs: Ref[] = [];
  for (let d = 0; d < shape.datastores; d++) {
    const r = ref('Datastore', `datastore-${100 + d}`);
    dsRefs.push(r);
    datastores.push({
      ref: r,
      name: `LocalDS_${d}`,
      datacenter: dc,
      type: 'VMFS',
      url: `ds:///vmfs/volumes/${(0x5f000000 + d).toString(16)}/`,
      capacityBytes: 8796093022208,
      freeBytes: 4398046511104 - d * 1e9,
      uncommittedBytes: 1e12,
      accessible: true,
      maintenanceMode: 'normal',
      hosts: [],
      vmCount: 0,
    });
  }
  const networks: NetworkInfo[] = [
    {
      ref: ref('Network', 'network-7'),
      name: 'VM Network',
      datacenter: dc,
      kind: 'standard',
      hostCount: 0,
      vmCount: 0,
    },
    {
      ref: ref('DistributedVirtualPortgroup', 'dvportgroup-10'),
      name: 'DVSwitch-DVUplinks-9',
      datacenter: dc,
      kind: 'dvportgroup',
      dvSwitch: dvs,
      uplink: true,
      vlan: { kind: 'trunk', ranges: [[0, 4094]] },
      hostCount: 0,
      vmCount: 0,
    },
  ];
  for (let p = 0; p < shape.portgroups; p++) {
    networks.push({
      ref: ref('DistributedVirtualPortgroup', `dvportgroup-${11 + p}`),
      name: `DC0_DVPG${p}`,
      datacenter: dc,
      kind: 'dvportgroup',
      dvSwitch: dvs,
      vlan: { kind: 'vlan', id: 100 + p },
      hostCount: 0,
      vmCount: 0,
    });
  }
  const vmNetworks = networks.slice(2);

  const clusters: ClusterInfo[] = [];
  const hosts: HostInfo[] = [];
  let hostSeq = 0;
  for (let c = 0; c < shape.clusters; c++) {
    const cr = ref('ClusterComputeResource', `domain-c${30 + c}`);
    clusters.push({
      ref: cr,
      name: `DC0_C${c}`,
      datacenter: dc,
      isCluster: true,
      totalCpuMhz: shape.hostsPerCluster * 2 * 2294,
      effectiveCpuMhz: shape.hostsPerCluster * 2 * 2294 - 1000,
      totalMemoryBytes: shape.hostsPerCluster * 4294430720,
      effectiveMemoryMb: shape.hostsPerCluster * 4000,
      numHosts: shape.hostsPerCluster,
      numEffectiveHosts: shape.hostsPerCluster,
      overallStatus: 'green',
      haEnabled: true,
      drsEnabled: true,
      drsBehavior: 'fullyAutomated',
    });
    for (let h = 0; h < shape.hostsPerCluster; h++, hostSeq++) {
      hosts.push({
        ref: ref('HostSystem', `host-${200 + hostSeq}`),
        name: `DC0_C${c}_H${h}`,
        datacenter: dc,
        computeResource: cr,
        vendor: 'VMware, Inc. (vcsim)',
        model: 'VMware Virtual Platform',
        serial: `VMware-${(0x4200 + hostSeq).toString(16)}`,
        cpuCores: 2,
        cpuMhz: 2294,
        memoryBytes: 4294430720,
        version: '6.5.0',
        build: '5969303',
        connectionState: 'connected',
        inMaintenance: false,
        powerState: 'poweredOn',
        overallStatus: 'green',
        datastores: dsRefs,
      });
    }
  }
  for (const d of datastores) d.hosts = hosts.map(h => h.ref);
  for (const n of networks) n.hostCount = hosts.length;

  const vms: VmInfo[] = [];
  const templates = shape.templates ?? 0;
  for (let i = 0; i < shape.vms; i++) {
    const host = hosts[i % hosts.length];
    const ds = datastores[i % datastores.length];
    const net = vmNetworks[i % vmNetworks.length];
    ds.vmCount += 1;
    net.vmCount += 1;
    const template = i < templates;
    vms.push({
      ref: ref('VirtualMachine', `vm-${1000 + i}`),
      name: `DC0_C${Math.floor(i / (shape.vms / shape.clusters))}_RP0_VM${i}`,
      datacenter: dc,
      template,
      host: host.ref,
      computeResource: host.computeResource,
      uuid: `4230${(0x10000000 + i).toString(16)}-0000-4000-8000-${i
        .toString(16)
        .padStart(12, '0')}`,
      instanceUuid: `5030${(0x10000000 + i).toString(16)}-0000-4000-8000-${i
        .toString(16)
        .padStart(12, '0')}`,
      numCpu: 1 + (i % 4),
      memoryMb: 1024 * (1 + (i % 8)),
      guestOs: 'otherGuest',
      powerState: template ? 'poweredOff' : 'poweredOn',
      ipAddress: template
        ? undefined
        : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      toolsStatus: 'toolsOk',
      toolsVersionStatus: 'guestToolsCurrent',
      committedBytes: 1073741824 + i,
      uncommittedBytes: 0,
      resourcePool: 'Resources',
      datastores: [ds.ref],
      networks: [net.ref],
    });
  }
  return {
    vcenterId: shape.vcenterId ?? 'vc1',
    url: `https://${shape.vcenterId ?? 'vc1'}.example.internal/sdk`,
    instanceUuid: '11111111-2222-3333-4444-555555555555',
    datacenters: [{ ref: dc, name: 'DC0' }],
    clusters,
    hosts,
    vms,
    datastores,
    networks,
    dvSwitches: [
      { ref: dvs, name: 'DVSwitch', datacenter: dc, uuid: '50 1a 2b 3c' },
    ],
  };
}
