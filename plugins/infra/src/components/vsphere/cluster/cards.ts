/**
 * The cluster page's cards in ONE module, so the build puts them in one chunk group: opening a
 * cluster fetches the code of all its cards in one round of requests instead of one per card.
 */
export { ClusterAlarmsCard } from './ClusterAlarmsCard';
export { ClusterHostsCard } from './ClusterHostsCard';
export { ClusterOverviewCard } from './ClusterOverviewCard';
export { ClusterResourcesCard } from './ClusterResourcesCard';
export { ClusterStorageCard } from './ClusterStorageCard';
export { ClusterUsageCard } from './ClusterUsageCard';
