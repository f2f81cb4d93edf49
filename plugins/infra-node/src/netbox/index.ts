/** NetBox 4.x REST client. */
export { NetboxClient } from './NetboxClient';
export type { NetboxObject, NetboxUpdateItem } from './NetboxClient';
export * from './errors';
export {
  NETBOX_FILTERS,
  RESERVED_QUERY_PARAMS as NETBOX_RESERVED_QUERY_PARAMS,
  assertKnownFilters as assertKnownNetboxFilters,
  normalizeEndpoint as normalizeNetboxEndpoint,
  unknownFilterNames as unknownNetboxFilterNames,
} from './filters';
export type {
  Filters as NetboxFilters,
  FilterValue as NetboxFilterValue,
  NetboxEndpoint,
} from './filters';
export { authorizationHeader as netboxAuthorizationHeader } from './auth';
export type * from './types';
