/*
 * Wire types of the cluster resources API (`/api/infra/resources/...`), shared by the backend that
 * serves them and the frontend cards that show them.
 */
/** A datacenter as the resources API answers it. */
export interface DatacenterItem {
  id: string;
  name: string;
}

export interface ClusterItem {
  id: string;
  name: string;
  numHosts?: number;
  overallStatus?: string;
}

export interface PoolItem {
  id: string;
  name: string;
  /** The parent pool's id; absent for the cluster's root pool. */
  parentId?: string;
  kind: 'pool' | 'vapp';
}

export interface NetworkItem {
  id: string;
  name: string;
  kind: 'standard' | 'portgroup' | 'opaque';
  /** Portgroups with a single VLAN. */
  vlanId?: number;
  /** Trunk portgroups, as `100-199,300`. */
  vlanTrunk?: string;
  /** Private VLAN portgroups. */
  pvlanId?: number;
}

export interface DatastoreItem {
  id: string;
  name: string;
  type?: string;
  capacityBytes?: number;
  freeBytes?: number;
  accessible?: boolean;
}

export interface TemplateItem {
  id: string;
  name: string;
  guestOs?: string;
  numCpu?: number;
  memoryMb?: number;
}

/** One cached section of a response. */
export interface ResourceSection<T> {
  items: T[];
  /** True when the entry is past its TTL (refresh under way, or vCenter unreachable). */
  stale: boolean;
  /** Milliseconds since the items were read from vCenter. */
  ageMs: number;
  /** Why a fresh read failed, when these items are older because of it. */
  refreshError?: string;
}

export interface TemplatesSection extends ResourceSection<TemplateItem> {
  /** True while the first read is still running: `items` is empty, ask again later. */
  loading: boolean;
  /** Templates the cluster has; `items` holds at most the configured limit. */
  total: number;
  truncated: boolean;
}

export interface DatacentersResponse {
  vcenter: string;
  datacenters: ResourceSection<DatacenterItem>;
}

export interface ClustersResponse {
  vcenter: string;
  datacenter: string;
  clusters: ResourceSection<ClusterItem>;
}

export interface ClusterResourcesResponse {
  vcenter: string;
  cluster: string;
  pools: ResourceSection<PoolItem>;
  networks: ResourceSection<NetworkItem>;
  datastores: ResourceSection<DatastoreItem>;
  templates: TemplatesSection;
}

/** One triggered alarm on the cluster or on a host or VM inside it. */
export interface AlarmItem {
  /** Moref of the object the alarm is on. */
  entityId: string;
  /** vSphere type of that object: `ClusterComputeResource`, `HostSystem`, `VirtualMachine`... */
  entityType: string;
  entityName: string;
  /** Moref of the alarm definition. */
  alarmId: string;
  alarmName: string;
  status: 'red' | 'yellow' | 'green' | 'gray';
  /** When the alarm was triggered (ISO 8601). */
  time: string;
  acknowledged: boolean;
}

/** `GET /api/infra/resources/:vcenter/clusters/:cluster/alarms`: triggered alarms, read live (short TTL). */
export interface ClusterAlarmsResponse {
  vcenter: string;
  cluster: string;
  alarms: ResourceSection<AlarmItem>;
}

/** What a cluster uses now, summed over its connected hosts' quick stats, against what it can give. */
export interface ClusterUsage {
  cpuUsedMhz: number;
  memoryUsedMb: number;
  /** The cluster's effective capacity (connected hosts outside maintenance, minus overhead). */
  cpuEffectiveMhz?: number;
  memoryEffectiveMb?: number;
  /** Hosts whose figures are in the sums (connected ones). */
  hostsReporting: number;
}

/** `GET /api/infra/resources/:vcenter/clusters/:cluster/usage`: read live with the alarms (short TTL). */
export interface ClusterUsageResponse {
  vcenter: string;
  cluster: string;
  usage: ClusterUsage;
  /** As on {@link ResourceSection}. */
  stale: boolean;
  ageMs: number;
  refreshError?: string;
}
