import { AppRootElementBlueprint } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { ClusterPagePrefetch } from './cluster/ClusterPagePrefetch';

/**
 * Entity cards for the vSphere Resources. Each renders only for its `spec.type` (the provider's
 * entities are always kind Resource), and loads its code only when shown. The cards of one page
 * (cluster, host, datastore) share one module (`<type>/cards`), so the page fetches its cards'
 * code in one round of requests, not one chunk group per card.
 */

export const vsphereClusterOverviewCard = EntityCardBlueprint.make({
  name: 'vsphere-cluster-overview',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.cluster },
    loader: () =>
      import(/* webpackPrefetch: true */ './cluster/cards').then(m => (
        <m.ClusterOverviewCard />
      )),
  },
});

export const vsphereClusterHostsCard = EntityCardBlueprint.make({
  name: 'vsphere-cluster-hosts',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.cluster },
    loader: () =>
      import(/* webpackPrefetch: true */ './cluster/cards').then(m => (
        <m.ClusterHostsCard />
      )),
  },
});

export const vsphereClusterStorageCard = EntityCardBlueprint.make({
  name: 'vsphere-cluster-storage',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.cluster },
    loader: () =>
      import(/* webpackPrefetch: true */ './cluster/cards').then(m => (
        <m.ClusterStorageCard />
      )),
  },
});

export const vsphereClusterAlarmsCard = EntityCardBlueprint.make({
  name: 'vsphere-cluster-alarms',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.cluster },
    loader: () =>
      import(/* webpackPrefetch: true */ './cluster/cards').then(m => (
        <m.ClusterAlarmsCard />
      )),
  },
});

export const vsphereClusterUsageCard = EntityCardBlueprint.make({
  name: 'vsphere-cluster-usage',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.cluster },
    loader: () =>
      import(/* webpackPrefetch: true */ './cluster/cards').then(m => (
        <m.ClusterUsageCard />
      )),
  },
});

export const vsphereClusterResourcesCard = EntityCardBlueprint.make({
  name: 'vsphere-cluster-resources',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.cluster },
    loader: () =>
      import(/* webpackPrefetch: true */ './cluster/cards').then(m => (
        <m.ClusterResourcesCard />
      )),
  },
});

export const vsphereHostOverviewCard = EntityCardBlueprint.make({
  name: 'vsphere-host-overview',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.host },
    loader: () => import('./host/cards').then(m => <m.HostOverviewCard />),
  },
});

export const vsphereHostVmsCard = EntityCardBlueprint.make({
  name: 'vsphere-host-vms',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.host },
    loader: () => import('./host/cards').then(m => <m.HostVmsCard />),
  },
});

export const vsphereHostNetworksCard = EntityCardBlueprint.make({
  name: 'vsphere-host-networks',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.host },
    loader: () => import('./host/cards').then(m => <m.HostNetworksCard />),
  },
});

export const vsphereDatastoreOverviewCard = EntityCardBlueprint.make({
  name: 'vsphere-datastore-overview',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.datastore },
    loader: () =>
      import('./datastore/cards').then(m => <m.DatastoreOverviewCard />),
  },
});

export const vsphereDatastoreUsageCard = EntityCardBlueprint.make({
  name: 'vsphere-datastore-usage',
  params: {
    filter: { kind: 'resource', 'spec.type': VSPHERE_ENTITY_TYPES.datastore },
    loader: () =>
      import('./datastore/cards').then(m => <m.DatastoreUsageCard />),
  },
});

export const vsphereVmOverviewCard = EntityCardBlueprint.make({
  name: 'vsphere-vm-overview',
  params: {
    filter: {
      kind: 'resource',
      'spec.type': {
        $in: [VSPHERE_ENTITY_TYPES.vm, VSPHERE_ENTITY_TYPES.vmTemplate],
      },
    },
    loader: () => import('./vm/VmOverviewCard').then(m => <m.VmOverviewCard />),
  },
});

/** Starts the cluster cards' calls from the URL, before their code has loaded (see the component). */
export const vsphereClusterPagePrefetch = AppRootElementBlueprint.make({
  name: 'vsphere-cluster-page-prefetch',
  params: { element: <ClusterPagePrefetch /> },
});

/** In page order: overview cards first, then the lists. */
export const vsphereEntityCards = [
  vsphereClusterOverviewCard,
  vsphereClusterUsageCard,
  vsphereClusterAlarmsCard,
  vsphereClusterHostsCard,
  vsphereClusterStorageCard,
  vsphereClusterResourcesCard,
  vsphereHostOverviewCard,
  vsphereHostVmsCard,
  vsphereHostNetworksCard,
  vsphereDatastoreOverviewCard,
  vsphereDatastoreUsageCard,
  vsphereVmOverviewCard,
];
