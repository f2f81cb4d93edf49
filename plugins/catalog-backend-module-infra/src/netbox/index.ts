/**
 * NetBox entity provider: VLANs, VLAN groups, prefixes, VRFs, sites, site groups and tenants of one
 * or more NetBox instances.
 */
export { readNetboxProviderConfigs } from './config';
export type {
  NetboxDhcpStorage,
  NetboxEntitySwitches,
  NetboxProviderConfig,
} from './config';
export {
  NetboxEntityProvider,
  netboxIncrementalTaskId,
  netboxTaskId,
} from './NetboxEntityProvider';
export type { NetboxEntityProviderDeps } from './NetboxEntityProvider';
export { buildNetboxEntities, netboxEntityName, prefixDhcp } from './transform';
