import type { VsphereTag } from '@infra-inventory/plugin-infra-node';

/**
 * The vSphere inventory after relations are resolved: what the entity transformers read. Plain
 * data, built from one PropertyCollector read by `resolveInventory`.
 */

/** A managed object reference. */
export interface Ref {
  type: string;
  value: string;
}

interface Base {
  ref: Ref;
  name: string;
  /** The datacenter the object sits under, resolved through the parent chain. */
  datacenter?: Ref;
}

export type OverallStatus = 'green' | 'yellow' | 'red' | 'gray';

export interface DatacenterInfo {
  ref: Ref;
  name: string;
}

export interface ClusterInfo extends Base {
  /** False for the ComputeResource that wraps a standalone host. */
  isCluster: boolean;
  totalCpuMhz?: number;
  effectiveCpuMhz?: number;
  totalMemoryBytes?: number;
  /** vSphere reports effective memory in MB. */
  effectiveMemoryMb?: number;
  numHosts?: number;
  numEffectiveHosts?: number;
  overallStatus?: OverallStatus;
  haEnabled?: boolean;
  drsEnabled?: boolean;
  drsBehavior?: string;
}

export interface HostInfo extends Base {
  /** The cluster or standalone compute resource. */
  computeResource?: Ref;
  vendor?: string;
  model?: string;
  /** `serialNumber`, or the Dell service tag from `otherIdentifyingInfo` when that is empty. */
  serial?: string;
  cpuCores?: number;
  cpuMhz?: number;
  memoryBytes?: number;
  version?: string;
  build?: string;
  connectionState?: string;
  inMaintenance?: boolean;
  powerState?: string;
  overallStatus?: OverallStatus;
  datastores: Ref[];
  /** Networks and portgroups it connects to (`Network.host` inverted), uplink portgroups left out. */
  networks?: Ref[];
}

export interface VmInfo extends Base {
  template: boolean;
  host?: Ref;
  /** The host's cluster, resolved in memory. */
  computeResource?: Ref;
  uuid?: string;
  instanceUuid?: string;
  numCpu?: number;
  memoryMb?: number;
  guestOs?: string;
  powerState?: string;
  ipAddress?: string;
  toolsStatus?: string;
  toolsVersionStatus?: string;
  committedBytes?: number;
  uncommittedBytes?: number;
  resourcePool?: string;
  datastores: Ref[];
  networks: Ref[];
}

export interface DatastoreInfo extends Base {
  type?: string;
  url?: string;
  capacityBytes?: number;
  freeBytes?: number;
  uncommittedBytes?: number;
  accessible?: boolean;
  maintenanceMode?: string;
  hosts: Ref[];
  vmCount: number;
}

export type VlanSpec =
  | { kind: 'vlan'; id: number }
  | { kind: 'trunk'; ranges: Array<[number, number]> }
  | { kind: 'pvlan'; id: number };

export interface NetworkInfo extends Base {
  kind: 'standard' | 'dvportgroup' | 'opaque';
  dvSwitch?: Ref;
  uplink?: boolean;
  vlan?: VlanSpec;
  hostCount: number;
  vmCount: number;
}

export interface DvSwitchInfo extends Base {
  uuid?: string;
}

export interface VsphereInventory {
  /** The configured vCenter id. */
  vcenterId: string;
  /** The vCenter's address, without credentials. */
  url: string;
  /** `about.instanceUuid`. */
  instanceUuid?: string;
  datacenters: DatacenterInfo[];
  clusters: ClusterInfo[];
  hosts: HostInfo[];
  vms: VmInfo[];
  datastores: DatastoreInfo[];
  networks: NetworkInfo[];
  dvSwitches: DvSwitchInfo[];
  /** Worst triggered alarm status per object (`type:value`). */
  alarms?: Map<string, OverallStatus>;
  /** vSphere tags per object (`type:value`), from the vAPI; absent when not read. */
  tags?: ReadonlyMap<string, readonly VsphereTag[]>;
}
