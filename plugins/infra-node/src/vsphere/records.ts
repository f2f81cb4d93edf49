import { withoutUndefined } from '@infra-inventory/plugin-infra-common';
import { asArray, isMoRef, MoRef, ObjectContent, VimValue } from './types';

/**
 * Typed records of the inventory, one per managed object, built from the property values of one
 * read. Units are in the field names; undefined means vCenter did not report the value.
 */

/** What every inventory object has. `parent` resolves the folder chain in memory. */
export interface EntityRecord {
  moref: MoRef;
  name: string;
  parent?: MoRef;
}

export interface VmRecord extends EntityRecord {
  /** BIOS UUID (`config.uuid`). */
  uuid?: string;
  /** vCenter-unique instance UUID (`config.instanceUuid`). */
  instanceUuid?: string;
  numCpu?: number;
  memoryMb?: number;
  template: boolean;
  guestFullName?: string;
  /** `poweredOn`, `poweredOff` or `suspended`. */
  powerState?: string;
  host?: MoRef;
  ipAddress?: string;
  toolsStatus?: string;
  toolsVersionStatus?: string;
  storageCommittedBytes?: number;
  storageUncommittedBytes?: number;
  networks: MoRef[];
  datastores: MoRef[];
  resourcePool?: MoRef;
  /** Custom attribute values; `key` is the CustomFieldDef key. */
  customValues: Array<{ key: number; value: string }>;
}

export interface HostRecord extends EntityRecord {
  vendor?: string;
  model?: string;
  /** Hardware (BIOS) UUID. */
  hardwareUuid?: string;
  serialNumber?: string;
  /** `otherIdentifyingInfo`: asset tag, service tag, ... `type` is the identifier key (`ServiceTag`). */
  identifiers: Array<{ type: string; label?: string; value: string }>;
  numCpuCores?: number;
  cpuMhz?: number;
  memoryBytes?: number;
  productVersion?: string;
  productBuild?: string;
  connectionState?: string;
  inMaintenanceMode?: boolean;
  powerState?: string;
  overallStatus?: string;
  /** The datastores the host mounts. */
  datastores: MoRef[];
}

/** A standalone host's ComputeResource or a cluster (`moref.type` tells which). */
export interface ComputeResourceRecord extends EntityRecord {
  isCluster: boolean;
  totalCpuMhz?: number;
  effectiveCpuMhz?: number;
  totalMemoryBytes?: number;
  /** vCenter reports effective memory in MB. */
  effectiveMemoryMb?: number;
  numHosts?: number;
  numEffectiveHosts?: number;
  overallStatus?: string;
  /** Clusters only. */
  haEnabled?: boolean;
  drsEnabled?: boolean;
  drsDefaultVmBehavior?: string;
}

export interface DatastoreHostMount {
  host: MoRef;
  path?: string;
  accessMode?: string;
  mounted?: boolean;
  accessible?: boolean;
}

export interface DatastoreRecord extends EntityRecord {
  capacityBytes?: number;
  freeSpaceBytes?: number;
  uncommittedBytes?: number;
  /** `VMFS`, `NFS`, `vsan`, ... */
  type?: string;
  url?: string;
  accessible?: boolean;
  maintenanceMode?: string;
  hostMounts: DatastoreHostMount[];
  vms: MoRef[];
}

/** The VLAN setting of a distributed portgroup. */
export type VlanSpec =
  | { kind: 'vlan'; vlanId: number }
  | { kind: 'trunk'; ranges: Array<{ start: number; end: number }> }
  | { kind: 'pvlan'; pvlanId: number }
  | { kind: 'other'; type: string };

/** A standard network, a distributed portgroup or an opaque network (`moref.type`). */
export interface NetworkRecord extends EntityRecord {
  hosts: MoRef[];
  vms: MoRef[];
  /** Distributed portgroups only. */
  distributedSwitch?: MoRef;
  uplink?: boolean;
  vlan?: VlanSpec;
}

export interface DistributedSwitchRecord extends EntityRecord {
  uuid?: string;
}

/** An alarm that is triggered somewhere in the inventory. */
export interface TriggeredAlarm {
  key: string;
  entity: MoRef;
  alarm: MoRef;
  /** Resolved with a second read; absent when the alarm could not be read. */
  alarmName?: string;
  /** `red` or `yellow`. */
  overallStatus: string;
  time?: string;
  acknowledged: boolean;
}

type Props = ObjectContent['props'];

const text = (p: Props, path: string): string | undefined => {
  const v = p[path];
  if (v === undefined || typeof v === 'string') return v;
  return String(v);
};
const number = (p: Props, path: string): number | undefined => {
  const v = p[path];
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
};
const flag = (p: Props, path: string): boolean | undefined => {
  const v = p[path];
  if (v === undefined) return undefined;
  return v === true || v === 'true';
};
const ref = (p: Props, path: string): MoRef | undefined => {
  const v = p[path];
  return isMoRef(v) ? v : undefined;
};
const refs = (p: Props, path: string): MoRef[] =>
  asArray(p[path] as VimValue | VimValue[] | undefined).filter(isMoRef);
const field = (v: VimValue | undefined, name: string): VimValue | undefined =>
  v &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  !isMoRef(v)
    ? (v as Record<string, VimValue>)[name]
    : undefined;
const fieldText = (
  v: VimValue | undefined,
  name: string,
): string | undefined => {
  const f = field(v, name);
  return typeof f === 'string' ? f : undefined;
};
const asBool = (v: VimValue | undefined) =>
  v === undefined ? undefined : v === true || v === 'true';

/**
 * The fields every record starts with, `parent` included when unset: a record's fields are
 * always the same ones in the same order (undefined where vCenter reported nothing), so records
 * of a kind share one shape and are built without a compacting copy each.
 */
function baseFields(c: ObjectContent): EntityRecord {
  return {
    moref: c.obj,
    name: text(c.props, 'name') ?? '',
    parent: ref(c.props, 'parent'),
  };
}

export function toVmRecord(c: ObjectContent): VmRecord {
  const p = c.props;
  // baseFields written out: one literal instead of a spread copy, for every VM of every read
  return {
    moref: c.obj,
    name: text(p, 'name') ?? '',
    parent: ref(p, 'parent'),
    uuid: text(p, 'config.uuid'),
    instanceUuid: text(p, 'config.instanceUuid'),
    numCpu: number(p, 'config.hardware.numCPU'),
    memoryMb: number(p, 'config.hardware.memoryMB'),
    template: flag(p, 'config.template') ?? false,
    guestFullName: text(p, 'config.guestFullName'),
    powerState: text(p, 'runtime.powerState'),
    host: ref(p, 'runtime.host'),
    ipAddress: text(p, 'guest.ipAddress'),
    toolsStatus: text(p, 'guest.toolsStatus'),
    toolsVersionStatus: text(p, 'guest.toolsVersionStatus'),
    storageCommittedBytes: number(p, 'summary.storage.committed'),
    storageUncommittedBytes: number(p, 'summary.storage.uncommitted'),
    networks: refs(p, 'network'),
    datastores: refs(p, 'datastore'),
    resourcePool: ref(p, 'resourcePool'),
    customValues: asArray(p.customValue as VimValue[] | undefined).flatMap(
      v => {
        const key = Number(fieldText(v, 'key'));
        return Number.isFinite(key)
          ? [{ key, value: fieldText(v, 'value') ?? '' }]
          : [];
      },
    ),
  };
}

export function toHostRecord(c: ObjectContent): HostRecord {
  const p = c.props;
  return {
    ...baseFields(c),
    vendor: text(p, 'hardware.systemInfo.vendor'),
    model: text(p, 'hardware.systemInfo.model'),
    hardwareUuid: text(p, 'hardware.systemInfo.uuid'),
    serialNumber: text(p, 'hardware.systemInfo.serialNumber'),
    identifiers: asArray(
      p['hardware.systemInfo.otherIdentifyingInfo'] as VimValue[] | undefined,
    ).map(info => {
      const type = field(info, 'identifierType');
      return withoutUndefined({
        type: fieldText(type, 'key') ?? '',
        label: fieldText(type, 'label'),
        value: fieldText(info, 'identifierValue') ?? '',
      });
    }),
    numCpuCores: number(p, 'summary.hardware.numCpuCores'),
    cpuMhz: number(p, 'summary.hardware.cpuMhz'),
    memoryBytes: number(p, 'summary.hardware.memorySize'),
    productVersion: text(p, 'config.product.version'),
    productBuild: text(p, 'config.product.build'),
    connectionState: text(p, 'runtime.connectionState'),
    inMaintenanceMode: flag(p, 'runtime.inMaintenanceMode'),
    powerState: text(p, 'runtime.powerState'),
    overallStatus: text(p, 'overallStatus'),
    datastores: refs(p, 'datastore'),
  };
}

export function toComputeResourceRecord(
  c: ObjectContent,
): ComputeResourceRecord {
  const p = c.props;
  return {
    ...baseFields(c),
    isCluster: c.obj.type === 'ClusterComputeResource',
    totalCpuMhz: number(p, 'summary.totalCpu'),
    effectiveCpuMhz: number(p, 'summary.effectiveCpu'),
    totalMemoryBytes: number(p, 'summary.totalMemory'),
    effectiveMemoryMb: number(p, 'summary.effectiveMemory'),
    numHosts: number(p, 'summary.numHosts'),
    numEffectiveHosts: number(p, 'summary.numEffectiveHosts'),
    overallStatus: text(p, 'overallStatus'),
    haEnabled: flag(p, 'configuration.dasConfig.enabled'),
    drsEnabled: flag(p, 'configuration.drsConfig.enabled'),
    drsDefaultVmBehavior: text(p, 'configuration.drsConfig.defaultVmBehavior'),
  };
}

export function toDatastoreRecord(c: ObjectContent): DatastoreRecord {
  const p = c.props;
  return {
    ...baseFields(c),
    capacityBytes: number(p, 'summary.capacity'),
    freeSpaceBytes: number(p, 'summary.freeSpace'),
    uncommittedBytes: number(p, 'summary.uncommitted'),
    type: text(p, 'summary.type'),
    url: text(p, 'summary.url'),
    accessible: flag(p, 'summary.accessible'),
    maintenanceMode: text(p, 'summary.maintenanceMode'),
    hostMounts: asArray(p.host as VimValue[] | undefined).flatMap(mount => {
      const host = field(mount, 'key');
      if (!isMoRef(host)) return [];
      const info = field(mount, 'mountInfo');
      return [
        withoutUndefined({
          host,
          path: fieldText(info, 'path'),
          accessMode: fieldText(info, 'accessMode'),
          mounted: asBool(field(info, 'mounted')),
          accessible: asBool(field(info, 'accessible')),
        }),
      ];
    }),
    vms: refs(p, 'vm'),
  };
}

const VLAN_TYPES: Record<string, (v: VimValue | undefined) => VlanSpec> = {
  VmwareDistributedVirtualSwitchVlanIdSpec: v => ({
    kind: 'vlan',
    vlanId: Number(fieldText(v, 'vlanId') ?? 0),
  }),
  VmwareDistributedVirtualSwitchTrunkVlanSpec: v => ({
    kind: 'trunk',
    ranges: asArray(
      field(v, 'vlanId') as VimValue | VimValue[] | undefined,
    ).map(r => ({
      start: Number(fieldText(r, 'start')),
      end: Number(fieldText(r, 'end')),
    })),
  }),
  VmwareDistributedVirtualSwitchPvlanSpec: v => ({
    kind: 'pvlan',
    pvlanId: Number(fieldText(v, 'pvlanId') ?? 0),
  }),
};

export function toNetworkRecord(c: ObjectContent): NetworkRecord {
  const p = c.props;
  const vlanPath = 'config.defaultPortConfig.vlan';
  const vlanType = c.types[vlanPath];
  return {
    ...baseFields(c),
    hosts: refs(p, 'host'),
    vms: refs(p, 'vm'),
    distributedSwitch: ref(p, 'config.distributedVirtualSwitch'),
    uplink: flag(p, 'config.uplink'),
    vlan:
      p[vlanPath] === undefined
        ? undefined
        : VLAN_TYPES[vlanType]?.(p[vlanPath]) ?? {
            kind: 'other' as const,
            type: vlanType ?? '',
          },
  };
}

export function toDistributedSwitchRecord(
  c: ObjectContent,
): DistributedSwitchRecord {
  return { ...baseFields(c), uuid: text(c.props, 'uuid') };
}

export function toEntityRecord(c: ObjectContent): EntityRecord {
  return baseFields(c);
}

/** The `triggeredAlarmState` array of a folder, without names yet. */
export function toTriggeredAlarms(
  value: VimValue | undefined,
): TriggeredAlarm[] {
  return asArray(value as VimValue[] | undefined).flatMap(state => {
    const entityRef = field(state, 'entity');
    const alarm = field(state, 'alarm');
    if (!isMoRef(entityRef) || !isMoRef(alarm)) return [];
    return [
      withoutUndefined({
        key: fieldText(state, 'key') ?? `${alarm.value}.${entityRef.value}`,
        entity: entityRef,
        alarm,
        overallStatus: fieldText(state, 'overallStatus') ?? '',
        time: fieldText(state, 'time'),
        acknowledged: asBool(field(state, 'acknowledged')) ?? false,
      }),
    ];
  });
}
