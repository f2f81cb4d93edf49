/** The host page's cards in ONE module: one chunk group for the page (see cluster/cards.ts). */
export { HostNetworksCard } from './HostNetworksCard';
export { HostOverviewCard } from './HostOverviewCard';
export { HostVmsCard } from './HostVmsCard';
