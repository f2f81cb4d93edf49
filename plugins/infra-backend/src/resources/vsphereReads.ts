import { withoutUndefined } from '@infra-inventory/plugin-infra-common';
import {
  asArray,
  effectiveMemoryMb,
  isMoRef,
  ManagedObjectNotFoundFault,
  MoRef,
  ObjectContent,
  ObjectSpec,
  PropertySpec,
  VimClient,
  VimValue,
} from '@infra-inventory/plugin-infra-node';
import {
  AlarmItem,
  ClusterUsage,
  ClusterItem,
  DatacenterItem,
  DatastoreItem,
  NetworkItem,
  PoolItem,
  TemplateItem,
} from './types';

type Props = ObjectContent['props'];

const text = (p: Props, path: string) => {
  const v = p[path];
  return v === undefined ? undefined : String(v);
};
const num = (p: Props, path: string) => {
  const v = p[path];
  if (v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
};
const flag = (p: Props, path: string) => {
  const v = p[path];
  return v === undefined ? undefined : v === true || v === 'true';
};
const field = (v: VimValue | undefined, name: string): VimValue | undefined =>
  v &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof Date) &&
  !isMoRef(v)
    ? (v as Record<string, VimValue>)[name]
    : undefined;

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, 'en');

export interface ReadOptions {
  signal?: AbortSignal;
  maxObjects?: number;
}

/** How many ContainerViews one client keeps open for reuse. */
const MAX_POOLED_VIEWS = 256;

const isNotFound = (error: unknown) =>
  error instanceof ManagedObjectNotFoundFault ||
  (error as { name?: unknown })?.name === 'ManagedObjectNotFoundFault';

/**
 * The ContainerViews of one client, kept open and reused: a view follows the inventory by itself,
 * so a read on a view created earlier is as current as on a new one, and a cold read needs no
 * CreateContainerView and no DestroyView on its way. Views die with their session: a read on a
 * view the server no longer knows creates a new one and tries once more.
 */
class ViewPool {
  private readonly views = new Map<string, Promise<MoRef>>();

  constructor(private readonly client: VimClient) {}

  acquire(
    key: string,
    create: () => Promise<MoRef>,
  ): { view: Promise<MoRef>; fresh: boolean } {
    const pooled = this.views.get(key);
    if (pooled) {
      // most recently used last
      this.views.delete(key);
      this.views.set(key, pooled);
      return { view: pooled, fresh: false };
    }
    const view = create();
    this.views.set(key, view);
    view.catch(() => this.drop(key, view, false));
    while (this.views.size > MAX_POOLED_VIEWS) {
      const [oldestKey, oldest] = this.views.entries().next().value!;
      this.views.delete(oldestKey);
      this.destroy(oldest);
    }
    return { view, fresh: true };
  }

  /**
   * Forgets `view` (when it is still the one pooled under `key`); destroys it unless the server
   * no longer knows it.
   */
  drop(key: string, view: Promise<MoRef>, destroy = true): void {
    if (this.views.get(key) !== view) return;
    this.views.delete(key);
    if (destroy) this.destroy(view);
  }

  private destroy(view: Promise<MoRef>): void {
    // a failed destroy changes nothing: views die with their session anyway
    view.then(v => this.client.destroyView(v)).catch(() => undefined);
  }
}

const viewPools = new WeakMap<VimClient, ViewPool>();

function viewPoolOf(client: VimClient): ViewPool {
  let pool = viewPools.get(client);
  if (!pool) {
    pool = new ViewPool(client);
    viewPools.set(client, pool);
  }
  return pool;
}

/**
 * ONE property collector read of a ContainerView over `container`: one RetrievePropertiesEx (plus
 * ContinueRetrievePropertiesEx pages for big results) on the client's pooled view of it, created
 * on first use. `extra` object specs go into the same RetrievePropertiesEx.
 */
async function readView(
  client: VimClient,
  container: MoRef,
  viewTypes: string[],
  propSet: PropertySpec[],
  options: ReadOptions,
  extra: ObjectSpec[] = [],
): Promise<ObjectContent[]> {
  const pool = viewPoolOf(client);
  const key = `${container.type}:${container.value}:${viewTypes.join(',')}`;
  for (;;) {
    const { view, fresh } = pool.acquire(key, () =>
      client.createContainerView(container, viewTypes, true, {
        signal: options.signal,
      }),
    );
    const obj = await view;
    try {
      return await client.retrieveAll(
        [
          {
            propSet,
            objectSet: [
              {
                obj,
                skip: true,
                selectSet: [
                  {
                    name: 'traverseView',
                    type: 'ContainerView',
                    path: 'view',
                    skip: false,
                  },
                ],
              },
              ...extra,
            ],
          },
        ],
        { signal: options.signal, maxObjects: options.maxObjects ?? 1000 },
      );
    } catch (error) {
      // a pooled view of an older session: once more on a new view
      if (!fresh && isNotFound(error)) {
        pool.drop(key, view, false);
        continue;
      }
      throw error;
    }
  }
}

/**
 * An object spec that reads nothing but makes the read fail with ManagedObjectNotFound when
 * `obj` is gone (a pooled view of a deleted container would just be empty).
 */
const mustExist = (obj: MoRef): ObjectSpec => ({ obj, skip: true });

/** The datacenters of a vCenter: a view on the root folder. */
export async function readDatacenters(
  client: VimClient,
  options: ReadOptions = {},
): Promise<DatacenterItem[]> {
  const contents = await readView(
    client,
    client.serviceContent.rootFolder,
    ['Datacenter'],
    [{ type: 'Datacenter', pathSet: ['name'] }],
    options,
  );
  return contents
    .map(c => ({ id: c.obj.value, name: text(c.props, 'name') ?? '' }))
    .sort(byName);
}

/** The clusters of a datacenter: a view on the datacenter. */
export async function readClusters(
  client: VimClient,
  datacenterId: string,
  options: ReadOptions = {},
): Promise<ClusterItem[]> {
  const datacenter: MoRef = { type: 'Datacenter', value: datacenterId };
  const contents = await readView(
    client,
    datacenter,
    ['ClusterComputeResource'],
    [
      {
        type: 'ClusterComputeResource',
        pathSet: ['name', 'summary.numHosts', 'overallStatus'],
      },
    ],
    options,
    [mustExist(datacenter)],
  );
  return contents
    .map(c =>
      withoutUndefined<ClusterItem>({
        id: c.obj.value,
        name: text(c.props, 'name') ?? '',
        numHosts: num(c.props, 'summary.numHosts'),
        overallStatus: text(c.props, 'overallStatus'),
      }),
    )
    .sort(byName);
}

export interface ClusterResources {
  pools: PoolItem[];
  networks: NetworkItem[];
  datastores: DatastoreItem[];
}

const VLAN_PATH = 'config.defaultPortConfig.vlan';

function vlanFields(c: ObjectContent): Partial<NetworkItem> {
  const value = c.props[VLAN_PATH];
  if (value === undefined) return {};
  switch (c.types[VLAN_PATH]) {
    case 'VmwareDistributedVirtualSwitchVlanIdSpec': {
      const id = Number(field(value, 'vlanId') ?? 0);
      return Number.isFinite(id) ? { vlanId: id } : {};
    }
    case 'VmwareDistributedVirtualSwitchTrunkVlanSpec':
      return {
        vlanTrunk: asArray(
          field(value, 'vlanId') as VimValue | VimValue[] | undefined,
        )
          .map(r => {
            const start = String(field(r, 'start'));
            const end = String(field(r, 'end'));
            return start === end ? start : `${start}-${end}`;
          })
          .join(','),
      };
    case 'VmwareDistributedVirtualSwitchPvlanSpec': {
      const id = Number(field(value, 'pvlanId') ?? 0);
      return Number.isFinite(id) ? { pvlanId: id } : {};
    }
    default:
      return {};
  }
}

const NETWORK_KINDS: Record<string, NetworkItem['kind']> = {
  Network: 'standard',
  DistributedVirtualPortgroup: 'portgroup',
  OpaqueNetwork: 'opaque',
};

/**
 * Pools, networks and datastores of a cluster in ONE RetrievePropertiesEx: a view on the cluster
 * for its resource pools and vApps, and in the same call the cluster itself with one traversal to
 * its `network` and one to its `datastore` (they are not inside the cluster, so no view holds
 * them). Uplink portgroups are left out.
 */
export async function readClusterResources(
  client: VimClient,
  clusterId: string,
  options: ReadOptions = {},
): Promise<ClusterResources> {
  const cluster: MoRef = { type: 'ClusterComputeResource', value: clusterId };
  const contents = await readView(
    client,
    cluster,
    ['ResourcePool'],
    [
      { type: 'ResourcePool', pathSet: ['name', 'parent'] },
      { type: 'Network', pathSet: ['name'] },
      {
        type: 'DistributedVirtualPortgroup',
        pathSet: ['config.uplink', VLAN_PATH],
      },
      {
        type: 'Datastore',
        pathSet: [
          'name',
          'summary.type',
          'summary.capacity',
          'summary.freeSpace',
          'summary.accessible',
        ],
      },
    ],
    options,
    [
      {
        obj: cluster,
        skip: true,
        selectSet: [
          { type: 'ComputeResource', path: 'network', skip: false },
          { type: 'ComputeResource', path: 'datastore', skip: false },
        ],
      },
    ],
  );
  const out: ClusterResources = { pools: [], networks: [], datastores: [] };
  const seen = new Set<string>();
  for (const c of contents) {
    const key = `${c.obj.type}:${c.obj.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = c.props;
    const name = text(p, 'name') ?? '';
    if (c.obj.type === 'ResourcePool' || c.obj.type === 'VirtualApp') {
      const parent = p.parent;
      out.pools.push(
        withoutUndefined<PoolItem>({
          id: c.obj.value,
          name,
          parentId:
            isMoRef(parent) &&
            (parent.type === 'ResourcePool' || parent.type === 'VirtualApp')
              ? parent.value
              : undefined,
          kind: c.obj.type === 'VirtualApp' ? 'vapp' : 'pool',
        }),
      );
    } else if (NETWORK_KINDS[c.obj.type]) {
      if (flag(p, 'config.uplink')) continue;
      out.networks.push(
        withoutUndefined<NetworkItem>({
          id: c.obj.value,
          name,
          kind: NETWORK_KINDS[c.obj.type],
          ...vlanFields(c),
        }),
      );
    } else if (c.obj.type === 'Datastore') {
      out.datastores.push(
        withoutUndefined<DatastoreItem>({
          id: c.obj.value,
          name,
          type: text(p, 'summary.type'),
          capacityBytes: num(p, 'summary.capacity'),
          freeBytes: num(p, 'summary.freeSpace'),
          accessible: flag(p, 'summary.accessible'),
        }),
      );
    }
  }
  out.pools.sort(byName);
  out.networks.sort(byName);
  out.datastores.sort(byName);
  return out;
}

export interface ClusterTemplates {
  items: TemplateItem[];
  total: number;
}

/**
 * The templates of a cluster, the first `limit` by name: ONE read of a view on the cluster over
 * its VirtualMachines (templates are registered on the cluster's hosts). The property collector
 * cannot filter on values, so every VM's few properties are read and non-templates dropped.
 */
export async function readTemplates(
  client: VimClient,
  clusterId: string,
  limit: number,
  options: ReadOptions = {},
): Promise<ClusterTemplates> {
  const cluster: MoRef = { type: 'ClusterComputeResource', value: clusterId };
  const contents = await readView(
    client,
    cluster,
    ['VirtualMachine'],
    [
      {
        type: 'VirtualMachine',
        pathSet: [
          'name',
          'config.template',
          'config.guestFullName',
          'config.hardware.numCPU',
          'config.hardware.memoryMB',
        ],
      },
    ],
    options,
    [mustExist(cluster)],
  );
  const templates = new Map<string, TemplateItem>();
  for (const c of contents) {
    if (!flag(c.props, 'config.template')) continue;
    templates.set(
      c.obj.value,
      withoutUndefined<TemplateItem>({
        id: c.obj.value,
        name: text(c.props, 'name') ?? '',
        guestOs: text(c.props, 'config.guestFullName'),
        numCpu: num(c.props, 'config.hardware.numCPU'),
        memoryMb: num(c.props, 'config.hardware.memoryMB'),
      }),
    );
  }
  const all = [...templates.values()].sort(byName);
  return { items: all.slice(0, limit), total: all.length };
}

const ALARM_ENTITY_TYPES = ['HostSystem', 'VirtualMachine'];
const STATUS_ORDER: Record<AlarmItem['status'], number> = {
  red: 0,
  yellow: 1,
  gray: 2,
  green: 3,
};
const fieldText = (v: VimValue | undefined, name: string) => {
  const f = field(v, name);
  if (f === undefined || f === null) return undefined;
  return f instanceof Date ? f.toISOString() : String(f);
};
function isoTime(value: string | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
function alarmStatus(value: string | undefined): AlarmItem['status'] {
  return value === 'red' || value === 'yellow' || value === 'green'
    ? value
    : 'gray';
}

/**
 * The triggered alarms of a cluster, its hosts and its VMs, in TWO reads: one RetrievePropertiesEx
 * of `triggeredAlarmState` over a view on the cluster (hosts and VMs) plus the cluster itself, and,
 * when anything is triggered, one for the distinct alarm definitions' `info.name` and the alarmed
 * objects' names (objects deleted in between are reported missing, not failed). An alarm that
 * several objects report (a cluster's state includes its descendants') is listed once.
 */
export async function readClusterAlarms(
  client: VimClient,
  clusterId: string,
  options: ReadOptions = {},
): Promise<AlarmItem[]> {
  return (await readClusterLive(client, clusterId, options)).alarms;
}

/** The figures of a cluster that change by the minute: read together, cached briefly. */
export interface ClusterLive {
  alarms: AlarmItem[];
  usage: ClusterUsage;
}

const LIVE_PATHS: Record<string, string[]> = {
  ClusterComputeResource: [
    'triggeredAlarmState',
    'summary.effectiveCpu',
    'summary.effectiveMemory',
    'summary.totalMemory',
  ],
  HostSystem: [
    'triggeredAlarmState',
    'runtime.connectionState',
    'summary.quickStats.overallCpuUsage',
    'summary.quickStats.overallMemoryUsage',
  ],
  VirtualMachine: ['triggeredAlarmState'],
};

/** Sums the connected hosts' quick stats; a disconnected host's last figures are not current. */
function clusterUsage(contents: ObjectContent[]): ClusterUsage {
  const usage: ClusterUsage = {
    cpuUsedMhz: 0,
    memoryUsedMb: 0,
    hostsReporting: 0,
  };
  for (const c of contents) {
    if (c.obj.type === 'ClusterComputeResource') {
      usage.cpuEffectiveMhz = num(c.props, 'summary.effectiveCpu');
      usage.memoryEffectiveMb = effectiveMemoryMb(
        num(c.props, 'summary.effectiveMemory'),
        num(c.props, 'summary.totalMemory'),
      );
    } else if (
      c.obj.type === 'HostSystem' &&
      text(c.props, 'runtime.connectionState') === 'connected'
    ) {
      usage.cpuUsedMhz +=
        num(c.props, 'summary.quickStats.overallCpuUsage') ?? 0;
      usage.memoryUsedMb +=
        num(c.props, 'summary.quickStats.overallMemoryUsage') ?? 0;
      usage.hostsReporting += 1;
    }
  }
  return withoutUndefined(usage);
}

/**
 * Triggered alarms and current usage of a cluster: the usage rides on the alarms' first read (same
 * view, a few more paths), so the page's live figures cost one call, two when alarms are triggered.
 */
export async function readClusterLive(
  client: VimClient,
  clusterId: string,
  options: ReadOptions = {},
): Promise<ClusterLive> {
  const cluster: MoRef = { type: 'ClusterComputeResource', value: clusterId };
  const contents = await readView(
    client,
    cluster,
    ALARM_ENTITY_TYPES,
    Object.entries(LIVE_PATHS).map(([type, pathSet]) => ({ type, pathSet })),
    options,
    [{ obj: cluster, skip: false }],
  );
  const usage = clusterUsage(contents);
  return { alarms: await alarmsOf(client, contents, options), usage };
}

async function alarmsOf(
  client: VimClient,
  contents: ObjectContent[],
  options: ReadOptions,
): Promise<AlarmItem[]> {
  const states = new Map<
    string,
    { entity: MoRef; alarm: MoRef; state: VimValue }
  >();
  for (const c of contents) {
    for (const state of asArray(
      c.props.triggeredAlarmState as VimValue[] | undefined,
    )) {
      const entity = field(state, 'entity');
      const alarm = field(state, 'alarm');
      if (!isMoRef(entity) || !isMoRef(alarm)) continue;
      const key = fieldText(state, 'key') ?? `${alarm.value}.${entity.value}`;
      if (!states.has(key)) states.set(key, { entity, alarm, state });
    }
  }
  if (states.size === 0) return [];

  // the definitions' names and the alarmed objects' names, in one read
  const objects = new Map<string, { obj: MoRef; path: string }>();
  for (const { entity, alarm } of states.values()) {
    objects.set(`${alarm.type}:${alarm.value}`, {
      obj: alarm,
      path: 'info.name',
    });
    objects.set(`${entity.type}:${entity.value}`, {
      obj: entity,
      path: 'name',
    });
  }
  const types = new Map<string, string>();
  for (const { obj, path } of objects.values()) types.set(obj.type, path);
  const named = await client.retrieveAll(
    [
      {
        propSet: [...types].map(([type, path]) => ({ type, pathSet: [path] })),
        objectSet: [...objects.values()].map(({ obj }) => ({ obj })),
        reportMissingObjectsInResults: true,
      },
    ],
    { signal: options.signal, maxObjects: options.maxObjects ?? 1000 },
  );
  const names = new Map<string, string>();
  for (const c of named) {
    const name = c.props[types.get(c.obj.type) ?? 'name'];
    if (typeof name === 'string')
      names.set(`${c.obj.type}:${c.obj.value}`, name);
  }

  return [...states.values()]
    .map(({ entity, alarm, state }) => ({
      entityId: entity.value,
      entityType: entity.type,
      entityName: names.get(`${entity.type}:${entity.value}`) ?? entity.value,
      alarmId: alarm.value,
      alarmName: names.get(`${alarm.type}:${alarm.value}`) ?? alarm.value,
      status: alarmStatus(fieldText(state, 'overallStatus')),
      time: isoTime(fieldText(state, 'time')),
      acknowledged:
        String(fieldText(state, 'acknowledged') ?? 'false') === 'true',
    }))
    .sort(
      (a, b) =>
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        b.time.localeCompare(a.time) ||
        a.entityName.localeCompare(b.entityName, 'en') ||
        a.alarmName.localeCompare(b.alarmName, 'en'),
    );
}
