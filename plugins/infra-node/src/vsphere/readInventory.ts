import type { VimClient, VimLogger } from './client';
import { InvalidPropertyFault, NotAuthenticatedFault } from './errors';
import {
  DEFAULT_INVENTORY_SPEC,
  inventoryFilterSpecs,
  InventorySpec,
} from './inventorySpec';
import {
  ComputeResourceRecord,
  DatastoreRecord,
  DistributedSwitchRecord,
  EntityRecord,
  HostRecord,
  NetworkRecord,
  toComputeResourceRecord,
  toDatastoreRecord,
  toDistributedSwitchRecord,
  toEntityRecord,
  toHostRecord,
  toNetworkRecord,
  toTriggeredAlarms,
  toVmRecord,
  TriggeredAlarm,
  VmRecord,
} from './records';
import { MoRefMap } from './moRefMap';
import { MoRef, moRefKey, ObjectContent } from './types';

/** Settings of one {@link readInventory}. */
export interface ReadInventoryOptions {
  /** Objects per page (`RetrieveOptions.maxObjects`); vCenter may send fewer. Default 1000. */
  maxObjects?: number;
  /**
   * Stops the read. The page in flight is allowed `abortGraceMs` to arrive so that its token can
   * be released with CancelRetrievePropertiesEx; the view is destroyed either way.
   */
  signal?: AbortSignal;
  /** Default 5000 ms. */
  abortGraceMs?: number;
  /** Called after each page, for progress. */
  onPage?: (page: { index: number; objects: number; more: boolean }) => void;
  /** Every object as it was decoded, for callers that add their own paths to the spec. */
  onObject?: (content: ObjectContent) => void;
  logger?: VimLogger;
}

/** What one read cost. */
export interface InventoryReadStats {
  /** SOAP calls, the view's creation and destruction and the alarm name lookup included. */
  soapCalls: number;
  /** Pages of the inventory read (RetrievePropertiesEx + ContinueRetrievePropertiesEx). */
  pages: number;
  /** Response bytes. */
  bytes: number;
  /** Objects received, duplicates included. */
  objects: number;
  durationMs: number;
  /** Times the read started over (session lost, a property path the server does not know). */
  restarts: number;
}

/** A missingSet entry: a property vCenter could not give for one object. */
export interface MissingValue {
  obj: MoRef;
  path: string;
  faultType: string;
}

/** The whole inventory of one vCenter, as typed records. */
export interface Inventory {
  vms: VmRecord[];
  hosts: HostRecord[];
  /** Standalone hosts' ComputeResources and clusters. */
  computeResources: ComputeResourceRecord[];
  datastores: DatastoreRecord[];
  /** Standard networks, distributed portgroups and opaque networks. */
  networks: NetworkRecord[];
  distributedSwitches: DistributedSwitchRecord[];
  datacenters: EntityRecord[];
  /** Folders, the root folder included. */
  folders: EntityRecord[];
  /** Resource pools and vApps. */
  resourcePools: EntityRecord[];
  triggeredAlarms: TriggeredAlarm[];
  missing: MissingValue[];
  stats: InventoryReadStats;
}

type RecordKind = Exclude<
  keyof Inventory,
  'triggeredAlarms' | 'missing' | 'stats'
>;

const KINDS: Record<string, [RecordKind, (c: ObjectContent) => EntityRecord]> =
  {
    VirtualMachine: ['vms', toVmRecord],
    HostSystem: ['hosts', toHostRecord],
    ComputeResource: ['computeResources', toComputeResourceRecord],
    ClusterComputeResource: ['computeResources', toComputeResourceRecord],
    Datastore: ['datastores', toDatastoreRecord],
    Network: ['networks', toNetworkRecord],
    DistributedVirtualPortgroup: ['networks', toNetworkRecord],
    OpaqueNetwork: ['networks', toNetworkRecord],
    DistributedVirtualSwitch: [
      'distributedSwitches',
      toDistributedSwitchRecord,
    ],
    VmwareDistributedVirtualSwitch: [
      'distributedSwitches',
      toDistributedSwitchRecord,
    ],
    Datacenter: ['datacenters', toEntityRecord],
    Folder: ['folders', toEntityRecord],
    StoragePod: ['folders', toEntityRecord],
    ResourcePool: ['resourcePools', toEntityRecord],
    VirtualApp: ['resourcePools', toEntityRecord],
  };

const MAX_RESTARTS = 5;

/** Accumulates records of one read attempt, merging objects that arrive more than once. */
class InventoryCollector {
  /** The records of each kind, in the order their objects first arrived. */
  private readonly records = new Map<RecordKind, EntityRecord[]>();
  /** The same records by moref (values are looked up again by the same string later on). */
  private readonly byMoRef = new MoRefMap<EntityRecord>();
  alarms: TriggeredAlarm[] = [];
  missing: MissingValue[] = [];
  objects = 0;
  unauthenticated = 0;

  constructor(private readonly rootFolder: MoRef) {}

  add(content: ObjectContent) {
    this.objects++;
    for (const m of content.missing) {
      if (m.faultType === 'NotAuthenticated') this.unauthenticated++;
      this.missing.push({
        obj: content.obj,
        path: m.path,
        faultType: m.faultType,
      });
    }
    const isRoot =
      content.obj.type === this.rootFolder.type &&
      content.obj.value === this.rootFolder.value;
    // other folders repeat their descendants' alarms; the root folder has them all
    if (isRoot && content.props.triggeredAlarmState !== undefined) {
      this.alarms = toTriggeredAlarms(content.props.triggeredAlarmState);
    }
    const kind = KINDS[content.obj.type];
    if (!kind) return;
    const [name, build] = kind;
    const record = build(content);
    const existing = this.byMoRef.get(content.obj);
    if (existing) {
      merge(existing, record);
      return;
    }
    this.byMoRef.set(content.obj, record);
    let list = this.records.get(name);
    if (!list) this.records.set(name, (list = []));
    list.push(record);
  }

  list<T extends EntityRecord>(kind: RecordKind): T[] {
    return [...(this.records.get(kind) ?? [])] as T[];
  }
}

/** Fields the second sighting of an object has and the first lacked. */
function merge(existing: EntityRecord, incoming: EntityRecord): void {
  const out = existing as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(incoming)) {
    const current = out[key];
    const empty =
      current === undefined ||
      current === '' ||
      (Array.isArray(current) && current.length === 0);
    if (empty) out[key] = value;
  }
}

/** An AbortSignal that follows `signal` after `graceMs`, so a page in flight can still land. */
function withGrace(signal: AbortSignal | undefined, graceMs: number) {
  if (!signal) return { signal: undefined, dispose: () => {} };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    timer = setTimeout(() => controller.abort(signal.reason), graceMs);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Reads the whole inventory of a vCenter in one pass: ONE recursive ContainerView on the root
 * folder, ONE RetrievePropertiesEx for every type's scalar paths (plus the root folder's
 * triggered alarms), then ContinueRetrievePropertiesEx until no token is left, decoding each
 * page as it streams in. The view is always destroyed; a token left by a failure or an abort is
 * released with CancelRetrievePropertiesEx. Alarm names come from one more read.
 *
 * A lost session restarts the read once (views and tokens die with the session). A property
 * path this vCenter does not know (older versions fault with InvalidProperty) is dropped with
 * a warning and the read restarted.
 */
export async function readInventory(
  client: VimClient,
  spec: InventorySpec = DEFAULT_INVENTORY_SPEC,
  options: ReadInventoryOptions = {},
): Promise<Inventory> {
  const started = Date.now();
  const before = { ...client.stats };
  const { rootFolder } = client.serviceContent;
  const maxObjects = options.maxObjects ?? 1000;
  const logger = options.logger;
  let paths: Record<string, string[]> = Object.fromEntries(
    Object.entries(spec.propertyPaths).map(([type, list]) => [type, [...list]]),
  );
  let collector = new InventoryCollector(rootFolder);
  let pages = 0;
  let restarts = 0;
  let sessionRestarted = false;

  for (;;) {
    options.signal?.throwIfAborted();
    const generation = client.sessionGeneration;
    try {
      pages += await readOnce(
        client,
        { ...spec, propertyPaths: paths },
        collector,
        maxObjects,
        options,
      );
      if (collector.unauthenticated > 0) {
        throw new NotAuthenticatedFault({
          method: 'RetrievePropertiesEx',
          faultType: 'NotAuthenticated',
          faultString: `${collector.unauthenticated} properties were refused as not authenticated`,
        });
      }
      break;
    } catch (err) {
      const invalidPath =
        err instanceof InvalidPropertyFault
          ? String(err.detail.name ?? '')
          : '';
      const known =
        invalidPath &&
        Object.values(paths).some(list => list.includes(invalidPath));
      if (known && restarts < MAX_RESTARTS) {
        logger?.warn(
          `vCenter does not know the property path ${invalidPath}; reading the inventory without it`,
        );
        paths = Object.fromEntries(
          Object.entries(paths).map(([type, list]) => [
            type,
            list.filter(p => p !== invalidPath),
          ]),
        );
      } else if (
        // a session renewed meanwhile (by another call or the keepalive) took the view and the
        // token with it, whatever fault that caused here
        (err instanceof NotAuthenticatedFault ||
          client.sessionGeneration !== generation) &&
        !sessionRestarted &&
        !options.signal?.aborted
      ) {
        logger?.warn(
          'the vCenter session was lost during the inventory read; reading again',
        );
        sessionRestarted = true;
      } else {
        throw err;
      }
      restarts++;
      collector = new InventoryCollector(rootFolder);
    }
  }

  const alarms = collector.alarms;
  if (alarms.length > 0) await resolveAlarmNames(client, alarms, options);

  return {
    vms: collector.list('vms'),
    hosts: collector.list('hosts'),
    computeResources: collector.list('computeResources'),
    datastores: collector.list('datastores'),
    networks: collector.list('networks'),
    distributedSwitches: collector.list('distributedSwitches'),
    datacenters: collector.list('datacenters'),
    folders: collector.list('folders'),
    resourcePools: collector.list('resourcePools'),
    triggeredAlarms: alarms,
    missing: collector.missing,
    stats: {
      soapCalls: client.stats.soapCalls - before.soapCalls,
      pages,
      bytes: client.stats.bytes - before.bytes,
      objects: collector.objects,
      durationMs: Date.now() - started,
      restarts,
    },
  };
}

/** One attempt: view, pages, cleanup. Returns the number of pages read. */
async function readOnce(
  client: VimClient,
  spec: InventorySpec,
  collector: InventoryCollector,
  maxObjects: number,
  options: ReadInventoryOptions,
): Promise<number> {
  const { rootFolder } = client.serviceContent;
  const grace = withGrace(options.signal, options.abortGraceMs ?? 5000);
  const onObject = (content: ObjectContent) => {
    collector.add(content);
    options.onObject?.(content);
  };
  let pages = 0;
  let token: string | undefined;
  let view: MoRef | undefined;
  let destroyed: Promise<void> | undefined;
  // once, and as soon as the last page has begun: its objects are the server's already, and the
  // DestroyView round trip then overlaps the rest of the transfer and its decoding
  const destroyView = () => {
    const done = view;
    if (!done || destroyed) return;
    destroyed = client
      .destroyView(done)
      .catch(e =>
        options.logger?.debug(`DestroyView of ${done.value} failed: ${e}`),
      );
  };
  try {
    view = await client.createContainerView(rootFolder, spec.viewTypes, true, {
      signal: grace.signal,
    });
    options.signal?.throwIfAborted();
    let page = await client.retrievePropertiesEx(
      inventoryFilterSpecs(view, rootFolder, spec),
      { maxObjects },
      { onObject, onLastPage: destroyView, signal: grace.signal },
    );
    for (;;) {
      token = page.token;
      const index = pages++;
      options.onPage?.({ index, objects: page.objects, more: Boolean(token) });
      if (!token) break;
      options.signal?.throwIfAborted();
      const current = token;
      // single-use: from here on the server has consumed it, whatever happens to the call
      token = undefined;
      page = await client.continueRetrievePropertiesEx(current, {
        onObject,
        onLastPage: destroyView,
        signal: grace.signal,
      });
    }
    // an abort during the last page still ends the read as aborted
    options.signal?.throwIfAborted();
    return pages;
  } catch (err) {
    if (token) {
      await client
        .cancelRetrievePropertiesEx(token)
        .catch(e =>
          options.logger?.debug(`CancelRetrievePropertiesEx failed: ${e}`),
        );
    }
    throw err;
  } finally {
    grace.dispose();
    destroyView();
    await destroyed;
  }
}

/** Fills in `alarmName` with one read over the distinct alarms; a failure leaves names unset. */
async function resolveAlarmNames(
  client: VimClient,
  alarms: TriggeredAlarm[],
  options: ReadInventoryOptions,
): Promise<void> {
  const distinct = new Map<string, MoRef>();
  for (const a of alarms) distinct.set(moRefKey(a.alarm), a.alarm);
  try {
    const contents = await client.retrieveAll(
      [
        {
          propSet: [{ type: 'Alarm', pathSet: ['info.name'] }],
          objectSet: [...distinct.values()].map(obj => ({ obj })),
          // an alarm deleted since the first read must not fail the lookup of the others
          reportMissingObjectsInResults: true,
        },
      ],
      { signal: options.signal, maxObjects: options.maxObjects ?? 1000 },
    );
    const names = new Map<string, string>();
    for (const c of contents) {
      const name = c.props['info.name'];
      if (typeof name === 'string') names.set(moRefKey(c.obj), name);
    }
    for (const a of alarms) {
      const name = names.get(moRefKey(a.alarm));
      if (name !== undefined) a.alarmName = name;
    }
  } catch (err) {
    if (options.signal?.aborted) throw err;
    options.logger?.warn(
      `could not read the names of ${distinct.size} triggered alarms: ${err}`,
    );
  }
}
