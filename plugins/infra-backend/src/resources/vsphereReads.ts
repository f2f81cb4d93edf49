import {
  asArray,
  isMoRef,
  MoRef,
  ObjectContent,
  ObjectSpec,
  PropertySpec,
  VimClient,
  VimValue,
} from '@infra-inventory/plugin-infra-node';
import {
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

/** Drops undefined fields so cached JSON stays small. */
function compact<T extends object>(record: T): T {
  for (const key of Object.keys(record) as Array<keyof T>) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, 'en');

export interface ReadOptions {
  signal?: AbortSignal;
  maxObjects?: number;
}

/**
 * ONE property collector read of a ContainerView over `container`: the view is created, read with
 * one RetrievePropertiesEx (plus ContinueRetrievePropertiesEx pages for big results) and destroyed.
 * `extra` object specs go into the same RetrievePropertiesEx.
 */
async function readView(
  client: VimClient,
  container: MoRef,
  viewTypes: string[],
  propSet: PropertySpec[],
  options: ReadOptions,
  extra: ObjectSpec[] = [],
): Promise<ObjectContent[]> {
  const view = await client.createContainerView(container, viewTypes, true, {
    signal: options.signal,
  });
  try {
    return await client.retrieveAll(
      [
        {
          propSet,
          objectSet: [
            {
              obj: view,
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
  } finally {
    // views die with their session anyway; a failed destroy must not fail the read
    await client.destroyView(view).catch(() => undefined);
  }
}

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
  const contents = await readView(
    client,
    { type: 'Datacenter', value: datacenterId },
    ['ClusterComputeResource'],
    [
      {
        type: 'ClusterComputeResource',
        pathSet: ['name', 'summary.numHosts', 'overallStatus'],
      },
    ],
    options,
  );
  return contents
    .map(c =>
      compact<ClusterItem>({
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
        compact<PoolItem>({
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
        compact<NetworkItem>({
          id: c.obj.value,
          name,
          kind: NETWORK_KINDS[c.obj.type],
          ...vlanFields(c),
        }),
      );
    } else if (c.obj.type === 'Datastore') {
      out.datastores.push(
        compact<DatastoreItem>({
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
  const contents = await readView(
    client,
    { type: 'ClusterComputeResource', value: clusterId },
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
  );
  const templates = new Map<string, TemplateItem>();
  for (const c of contents) {
    if (!flag(c.props, 'config.template')) continue;
    templates.set(
      c.obj.value,
      compact<TemplateItem>({
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
