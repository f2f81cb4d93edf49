import {
  effectiveMemoryMb,
  MoRefMap,
  moRefKey,
} from '@infra-inventory/plugin-infra-node';
import type {
  HostRecord,
  Inventory,
  MoRef,
  VlanSpec as RecordVlanSpec,
} from '@infra-inventory/plugin-infra-node';
import {
  DatastoreInfo,
  HostInfo,
  NetworkInfo,
  OverallStatus,
  Ref,
  VlanSpec,
  VsphereInventory,
} from '../transform/model';

const NETWORK_KINDS: Record<string, NetworkInfo['kind']> = {
  DistributedVirtualPortgroup: 'dvportgroup',
  OpaqueNetwork: 'opaque',
};
const STATUSES: OverallStatus[] = ['gray', 'green', 'yellow', 'red'];
const status = (v: string | undefined) =>
  STATUSES.includes(v as OverallStatus) ? (v as OverallStatus) : undefined;

/**
 * The serial number of a host: `serialNumber`, or when vendors leave that empty (Dell does on many
 * models) the service tag among `otherIdentifyingInfo`.
 */
export function hostSerial(
  host: Pick<HostRecord, 'serialNumber' | 'identifiers'>,
): string | undefined {
  const direct = host.serialNumber?.trim();
  if (direct && direct !== 'None' && direct !== '0') return direct;
  const pick = (type: string) =>
    host.identifiers.find(i => i.type === type)?.value?.trim();
  return (
    pick('ServiceTag') ||
    pick('EnclosureSerialNumberTag') ||
    pick('SerialNumberTag') ||
    undefined
  );
}

function vlanOf(v: RecordVlanSpec | undefined): VlanSpec | undefined {
  switch (v?.kind) {
    case 'vlan':
      return { kind: 'vlan', id: v.vlanId };
    case 'pvlan':
      return { kind: 'pvlan', id: v.pvlanId };
    case 'trunk':
      return { kind: 'trunk', ranges: v.ranges.map(r => [r.start, r.end]) };
    default:
      return undefined;
  }
}

/** Both sides of a mount, deduplicated: either side may be incomplete (vcsim fills only one). */
function unionRefs(a: Ref[], b: Ref[]): Ref[] {
  const seen = new Set(a.map(r => moRefKey(r)));
  return [...a, ...b.filter(r => !seen.has(moRefKey(r)))];
}

// shared with the backend's live usage read, which meets the same vcsim quirk
export { effectiveMemoryMb };

/**
 * Joins one inventory read in memory: parent chains to datacenters, hosts to clusters, VMs to
 * clusters through their host, datastore mounts to hosts, the worst triggered alarm per object.
 * Nothing is fetched per object.
 */
export function resolveInventory(
  inv: Inventory,
  vcenter: {
    vcenterId: string;
    url: string;
    instanceUuid?: string;
    /** vSphere tags per object (`type:value`), read separately through the vAPI. */
    tags?: VsphereInventory['tags'];
  },
): VsphereInventory {
  // no object has a VM for a parent: the VMs, most of the objects, are left out
  const parents = new MoRefMap<MoRef | undefined>();
  for (const list of [
    inv.folders,
    inv.datacenters,
    inv.computeResources,
    inv.hosts,
    inv.datastores,
    inv.networks,
    inv.distributedSwitches,
    inv.resourcePools,
  ]) {
    for (const r of list) parents.set(r.moref, r.parent);
  }
  const dcCache = new MoRefMap<Ref | undefined>();
  const datacenterOf = (r: Ref): Ref | undefined => {
    const cached = dcCache.get(r);
    if (cached !== undefined || dcCache.has(r)) return cached;
    dcCache.set(r, undefined); // a cycle cannot loop
    const parent = parents.get(r);
    let dc: Ref | undefined = parent;
    if (parent && parent.type !== 'Datacenter') dc = datacenterOf(parent);
    dcCache.set(r, dc);
    return dc;
  };
  // a VM's own answer is never asked again, so it is not cached
  const datacenterOfVm = (vm: { parent?: MoRef }): Ref | undefined =>
    vm.parent && vm.parent.type !== 'Datacenter'
      ? datacenterOf(vm.parent)
      : vm.parent;

  const poolNames = new MoRefMap<string>();
  for (const p of inv.resourcePools) poolNames.set(p.moref, p.name);
  const hostDatastores = new Map<string, Ref[]>();
  for (const d of inv.datastores) {
    for (const m of d.hostMounts) {
      const list = hostDatastores.get(moRefKey(m.host)) ?? [];
      list.push(d.moref);
      hostDatastores.set(moRefKey(m.host), list);
    }
  }

  const hostNetworks = new Map<string, Ref[]>();
  for (const n of inv.networks) {
    if (n.uplink) continue;
    for (const h of n.hosts) {
      const list = hostNetworks.get(moRefKey(h)) ?? [];
      list.push(n.moref);
      hostNetworks.set(moRefKey(h), list);
    }
  }

  const hosts: HostInfo[] = inv.hosts.map(h => ({
    ref: h.moref,
    name: h.name,
    datacenter: datacenterOf(h.moref),
    computeResource: h.parent,
    vendor: h.vendor,
    model: h.model,
    serial: hostSerial(h),
    cpuCores: h.numCpuCores,
    cpuMhz: h.cpuMhz,
    memoryBytes: h.memoryBytes,
    version: h.productVersion,
    build: h.productBuild,
    connectionState: h.connectionState,
    inMaintenance: h.inMaintenanceMode,
    powerState: h.powerState,
    overallStatus: status(h.overallStatus),
    datastores: unionRefs(
      h.datastores ?? [],
      hostDatastores.get(moRefKey(h.moref)) ?? [],
    ),
    networks: hostNetworks.get(moRefKey(h.moref)) ?? [],
  }));
  const hostCluster = new MoRefMap<Ref | undefined>();
  for (const h of hosts) hostCluster.set(h.ref, h.computeResource);

  const datastores: DatastoreInfo[] = inv.datastores.map(d => ({
    ref: d.moref,
    name: d.name,
    datacenter: datacenterOf(d.moref),
    type: d.type,
    url: d.url,
    capacityBytes: d.capacityBytes,
    freeBytes: d.freeSpaceBytes,
    uncommittedBytes: d.uncommittedBytes,
    accessible: d.accessible,
    maintenanceMode: d.maintenanceMode,
    hosts: d.hostMounts.map(m => m.host),
    vmCount: d.vms.length,
  }));

  const networks: NetworkInfo[] = inv.networks.map(n => ({
    ref: n.moref,
    name: n.name,
    datacenter: datacenterOf(n.moref),
    kind: NETWORK_KINDS[n.moref.type] ?? 'standard',
    dvSwitch: n.distributedSwitch,
    uplink: n.uplink,
    vlan: vlanOf(n.vlan),
    hostCount: n.hosts.length,
    vmCount: n.vms.length,
  }));

  const alarms = new Map<string, OverallStatus>();
  for (const t of inv.triggeredAlarms) {
    const s = status(t.overallStatus);
    const k = moRefKey(t.entity);
    const prev = alarms.get(k);
    if (s && (!prev || STATUSES.indexOf(s) > STATUSES.indexOf(prev)))
      alarms.set(k, s);
  }

  return {
    vcenterId: vcenter.vcenterId,
    url: vcenter.url,
    instanceUuid: vcenter.instanceUuid,
    tags: vcenter.tags,
    datacenters: inv.datacenters.map(d => ({ ref: d.moref, name: d.name })),
    clusters: inv.computeResources.map(c => ({
      ref: c.moref,
      name: c.name,
      datacenter: datacenterOf(c.moref),
      isCluster: c.isCluster,
      totalCpuMhz: c.totalCpuMhz,
      effectiveCpuMhz: c.effectiveCpuMhz,
      totalMemoryBytes: c.totalMemoryBytes,
      effectiveMemoryMb: effectiveMemoryMb(
        c.effectiveMemoryMb,
        c.totalMemoryBytes,
      ),
      numHosts: c.numHosts,
      numEffectiveHosts: c.numEffectiveHosts,
      overallStatus: status(c.overallStatus),
      haEnabled: c.haEnabled,
      drsEnabled: c.drsEnabled,
      drsBehavior: c.drsDefaultVmBehavior,
    })),
    hosts,
    vms: inv.vms.map(vm => ({
      ref: vm.moref,
      name: vm.name,
      datacenter: datacenterOfVm(vm),
      template: vm.template,
      host: vm.host,
      computeResource: vm.host ? hostCluster.get(vm.host) : undefined,
      uuid: vm.uuid,
      instanceUuid: vm.instanceUuid,
      numCpu: vm.numCpu,
      memoryMb: vm.memoryMb,
      guestOs: vm.guestFullName,
      powerState: vm.powerState,
      ipAddress: vm.ipAddress,
      toolsStatus: vm.toolsStatus,
      toolsVersionStatus: vm.toolsVersionStatus,
      committedBytes: vm.storageCommittedBytes,
      uncommittedBytes: vm.storageUncommittedBytes,
      resourcePool: vm.resourcePool
        ? poolNames.get(vm.resourcePool)
        : undefined,
      datastores: vm.datastores,
      networks: vm.networks,
    })),
    datastores,
    networks,
    dvSwitches: inv.distributedSwitches.map(s => ({
      ref: s.moref,
      name: s.name,
      datacenter: datacenterOf(s.moref),
      uuid: s.uuid,
    })),
    alarms,
  };
}
