import { CatalogApi } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { InfraApi } from '../../../api';
import { EarlyRequest } from '../../common/useEarlyRequest';
import {
  Entity,
  labelKey,
  relationRefs,
  SUMMARY_FIELDS,
  VSPHERE_LABELS,
  vsphereIdentity,
} from '../entityFields';

/**
 * The calls of the cluster page's cards, each under the key both the card and the page's prefetch
 * (`ClusterPagePrefetch`) use, so that whichever comes first starts it and the other finds it.
 */

/** A response of the infra backend and when it arrived, to turn section ages into times. */
export interface Received<T> {
  value: T;
  receivedAt: number;
}

const READS = {
  usage: (api: InfraApi, vcenter: string, cluster: string) =>
    api.getClusterUsage(vcenter, cluster),
  alarms: (api: InfraApi, vcenter: string, cluster: string) =>
    api.getClusterAlarms(vcenter, cluster),
  resources: (api: InfraApi, vcenter: string, cluster: string) =>
    api.getClusterResources(vcenter, cluster),
};

export type ClusterRead = keyof typeof READS;
export type ClusterReadValue<K extends ClusterRead> = Awaited<
  ReturnType<(typeof READS)[K]>
>;

/**
 * ONE call to the infra backend about the entity's cluster, addressed by its vCenter and moref
 * annotations; nothing to ask (`key` undefined) when the entity lacks them.
 */
export function clusterRead<K extends ClusterRead>(
  infraApi: InfraApi,
  entity: Entity,
  what: K,
): EarlyRequest<Received<ClusterReadValue<K>>> {
  const { vcenter, moref } = vsphereIdentity(entity);
  return {
    owner: infraApi,
    key: vcenter && moref ? `${what}:${vcenter}/${moref}` : undefined,
    run: async () => {
      const value = (await READS[what](
        infraApi,
        vcenter!,
        moref!,
      )) as ClusterReadValue<K>;
      return { value, receivedAt: Date.now() };
    },
  };
}

export const POWER_FACET = labelKey(VSPHERE_LABELS.power);
/** Most useful first; anything else vCenter reports follows. */
const POWER_ORDER = ['poweredOn', 'suspended', 'poweredOff'];

/** VMs of the cluster by power state: ONE facets call on the power-state label. */
export function vmPowerCounts(
  catalogApi: CatalogApi,
  clusterName: string,
): EarlyRequest<Array<{ value: string; count: number }>> {
  return {
    owner: catalogApi,
    key: `cluster-vm-power:${clusterName}`,
    run: async () => {
      const { facets } = await catalogApi.getEntityFacets({
        facets: [POWER_FACET],
        filter: {
          kind: 'resource',
          'spec.type': VSPHERE_ENTITY_TYPES.vm,
          [labelKey(VSPHERE_LABELS.cluster)]: clusterName,
        },
      });
      return [...(facets[POWER_FACET] ?? [])].sort(
        (a, b) =>
          (POWER_ORDER.indexOf(a.value) + 1 || 99) -
          (POWER_ORDER.indexOf(b.value) + 1 || 99),
      );
    },
  };
}

/** The cluster's hosts: ONE catalog call, hosts carrying the cluster label, summary fields only. */
export function clusterHosts(
  catalogApi: CatalogApi,
  clusterName: string,
): EarlyRequest<Entity[]> {
  return {
    owner: catalogApi,
    key: `cluster-hosts:${clusterName}`,
    run: async () => {
      const { items } = await catalogApi.getEntities({
        filter: {
          kind: 'resource',
          'spec.type': VSPHERE_ENTITY_TYPES.host,
          [labelKey(VSPHERE_LABELS.cluster)]: clusterName,
        },
        fields: SUMMARY_FIELDS,
      });
      return items;
    },
  };
}

/**
 * The datastores the cluster's hosts mount: the hosts from the cluster's own relations (hosts
 * depend on their cluster), the datastores from ONE catalog call.
 */
export function clusterDatastores(
  catalogApi: CatalogApi,
  entity: Entity,
): EarlyRequest<Entity[]> {
  const hostRefs = relationRefs(entity, 'dependencyOf');
  return {
    owner: catalogApi,
    key: `cluster-datastores:${hostRefs.join('\n')}`,
    run: async () => {
      if (hostRefs.length === 0) return [];
      const { items } = await catalogApi.getEntities({
        filter: {
          kind: 'resource',
          'spec.type': VSPHERE_ENTITY_TYPES.datastore,
          // many values of one key match any of them
          'relations.dependencyof': hostRefs,
        },
        fields: SUMMARY_FIELDS,
      });
      return items;
    },
  };
}

/** Every call the cluster page's cards make for `entity`. */
export function clusterPageRequests(
  catalogApi: CatalogApi,
  infraApi: InfraApi,
  entity: Entity,
): EarlyRequest<unknown>[] {
  return [
    vmPowerCounts(catalogApi, entity.metadata.name),
    clusterHosts(catalogApi, entity.metadata.name),
    clusterDatastores(catalogApi, entity),
    clusterRead(infraApi, entity, 'usage'),
    clusterRead(infraApi, entity, 'alarms'),
    clusterRead(infraApi, entity, 'resources'),
  ];
}
