import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError, stringifyError } from '@backstage/errors';
import { VsphereChangedEvent } from '@infra-inventory/plugin-infra-common';
import {
  ManagedObjectNotFoundFault,
  VimClient,
} from '@infra-inventory/plugin-infra-node';
import { cacheKey, cacheKeyPrefix, cacheNamespace } from '../cache/cacheKey';
import { cacheTtlMs } from '../cache/cacheTtl';
import { CacheResult, LayeredCache } from '../cache/LayeredCache';
import { ResourcesConfig, ResourcesVcenter } from './config';
import {
  ClusterAlarmsResponse,
  ClusterUsageResponse,
  ClusterResourcesResponse,
  ClustersResponse,
  DatacentersResponse,
  ResourceSection,
  TemplatesSection,
} from './types';
import { VcenterClients } from './VcenterClients';
import {
  ClusterResources,
  ClusterTemplates,
  readClusterLive,
  readClusterResources,
  readClusters,
  readDatacenters,
  readTemplates,
} from './vsphereReads';

/** Cache kinds of this API. Pools, networks and datastores share one entry (one read). */
const KIND = {
  datacenters: 'datacenters',
  clusters: 'clusters',
  clusterResources: 'cluster-resources',
  templates: 'templates',
  alarms: 'alarms',
  /** Alarms and usage, read together; its TTL is the `alarms` one. */
  live: 'cluster-live',
} as const;

/** How old an answer is and whether it is stale, as every response section reports it. */
function freshness(
  result: CacheResult<unknown>,
): Omit<ResourceSection<never>, 'items'> {
  return {
    stale: result.stale,
    ageMs: result.ageMs,
    ...(result.refreshError !== undefined
      ? { refreshError: result.refreshError }
      : {}),
  };
}

/** `items` is the cached list itself (frozen, shared): copying it would cost every warm answer. */
function section<T>(result: CacheResult<T[]>): ResourceSection<T> {
  return { items: result.value as T[], ...freshness(result) };
}

/** A missing datacenter or cluster is a 404, not a vCenter outage. */
function notFoundCause(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof ManagedObjectNotFoundFault) return true;
    if ((e as { name?: unknown }).name === 'ManagedObjectNotFoundFault') {
      return true;
    }
  }
  return false;
}

/**
 * The cached hierarchy of the configured vCenters: datacenters, clusters and a cluster's
 * resources, each section from {@link LayeredCache} and, on a miss, from one property collector
 * read.
 */
export class ResourcesService {
  private readonly vcenters: Map<string, ResourcesVcenter>;
  private readonly background = new Set<Promise<unknown>>();
  // a SHA-256 per request otherwise
  private readonly namespaces = new Map<ResourcesVcenter, string>();

  constructor(
    private readonly settings: ResourcesConfig,
    private readonly cache: LayeredCache,
    private readonly clients: VcenterClients,
    private readonly logger: LoggerService,
  ) {
    this.vcenters = new Map(settings.vcenters.map(v => [v.id, v]));
  }

  private vcenter(id: string): ResourcesVcenter {
    const vcenter = this.vcenters.get(id);
    if (!vcenter) throw new NotFoundError(`No vCenter '${id}' is configured`);
    return vcenter;
  }

  private key(vcenter: ResourcesVcenter, kind: string, id: string) {
    return cacheKey({ namespace: this.namespace(vcenter), kind, id });
  }

  private namespace(vcenter: ResourcesVcenter) {
    let namespace = this.namespaces.get(vcenter);
    if (namespace === undefined) {
      namespace = cacheNamespace({
        vcenterUrl: vcenter.url,
        username: vcenter.username,
      });
      this.namespaces.set(vcenter, namespace);
    }
    return namespace;
  }

  private ttl(kind: string): number {
    return cacheTtlMs(kind, this.settings.ttlsMs);
  }

  private async get<T>(
    vcenter: ResourcesVcenter,
    kind: string,
    id: string,
    ttlMs: number,
    read: (client: VimClient) => Promise<T>,
    what: string,
    staleServeMaxMs?: number,
  ): Promise<CacheResult<T>> {
    try {
      return await this.cache.get(
        this.key(vcenter, kind, id),
        async () => read(await this.clients.get(vcenter)),
        { ttlMs, staleServeMaxMs },
      );
    } catch (error) {
      if (notFoundCause(error)) {
        throw new NotFoundError(`vCenter '${vcenter.id}' has no ${what}`);
      }
      throw error;
    }
  }

  async datacenters(vcenterId: string): Promise<DatacentersResponse> {
    const vcenter = this.vcenter(vcenterId);
    const result = await this.get(
      vcenter,
      KIND.datacenters,
      'root',
      this.ttl(KIND.datacenters),
      client => readDatacenters(client),
      'root folder',
    );
    return { vcenter: vcenter.id, datacenters: section(result) };
  }

  async clusters(
    vcenterId: string,
    datacenterId: string,
  ): Promise<ClustersResponse> {
    const vcenter = this.vcenter(vcenterId);
    const result = await this.get(
      vcenter,
      KIND.clusters,
      datacenterId,
      this.ttl(KIND.clusters),
      client => readClusters(client, datacenterId),
      `datacenter '${datacenterId}'`,
    );
    return {
      vcenter: vcenter.id,
      datacenter: datacenterId,
      clusters: section(result),
    };
  }

  /**
   * Pools, networks, datastores and templates of a cluster. Templates get at most the configured
   * timeout, counted from the start of the request: when they are not there by then (and the
   * other sections are), the answer says they are loading and their read goes on in the
   * background, filling the cache for the next request.
   */
  async clusterResources(
    vcenterId: string,
    clusterId: string,
  ): Promise<ClusterResourcesResponse> {
    const vcenter = this.vcenter(vcenterId);
    // most requests are answered from memory: then without a promise per section
    const warmResources = this.cache.peekFresh<ClusterResources>(
      this.key(vcenter, KIND.clusterResources, clusterId),
    );
    const warmTemplates =
      warmResources &&
      this.cache.peekFresh<ClusterTemplates>(
        this.key(vcenter, KIND.templates, clusterId),
      );
    if (warmResources && warmTemplates) {
      return this.clusterAnswer(
        vcenter,
        clusterId,
        warmResources,
        warmTemplates,
      );
    }

    const { timeoutMs, limit } = this.settings.templates;
    const startedAt = Date.now();

    let templatesResult: CacheResult<ClusterTemplates> | undefined;
    let templatesError: unknown;
    // set by the first callbacks, not a later then: one turn sooner, so a templates section read
    // from Redis along with the rest is seen as there and needs no timer
    let templatesSettled = false;
    const templates = this.get(
      vcenter,
      KIND.templates,
      clusterId,
      this.ttl('templates'),
      client => readTemplates(client, clusterId, limit),
      `cluster '${clusterId}'`,
    ).then(
      r => {
        templatesSettled = true;
        templatesResult = r;
      },
      e => {
        templatesSettled = true;
        templatesError = e;
        this.logger.warn(
          `Reading the templates of ${clusterId} on ${
            vcenter.id
          } failed: ${stringifyError(e)}`,
        );
      },
    );

    // pools, networks and datastores are one read, so one entry; its TTL is the shortest of theirs
    const ttlMs = Math.min(
      this.ttl('pools'),
      this.ttl('networks'),
      this.ttl('datastores'),
    );
    let resources: CacheResult<ClusterResources>;
    try {
      resources = await this.get(
        vcenter,
        KIND.clusterResources,
        clusterId,
        ttlMs,
        client => readClusterResources(client, clusterId),
        `cluster '${clusterId}'`,
      );
      // most answers have the templates by now (from a cache layer): no timer for those
      if (!templatesSettled) {
        await this.within(templates, timeoutMs - (Date.now() - startedAt));
      }
    } finally {
      this.track(templates);
    }

    return this.clusterAnswer(
      vcenter,
      clusterId,
      resources,
      templatesResult,
      templatesError,
    );
  }

  private clusterAnswer(
    vcenter: ResourcesVcenter,
    clusterId: string,
    resources: CacheResult<ClusterResources>,
    templates: CacheResult<ClusterTemplates> | undefined,
    templatesError?: unknown,
  ): ClusterResourcesResponse {
    const common = freshness(resources);
    return {
      vcenter: vcenter.id,
      cluster: clusterId,
      pools: { items: resources.value.pools, ...common },
      networks: { items: resources.value.networks, ...common },
      datastores: { items: resources.value.datastores, ...common },
      templates: this.templatesSection(templates, templatesError),
    };
  }

  /**
   * The triggered alarms of a cluster, its hosts and VMs: a short-lived entry (default 30 s). An
   * expired entry is answered at once, marked stale, only up to one more TTL past its expiry;
   * older ones wait for the read (and are answered, stale, only when vCenter fails).
   */
  async clusterAlarms(
    vcenterId: string,
    clusterId: string,
  ): Promise<ClusterAlarmsResponse> {
    const { vcenter, result } = await this.clusterLive(vcenterId, clusterId);
    return {
      vcenter: vcenter.id,
      cluster: clusterId,
      alarms: section({ ...result, value: result.value.alarms }),
    };
  }

  /** What the cluster uses now (hosts' quick stats), from the same short-lived entry as its alarms. */
  async clusterUsage(
    vcenterId: string,
    clusterId: string,
  ): Promise<ClusterUsageResponse> {
    const { vcenter, result } = await this.clusterLive(vcenterId, clusterId);
    return {
      vcenter: vcenter.id,
      cluster: clusterId,
      usage: result.value.usage,
      ...freshness(result),
    };
  }

  private async clusterLive(vcenterId: string, clusterId: string) {
    const vcenter = this.vcenter(vcenterId);
    const ttlMs = this.ttl(KIND.alarms);
    const result = await this.get(
      vcenter,
      KIND.live,
      clusterId,
      ttlMs,
      client => readClusterLive(client, clusterId),
      `cluster '${clusterId}'`,
      ttlMs,
    );
    return { vcenter, result };
  }

  private templatesSection(
    result: CacheResult<ClusterTemplates> | undefined,
    error: unknown,
  ): TemplatesSection {
    if (result) {
      return {
        ...section({ ...result, value: result.value.items }),
        loading: false,
        total: result.value.total,
        truncated: result.value.total > result.value.items.length,
      };
    }
    const out: TemplatesSection = {
      items: [],
      stale: false,
      ageMs: 0,
      loading: error === undefined,
      total: 0,
      truncated: false,
    };
    if (error !== undefined) out.refreshError = stringifyError(error);
    return out;
  }

  /** Waits for `promise` (which never rejects) at most `ms`. */
  private async within(promise: Promise<void>, ms: number): Promise<void> {
    if (ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        promise,
        new Promise<void>(resolve => {
          timer = setTimeout(resolve, ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private track(promise: Promise<unknown>) {
    this.background.add(promise);
    promise.finally(() => this.background.delete(promise));
  }

  /** Drops a vCenter's cached sections, or only those of one cluster. */
  async invalidate(vcenterId: string, clusterId?: string): Promise<string[]> {
    const vcenter = this.vcenter(vcenterId);
    if (clusterId === undefined) {
      const prefix = cacheKeyPrefix({ namespace: this.namespace(vcenter) });
      await this.cache.invalidatePrefix(prefix);
      return [prefix];
    }
    const keys = [KIND.clusterResources, KIND.templates, KIND.live].map(kind =>
      this.key(vcenter, kind, clusterId),
    );
    for (const key of keys) await this.cache.invalidate(key);
    return keys;
  }

  /**
   * Drops what a change seen by the catalog's vSphere sync affects: each listed cluster's
   * resources and templates (not its alarms, read live on a short TTL), and with `datacenters` the
   * vCenter's datacenter and cluster lists. A vCenter this API does not serve is ignored. Returns
   * the keys and prefixes dropped.
   */
  async vsphereChanged(event: VsphereChangedEvent): Promise<string[]> {
    const vcenter = this.vcenters.get(event.vcenter);
    if (!vcenter) {
      this.logger.debug(
        `vSphere change of '${event.vcenter}', which the resources API does not serve: ignored`,
      );
      return [];
    }
    const dropped: string[] = [];
    for (const cluster of new Set(event.clusters)) {
      for (const kind of [KIND.clusterResources, KIND.templates]) {
        const key = this.key(vcenter, kind, cluster);
        await this.cache.invalidate(key);
        dropped.push(key);
      }
    }
    if (event.datacenters) {
      for (const kind of [KIND.datacenters, KIND.clusters]) {
        const prefix = cacheKeyPrefix({
          namespace: this.namespace(vcenter),
          kind,
        });
        await this.cache.invalidatePrefix(prefix);
        dropped.push(prefix);
      }
    }
    return dropped;
  }

  /** Resolves when no template read started by a request is still running. */
  async settled(): Promise<void> {
    while (this.background.size > 0) {
      await Promise.allSettled([...this.background]);
    }
  }

  async close(): Promise<void> {
    await this.settled().catch(error =>
      this.logger.warn(`Template reads failed at shutdown: ${error}`),
    );
    await this.clients.close();
  }
}
