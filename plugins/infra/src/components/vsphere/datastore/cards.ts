/** The datastore page's cards in ONE module: one chunk group for the page (see cluster/cards.ts). */
export { DatastoreOverviewCard } from './DatastoreOverviewCard';
export { DatastoreUsageCard } from './DatastoreUsageCard';
